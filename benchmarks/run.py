"""Time each stage of Localwatch against the raw library on the same input, in one run.

    python -m benchmarks.run            # full run, as `make bench`
    python -m benchmarks.run --smoke    # a small input, as the test suite runs it

Inputs are the demo borough: its article pages for extraction, its texts for tagging and
storing, and a synthetic database of many mentions for the timeline query.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import spacy
import trafilatura

import store
from crawlers.extract import extract_article
from demo.content import load_corpus
from demo.site import DemoBorough
from nlp.model import load_nlp, resolve_model
from nlp.tag import tag_text
from serve.timeline import timeline_rows

TARGETS = tomllib.loads((Path(__file__).with_name("targets.toml")).read_text(encoding="utf-8"))
DEMO_ALIASES = Path(__file__).resolve().parents[1] / "data" / "demo" / "aliases.toml"


def timed(work: Callable[[], Any], repeat: int = 1) -> float:
    """Best of `repeat` wall-clock runs after one untimed warm-up (lazy imports, caches).

    The best run is the one least disturbed by whatever the other core is doing.
    """
    work()
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def fetch_pages(limit: int) -> list[tuple[str, bytes]]:
    with DemoBorough() as borough:
        base_url = borough.start()
        links = [e.link for e in feedparser.parse(f"{base_url}/chronicle/rss.xml").entries]
        pages = []
        for link in links[:limit]:
            try:
                with urllib.request.urlopen(link, timeout=10) as response:
                    pages.append((link, response.read()))
            except OSError:
                continue  # the demo's withdrawn article answers 404 on purpose
    return pages


def demo_texts(limit: int) -> list[str]:
    corpus = load_corpus()
    posts = [post for posts in corpus.posts.values() for post in posts]
    return ["\n\n".join(post.paragraphs) for post in posts][:limit]


def bench_extract(limit: int, repeat: int) -> dict[str, Any]:
    pages = fetch_pages(limit)
    ours = timed(lambda: [extract_article(html, url) for url, html in pages], repeat)
    raw = timed(
        lambda: [
            trafilatura.bare_extraction(html, url=url, with_metadata=True) for url, html in pages
        ],
        repeat,
    )
    return {"items": len(pages), "ours_s": ours, "raw_s": raw}


def bench_tag(limit: int, repeat: int) -> dict[str, Any]:
    texts = demo_texts(limit)
    ours_nlp = load_nlp(aliases=[DEMO_ALIASES])
    raw_nlp = spacy.load(resolve_model())
    ours = timed(lambda: [tag_text(ours_nlp, text) for text in texts], repeat)
    raw = timed(lambda: list(raw_nlp.pipe(texts)), repeat)
    words = sum(len(text.split()) for text in texts)
    return {"items": len(texts), "words": words, "ours_s": ours, "raw_s": raw}


def bench_store(copies: int) -> dict[str, Any]:
    texts = demo_texts(10_000)
    rows = [
        {
            "source_id": "bench",
            "url": f"http://bench.invalid/{copy}/{number}",
            "doc_type": "article",
            "title": text[:60],
            "text": text,
            "published": "2025-01-01",
        }
        for copy in range(copies)
        for number, text in enumerate(texts)
    ]
    with tempfile.TemporaryDirectory() as folder:
        source = {"name": "bench", "kind": "press", "type": "feed", "url": "http://b"}
        db = store.open_db(Path(folder) / "ours.db")
        store.upsert_source(db, source)
        started = time.perf_counter()
        for row in rows:
            store.save_document(db, row)
        ours = time.perf_counter() - started
        unchanged = timed(lambda: [store.save_document(db, row) for row in rows])
        # The raw library: sqlite-utils' own bulk insert into the same schema (full-text
        # index included), with no per-document transaction, change check or copy linking.
        raw_db = store.open_db(Path(folder) / "raw.db")
        store.upsert_source(raw_db, source)
        started = time.perf_counter()
        raw_db["documents"].insert_all(
            ({**row, "id": store.document_id(row["url"])} for row in rows), batch_size=500
        )
        raw = time.perf_counter() - started
    return {"items": len(rows), "ours_s": ours, "raw_s": raw, "unchanged_s": unchanged}


def bench_query(mentions: int) -> dict[str, Any]:
    """A database with `mentions` mentions spread over 1,000 entities and 20,000 documents."""
    with tempfile.TemporaryDirectory() as folder:
        db = store.open_db(Path(folder) / "query.db")
        db["sources"].insert({"id": "s", "name": "S", "kind": "press", "type": "feed", "url": "u"})
        documents = 20_000
        db["documents"].insert_all(
            (
                {
                    "id": f"d{n}",
                    "source_id": "s",
                    "url": f"u{n}",
                    "title": f"t{n}",
                    "text": "x",
                    "published": f"20{20 + n % 6}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                }
                for n in range(documents)
            ),
            batch_size=5_000,
        )
        db["entities"].insert_all(
            {"id": f"company:e{n}", "name": f"Entity {n}", "type": "company"} for n in range(1_000)
        )
        db["entity_aliases"].insert({"alias": "E7", "entity_id": "company:e7"})
        db["mentions"].insert_all(
            (
                {
                    "id": f"m{n}",
                    "document_id": f"d{n % documents}",
                    "entity_id": f"company:e{n % 1000}",
                    "text": "Entity",
                    "label": "company",
                    "start": 0,
                    "end": 6,
                    "sentence": "s",
                }
                for n in range(mentions)
            ),
            batch_size=10_000,
        )
        db.execute("analyze")
        ours = timed(lambda: timeline_rows(db, "E7"), repeat=5)
        raw = timed(
            lambda: db.execute("select * from mentions where entity_id = 'company:e7'").fetchall(),
            repeat=5,
        )
        rows = len(timeline_rows(db, "E7"))
    return {"items": mentions, "rows": rows, "ours_s": ours, "raw_s": raw}


def report(results: dict[str, dict[str, Any]]) -> list[str]:
    """Print the table; return the targets missed."""
    missed = []
    print(f"{'stage':<8} {'items':>8} {'ours s':>9} {'raw s':>9} {'ratio':>7} {'target':>7}")
    for stage, figures in results.items():
        ratio = figures["ours_s"] / figures["raw_s"]
        figures["ratio"] = round(ratio, 2)
        target = TARGETS["ratio"][stage]
        print(
            f"{stage:<8} {figures['items']:>8,} {figures['ours_s']:>9.3f} "
            f"{figures['raw_s']:>9.3f} {ratio:>7.2f} {target:>7.2f}"
        )
        if ratio > target:
            missed.append(f"{stage}: {ratio:.2f}x the raw library (target {target}x)")
    per_second = results["store"]["items"] / results["store"]["ours_s"]
    query_ms = results["query"]["ours_s"] * 1000
    print(
        f"store: {per_second:,.0f} documents/s; unchanged re-run "
        f"{results['store']['unchanged_s']:.3f} s"
    )
    print(
        f"query: entity timeline in {query_ms:.1f} ms over {results['query']['items']:,} mentions"
    )
    if "tag" in results:
        tag = results["tag"]
        print(
            f"tag: {tag['items'] / tag['ours_s']:.1f} documents/s, "
            f"{tag['words'] / tag['ours_s']:,.0f} words/s"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")
    if per_second < TARGETS["absolute"]["store_docs_per_second"]:
        missed.append(f"store: {per_second:.0f} documents/s")
    if query_ms > TARGETS["absolute"]["query_ms"]:
        missed.append(f"query: {query_ms:.0f} ms")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small inputs, for the test suite")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    small = args.smoke
    results = {
        "extract": bench_extract(limit=5 if small else 1_000, repeat=1 if small else 3),
        "tag": bench_tag(limit=10 if small else 1_000, repeat=1 if small else 2),
        "store": bench_store(copies=1 if small else 20),
        "query": bench_query(mentions=100_000 if small else 1_000_000),
    }
    missed = report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    for line in missed:
        print(f"MISSED {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
