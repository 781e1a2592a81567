"""Precision of the entities the tagger stores for the demo borough: they should be the cast,
the councillors and committees of the council's register, and the parties, with little
else. Measured on the same tagged database as test_demo_corpus (recall is asserted there).
"""

from __future__ import annotations

from collections import Counter

import pytest
from demo_corpus import DEMO, demo_exists, read_toml

from nlp.rules import PARTIES, alias_entities

# Floor: raise it when the tagger gets better, never lower it quietly.
PRECISION = 0.95

# Noise the tagger once stored as entities, none of which may come back.
JUNK = {
    # Words, headings and rules.
    "Chair", "Chair Date", "Appendix B", "Abstentions 2", "Turnout", "Madam", "May", "bin",
    "Delay", "Lead", "I", "Elections", "Customer", "Finance", "Blogger", "Audit Letter",
    "External Auditor", "Head of Internal Audit", "Revenue Budget and", "Winter Shelter",
    "Contract Management Update", "Freedom of Information", "FOI", "TUPE", "London Living Wage",
    "Pensioner Doreen Askew",
    # Contracts, programmes and reports.
    "Customer and Support Services Contract", "Support Services Contract Variation",
    "Development and Regulatory Services Contract", "Kestrelford 2030",
    "Kestrelford 2030 Procurement", "Future Delivery of Council Services", "Support Services",
    # Places.
    "Kestrelford", "Heathside", "Kestrel Green", "Alder Park", "Riverside North", "St Anne",
    "Millbrook Community Centre", "Kestrelford Town Hall", "Council Chamber",
    # Parties split or under another name.
    "Labour", "Liberal", "Green",
    # People by one name, or after a plural title.
    "Moreby", "Renwick", "Garside", "Pike", "Lukas", "Fane", "Whitcombe", "Harrow", "Gwen",
    "Priya", "Councillors Bexley", "Councillors Asante", "Councillors Fane",
    # Roles, and councils by no name of their own.
    "Chair of the Audit Committee", "Kestrelford's Audit Committee", "Council",
    "Revenue Budget and Council",
}  # fmt: skip

# Surnames the demo uses alone, each of one councillor only.
SURNAMES = {
    "Moreby": "Angela Moreby",
    "Renwick": "Paul Renwick",
    "Garside": "Neil Garside",
    "Pike": "Rosalind Pike",
    "Lukas": "Maria Lukas",
    "Fane": "Dominic Fane",
    "Whitcombe": "Claire Whitcombe",
    "Harrow": "Ben Harrow",
    "Bexley": "Sarah Bexley",
    "Asante": "Kwame Asante",
}

pytestmark = pytest.mark.skipif(
    not demo_exists(), reason="the demo borough has not been written yet"
)


def known_names() -> set[str]:
    """The cast's names and aliases, the councillors and committees of the register, and
    the parties' canonical names."""
    borough = read_toml(DEMO / "borough.toml")
    register = read_toml(DEMO / "council" / "committees.toml")
    cast = [
        entry
        for group in ("person", "company", "public_body", "other_org")
        for entry in borough[group]
    ]
    return {
        *(form for entry in cast for form in (entry["name"], *entry.get("aliases", []))),
        *(member["name"].removeprefix("Councillor ") for member in register["member"]),
        *(committee["title"] for committee in register["committee"]),
        *(party["name"] for party in alias_entities(PARTIES)),
    }


def mentions_by_entity(db) -> Counter[tuple[str, str]]:
    rows = db.execute(
        "SELECT e.name, e.type, count(*) FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "GROUP BY e.id"
    )
    return Counter({(name, entity_type): count for name, entity_type, count in rows})


def test_nearly_every_mention_is_of_a_known_entity(demo_tagged):
    mentions = mentions_by_entity(demo_tagged[1])
    known = known_names()
    strays = {entity: n for entity, n in mentions.items() if entity[0] not in known}
    precision = 1 - sum(strays.values()) / mentions.total()
    print(f"\nprecision {precision:.3f} over {len(mentions)} entities; strays {strays}")
    assert precision >= PRECISION, strays


def test_no_junk_name_is_stored_as_an_entity(demo_tagged):
    names = {row["name"] for row in demo_tagged[1]["entities"].rows}
    assert not names & JUNK


def test_parties_are_organisations_under_their_canonical_names(demo_tagged):
    entities = {(row["name"], row["type"]) for row in demo_tagged[1]["entities"].rows}
    parties = {"Conservative Party", "Labour Party", "Liberal Democrats", "Green Party"}
    assert {(party, "other_org") for party in parties} <= entities


def test_a_surname_alone_is_the_one_councillor_of_that_name(demo_tagged):
    rows = demo_tagged[1].execute(
        "SELECT a.alias, e.name FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
    )
    found = {alias: name for alias, name in rows if alias in SURNAMES}
    assert found == SURNAMES


def test_no_sentence_runs_over_a_line_break(demo_tagged):
    # Articles come as extracted from web pages: the headline and the paragraphs on
    # consecutive lines. A mention's sentence must not take in the line above it.
    rows = demo_tagged[1].execute("SELECT sentence FROM mentions WHERE instr(sentence, char(10))")
    assert not rows.fetchall()
