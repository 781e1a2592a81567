"""The database as each stage writes it: stable keys, no duplicate rows, copies linked."""

from __future__ import annotations

import pytest

import store

REPORT = (
    "Kestrelford Council's cabinet agreed on Thursday to extend the street lighting contract "
    "with Lumen Fields Ltd for another three years at a cost of £4.2 million, despite "
    "objections from residents in Heathside who say the new lamps are too bright. "
) * 3


@pytest.fixture
def db(tmp_path):
    db = store.open_db(tmp_path / "t.db")
    for name, kind in (("Chronicle", "press"), ("Campaign blog", "blog")):
        store.upsert_source(db, {"name": name, "kind": kind, "type": "feed", "url": "http://x"})
    return db


def document(source: str, url: str, text: str = REPORT, **fields) -> dict:
    return {"source_id": source, "url": url, "title": "Lights stay on", "text": text, **fields}


def test_saving_the_same_page_again_reports_unchanged_and_adds_no_row(db):
    assert store.save_document(db, document("chronicle", "http://p/1"))[1] == "new"
    assert store.save_document(db, document("chronicle", "http://p/1"))[1] == "unchanged"
    assert db["documents"].count == 1


def test_an_edited_page_is_marked_for_tagging_again(db):
    doc_id, _ = store.save_document(db, document("chronicle", "http://p/1"))
    store.save_tags(db, doc_id, [], [], "test/1")
    assert (
        store.save_document(db, document("chronicle", "http://p/1", REPORT + "Updated."))[1]
        == "changed"
    )
    assert db["documents"].get(doc_id)["tagged_at"] is None


@pytest.mark.parametrize("reprint_first", [False, True])
def test_a_reprint_on_another_site_points_at_the_original(db, reprint_first):
    original = document("chronicle", "http://p/1", published="2025-03-01T09:00:00+00:00")
    reprint = document(
        "campaign-blog",
        "http://b/1",
        "This article first appeared in the Chronicle. " + REPORT,
        published="2025-03-02T10:00:00+00:00",
    )
    for row in (reprint, original) if reprint_first else (original, reprint):
        store.save_document(db, row)
    rows = {row["url"]: row for row in db["documents"].rows}
    assert rows["http://b/1"]["duplicate_of"] == rows["http://p/1"]["id"]
    assert rows["http://p/1"]["duplicate_of"] is None


def test_a_different_story_with_the_same_headline_is_not_a_copy(db):
    store.save_document(db, document("chronicle", "http://p/1"))
    other = "Residents packed the hall to hear the council explain its plans for lamps. " * 4
    store.save_document(db, document("campaign-blog", "http://b/1", other))
    assert {row["duplicate_of"] for row in db["documents"].rows} == {None}


def test_a_canonical_link_names_the_original(db):
    store.save_document(db, document("chronicle", "http://p/1"))
    store.save_document(
        db, document("campaign-blog", "http://b/1", "Short teaser.", canonical_url="http://p/1")
    )
    assert db["documents"].get(store.document_id("http://b/1"))["duplicate_of"] == (
        store.document_id("http://p/1")
    )


def test_a_crashed_command_is_recorded_as_failed(db):
    with pytest.raises(RuntimeError), store.recorded_run(db, "tag") as run:
        run.stats = {"documents": 3}
        raise RuntimeError("model missing")
    (row,) = db["runs"].rows
    assert (row["status"], row["error"]) == ("failed", "RuntimeError('model missing')")
    assert row["finished_at"]


def test_opening_an_existing_database_adds_missing_columns(tmp_path):
    path = tmp_path / "old.db"
    old = store.open_db(path)
    old["documents"].transform(drop={"duplicate_of"})
    old.close()
    assert "duplicate_of" in store.open_db(path)["documents"].columns_dict
