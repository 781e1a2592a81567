"""The tagger over the whole demo borough, read straight from data/demo: recall over the cast
in borough.toml, and every contract with its value and duration.

Measured twice: with the demo's aliases file (as `pipeline.py demo` runs), and with the
model and generic rules alone, to keep an eye on what the aliases are doing for us.
"""

from __future__ import annotations

import pytest
from demo_corpus import DEMO, demo_exists, read_toml, tagged_demo

CAST_GROUPS = ("person", "company", "public_body", "other_org")

# Floors: raise them when the tagger gets better, never lower them quietly.
RECALL_WITH_ALIASES = 0.90
RECALL_WITHOUT_ALIASES = 0.80

pytestmark = pytest.mark.skipif(
    not demo_exists(), reason="the demo borough has not been written yet"
)


@pytest.fixture(scope="module")
def without_aliases(tmp_path_factory):
    return tagged_demo(tmp_path_factory.mktemp("without") / "demo.db", [])


def cast() -> list[tuple[str, str]]:
    borough = read_toml(DEMO / "borough.toml")
    return [(entry["name"], group) for group in CAST_GROUPS for entry in borough.get(group, [])]


def recall(db) -> tuple[float, list[tuple[str, str]]]:
    found = {(row["name"], row["type"]) for row in db["entities"].rows}
    missed = [member for member in cast() if member not in found]
    return 1 - len(missed) / len(cast()), missed


def test_the_cast_is_found_with_the_right_types(demo_tagged):
    figures, db = demo_tagged
    score, missed = recall(db)
    print(f"\nrecall with aliases {score:.0%}; {figures}")
    assert score >= RECALL_WITH_ALIASES, missed


def test_most_of_the_cast_is_found_by_the_model_and_rules_alone(without_aliases):
    figures, db = without_aliases
    score, missed = recall(db)
    print(f"\nrecall without aliases {score:.0%}; missed {missed}")
    assert score >= RECALL_WITHOUT_ALIASES, missed


def matching_contracts(db) -> list[tuple[dict, list[dict]]]:
    """Each contract in borough.toml with the rows found for its supplier and value."""
    found = list(db["contracts"].rows)
    return [
        (
            contract,
            [
                row
                for row in found
                if row["supplier"] == contract["supplier"]
                and row["value_gbp"] == pytest.approx(contract["value_gbp"])
                and row["buyer"] == contract["buyer"]
            ],
        )
        for contract in read_toml(DEMO / "borough.toml")["contract"]
    ]


def test_every_contract_is_found_with_its_value_and_duration(demo_tagged):
    _, db = demo_tagged
    for contract, rows in matching_contracts(db):
        assert rows, f"no contract for {contract['supplier']} at £{contract['value_gbp']:,}"
        durations = [row["duration_years"] for row in rows]
        assert pytest.approx(contract["duration_years"]) in durations, (contract, rows)


def test_every_contract_value_is_found_by_the_model_and_rules_alone(without_aliases):
    # Durations are not asserted here: the one sentence giving the variation's nine years
    # names the supplier only as "Amberline", which the model alone does not tag.
    _, db = without_aliases
    for contract, rows in matching_contracts(db):
        assert rows, f"no contract for {contract['supplier']} at £{contract['value_gbp']:,}"


def test_every_mention_points_into_its_document(demo_tagged):
    _, db = demo_tagged
    texts = {row["id"]: row["text"] for row in db["documents"].rows}
    for row in db["mentions"].rows:
        assert texts[row["document_id"]][row["start"] : row["end"]] == row["text"]
