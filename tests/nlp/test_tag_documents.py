"""Tagging stored documents into a real SQLite database."""

import pytest

import store
from nlp.model import tagger_version
from nlp.tag import split_text, tag_documents

ARTICLE = (
    "Brackley Borough Council has awarded a ten-year, £85m Highways contract to Tolland "
    "Group plc.\n\n"
    "Councillor Margaret Selby said the deal would save money. Ms Selby added that Tolland "
    "had promised new jobs."
)
NOTICE = "Towpathwalker asked BAC members to attend the meeting at the town hall."


@pytest.fixture
def db(tmp_path):
    db = store.open_db(tmp_path / "tags.db")
    store.upsert_source(db, {"name": "Brackley Post", "kind": "press", "type": "rss", "url": "x"})
    for number, text in enumerate([ARTICLE, NOTICE]):
        url = f"https://post.example/{number}"
        store.save_document(db, {"source_id": "brackley-post", "url": url, "text": text})
    return db


def table_rows(db):
    tables = ("entities", "entity_aliases", "mentions", "contracts")
    return {name: db[name].count for name in tables}


def test_mentions_are_saved_with_their_sentence_and_exact_offsets(db, nlp):
    figures = tag_documents(db, nlp)
    assert figures["documents"] == 2 and figures["contracts"] == 1
    assert figures["mentions"] == db["mentions"].count
    texts = {row["id"]: row["text"] for row in db["documents"].rows}
    for mention in db["mentions"].rows:
        text = texts[mention["document_id"]]
        assert text[mention["start"] : mention["end"]] == mention["text"]
        assert mention["text"] in mention["sentence"] and mention["sentence"] in text
    selby = list(db["mentions"].rows_where("entity_id = ?", ["person:margaret-selby"]))
    assert [m["text"] for m in selby] == ["Margaret Selby", "Selby"]


def test_contracts_link_to_their_supplier_and_buyer_entities(db, nlp):
    tag_documents(db, nlp)
    (contract,) = db["contracts"].rows
    assert contract["supplier_id"] == "company:tolland-group-plc"
    assert contract["buyer_id"] == "public_body:brackley-borough-council"
    assert (contract["value_gbp"], contract["duration_years"]) == (85_000_000, 10)
    assert ARTICLE[contract["start"] : contract["end"]] == contract["evidence"]


def test_documents_are_stamped_with_the_tagger_version(db, nlp):
    tag_documents(db, nlp)
    versions = {row["tagger_version"] for row in db["documents"].rows}
    assert versions == {tagger_version(nlp)}
    assert all(row["tagged_at"] for row in db["documents"].rows)


def test_tagging_again_tags_nothing_new(db, nlp):
    tag_documents(db, nlp)
    before = table_rows(db)
    assert tag_documents(db, nlp)["documents"] == 0
    assert table_rows(db) == before


def test_retagging_replaces_rows_without_duplicating(db, nlp):
    tag_documents(db, nlp)
    before = table_rows(db)
    assert tag_documents(db, nlp, retag="all")["documents"] == 2
    assert table_rows(db) == before


def test_retag_redoes_only_what_an_older_tagger_did(db, nlp):
    tag_documents(db, nlp)
    old_id = next(db["documents"].rows)["id"]
    db["documents"].update(old_id, {"tagger_version": "localwatch-nlp/0 older_model/1.0"})
    assert tag_documents(db, nlp, retag="outdated")["documents"] == 1
    assert {row["tagger_version"] for row in db["documents"].rows} == {tagger_version(nlp)}


def test_entities_no_longer_mentioned_are_removed_after_a_retag(db, nlp):
    tag_documents(db, nlp)
    db["entities"].insert({"id": "other_org:chair-date", "name": "Chair Date", "type": "other_org"})
    db["entity_aliases"].insert({"alias": "Chair Date", "entity_id": "other_org:chair-date"})
    tag_documents(db, nlp, retag="all")
    assert db["entities"].count_where("name = 'Chair Date'") == 0
    assert db["entity_aliases"].count_where("alias = 'Chair Date'") == 0


def test_limit_tags_only_that_many(db, nlp):
    assert tag_documents(db, nlp, limit=1)["documents"] == 1
    assert tag_documents(db, nlp)["documents"] == 1


def test_a_changed_document_is_tagged_again(db, nlp):
    tag_documents(db, nlp)
    store.save_document(
        db, {"source_id": "brackley-post", "url": "https://post.example/1", "text": ARTICLE}
    )
    assert tag_documents(db, nlp)["documents"] == 1


def test_split_text_cuts_at_paragraphs_and_keeps_offsets():
    text = "\n\n".join(f"Paragraph {n} " + "word " * 30 for n in range(40))
    pieces = split_text(text, limit=1_000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1_000 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.startswith("Paragraph") for _, piece in pieces)


def test_split_text_cuts_a_paragraph_longer_than_the_limit_at_a_space():
    text = "word " * 1_000
    pieces = split_text(text, limit=1_000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece.startswith("word") for _, piece in pieces)


def test_a_huge_document_is_tagged_in_pieces_with_offsets_into_the_whole(db, nlp):
    # A 1.5 MB minutes document: over spaCy's 1,000,000-character limit. Most of it is a
    # printed appendix of ledger codes, long single tokens as PDF tables come out: the
    # model's time goes by tokens (about 5,000 a second here), and 1.5 MB of prose would
    # take a minute. Prose at both ends checks the offsets after many pieces.
    appendix_row = "BRKREV0000000001ACCOUNTSPAYABLELEDGER202526 " * 20 + "\n\n"
    text = ARTICLE + "\n\n" + appendix_row * (1_500_000 // len(appendix_row) + 1) + ARTICLE
    assert len(text) > 1_500_000
    store.save_document(
        db, {"source_id": "brackley-post", "url": "https://post.example/minutes", "text": text}
    )
    assert tag_documents(db, nlp)["documents"] == 3
    doc_id = store.document_id("https://post.example/minutes")
    mentions = list(db["mentions"].rows_where("document_id = ?", [doc_id]))
    last = max(mentions, key=lambda m: m["start"])
    assert last["start"] > 1_500_000
    assert all(text[m["start"] : m["end"]] == m["text"] for m in mentions)
