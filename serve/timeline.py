"""An entity's timeline as rows and as CSV, for the CLI's export.

It runs the same SQL as Datasette's `entity_timeline` canned query (serve/queries.py), but
without Datasette's row cap or time limit, so an export is always complete.
"""

from __future__ import annotations

import csv
import difflib
from typing import Any, TextIO

import sqlite_utils

from serve.queries import ENTITY_TIMELINE, entities_named

COLUMNS = ("date", "source", "source_kind", "title", "url", "sentence", "mention", "entity")


def timeline_rows(db: sqlite_utils.Database, name: str) -> list[dict[str, Any]]:
    """Every dated mention of the entity called `name` (canonical or alias), oldest first.

    Raises LookupError, suggesting close names, when no entity or alias is called `name`.
    """
    if not _is_known(db, name):
        raise LookupError(_unknown_message(db, name))
    return [dict(row) for row in db.query(ENTITY_TIMELINE.sql, {"name": name})]


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    """Write rows as RFC 4180 CSV: header row, CRLF line ends, every awkward field quoted.

    Open `out` with newline="" and encoding="utf-8" so the CRLFs and "£" survive as written.
    """
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)


def _is_known(db: sqlite_utils.Database, name: str) -> bool:
    # The same `target` CTE as the timeline, so "known" and "matched by the timeline" can
    # never mean different things.
    sql = entities_named("name") + "\nselect 1 from target limit 1"
    return bool(list(db.query(sql, {"name": name})))


def _unknown_message(db: sqlite_utils.Database, name: str) -> str:
    names = [row["name"] for row in db.query("select name from entities")]
    names += [row["alias"] for row in db.query("select alias from entity_aliases")]
    by_lower = {known.lower(): known for known in names}
    close = difflib.get_close_matches(name.strip().lower(), by_lower, n=5, cutoff=0.6)
    message = f"No entity or alias called {name!r}."
    if close:
        message += " Did you mean: " + ", ".join(repr(by_lower[match]) for match in close) + "?"
    return message
