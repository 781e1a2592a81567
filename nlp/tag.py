"""Tag text and stored documents: who and what they mention, and the contracts they report."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

import sqlite_utils
from spacy.language import Language
from spacy.tokens import Doc

import store
from nlp.components import PARAGRAPH_BREAK, SHORT_NAME_TYPES
from nlp.contracts import sentence_text
from nlp.model import tagger_version

# Texts are cut into pieces no longer than this, at paragraph breaks where possible. spaCy
# refuses texts over `nlp.max_length` (1,000,000 characters), and the parser and NER need
# about 1 GB of memory per 100,000 characters, so a huge minutes PDF goes in pieces.
CHUNK_CHARS = 100_000

# People and places the database knows before a run: everyone tagged as a person, and the
# councillors and wards of the councils' own registers (the attendance of their meetings).
KNOWN_PEOPLE = "SELECT name FROM entities WHERE type = 'person' UNION SELECT name FROM attendance"
KNOWN_PLACES = "SELECT DISTINCT ward FROM attendance WHERE ward <> ''"

ENTITY_FIELDS = ("text", "label", "canonical", "start", "end")
CONTRACT_FIELDS = ("description", "supplier", "buyer", "value_gbp", "duration_years", "evidence")


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs covering `text`, each piece at most `limit` characters.

    Pieces end at paragraph breaks where possible, else at a line break or a space; a
    piece's offset is where it starts in `text`, so offsets found in it can be shifted back.
    """
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _last_break(window)
        pieces.append((start, text[start : start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _last_break(window: str) -> int:
    breaks = [m.end() for m in PARAGRAPH_BREAK.finditer(window)]
    # Only breaks in the second half: cutting earlier would make many tiny pieces.
    for candidates in (breaks, [window.rfind("\n") + 1], [window.rfind(" ") + 1]):
        usable = [cut for cut in candidates if cut > len(window) // 2]
        if usable:
            return max(usable)
    return len(window)


def tag_text(nlp: Language, text: str) -> dict[str, list[dict[str, Any]]]:
    """The entities and contracts in one text, as `pipeline.py tag --json` prints them."""
    ((_, mentions, contracts),) = _tag_stream(nlp, [(None, text)])
    return {
        "entities": [{field: m[field] for field in ENTITY_FIELDS} for m in mentions],
        "contracts": [{field: c[field] for field in CONTRACT_FIELDS} for c in contracts],
    }


# Which documents a run takes, by its `retag` argument.
RETAG_WHERE: dict[str | None, str | None] = {
    None: "tagged_at IS NULL",
    "outdated": "tagged_at IS NULL OR tagger_version IS NOT :version",
    "all": None,
}


def tag_documents(
    db: sqlite_utils.Database,
    nlp: Language,
    *,
    retag: str | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    limit: int | None = None,
) -> dict[str, Any]:
    """Tag the documents not yet tagged and save their tags.

    `retag="outdated"` also redoes documents tagged by another version of the tagger (see
    `tagger_version`); `retag="all"` redoes every document. Entities left with no mention
    afterwards are removed.

    A surname or first name used alone resolves to the one person of that name the
    pipeline knows: from the alias files, from the database (people tagged before, the
    councillors in meetings' attendance, whose wards are places), and from this run's
    documents. The pipeline keeps what it learns for its next run.

    Returns figures for the run: documents, mentions, entities (distinct), contracts, seconds.
    """
    started = time.perf_counter()
    version = tagger_version(nlp)
    # Ids first, texts one at a time: the query must not be open on the table being updated,
    # and only a batch of texts is ever in memory.
    where, params = RETAG_WHERE[retag], {"version": version}
    ids = [
        row["id"]
        for row in db["documents"].rows_where(
            where, params, select="id", order_by="id", limit=limit
        )
    ]
    entities = nlp.get_pipe("localwatch_entities")
    entities.add_known_people(row[0] for row in db.execute(KNOWN_PEOPLE))
    entities.add_places(row[0] for row in db.execute(KNOWN_PLACES))
    tagged: dict[str, Tagged] = {}
    short_named: list[str] = []
    learnt = 0
    for doc_id, mentions, contracts in _tag_stream(nlp, _texts(db, ids), batch_size, n_process):
        store.save_tags(db, doc_id, mentions, contracts, version)
        tagged[doc_id] = Tagged.of(mentions, contracts)
        people = (m["canonical"] for m in mentions if m["label"] == "person")
        learnt += entities.add_known_people(people)
        if any(_is_short_name(mention) for mention in mentions):
            short_named.append(doc_id)
    # A name used alone ("Moreby") may belong to someone named in full only in a document
    # tagged after it: once this run has learnt new people, such documents go again.
    if learnt:
        again = _tag_stream(nlp, _texts(db, short_named), batch_size, n_process)
        for doc_id, mentions, contracts in again:
            store.save_tags(db, doc_id, mentions, contracts, version)
            tagged[doc_id] = Tagged.of(mentions, contracts)
    store.prune_entities(db)
    return {
        "documents": len(tagged),
        "mentions": sum(row.mentions for row in tagged.values()),
        "contracts": sum(row.contracts for row in tagged.values()),
        "entities": len(set().union(*(row.entities for row in tagged.values()))),
        "seconds": round(time.perf_counter() - started, 2),
    }


class Tagged(NamedTuple):
    """What one document's tags add to a run's figures."""

    mentions: int
    contracts: int
    entities: set[tuple[str, str]]

    @classmethod
    def of(cls, mentions: list[dict[str, Any]], contracts: list[dict[str, Any]]) -> Tagged:
        return cls(len(mentions), len(contracts), {(m["label"], m["canonical"]) for m in mentions})


def _is_short_name(mention: dict[str, Any]) -> bool:
    return mention["label"] in SHORT_NAME_TYPES and " " not in mention["canonical"]


def _texts(db: sqlite_utils.Database, ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    for doc_id in ids:
        yield doc_id, db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]


def _tag_stream(
    nlp: Language,
    texts: Iterable[tuple[Any, str]],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[Any, list[dict[str, Any]], list[dict[str, Any]]]]:
    """(key, mentions, contracts) for each (key, text), with offsets into the whole text."""
    limit = min(CHUNK_CHARS, nlp.max_length)

    def pieces() -> Iterator[tuple[str, tuple[Any, int, bool]]]:
        for key, text in texts:
            parts = split_text(text, limit)
            for number, (offset, piece) in enumerate(parts, start=1):
                yield piece, (key, offset, number == len(parts))

    mentions: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    # nlp.pipe keeps input order, so the pieces of one text arrive together.
    for doc, (key, offset, last) in nlp.pipe(
        pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process
    ):
        mentions.extend(_mentions(doc, offset))
        contracts.extend(_contracts(doc, offset))
        if last:
            yield key, mentions, contracts
            mentions, contracts = [], []


def _mentions(doc: Doc, offset: int) -> Iterator[dict[str, Any]]:
    for span in doc._.localwatch_entities:
        yield {
            "text": span.text,
            "label": span.label_,
            "canonical": span.id_,
            "start": offset + span.start_char,
            "end": offset + span.end_char,
            "sentence": sentence_text(span.sent),
        }


def _contracts(doc: Doc, offset: int) -> Iterator[dict[str, Any]]:
    for contract in doc._.localwatch_contracts or ():
        yield dict(contract, start=offset + contract["start"], end=offset + contract["end"])
