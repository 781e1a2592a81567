"""Names known beyond one document: people a surname alone stands for, places that are no
entities, from the alias files and from what `tag_documents` reads in the database."""

from pathlib import Path

import pytest

import store
from nlp.components import EntityTyper, make_entities
from nlp.extensions import ENTITIES_KEY
from nlp.model import load_nlp
from nlp.names import KnownNames, NameRules
from nlp.rules import DEFAULT_ALIAS_FILES, PATTERNS_DIR
from nlp.tag import tag_documents

RULES = NameRules.from_file(PATTERNS_DIR / "entities.toml")
TEST_ALIASES = Path(__file__).with_name("aliases.toml")

ALIASES = """
[[entity]]
name = "Angela Moreby"
type = "person"
aliases = ["Councillor Angela Moreby"]

[[entity]]
name = "Brackley Borough Council"
type = "public_body"
aliases = ["London Borough of Brackley"]

[[entity]]
name = "Green Party"
type = "other_org"
model_aliases = ["Green"]

[[place]]
name = "Kestrel Green"
aliases = ["Kestrel Green ward"]
"""


def test_alias_files_give_people_places_and_words_only_the_model_may_mark(tmp_path):
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(ALIASES)
    known = KnownNames.from_alias_files([aliases], RULES)
    assert known.people.candidates("Moreby") == {"Angela Moreby"}
    assert known.people.candidates("Angela") == {"Angela Moreby"}
    assert known.places == {"Kestrel Green", "Kestrel Green ward", "Brackley"}
    assert known.words == {"Green": ("other_org", "Green Party")}


@pytest.fixture
def typer(nlp) -> EntityTyper:
    """An entities component of its own: the people it learns stay in the test."""
    alias_files = [str(path) for path in DEFAULT_ALIAS_FILES]
    return make_entities(
        nlp, "localwatch_entities", str(PATTERNS_DIR / "entities.toml"), alias_files
    )


def found(nlp, typer: EntityTyper, text: str) -> set[tuple[str, str, str]]:
    doc = typer(nlp(text))
    return {(span.text, span.label_, span.id_) for span in doc.spans[ENTITIES_KEY]}


def test_a_surname_alone_is_the_one_known_person_of_that_name(nlp, typer):
    assert found(nlp, typer, "Moreby said the report was late.") == {
        ("Moreby", "other_org", "Moreby")
    }
    typer.add_known_people(["Councillor Angela Moreby"])
    assert found(nlp, typer, "Moreby said the report was late.") == {
        ("Moreby", "person", "Angela Moreby")
    }


def test_surnames_after_a_plural_title_are_known_people(nlp, typer):
    typer.add_known_people(["Sarah Bexley", "Dominic Fane"])
    assert found(nlp, typer, "Councillors Bexley and Fane voted against.") == {
        ("Bexley", "person", "Sarah Bexley"),
        ("Fane", "person", "Dominic Fane"),
    }


def test_a_surname_two_known_people_share_stays_a_surname(nlp, typer):
    typer.add_known_people(["Angela Moreby", "Tom Moreby"])
    assert found(nlp, typer, "Councillor Moreby said the report was late.") == {
        ("Moreby", "person", "Moreby")
    }


def test_the_document_s_own_people_come_before_the_known_ones(nlp, typer):
    typer.add_known_people(["Margaret Selby"])
    text = "Margaret Selby and Arthur Selby both spoke. Selby was applauded."
    assert ("Selby", "person", "Selby") in found(nlp, typer, text)


def test_a_one_word_person_no_known_name_fits_is_dropped(nlp, typer):
    assert found(nlp, typer, "Councillors Bexley and Fane voted against.") == {
        ("Bexley", "person", "Bexley")
    }


def test_added_places_are_not_entities(nlp, typer):
    typer.add_places(["Heathside"])
    assert found(nlp, typer, "Heathside will elect two councillors.") == set()


def test_tag_documents_learns_people_and_wards_from_the_database(tmp_path):
    # A pipeline of its own: tag_documents teaches it the people it meets.
    nlp = load_nlp(aliases=[TEST_ALIASES])
    db = store.open_db(tmp_path / "known.db")
    source = store.upsert_source(
        db, {"name": "Brackley Council", "kind": "council", "type": "files", "url": "x"}
    )
    renwick = {"name": "Councillor Paul Renwick", "party": "Labour", "ward": "Fenwick"}
    store.save_meeting(db, {"source_id": source, "meeting_key": "1", "attendees": [renwick]})
    texts = [
        "Moreby objected to the plan.",
        "Councillor Angela Moreby chaired the meeting.",
        "Renwick said Fenwick deserved better.",
    ]
    for number, text in enumerate(texts):
        store.save_document(db, {"source_id": source, "url": f"x:{number}", "text": text})
    figures = tag_documents(db, nlp)
    aliases = {(row["alias"], row["entity_id"]) for row in db["entity_aliases"].rows}
    assert aliases == {
        ("Moreby", "person:angela-moreby"),
        ("Angela Moreby", "person:angela-moreby"),
        ("Renwick", "person:paul-renwick"),
    }
    assert (figures["documents"], figures["mentions"], figures["entities"]) == (3, 3, 2)
