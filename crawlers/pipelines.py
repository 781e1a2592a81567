"""Item pipelines: small, single-purpose, configured in `from_crawler`.

Spiders yield `Document`, `Meeting` and `FetchError` items; `StorePipeline` is the only
place they reach the database, through the helpers in `store.py`.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any, Self

from scrapy.crawler import Crawler

import store
from crawlers.items import Document, FetchError, Meeting

logger = logging.getLogger(__name__)

# The per-source figures StorePipeline keeps as crawler stats, `localwatch/<source id>/<name>`.
STAT_NAMES = ("documents_new", "documents_changed", "documents_unchanged", "meetings", "errors")


def stat_key(source_id: str, name: str) -> str:
    return f"localwatch/{source_id}/{name}"


class ValidatePipeline:
    """A document with no text is not stored; it becomes a fetch error, so its reason is kept.

    Replacing the item, rather than raising DropItem, lets StorePipeline record it like any
    other failure.
    """

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Document) and not item.text.strip():
            method = item.extraction_method or "no extraction method"
            return FetchError(
                item.source, item.url, "extract", f"no text found ({method})", item.http_status
            )
        return item


class StorePipeline:
    """Write items to the Localwatch database and count what changed, per source.

    A crawler crawls one source, so every item it yields belongs to `self.source_id`.
    """

    def __init__(self, crawler: Crawler, db_path: Path, run_id: int | None) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.run_id = run_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        run_id = crawler.settings.get("LOCALWATCH_RUN_ID")
        return cls(
            crawler,
            Path(crawler.settings["LOCALWATCH_DB"]),
            int(run_id) if run_id is not None else None,
        )

    def open_spider(self) -> None:
        self.db = store.open_db(self.db_path)
        self.source_id = store.upsert_source(self.db, self.crawler.spider.source.as_row())
        for name in STAT_NAMES:  # zeros too, so every run reports every figure
            self.crawler.stats.set_value(stat_key(self.source_id, name), 0)

    def close_spider(self) -> None:
        store.mark_crawled(self.db, self.source_id)
        self.db.close()

    def process_item(self, item: Any) -> Any:
        try:
            if isinstance(item, Document):
                self.save_document(item)
            elif isinstance(item, Meeting):
                self.save_meeting(item)
            elif isinstance(item, FetchError):
                self.save_fetch_error(item)
        except sqlite3.Error as error:
            logger.error("could not store %r: %s", item, error)
            url = getattr(item, "url", None) or self.crawler.spider.source.url
            self.save_fetch_error(
                FetchError(item.source, url, "store", f"{type(error).__name__}: {error}")
            )
        return item

    def save_document(self, document: Document) -> None:
        row = asdict(document)
        del row["source"], row["meeting_key"]
        meeting_key = document.meeting_key
        row.update(
            source_id=self.source_id,
            meeting_id=f"{self.source_id}:{meeting_key}" if meeting_key else None,
            run_id=self.run_id,
        )
        _, outcome = store.save_document(self.db, row)
        self.count(f"documents_{outcome}")

    def save_meeting(self, meeting: Meeting) -> None:
        row = asdict(meeting)
        del row["source"]
        row["source_id"] = self.source_id
        store.save_meeting(self.db, row)
        self.count("meetings")

    def save_fetch_error(self, error: FetchError) -> None:
        logger.warning("%s: %s %s: %s", error.source, error.stage, error.url, error.reason)
        store.record_fetch_error(
            self.db,
            source_id=self.source_id,
            url=error.url,
            stage=error.stage,
            reason=error.reason,
            http_status=error.http_status,
            run_id=self.run_id,
        )
        self.count("errors")

    def count(self, name: str) -> None:
        self.crawler.stats.inc_value(stat_key(self.source_id, name))
