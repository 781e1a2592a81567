"""The CLI's timeline export: which mentions, in what order, and CSV a spreadsheet reads."""

from __future__ import annotations

import csv
import io

import pytest
import sqlite_utils
from kestrelford import AMBERLINE, AWARD, EXTENSION, QUOTE, UNDATED

from serve.timeline import COLUMNS, timeline_rows, write_csv

EXPECTED_AMBERLINE = [
    ("2019-03-14", "Kestrelford Courier", "press", AMBERLINE, AWARD),
    ("2020-06-02", "Kestrelford Watch", "blog", "Amberline", QUOTE),
    ("2021-01-20", "Kestrelford Council", "council", "Amberline", EXTENSION),
]


@pytest.fixture
def db(db_path) -> sqlite_utils.Database:
    return sqlite_utils.Database(db_path)


def summary(rows):
    return [
        (row["date"], row["source"], row["source_kind"], row["mention"], row["sentence"])
        for row in rows
    ]


@pytest.mark.parametrize("name", [AMBERLINE, "Amberline", "amberline services ltd", " AMBERLINE "])
def test_timeline_by_name_or_alias_lists_dated_mentions_oldest_first(db, name):
    rows = timeline_rows(db, name)
    assert summary(rows) == EXPECTED_AMBERLINE
    assert {row["entity"] for row in rows} == {AMBERLINE}
    assert list(rows[0]) == list(COLUMNS)


def test_undated_documents_never_reach_the_timeline(db):
    assert UNDATED not in {row["sentence"] for row in timeline_rows(db, AMBERLINE)}


def test_an_entity_with_one_mention_has_a_one_row_timeline(db):
    [row] = timeline_rows(db, "tom ashdown")
    assert (row["entity"], row["date"], row["title"]) == (
        "Tom Ashdown",
        "2020-06-02",
        "Bins, again",
    )


def test_unknown_name_raises_lookup_error_suggesting_close_names(db):
    with pytest.raises(LookupError) as error:
        timeline_rows(db, "Amberlime")
    message = str(error.value)
    assert "'Amberlime'" in message
    assert "'Amberline'" in message


def test_unknown_name_with_nothing_close_says_so_plainly(db):
    with pytest.raises(LookupError, match="No entity or alias called 'Zebra Holdings'") as error:
        timeline_rows(db, "Zebra Holdings")
    assert "Did you mean" not in str(error.value)


def test_csv_reads_back_to_the_same_rows_with_crlf_and_utf8(db):
    rows = timeline_rows(db, AMBERLINE)
    out = io.StringIO(newline="")
    write_csv(rows, out)
    raw = out.getvalue().encode("utf-8")

    assert raw.startswith(b"date,source,source_kind,title,url,sentence,mention,entity\r\n")
    assert "£4.2m".encode() in raw
    # Every record ends in CRLF; the only bare LF is the one inside the quoted sentence.
    assert raw.count(b"\r\n") == len(rows) + 1
    assert raw.replace(b"\r\n", b"").count(b"\n") == 1
    assert b'"Councillor Tom Ashdown said: ""Amberline, frankly,\nhas missed' in raw

    parsed = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert parsed == [{key: str(value) for key, value in row.items()} for row in rows]


def test_csv_of_an_empty_timeline_is_just_the_header():
    out = io.StringIO(newline="")
    write_csv([], out)
    assert out.getvalue() == ",".join(COLUMNS) + "\r\n"
