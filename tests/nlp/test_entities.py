"""Who and what a text mentions: types, canonical names, aliases."""

import pytest

from nlp.names import NameRules
from nlp.rules import PATTERNS_DIR

RULES = NameRules.from_file(PATTERNS_DIR / "entities.toml")


def entities(result):
    return {(e["canonical"], e["label"]) for e in result["entities"]}


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Councillor Margaret Selby opened the meeting.", "Margaret Selby"),
        ("The motion was moved by Cllr Daniel Frome.", "Daniel Frome"),
        ("Mrs Eileen Castleton asked a question from the gallery.", "Eileen Castleton"),
        ("Dr Anil Mehra, the public health director, spoke last.", "Anil Mehra"),
        ("Sir Geoffrey Lumb declined to comment.", "Geoffrey Lumb"),
        ("Councillor Margaret Selby's amendment fell.", "Margaret Selby"),
        ("Pensioner Doreen Askew said she had waited an hour.", "Doreen Askew"),
    ],
)
def test_titles_and_possessives_are_stripped_from_people(tag, text, canonical):
    result = tag(text)
    assert (canonical, "person") in entities(result)
    for entity in result["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]


@pytest.mark.parametrize(
    ("name", "org_type"),
    [
        ("Fenwright Facilities Ltd", "company"),
        ("Harcourt Digital Limited", "company"),
        ("Tolland Group plc", "company"),
        ("Bexwell Audit LLP", "company"),
        ("Tolland Group", "company"),
        ("Grayfield Support Services", "company"),
        ("Brackley Borough Council", "public_body"),
        ("NHS Brackley Trust", "public_body"),
        ("Greater Brackley Combined Authority", "public_body"),
        ("Department for Education", "public_body"),
        ("Local Government and Social Care Ombudsman", "public_body"),
        ("Brackley Health and Care Partnership", "public_body"),
        ("Overview and Scrutiny Committee", "public_body"),
        ("Brackley Trades Council", "other_org"),
        ("Brackley Residents Forum", "other_org"),
        ("Unison", "other_org"),
    ],
)
def test_organisations_are_typed_by_their_name(name, org_type):
    assert RULES.org_type(name) == org_type


def test_organisations_in_text_get_types_and_lose_the_leading_the(tag):
    result = tag(
        "The Greater London Authority wrote to Brackley Borough Council about the "
        "Harcourt Digital Limited bid and the Brackley Trades Council campaign."
    )
    assert {
        ("Greater London Authority", "public_body"),
        ("Brackley Borough Council", "public_body"),
        ("Harcourt Digital Limited", "company"),
        ("Brackley Trades Council", "other_org"),
    } <= entities(result)


def test_a_public_body_pattern_finds_a_london_borough(tag):
    result = tag("The London Borough of Brackley published its accounts on Friday.")
    assert ("London Borough of Brackley", "public_body") in entities(result)


def test_a_surname_resolves_to_the_full_name_used_earlier(tag):
    result = tag(
        "Councillor Margaret Selby chaired the cabinet. Later, Ms Selby said the "
        "decision was final, and Selby left early."
    )
    people = [e for e in result["entities"] if e["label"] == "person"]
    assert [e["text"] for e in people] == ["Margaret Selby", "Selby", "Selby"]
    assert {e["canonical"] for e in people} == {"Margaret Selby"}


def test_a_shared_surname_is_left_alone(tag):
    result = tag("Margaret Selby and Arthur Selby both spoke. Selby was applauded.")
    assert ("Selby", "person") in entities(result)


def test_a_short_company_name_resolves_to_its_full_name_in_the_document(tag):
    result = tag(
        "Tolland Group plc runs the borough's bin collections. Residents say Tolland "
        "misses too many streets."
    )
    tolland = [e for e in result["entities"] if e["text"].startswith("Tolland")]
    assert {(e["canonical"], e["label"]) for e in tolland} == {("Tolland Group plc", "company")}


def test_pen_names_and_acronyms_resolve_through_the_aliases_file(tag):
    result = tag(
        "Towpathwalker, the borough's best-read blogger, joined BAC at the town hall, "
        "where Fenwright was under fire."
    )
    by_text = {e["text"]: (e["canonical"], e["label"]) for e in result["entities"]}
    assert by_text["Towpathwalker"] == ("Alan Mercer", "person")
    assert by_text["BAC"] == ("Brackley Against Cuts", "other_org")
    assert by_text["Fenwright"] == ("Fenwright Facilities Ltd", "company")


def test_an_alias_type_beats_the_rules(tag):
    # "Trades Council" ends in a public-body word; the aliases file says otherwise.
    result = tag("Kestrelford Trades Council will march on Saturday.")
    assert ("Kestrelford Trades Council", "other_org") in entities(result)


def test_a_service_name_before_contract_is_not_an_organisation(tag):
    result = tag("The Revenues and Benefits Services contract runs out in March.")
    assert not [e for e in result["entities"] if "Revenues" in e["text"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minutes were approved and signed by the Chair.", set()),
        ("Owen Pryce, Director of Finance, made his statement.", {("Owen Pryce", "person")}),
        ("The full figures are set out in Appendix B.", set()),
        ("The motion was carried: For 29, Against 20, Abstentions 2.", set()),
        (
            "Lena Hartigan presented the External Auditor's Annual Audit Letter.",
            {("Lena Hartigan", "person")},
        ),
        ("The Head of Internal Audit will report to the next meeting.", set()),
        ("Figures obtained under Freedom of Information show delays.", set()),
        ("Turnout was 38 per cent, up from 33 per cent in 2022.", set()),
        ('"Delay is not free," she said.', set()),
        ("Tolland Group plc runs the bin collections.", {("Tolland Group plc", "company")}),
        ("Kestrelford 2030: Future Delivery of Council Services", set()),
        (
            "Revenue Budget and Council Tax 2026/27\nCouncillor Priya Raman moved the budget.",
            {("Priya Raman", "person")},
        ),
    ],
)
def test_roles_headings_and_common_words_are_not_entities(tag, text, expected):
    assert entities(tag(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The meeting was held at Millbrook Community Centre, not Brackley Town Hall.", set()),
        (
            # The borough a council is named after is a place, not an organisation.
            "Brackley Borough Council said it was a new chapter for Brackley.",
            {("Brackley Borough Council", "public_body")},
        ),
        (
            "Brackley Borough Council published a report. Brackley's Audit Committee met.",
            {("Brackley Borough Council", "public_body"), ("Audit Committee", "public_body")},
        ),
    ],
)
def test_places_are_not_entities(tag, text, expected):
    assert entities(tag(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Labour won 19 seats, the Conservatives 29 and the Liberal Democrat group three.",
            {"Labour Party", "Conservative Party", "Liberal Democrats"},
        ),
        (
            # "Green" is a party only where the model marks it as a name.
            "Every Labour, Liberal Democrat and Green candidate who replied said yes.",
            {"Labour Party", "Liberal Democrats", "Green Party"},
        ),
    ],
)
def test_parties_are_organisations_under_their_canonical_names(tag, text, expected):
    assert entities(tag(text)) == {(party, "other_org") for party in expected}


def test_the_council_alone_is_the_council_the_document_names(tag):
    result = tag("Brackley Borough Council met on Monday. The Council agreed the budget.")
    council = [
        e["text"] for e in result["entities"] if e["canonical"] == "Brackley Borough Council"
    ]
    assert council == ["Brackley Borough Council", "Council"]


@pytest.mark.parametrize(
    "text",
    [
        "The Council agreed the budget on Monday.",
        "Brackley Borough Council and Kestrelford Council disagreed. The Council said no.",
    ],
)
def test_the_council_alone_is_dropped_without_one_council_to_point_at(tag, text):
    assert "Council" not in [e["text"] for e in tag(text)["entities"]]


def test_a_name_after_a_capitalised_job_title_is_part_of_it(nlp):
    doc = nlp.make_doc("Owen Pryce, Director of Finance, is a member of UNISON")
    finance, unison = doc[5:6], doc[-1:]
    assert RULES.follows_role(finance)
    assert not RULES.follows_role(unison)
