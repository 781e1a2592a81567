"""Turning fetched bytes into text: web pages, HTML fragments and PDFs.

`extract_article` follows trafilatura's own shape (see `trafilatura_sequence`): each stage runs
only when the one before it fell short, and the stage that produced the text is recorded so
extraction quality can be audited per document.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import unescape

import lxml.html
import trafilatura
from lxml import etree
from pypdf import PdfReader

# Shorter than this, trafilatura's text is treated as a miss and the baseline is tried
# (trafilatura's own MIN_EXTRACTED_SIZE).
MIN_ARTICLE_CHARS = 250

# Only the page's own markup counts, not dates guessed from free text; the original
# publication date is wanted, not the last update.
DATE_PARAMS = {"extensive_search": False, "original_date": True}

# pdftotext's convention: pages stay recoverable, so a mention can later cite its page.
PAGE_BREAK = "\f"

BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "dt", "dd", "section", "article", "br",
)  # fmt: skip
# Marks block boundaries in the text before it is split into paragraphs: the Unicode
# paragraph separator is allowed in XML text (lxml refuses control characters) and does not
# occur in ordinary prose.
PARAGRAPH_MARK = "\u2029"


class ExtractionError(ValueError):
    """The input holds no usable text; the message says why, for `fetch_errors`."""


@dataclass
class Extracted:
    title: str | None
    author: str | None
    published: str | None  # ISO date
    date_source: str | None  # "page" when the page carries a date
    text: str
    method: str  # one of constants.EXTRACTION_METHODS
    canonical_url: str | None


def extract_article(html: str | bytes, url: str | None = None) -> Extracted:
    """The main text and metadata of one web page; `text` is empty when nothing was found."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=DATE_PARAMS,
    )
    text = (result.text or "") if result else ""
    method = "trafilatura"
    if len(text) < MIN_ARTICLE_CHARS:
        baseline = baseline_text(html)
        if len(baseline) > len(text):
            text, method = baseline, "html_baseline"
    # Without a main text trafilatura returns nothing at all, metadata included.
    # Its metadata date is htmldate.find_date run with DATE_PARAMS.
    metadata = result or trafilatura.extract_metadata(
        html, default_url=url, date_config=DATE_PARAMS
    )
    return Extracted(
        title=metadata.title,
        author=metadata.author,
        published=metadata.date,
        date_source="page" if metadata.date else None,
        text=text,
        method=method,
        canonical_url=metadata.url,
    )


def baseline_text(html: str | bytes) -> str:
    """Every paragraph inside `<article>`, else `<main>`, else the body: crude but rarely empty."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for path in ("//article", "//main", "//body"):
        containers = tree.xpath(path)
        if containers:
            paragraphs = (collapse(p.text_content()) for c in containers for p in c.iter("p"))
            return "\n".join(p for p in paragraphs if p)
    return ""


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one line per paragraph, empty paragraphs dropped.

    Written for ModernGov's escaped Word HTML (`agendatext`, `minutesnonemptyhtmlbody`) and
    used for feed content too. The field may arrive still entity-escaped (`&lt;p&gt;`) or
    already decoded by the XML parser, and text inside can be encoded twice
    (`Chair&amp;#39;s`), so entities are decoded once more after parsing. Word hard-wraps
    lines mid-sentence, so whitespace is collapsed within each paragraph.
    """
    if "<" not in fragment:
        fragment = unescape(fragment)
    if not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.text = PARAGRAPH_MARK + (element.text or "")
        element.tail = PARAGRAPH_MARK + (element.tail or "")
    paragraphs = (plain_text(part) for part in root.text_content().split(PARAGRAPH_MARK))
    return "\n".join(p for p in paragraphs if p)


def plain_text(value: str | None) -> str:
    """A title or label decoded twice (it can be double-encoded) with whitespace collapsed."""
    return collapse(unescape(unescape(value or "")))


def collapse(value: str) -> str:
    # str.split() also splits on no-break spaces, so &nbsp;-only text collapses to "".
    return " ".join(value.split())


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by PAGE_BREAK; raises ExtractionError."""
    # The header may follow a little junk; readers look within the first kilobyte.
    if b"%PDF" not in data[:1024]:
        raise ExtractionError(f"not a PDF (starts with {data[:16]!r})")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    # pypdf raises many exception types on malformed input; any of them means the same
    # thing here: this file cannot be read.
    except Exception as error:
        raise ExtractionError(f"corrupt PDF: {type(error).__name__}: {error}") from error
    if not any(page.strip() for page in pages):
        raise ExtractionError(f"no text layer in {len(pages)} page(s) (scanned or image-only?)")
    return PAGE_BREAK.join(page.strip() for page in pages)
