"""Every real-world feed in the shared fixtures, served over loopback and crawled at once.

`follow_links = false` keeps the crawl on the machine: the entries link to the real web, so
each is kept from what its feed carries (full content, else summary).
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Its only item has an empty <title>: RSS allows that, and we do not make titles up.
UNTITLED_FEEDS = {"nfp__relative-channel-image-url.xml"}


@pytest.fixture(scope="module")
def feeds_crawl(http_server, shared_fixtures, crawl, tmp_path_factory):
    feeds_url = http_server.add_directory("/real-feeds/", shared_fixtures / "feeds")
    names = sorted(p.name for p in (shared_fixtures / "feeds").iterdir() if p.is_file())
    sources = [
        {
            "name": name,
            "kind": "blog" if "blog" in name.lower() else "press",
            "type": "feed",
            "url": feeds_url + name,
            "follow_links": False,
            "allow_private": True,
        }
        for name in names
    ]
    db_path: Path = tmp_path_factory.mktemp("feeds") / "feeds.db"
    return db_path, crawl(sources, db_path)


def test_all_twenty_feeds_are_crawled(feeds_crawl):
    _, figures = feeds_crawl
    assert len(figures) == 20


def test_feed_becomes_documents(feeds_crawl, query, feed_file):
    db_path, figures = feeds_crawl
    name = feed_file
    documents = query(
        db_path,
        "select d.url, d.title, d.text, d.extraction_method from documents d"
        " join sources s on s.id = d.source_id where s.name = ?",
        [name],
    )
    assert figures[name]["finish_reason"] == "finished"
    assert documents and figures[name]["documents_new"] == len(documents)
    assert all(d["url"].startswith(("http://", "https://")) for d in documents)
    assert all(d["text"].strip() for d in documents)
    assert any(d["title"] for d in documents) or name in UNTITLED_FEEDS
    assert {d["extraction_method"] for d in documents} <= {"feed_content", "feed_summary"}


def test_relative_item_links_are_resolved_on_the_feed_url(feeds_crawl, query, http_server):
    db_path, _ = feeds_crawl
    urls = [
        row["url"]
        for row in query(
            db_path,
            "select url from documents where source_id = ?",
            ["nfp-rss-with-relative-urls-xml"],
        )
    ]
    assert len(urls) == 2
    assert all(
        url.startswith(http_server.url("/en/games/neverwinter/news/detail/")) for url in urls
    )


def test_full_content_is_preferred_to_the_summary(feeds_crawl, query):
    db_path, _ = feeds_crawl
    methods = query(
        db_path,
        "select distinct extraction_method from documents where source_id = ?",
        ["fj-techcrunch-xml"],
    )
    assert methods == [{"extraction_method": "feed_content"}]


def test_feed_dates_and_authors_are_kept(feeds_crawl, query):
    db_path, _ = feeds_crawl
    (row,) = query(
        db_path,
        "select author, published, date_source from documents"
        " where source_id = ? and title = 'Nokogiri’s Slop Feature'",
        ["fj-tenderlovemaking-xml"],
    )
    assert row == {
        "author": "Aaron Patterson",
        "published": "2008-12-04T17:17:49+00:00",
        "date_source": "feed",
    }
