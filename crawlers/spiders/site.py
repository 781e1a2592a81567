"""News sites without a usable feed, crawled through their sitemaps.

The source's url is a sitemap (or sitemap index), or the site's root, whose robots.txt lists
its sitemaps. Source settings: `allow` (a regular expression a page URL must match, to pick
articles from section and tag pages), `max_items` (pages per run).

Scrapy's SitemapSpider does the same walk but sends its requests without an errback; ours
records a missing sitemap or page in `fetch_errors`, using the same parsing utilities.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin, urlparse

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawlers.items import Document, FetchError
from crawlers.spiders.base import LocalwatchSpider


class SiteSpider(LocalwatchSpider):
    name = "site"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow = re.compile(self.setting("allow", ""))
        self.max_items: int | None = self.setting("max_items")
        self.pages_requested = 0

    async def start(self) -> AsyncIterator[Any]:
        url = self.source.url
        if is_sitemap_url(url):
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.errback)
        else:
            robots = urljoin(url, "/robots.txt")
            yield scrapy.Request(robots, callback=self.parse_robots, errback=self.errback)

    def parse_robots(self, response: Response) -> Iterator[Any]:
        urls = list(sitemap_urls_from_robots(response.body, base_url=response.url))
        if not urls:
            reason = "robots.txt lists no Sitemap; set this source's url to its sitemap"
            yield self.fetch_error(response.url, "parse", reason, response.status)
        for url in urls:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.errback)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        try:
            sitemap = Sitemap(self.sitemap_body(response))
        # Junk XML, an empty body, a broken or oversized gzip: all mean the same here.
        except (etree.XMLSyntaxError, StopIteration, OSError, EOFError, ValueError):
            sitemap = None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            yield self.fetch_error(response.url, "parse", "not a sitemap", response.status)
            return
        for entry in sitemap:
            loc = entry["loc"]
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(loc, callback=self.parse_sitemap, errback=self.errback)
            elif self.wants(loc):
                self.pages_requested += 1
                yield scrapy.Request(loc, callback=self.parse_page, errback=self.errback)

    def wants(self, url: str) -> bool:
        under_limit = self.max_items is None or self.pages_requested < self.max_items
        return under_limit and bool(self.allow.search(url))

    def parse_page(self, response: Response) -> Document | FetchError:
        return self.article_from_page(response)

    def sitemap_body(self, response: Response) -> bytes:
        """The XML of a sitemap, gunzipped when served as a `.xml.gz` file."""
        if gzip_magic_number(response):
            return gunzip(response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        return response.body


def is_sitemap_url(url: str) -> bool:
    path = urlparse(url).path.lower()
    return path.endswith((".xml", ".xml.gz")) or "sitemap" in path
