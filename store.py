"""The Localwatch database: schema, and the few writes every stage shares.

Data flows through this file: crawlers write sources, documents, meetings and fetch
errors; the tagger reads untagged documents and writes entities, mentions and contracts;
Datasette and the timeline export only read. Every write is an upsert on a stable key, so
re-running a crawl or a tag never duplicates rows.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

DEFAULT_DB = Path(__file__).resolve().parent / "data" / "localwatch.db"

SCHEMA_VERSION = 1

# Column order is the order Datasette shows; the first columns are what a researcher scans.
TABLES: dict[str, dict[str, Any]] = {
    "sources": {
        "columns": {
            "id": str,
            "name": str,
            "kind": str,
            "type": str,
            "url": str,
            "settings": str,
            "added_at": str,
            "last_crawled_at": str,
        },
        "pk": "id",
        "not_null": {"name", "kind", "type", "url"},
    },
    "runs": {
        "columns": {
            "id": int,
            "command": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "stats": str,
            "error": str,
        },
        "pk": "id",
    },
    "meetings": {
        "columns": {
            "id": str,
            "source_id": str,
            "committee_id": str,
            "committee": str,
            "date": str,
            "time": str,
            "status": str,
            "location": str,
            "url": str,
            "minutes_published": int,
            "fetched_at": str,
        },
        "pk": "id",
        "foreign_keys": [("source_id", "sources", "id")],
    },
    "documents": {
        "columns": {
            "id": str,
            "source_id": str,
            "doc_type": str,
            "title": str,
            "author": str,
            "published": str,
            "date_source": str,
            "url": str,
            "canonical_url": str,
            "text": str,
            "summary": str,
            "extraction_method": str,
            "meeting_id": str,
            "fetched_at": str,
            "http_status": int,
            "content_hash": str,
            "text_hash": str,
            "duplicate_of": str,
            "run_id": int,
            "tagged_at": str,
            "tagger_version": str,
        },
        "pk": "id",
        "not_null": {"source_id", "url", "text"},
        "foreign_keys": [
            ("source_id", "sources", "id"),
            ("meeting_id", "meetings", "id"),
            ("run_id", "runs", "id"),
        ],
    },
    "agenda_items": {
        "columns": {
            "id": str,
            "meeting_id": str,
            "number": str,
            "title": str,
            "agenda_text": str,
            "minutes_text": str,
            "is_restricted": int,
        },
        "pk": "id",
        "foreign_keys": [("meeting_id", "meetings", "id")],
    },
    "attendance": {
        "columns": {
            "id": str,
            "meeting_id": str,
            "name": str,
            "role": str,
            "attendance": str,
            "party": str,
            "ward": str,
        },
        "pk": "id",
        "foreign_keys": [("meeting_id", "meetings", "id")],
    },
    "entities": {
        "columns": {"id": str, "name": str, "type": str},
        "pk": "id",
        "not_null": {"name", "type"},
    },
    "entity_aliases": {
        "columns": {"alias": str, "entity_id": str},
        "pk": ("alias", "entity_id"),
        "foreign_keys": [("entity_id", "entities", "id")],
    },
    "mentions": {
        "columns": {
            "id": str,
            "document_id": str,
            "entity_id": str,
            "text": str,
            "label": str,
            "start": int,
            "end": int,
            "sentence": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("entity_id", "entities", "id"),
        ],
    },
    "contracts": {
        "columns": {
            "id": str,
            "document_id": str,
            "description": str,
            "supplier": str,
            "supplier_id": str,
            "buyer": str,
            "buyer_id": str,
            "value_gbp": float,
            "duration_years": float,
            "evidence": str,
            "start": int,
            "end": int,
        },
        "pk": "id",
        "foreign_keys": [
            ("document_id", "documents", "id"),
            ("supplier_id", "entities", "id"),
            ("buyer_id", "entities", "id"),
        ],
    },
    "fetch_errors": {
        "columns": {
            "id": str,
            "run_id": int,
            "source_id": str,
            "url": str,
            "stage": str,
            "reason": str,
            "http_status": int,
            "occurred_at": str,
        },
        "pk": "id",
        "foreign_keys": [("source_id", "sources", "id"), ("run_id", "runs", "id")],
    },
}

# Each index serves a query a researcher runs often: an entity's timeline, a document's
# mentions, a source's documents by date.
INDEXES: list[tuple[str, list[str]]] = [
    ("documents", ["published"]),
    ("documents", ["source_id", "published"]),
    ("documents", ["meeting_id"]),
    ("documents", ["tagged_at"]),
    ("documents", ["title"]),
    ("mentions", ["entity_id", "document_id"]),
    ("mentions", ["document_id"]),
    ("entity_aliases", ["entity_id"]),
    ("entities", ["name"]),
    ("contracts", ["supplier_id"]),
    ("contracts", ["buyer_id"]),
    ("contracts", ["document_id"]),
    ("meetings", ["source_id", "date"]),
    ("agenda_items", ["meeting_id"]),
    ("attendance", ["meeting_id"]),
    ("fetch_errors", ["run_id"]),
]

FTS_COLUMNS = ["title", "text"]


def now_iso() -> str:
    """The current UTC time as ISO 8601 with seconds, the one format every table uses."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def slugify(text: str) -> str:
    """A lower-case ASCII slug: 'Amberline Services Ltd' -> 'amberline-services-ltd'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def stable_id(*parts: object) -> str:
    """A short deterministic id from its parts, so the same thing always gets the same key."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def entity_id(entity_type: str, name: str) -> str:
    """Entities are keyed by type and canonical name, readable in URLs: 'company:amberline'."""
    return f"{entity_type}:{slugify(name)}"


def open_db(path: str | Path = DEFAULT_DB) -> sqlite_utils.Database:
    """Open (creating if needed) a Localwatch database with the full schema in place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL still never corrupts the database; a power cut can only lose the
    # last few commits, which the next crawl fetches again. FULL would sync every document.
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, columns, indexes and the full-text index; safe to run every time."""
    for name, spec in TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(
                spec["columns"],
                pk=spec["pk"],
                not_null=spec.get("not_null"),
                foreign_keys=spec.get("foreign_keys"),
            )
        else:
            existing = set(table.columns_dict)
            for column, column_type in spec["columns"].items():
                if column not in existing:
                    table.add_column(column, column_type)
    for table_name, columns in INDEXES:
        db[table_name].create_index(columns, if_not_exists=True)
    if not db["documents"].detect_fts():
        db["documents"].enable_fts(FTS_COLUMNS, create_triggers=True, tokenize="porter")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def upsert_source(db: sqlite_utils.Database, source: Mapping[str, Any]) -> str:
    """Record a configured source; returns its id (the slug of its name)."""
    source_id = slugify(source["name"])
    settings = {
        key: value for key, value in source.items() if key not in {"name", "kind", "type", "url"}
    }
    existing = next(db["sources"].rows_where("id = ?", [source_id], select="added_at"), None)
    db["sources"].upsert(
        {
            "id": source_id,
            "name": source["name"],
            "kind": source["kind"],
            "type": source["type"],
            "url": source["url"],
            "settings": json.dumps(settings, sort_keys=True, default=str),
            "added_at": existing["added_at"] if existing else now_iso(),
        },
        pk="id",
    )
    return source_id


@dataclass
class Run:
    """A `runs` row in progress: the command fills in `stats` and, if need be, `status`."""

    id: int
    stats: dict[str, Any] = field(default_factory=dict)
    status: str = "ok"


@contextmanager
def recorded_run(db: sqlite_utils.Database, command: str) -> Iterator[Run]:
    """Record a command in `runs`: running while it works, then ok, or failed with the error."""
    run = Run(
        db["runs"]
        .insert({"command": command, "started_at": now_iso(), "status": "running"})
        .last_pk
    )
    try:
        yield run
    except BaseException as error:
        finish_run(db, run.id, run.stats, status="failed", error=repr(error))
        raise
    finish_run(db, run.id, run.stats, status=run.status)


def finish_run(
    db: sqlite_utils.Database,
    run_id: int,
    stats: Mapping[str, Any],
    status: str = "ok",
    error: str | None = None,
) -> None:
    db["runs"].update(
        run_id,
        {
            "finished_at": now_iso(),
            "status": status,
            "stats": json.dumps(stats, sort_keys=True, default=str),
            "error": error,
        },
    )


def document_id(url: str) -> str:
    """Documents are keyed by URL: the same page fetched again updates its row."""
    return stable_id("document", url)


def save_document(db: sqlite_utils.Database, document: Mapping[str, Any]) -> tuple[str, str]:
    """Insert or update one document; returns (id, outcome): "new", "changed" or "unchanged".

    A document whose text is unchanged keeps its tags; a changed one is marked untagged so
    the next `tag` run redoes it.
    """
    doc_id = document_id(document["url"])
    row = dict(document, id=doc_id, text_hash=sha256(document["text"]))
    table = db["documents"]
    previous = next(table.rows_where("id = ?", [doc_id], select="text_hash, tagged_at"), None)
    if previous is None:
        outcome = "new"
    elif previous["text_hash"] == row["text_hash"]:
        outcome = "unchanged"
        row["tagged_at"] = previous["tagged_at"]
    else:
        outcome = "changed"
        row["tagged_at"] = None
    with db.conn:
        if outcome != "unchanged":
            link_duplicates(db, row)
        table.upsert(row, pk="id", alter=True)
    return doc_id, outcome


# Share of the shorter text's word 5-grams found in the other: a reprint with an added
# credit line or a trimmed ending still scores well above this; two reports of one event
# in different words score far below it.
NEAR_DUPLICATE_CONTAINMENT = 0.8
SHINGLE_WORDS = 5


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def link_duplicates(db: sqlite_utils.Database, row: dict[str, Any]) -> None:
    """Set `duplicate_of` between this document and any copy of it already stored.

    A copy is the page its canonical link names, or a document of the same title from
    another source with near-identical text. The earlier-published one is the original:
    crawls run sources side by side, so a reprint can arrive before its original.
    """
    canonical = row.get("canonical_url")
    if canonical and canonical != row["url"]:
        original_id = document_id(canonical)
        if db["documents"].count_where("id = ?", [original_id]):
            row["duplicate_of"] = original_id
            return
    if not row.get("title"):
        return
    candidates = db["documents"].rows_where(
        "title = ? and source_id != ? and id != ? and duplicate_of is null",
        [row["title"], row["source_id"], row["id"]],
        select="id, text, published",
    )
    mine = shingles(row["text"])
    for candidate in candidates:
        theirs = shingles(candidate["text"])
        if len(mine & theirs) / max(1, min(len(mine), len(theirs))) < NEAR_DUPLICATE_CONTAINMENT:
            continue
        if (candidate["published"] or "") <= (row.get("published") or ""):
            row["duplicate_of"] = candidate["id"]
        else:
            db["documents"].update(candidate["id"], {"duplicate_of": row["id"]})
        return


def mark_crawled(db: sqlite_utils.Database, source_id: str) -> None:
    """Note when a source was last crawled, so a source gone quiet can be spotted."""
    db["sources"].update(source_id, {"last_crawled_at": now_iso()})


def record_fetch_error(
    db: sqlite_utils.Database,
    *,
    source_id: str | None,
    url: str,
    stage: str,
    reason: str,
    http_status: int | None = None,
    run_id: int | None = None,
) -> None:
    """Keep a failure a person can act on; the same failure in the same run is kept once."""
    db["fetch_errors"].upsert(
        {
            "id": stable_id(run_id, url, stage),
            "run_id": run_id,
            "source_id": source_id,
            "url": url,
            "stage": stage,
            "reason": reason,
            "http_status": http_status,
            "occurred_at": now_iso(),
        },
        pk="id",
    )


def save_meeting(db: sqlite_utils.Database, meeting: Mapping[str, Any]) -> str:
    """Upsert a meeting with its agenda items and attendance; returns the meeting id.

    `meeting` carries `items` and `attendees` lists beside the meeting's own columns; its id
    is built from the source and the council's own meeting id.
    """
    meeting_id = f"{meeting['source_id']}:{meeting['meeting_key']}"
    row = {k: v for k, v in meeting.items() if k not in {"items", "attendees", "meeting_key"}}
    with db.conn:
        db["meetings"].upsert(dict(row, id=meeting_id), pk="id", alter=True)
        for item in meeting.get("items", []):
            db["agenda_items"].upsert(
                dict(item, id=f"{meeting_id}:{item['key']}", meeting_id=meeting_id),
                pk="id",
                alter=True,
            )
        for attendee in meeting.get("attendees", []):
            db["attendance"].upsert(
                dict(
                    attendee, id=f"{meeting_id}:{slugify(attendee['name'])}", meeting_id=meeting_id
                ),
                pk="id",
                alter=True,
            )
    return meeting_id


def save_tags(
    db: sqlite_utils.Database,
    doc_id: str,
    mentions: Iterable[Mapping[str, Any]],
    contracts: Iterable[Mapping[str, Any]],
    tagger_version: str,
) -> None:
    """Replace one document's mentions and contracts in a single transaction.

    Each mention has `text`, `label` (the entity type), `canonical`, `start`, `end` and
    `sentence`; each contract has `description`, `supplier`, `buyer`, `value_gbp`,
    `duration_years`, `evidence`, `start` and `end` (supplier and buyer are canonical names).
    """
    with db.conn:
        db["mentions"].delete_where("document_id = ?", [doc_id])
        db["contracts"].delete_where("document_id = ?", [doc_id])
        types_by_name: dict[str, str] = {}
        for mention in mentions:
            ent_id = entity_id(mention["label"], mention["canonical"])
            types_by_name[mention["canonical"]] = mention["label"]
            db["entities"].upsert(
                {"id": ent_id, "name": mention["canonical"], "type": mention["label"]}, pk="id"
            )
            db["entity_aliases"].upsert(
                {"alias": mention["text"], "entity_id": ent_id}, pk=("alias", "entity_id")
            )
            db["mentions"].insert(
                {
                    "id": stable_id(doc_id, mention["start"], mention["end"]),
                    "document_id": doc_id,
                    "entity_id": ent_id,
                    "text": mention["text"],
                    "label": mention["label"],
                    "start": mention["start"],
                    "end": mention["end"],
                    "sentence": mention["sentence"],
                },
                replace=True,
            )
        for contract in contracts:
            party_ids = {
                role: entity_id(types_by_name[contract[role]], contract[role])
                if contract.get(role) in types_by_name
                else None
                for role in ("supplier", "buyer")
            }
            db["contracts"].insert(
                dict(
                    contract,
                    # One sentence can name two contracts ("£320m with A and £275m with B").
                    id=stable_id(
                        doc_id,
                        contract["start"],
                        contract["end"],
                        contract["supplier"],
                        contract["value_gbp"],
                    ),
                    document_id=doc_id,
                    supplier_id=party_ids["supplier"],
                    buyer_id=party_ids["buyer"],
                ),
                replace=True,
                alter=True,
            )
        db["documents"].update(doc_id, {"tagged_at": now_iso(), "tagger_version": tagger_version})


def prune_entities(db: sqlite_utils.Database) -> int:
    """Remove entities no mention or contract refers to any more (after a retag); returns
    how many went."""
    orphans = """id NOT IN (SELECT entity_id FROM mentions)
        AND id NOT IN (SELECT supplier_id FROM contracts WHERE supplier_id IS NOT NULL)
        AND id NOT IN (SELECT buyer_id FROM contracts WHERE buyer_id IS NOT NULL)"""
    with db.conn:
        gone = db["entities"].count_where(orphans)
        db["entity_aliases"].delete_where(f"entity_id IN (SELECT id FROM entities WHERE {orphans})")
        db["entities"].delete_where(orphans)
    return gone


def table_counts(db: sqlite_utils.Database, tables: Iterable[str] | None = None) -> dict[str, int]:
    """Row counts per table, for the demo's and the run's summaries."""
    return {name: db[name].count for name in (tables or TABLES)}
