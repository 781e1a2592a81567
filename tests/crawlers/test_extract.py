"""Text extraction: web pages, HTML fragments and PDFs."""

from __future__ import annotations

import pytest

from crawlers.extract import ExtractionError, extract_article, html_to_text, pdf_text

PAGE_URL = "https://courier.example/kestrelford/bridge-closure.html"


@pytest.fixture(scope="module")
def bridge(files):
    return extract_article((files / "kestrelford" / "bridge-closure.html").read_bytes(), PAGE_URL)


def test_article_title(bridge):
    assert bridge.title == "Mill Lane bridge to close for six weeks"


def test_article_author(bridge):
    assert bridge.author == "Priya Nandakumar"


def test_article_date_comes_from_the_page(bridge):
    assert (bridge.published, bridge.date_source) == ("2026-03-04", "page")


def test_article_text_keeps_the_story_and_drops_the_chrome(bridge):
    assert "awarded to Wendside Civil Engineering Ltd." in bridge.text
    assert "All rights reserved" not in bridge.text
    assert "Sport" not in bridge.text


def test_article_method_is_recorded(bridge):
    assert bridge.method == "trafilatura"


def test_baseline_rescues_text_trafilatura_drops():
    # Trafilatura treats a footer as boilerplate; when that is all the page has, the
    # baseline's every-paragraph sweep keeps it.
    notices = "".join(
        f"<p>Notice {n}: the Guildhall car park closes at six on Friday for resurfacing.</p>"
        for n in range(6)
    )
    page = extract_article(f"<html><body><footer>{notices}</footer></body></html>")
    assert page.method == "html_baseline"
    assert page.text.count("\n") == 5


def test_page_without_text_keeps_its_metadata(files):
    page = extract_article((files / "kestrelford" / "gallery.html").read_text(), None)
    assert (page.text, page.title) == ("", "Photo gallery: the spring fair")


def test_word_html_paragraphs_are_unwrapped_and_empty_ones_dropped():
    fragment = (
        '<div class="WordSection1"><p class="MsoNormal">The Committee noted\nthe report.</p>'
        "<p>&nbsp;</p><p>Chair&amp;#39;s announcements</p></div>"
    )
    assert html_to_text(fragment) == "The Committee noted the report.\nChair's announcements"


def test_still_escaped_word_html_is_decoded():
    assert html_to_text("&lt;p&gt;Apologies were received.&lt;/p&gt;") == "Apologies were received."


def test_pdf_text(make_pdf):
    text = pdf_text(make_pdf(["Minutes of Kestrelford Planning Committee", "Item 4: Mill Lane"]))
    assert text.splitlines() == ["Minutes of Kestrelford Planning Committee", "Item 4: Mill Lane"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><body>Error</body></html>", "not a PDF"),
        (b"%PDF-1.7\n1 0 obj\n<<", "corrupt PDF"),
    ],
)
def test_unusable_pdfs_say_why(data, reason):
    with pytest.raises(ExtractionError, match=reason):
        pdf_text(data)


def test_pdf_without_a_text_layer_says_so(make_pdf):
    with pytest.raises(ExtractionError, match="no text layer"):
        pdf_text(make_pdf([]))
