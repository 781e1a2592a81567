"""Run a crawl of several sources in one process, and report what each one gave.

    python -m crawlers.run --sources sources.toml --db data/localwatch.db [--run-id N] [--fast]

prints one JSON object, by source name: documents_new, documents_changed,
documents_unchanged, meetings, errors (fetch errors recorded), finish_reason ("finished"
when the crawl ran to its end; "not started" when the spider could not start) and start_error
(why it could not start, else null).

A Twisted reactor cannot be restarted, so `run_crawl` works once per process. Anything that
crawls more than once (tests, a long-lived server) runs it in a subprocess, for instance
through this command.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.utils.project import get_project_settings

from crawlers.pipelines import STAT_NAMES, stat_key
from crawlers.sources import Source, load_sources
from crawlers.spiders.base import LocalwatchSpider
from crawlers.spiders.feed import FeedSpider
from crawlers.spiders.moderngov import ModernGovSpider
from crawlers.spiders.site import SiteSpider
from store import slugify

SPIDERS: dict[str, type[LocalwatchSpider]] = {
    "feed": FeedSpider,
    "site": SiteSpider,
    "moderngov": ModernGovSpider,
}

FAST_SETTINGS_MODULE = "crawlers.settings.fast"

_has_run = False


def run_crawl(
    sources: list[Source],
    db_path: Path,
    run_id: int | None = None,
    settings_overrides: dict[str, Any] | None = None,
    settings_module: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Crawl every source (one crawler each, concurrently) into `db_path`; block until done.

    Settings come from `settings_module`, else SCRAPY_SETTINGS_MODULE, else
    `crawlers.settings.base`; then `settings_overrides`. Returns per-source figures keyed by
    source name. Callable once per process: see the module docstring.
    """
    global _has_run
    if _has_run:
        raise RuntimeError(
            "run_crawl runs once per process (a Twisted reactor cannot restart); "
            "run further crawls in a subprocess: python -m crawlers.run"
        )
    _has_run = True
    # Without this, settings depend on finding scrapy.cfg from the current directory.
    if settings_module:
        os.environ["SCRAPY_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawlers.settings.base")
    settings = get_project_settings()
    settings.setdict(
        {"LOCALWATCH_DB": str(db_path), "LOCALWATCH_RUN_ID": run_id, **(settings_overrides or {})},
        priority="cmdline",
    )
    process = AsyncCrawlerProcess(settings)
    crawls = []
    for source in sources:
        crawler = process.create_crawler(SPIDERS[source.type])
        crawls.append((source, crawler, process.crawl(crawler, source=source)))
    process.start()
    return {source.name: source_figures(source, crawler, task) for source, crawler, task in crawls}


def source_figures(source: Source, crawler: Crawler, task: asyncio.Task[None]) -> dict[str, Any]:
    """The StorePipeline counts for one source, its finish reason, and why it failed if it did."""
    failure = task.exception() if task.done() and not task.cancelled() else None
    # A spider that could not start (a bad source setting) never got stats.
    stats = crawler.stats.get_stats() if failure is None else {}
    source_id = slugify(source.name)
    figures: dict[str, Any] = {name: stats.get(stat_key(source_id, name), 0) for name in STAT_NAMES}
    figures["finish_reason"] = stats.get("finish_reason", "not started")
    figures["start_error"] = f"{type(failure).__name__}: {failure}" if failure else None
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sources", type=Path, required=True, help="the sources TOML file")
    parser.add_argument("--db", type=Path, required=True, help="the SQLite database to write")
    parser.add_argument("--run-id", type=int, help="the `runs` row this crawl belongs to")
    parser.add_argument(
        "--fast", action="store_true", help=f"no politeness delays ({FAST_SETTINGS_MODULE})"
    )
    args = parser.parse_args(argv)
    figures = run_crawl(
        load_sources(args.sources),
        args.db,
        run_id=args.run_id,
        settings_module=FAST_SETTINGS_MODULE if args.fast else None,
    )
    json.dump(figures, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
