"""Allowed values shared by the sources file, the items, the schema and the tests."""

SOURCE_KINDS = ("press", "blog", "council")
SOURCE_TYPES = ("feed", "site", "moderngov")

DOC_TYPES = ("article", "post", "minutes", "minutes_pdf", "attachment")

# Where a document's `published` value came from, most to least trustworthy.
DATE_SOURCES = ("page", "feed", "meeting", "url", "fetched")

# Which method produced a document's text, recorded so extraction quality can be audited.
EXTRACTION_METHODS = (
    "trafilatura",
    "feed_content",
    "feed_summary",
    "html_baseline",
    "moderngov_minutes",
    "pdf_pypdf",
)

# The stage at which a fetch error happened, for the `fetch_errors` table.
ERROR_STAGES = ("fetch", "parse", "extract", "pdf", "store")
