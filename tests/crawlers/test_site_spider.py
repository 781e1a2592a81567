"""News sites through their sitemaps: robots.txt read offline, a sitemap crawl over loopback."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import TextResponse

from crawlers.items import FetchError
from crawlers.sources import Source
from crawlers.spiders.site import SiteSpider, is_sitemap_url

URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
INDEX = '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</sitemapindex>'


def site_spider(url: str = "https://courier.example/", **settings) -> SiteSpider:
    return SiteSpider(source=Source("Courier", "press", "site", url, settings))


def robots(body: str) -> list:
    response = TextResponse("https://courier.example/robots.txt", body=body.encode())
    return list(site_spider().parse_robots(response))


def test_robots_txt_sitemaps_are_followed():
    (request,) = robots("User-agent: *\nDisallow: /admin\nSitemap: /news-sitemap.xml\n")
    assert isinstance(request, Request)
    assert request.url == "https://courier.example/news-sitemap.xml"


def test_robots_txt_without_sitemaps_is_a_parse_error():
    (error,) = robots("User-agent: *\nDisallow:\n")
    assert isinstance(error, FetchError) and error.stage == "parse"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://courier.example/sitemap.xml", True),
        ("https://courier.example/news/sitemap-2026.xml.gz", True),
        ("https://courier.example/sitemap_index", True),
        ("https://courier.example/", False),
    ],
)
def test_sitemap_urls_are_recognised(url, expected):
    assert is_sitemap_url(url) is expected


@pytest.fixture(scope="module")
def site(http_server, files, crawl, tmp_path_factory, query):
    http_server.add_directory("/kestrelford/", files / "kestrelford")
    pages = ["/kestrelford/bridge-closure.html", "/kestrelford/library-hours.html", "/tag/roads"]
    locs = "".join(f"<url><loc>{http_server.url(page)}</loc></url>" for page in pages)
    xml = "application/xml"
    http_server.add("/site/news.xml", URLSET.format(locs), xml)
    children = ["/site/news.xml", "/site/gone.xml"]
    index = "".join(f"<sitemap><loc>{http_server.url(c)}</loc></sitemap>" for c in children)
    http_server.add("/site/sitemap_index.xml", INDEX.format(index), xml)
    source = {
        "name": "Courier Site",
        "kind": "press",
        "type": "site",
        "url": http_server.url("/site/sitemap_index.xml"),
        "allow": "/kestrelford/",
        "allow_private": True,
    }
    db_path = tmp_path_factory.mktemp("site") / "site.db"
    figures = crawl([source], db_path)["Courier Site"]
    documents = query(db_path, "select url, title, extraction_method, doc_type from documents")
    errors = query(db_path, "select url, stage, http_status from fetch_errors")
    return figures, documents, errors


def test_sitemap_pages_matching_allow_are_extracted(site, http_server):
    figures, documents, _ = site
    assert figures["documents_new"] == 2
    assert sorted(doc["url"] for doc in documents) == [
        http_server.url("/kestrelford/bridge-closure.html"),
        http_server.url("/kestrelford/library-hours.html"),
    ]
    assert {(doc["extraction_method"], doc["doc_type"]) for doc in documents} == {
        ("trafilatura", "article")
    }


def test_missing_child_sitemap_is_a_fetch_error(site, http_server):
    _, _, errors = site
    assert errors == [
        {"url": http_server.url("/site/gone.xml"), "stage": "fetch", "http_status": 404}
    ]
