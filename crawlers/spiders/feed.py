"""RSS, Atom and RDF feeds of local press and blogs.

A feed entry that carries the full article (`content:encoded`, Atom `content`) becomes a
document directly; a summary-only entry is followed to its page, which is extracted. Source
settings: `follow_links` (true: always fetch the page, even with full content; false: never,
keep what the feed says), `max_items` (only the first N entries).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from time import struct_time
from typing import Any
from urllib.parse import urljoin

import feedparser
import scrapy
from scrapy.http import Response

from crawlers.extract import html_to_text, plain_text
from crawlers.items import Document, FetchError
from crawlers.spiders.base import LocalwatchSpider
from store import sha256

# Feed content at least this long (in characters of text) is taken to be the whole article;
# shorter content is usually a teaser, so the page is fetched instead.
FULL_CONTENT_MIN_CHARS = 500


@dataclass(frozen=True)
class FeedEntry:
    """What one feed entry says, with its links already absolute."""

    url: str | None
    title: str | None
    author: str | None
    published: str | None  # ISO 8601, UTC
    summary: str  # plain text
    content: str  # plain text of the fullest content the entry carries, or ""
    content_hash: str  # of the raw content or summary, to notice edits


class FeedSpider(LocalwatchSpider):
    name = "feed"

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request(self.source.url, callback=self.parse, errback=self.errback)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        feed = parse_feed(response)
        # A feed with no entries is fine (a quiet blog); one that is malformed, or is not a
        # feed at all (an HTML page served where the feed was), is not.
        if not feed.entries and (feed.bozo or not feed.get("version")):
            problem = feed.get("bozo_exception") or "no RSS, Atom or RDF feed in the response"
            yield self.fetch_error(
                response.url, "parse", f"not a usable feed: {problem}", response.status
            )
            return
        follow = self.setting("follow_links")
        for raw in feed.entries[: self.setting("max_items")]:
            entry = self.parse_entry(raw, response.url)
            if follow is not True and len(entry.content) >= FULL_CONTENT_MIN_CHARS:
                yield self.document_from_entry(response, entry, entry.content, "feed_content")
            elif follow is False or entry.url is None:
                yield self.entry_without_page(response, entry)
            else:
                yield scrapy.Request(
                    entry.url,
                    callback=self.parse_page,
                    errback=self.errback,
                    cb_kwargs={"entry": entry},
                )

    def parse_page(self, response: Response, entry: FeedEntry) -> Document | FetchError:
        """The linked page, with the feed filling in what the page does not say."""
        page = self.article_from_page(response)
        if isinstance(page, FetchError):
            return page
        if not page.text:
            return self.entry_without_page(response, entry)
        page.title = page.title or entry.title
        page.author = page.author or entry.author
        if not page.published and entry.published:
            page.published, page.date_source = entry.published, "feed"
        page.summary = entry.summary or None
        return page

    def entry_without_page(self, response: Response, entry: FeedEntry) -> Document | FetchError:
        """An entry kept from the feed alone: its content, else its summary."""
        if entry.url is None:
            title = repr(entry.title) if entry.title else "without a title"
            return self.fetch_error(response.url, "parse", f"feed entry {title} has no link")
        if entry.content:
            return self.document_from_entry(response, entry, entry.content, "feed_content")
        return self.document_from_entry(response, entry, entry.summary, "feed_summary")

    def document_from_entry(
        self, response: Response, entry: FeedEntry, text: str, method: str
    ) -> Document:
        return self.make_document(
            response,
            url=entry.url,
            content_hash=entry.content_hash,
            doc_type=self.article_type,
            text=text,
            title=entry.title,
            author=entry.author,
            published=entry.published,
            date_source="feed" if entry.published else None,
            summary=entry.summary or None,
            extraction_method=method,
        )

    def parse_entry(self, raw: dict[str, Any], base_url: str) -> FeedEntry:
        content_html = self._parse_content_html(raw)
        return FeedEntry(
            url=self._parse_url(raw, base_url),
            title=plain_text(raw.get("title")) or None,
            author=self._parse_author(raw),
            published=self._parse_published(raw),
            summary=html_to_text(raw.get("summary") or ""),
            content=html_to_text(content_html),
            content_hash=sha256(content_html or raw.get("summary") or ""),
        )

    @staticmethod
    def _parse_url(raw: dict[str, Any], base_url: str) -> str | None:
        """The entry's link made absolute, else its id when that is a URL.

        feedparser already resolves links against `xml:base` and the feed's address; joining
        again catches links it leaves relative (no base at all).
        """
        link = urljoin(base_url, raw["link"]) if raw.get("link") else raw.get("id") or ""
        return link if link.startswith(("http://", "https://")) else None

    @staticmethod
    def _parse_author(raw: dict[str, Any]) -> str | None:
        # feedparser maps dc:creator, Atom author/name and RSS author onto `author`.
        return plain_text(raw.get("author")) or None

    @staticmethod
    def _parse_published(raw: dict[str, Any]) -> str | None:
        parsed: struct_time | None = raw.get("published_parsed") or raw.get("updated_parsed")
        if parsed is None:
            return None
        return datetime(*parsed[:6], tzinfo=UTC).isoformat()

    @staticmethod
    def _parse_content_html(raw: dict[str, Any]) -> str:
        """The longest of the entry's content blocks (feeds may carry several)."""
        values = [block.get("value") or "" for block in raw.get("content", [])]
        return max(values, key=len, default="")


def parse_feed(response: Response) -> feedparser.FeedParserDict:
    """Parse raw bytes, so feedparser sees the declared encoding and the real URL for xml:base."""
    headers = {key.lower(): value for key, value in response.headers.to_unicode_dict().items()}
    headers["content-location"] = response.url
    return feedparser.parse(response.body, response_headers=headers)
