"""A small Kestrelford database written through store.py, as the crawler and tagger would.

conftest.py serves it as the `db_path` fixture; tests import the names and texts from here.

Four documents name Amberline Services Ltd: three dated (stored out of date order, one of
them under its short name "Amberline") and one undated, which no timeline may show.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import store

COURIER = {"name": "Kestrelford Courier", "kind": "press", "type": "feed"}
WATCH = {"name": "Kestrelford Watch", "kind": "blog", "type": "feed"}
COUNCIL = {"name": "Kestrelford Council", "kind": "council", "type": "moderngov"}

# The blog quote carries a comma, double quotes and a line break, the three things CSV
# must quote; the Courier's figure carries a "£", which must survive as UTF-8.
AWARD = (
    "Kestrelford Council has awarded Amberline Services Ltd a £4.2m contract "
    "to run waste collection for seven years."
)
QUOTE = 'Councillor Tom Ashdown said: "Amberline, frankly,\nhas missed its targets."'
EXTENSION = (
    "Cabinet agreed to extend the Amberline contract and to invite "
    "Corvane Group plc to bid for highways maintenance."
)
UNDATED = "Amberline Services Ltd crews were seen emptying bins on Heron Street."

AMBERLINE = "Amberline Services Ltd"
CORVANE = "Corvane Group plc"
ASHDOWN = "Tom Ashdown"
KESTRELFORD = "Kestrelford Council"


@dataclass(frozen=True)
class Doc:
    source: dict[str, str]
    url: str
    title: str
    published: str | None
    text: str
    doc_type: str
    # (surface text, canonical name, entity type)
    mentions: tuple[tuple[str, str, str], ...]


# Stored in this order, which is deliberately not date order.
DOCS = (
    Doc(
        COUNCIL,
        "https://kestrelford.example/minutes/2021-01-20",
        "Cabinet minutes, 20 January 2021",
        "2021-01-20",
        EXTENSION,
        "minutes",
        (("Amberline", AMBERLINE, "company"), (CORVANE, CORVANE, "company")),
    ),
    Doc(
        WATCH,
        "https://kestrelfordwatch.example/2020/06/bins",
        "Bins, again",
        # Late evening in summer time: the timeline must keep the local date, 2 June.
        "2020-06-02T21:30:00+01:00",
        QUOTE,
        "post",
        (("Tom Ashdown", ASHDOWN, "person"), ("Amberline", AMBERLINE, "company")),
    ),
    Doc(
        COURIER,
        "https://courier.example/news/waste-contract",
        "Council hands waste contract to Amberline",
        "2019-03-14T09:00:00+00:00",
        AWARD,
        "article",
        ((KESTRELFORD, KESTRELFORD, "public_body"), (AMBERLINE, AMBERLINE, "company")),
    ),
    Doc(
        WATCH,
        "https://kestrelfordwatch.example/undated-bins",
        "Heron Street bins",
        None,
        UNDATED,
        "post",
        ((AMBERLINE, AMBERLINE, "company"),),
    ),
)

AWARD_CONTRACT = {
    "description": "waste collection",
    "supplier": AMBERLINE,
    "buyer": KESTRELFORD,
    "value_gbp": 4_200_000.0,
    "duration_years": 7.0,
    "evidence": AWARD,
    "start": 0,
    "end": len(AWARD),
}


def _mention(text: str, surface: str, canonical: str, label: str) -> dict[str, object]:
    start = text.index(surface)
    return {
        "text": surface,
        "canonical": canonical,
        "label": label,
        "start": start,
        "end": start + len(surface),
        "sentence": text,
    }


def build_db(path: Path) -> Path:
    """Write the Kestrelford documents, tags, a contract and a fetch error to `path`."""
    db = store.open_db(path)
    for doc in DOCS:
        source_id = store.upsert_source(
            db, dict(doc.source, url=f"https://{store.slugify(doc.source['name'])}.example/")
        )
        doc_id, _ = store.save_document(
            db,
            {
                "source_id": source_id,
                "url": doc.url,
                "title": doc.title,
                "published": doc.published,
                "text": doc.text,
                "doc_type": doc.doc_type,
            },
        )
        mentions = [_mention(doc.text, *mention) for mention in doc.mentions]
        contracts = [AWARD_CONTRACT] if doc.text == AWARD else []
        store.save_tags(db, doc_id, mentions, contracts, tagger_version="test")
    store.record_fetch_error(
        db,
        source_id="kestrelford-courier",
        url="https://courier.example/news/gone",
        stage="fetch",
        reason="HTTP 404: page removed",
        http_status=404,
    )
    db.close()
    return path
