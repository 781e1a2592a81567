"""The feed spider's decisions on our saved Kestrelford feed, without crawling."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse

from crawlers.items import Document
from crawlers.sources import Source
from crawlers.spiders.feed import FeedSpider

FEED_URL = "https://courier.example/kestrelford/feed.xml"


def parse_feed(files, **settings: Any) -> list[Any]:
    spider = FeedSpider(source=Source("Courier", "blog", "feed", FEED_URL, settings))
    body = (files / "kestrelford" / "feed.xml").read_bytes()
    return list(spider.parse(XmlResponse(FEED_URL, body=body)))


@pytest.fixture(scope="module")
def output(files) -> list[Any]:
    return parse_feed(files)


def test_full_content_becomes_a_document_and_summaries_become_requests(output):
    assert [type(item) for item in output] == [Document, Request, Request, Request, Request]


def test_blog_entries_are_posts(output):
    assert output[0].doc_type == "post"


def test_followed_links_are_absolute_and_carry_the_entry(output):
    request = output[1]
    assert request.url == "https://courier.example/kestrelford/bridge-closure.html"
    assert request.cb_kwargs["entry"].summary == "The footbridge at Mill Lane closes for repairs."


def test_follow_links_true_fetches_every_page(files):
    assert all(isinstance(item, Request) for item in parse_feed(files, follow_links=True))


def test_follow_links_false_keeps_summaries(files):
    documents = parse_feed(files, follow_links=False)
    assert [doc.extraction_method for doc in documents] == [
        "feed_content", "feed_summary", "feed_summary", "feed_summary", "feed_summary",
    ]  # fmt: skip


def test_max_items(files):
    assert len(parse_feed(files, max_items=2)) == 2


def test_page_fills_in_from_the_feed(output, files):
    request = output[2]  # library-hours.html: no date, no author on the page
    body = (files / "kestrelford" / "library-hours.html").read_bytes()
    spider = FeedSpider(source=Source("Courier", "blog", "feed", FEED_URL, {}))
    page = spider.parse_page(HtmlResponse(request.url, body=body), **request.cb_kwargs)
    assert (page.author, page.published, page.date_source) == (
        "Ama Owusu",
        "2026-03-05T09:00:00+00:00",
        "feed",
    )
