"""The base every Localwatch spider shares: built from one source, yields our items.

Like City Bureau's `CityScrapersSpider`, it owns the helpers the platform spiders share:
building a `Document` with its fetch provenance, turning a web page into an article, and an
errback that records every failed request as a `FetchError` so one bad page never stops a run.
"""

from __future__ import annotations

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.extract import extract_article
from crawlers.items import Document, FetchError
from crawlers.sources import Source
from store import now_iso, sha256

# Press publishes articles, blogs publish posts; a council's own news feed reads as press.
DOC_TYPE_BY_KIND = {"press": "article", "blog": "post", "council": "article"}


class LocalwatchSpider(scrapy.Spider):
    """Crawl one `Source` (passed as the `source` spider argument); its settings tune the crawl."""

    def __init__(self, source: Source, *args: Any, **kwargs: Any) -> None:
        if not isinstance(source, Source):
            # `scrapy crawl feed -a source=...` would pass a string.
            raise TypeError(
                "run Localwatch spiders through `python -m crawlers.run --sources FILE`"
            )
        super().__init__(*args, **kwargs)
        self.source = source

    def setting(self, key: str, default: Any = None) -> Any:
        """A per-source setting from the sources file (`max_items = 20`...)."""
        return self.source.settings.get(key, default)

    @property
    def article_type(self) -> str:
        return DOC_TYPE_BY_KIND[self.source.kind]

    def make_document(self, response: Response, **fields: Any) -> Document:
        """A Document fetched in `response`; `url` and `content_hash` default to the response's."""
        fields.setdefault("url", response.url)
        fields.setdefault("content_hash", sha256(response.body))
        return Document(
            source=self.source.name,
            fetched_at=now_iso(),
            http_status=response.status,
            **fields,
        )

    def article_from_page(self, response: Response) -> Document | FetchError:
        """The article in a fetched web page; its text may be empty (ValidatePipeline decides)."""
        if not isinstance(response, TextResponse):
            content_type = response.headers.get("Content-Type", b"").decode("latin-1")
            return self.fetch_error(
                response.url, "extract", f"not a web page (Content-Type {content_type or 'none'})"
            )
        page = extract_article(response.text, response.url)
        return self.make_document(
            response,
            doc_type=self.article_type,
            text=page.text,
            title=page.title,
            author=page.author,
            published=page.published,
            date_source=page.date_source,
            canonical_url=page.canonical_url,
            extraction_method=page.method,
        )

    def fetch_error(
        self, url: str, stage: str, reason: str, http_status: int | None = None
    ) -> FetchError:
        return FetchError(self.source.name, url, stage, reason, http_status)

    def errback(self, failure: Failure) -> Iterator[FetchError]:
        """Record a failed request (HTTP error, DNS, timeout, refusal) and let the run go on."""
        yield self.fetch_error(failure.request.url, "fetch", *describe_failure(failure))


# What each common refusal usually means for whoever maintains the sources file.
HTTP_ADVICE = {
    401: "the page needs a login",
    403: "the server refused us (blocked crawler or bot protection); try later or ask the site",
    404: "the page is gone (withdrawn or moved); check the link in the feed or sitemap",
    410: "the page was removed for good",
    429: "the server asked us to slow down; raise DOWNLOAD_DELAY for this source",
}


def http_error_reason(status: int) -> str:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "error"
    advice = HTTP_ADVICE.get(status) or (
        "the server failed; it is retried next run" if status >= 500 else "the request failed"
    )
    return f"HTTP {status} {phrase}: {advice}"


def describe_failure(failure: Failure) -> tuple[str, int | None]:
    """A reason a person can act on, and the HTTP status when there was a response."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return http_error_reason(status), status
    if failure.check(IgnoreRequest):
        # Our own refusals and robots.txt's already read as sentences.
        return str(failure.value), None
    return f"{type(failure.value).__name__}: {failure.value}", None
