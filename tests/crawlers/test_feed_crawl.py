"""Our own Kestrelford feed and pages crawled over loopback, twice.

The feed (tests/files/kestrelford/feed.xml) has one full-content item, two summary-only items
whose pages exist, one whose page is gone (404) and one whose page has no text. Beside it run
a broken feed, the same feed as a source that does not allow private addresses, and a
council whose settings are wrong.
"""

from __future__ import annotations

import pytest

COURIER = "Kestrelford Courier"


@pytest.fixture(scope="module")
def kestrelford(http_server, crawl, files, tmp_path_factory):
    site = http_server.add_directory("/kestrelford/", files / "kestrelford")
    broken = http_server.add("/broken/feed.xml", "<html><body>Moved</body></html>", "text/xml")
    sources = [
        {"name": COURIER, "kind": "press", "type": "feed", "url": site + "feed.xml",
         "allow_private": True},
        {"name": "Broken Blog", "kind": "blog", "type": "feed", "url": broken,
         "allow_private": True},
        {"name": "Guarded", "kind": "press", "type": "feed", "url": site + "feed.xml"},
        {"name": "Misconfigured", "kind": "council", "type": "moderngov", "url": site + "mg",
         "documents": "every"},
    ]  # fmt: skip
    db_path = tmp_path_factory.mktemp("kestrelford") / "kestrelford.db"
    first = crawl(sources, db_path)
    second = crawl(sources, db_path)
    return db_path, first, second


@pytest.fixture(scope="module")
def courier_docs(kestrelford, query):
    db_path, _, _ = kestrelford
    rows = query(db_path, "select * from documents where source_id = 'kestrelford-courier'")
    return {row["url"].rsplit("/", 1)[1]: row for row in rows}


@pytest.fixture(scope="module")
def errors(kestrelford, query):
    db_path, _, _ = kestrelford
    return query(db_path, "select * from fetch_errors order by url")


def test_first_run_stores_three_documents_and_two_errors(kestrelford):
    _, first, _ = kestrelford
    figures = first[COURIER]
    assert (figures["documents_new"], figures["errors"]) == (3, 2)
    assert figures["finish_reason"] == "finished"


def test_full_content_item_is_stored_from_the_feed(courier_docs):
    doc = courier_docs["recycling-contract"]
    assert doc["extraction_method"] == "feed_content"
    assert (doc["author"], doc["published"], doc["date_source"]) == (
        "Tom Whitlow",
        "2026-03-11T18:30:00+00:00",
        "feed",
    )
    assert "Greenstead Waste Services" in doc["text"]
    assert "\n\n" not in doc["text"]  # the &nbsp; paragraph is gone


def test_relative_links_resolve_through_xml_base(courier_docs, http_server):
    assert courier_docs["recycling-contract"]["url"] == http_server.url(
        "/kestrelford/news/recycling-contract"
    )


def test_summary_only_item_is_followed_to_its_page(courier_docs):
    doc = courier_docs["bridge-closure.html"]
    assert doc["extraction_method"] == "trafilatura"
    assert doc["title"] == "Mill Lane bridge to close for six weeks"
    assert (doc["published"], doc["date_source"]) == ("2026-03-04", "page")
    assert doc["summary"] == "The footbridge at Mill Lane closes for repairs."
    assert "Wendside Civil Engineering Ltd" in doc["text"]
    assert doc["http_status"] == 200 and len(doc["content_hash"]) == 64


def test_page_without_a_date_takes_the_feeds(courier_docs):
    doc = courier_docs["library-hours.html"]
    assert (doc["published"], doc["date_source"]) == ("2026-03-05T09:00:00+00:00", "feed")
    assert doc["author"] == "Ama Owusu"


def test_press_documents_are_articles(courier_docs):
    assert {doc["doc_type"] for doc in courier_docs.values()} == {"article"}


def test_missing_page_is_a_fetch_error_with_its_status(errors):
    (error,) = [e for e in errors if e["url"].endswith("removed-story.html")]
    assert (error["stage"], error["http_status"]) == ("fetch", 404)
    assert error["reason"].startswith("HTTP 404 Not Found: the page is gone")


def test_page_without_text_is_an_extract_error(errors):
    (error,) = [e for e in errors if e["url"].endswith("gallery.html")]
    assert error["stage"] == "extract"
    assert error["reason"].startswith("no text found")


def test_broken_feed_is_a_parse_error(kestrelford, errors):
    (error,) = [e for e in errors if e["source_id"] == "broken-blog"]
    assert error["stage"] == "parse"
    assert error["reason"].startswith("not a usable feed")
    assert kestrelford[1]["Broken Blog"]["finish_reason"] == "finished"


def test_private_address_is_refused_without_allow_private(kestrelford, errors, query):
    (error,) = [e for e in errors if e["source_id"] == "guarded"]
    assert error["reason"] == (
        "refused: 127.0.0.1 is a loopback address; set allow_private = true for this source"
    )
    db_path, first, _ = kestrelford
    assert first["Guarded"]["documents_new"] == 0
    assert query(db_path, "select count(*) as n from documents where source_id = 'guarded'") == [
        {"n": 0}
    ]


def test_misconfigured_source_is_reported_and_the_others_run(kestrelford):
    _, first, _ = kestrelford
    figures = first["Misconfigured"]
    assert figures["finish_reason"] == "not started"
    assert figures["start_error"].startswith("ValueError: source 'Misconfigured': documents must")
    assert first[COURIER]["finish_reason"] == "finished"


def test_second_run_reports_everything_unchanged(kestrelford):
    _, _, second = kestrelford
    figures = second[COURIER]
    assert (figures["documents_new"], figures["documents_changed"]) == (0, 0)
    assert figures["documents_unchanged"] == 3


def test_second_run_adds_no_rows(kestrelford, query):
    db_path, _, _ = kestrelford
    counts = query(
        db_path,
        "select (select count(*) from documents) as documents,"
        " (select count(*) from sources) as sources",
    )
    assert counts == [{"documents": 3, "sources": 3}]


def test_each_run_records_its_errors_once(errors):
    # No run id: both runs' errors share keys, so a re-run replaces rather than adds.
    assert len(errors) == 4
