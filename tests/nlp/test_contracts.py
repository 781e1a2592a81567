"""Contracts found in sentences written the ways local papers and minutes write them."""

import pytest

CASES = [
    (
        "Brackley Borough Council has awarded a ten-year, £85m Highways and Street Lighting "
        "contract to Tolland Group plc.",
        {
            "supplier": "Tolland Group plc",
            "buyer": "Brackley Borough Council",
            "value_gbp": 85_000_000,
            "duration_years": 10,
            "description": "Highways and Street Lighting contract",
        },
    ),
    (
        "Fenwright Facilities Ltd won the £12.5 million cleaning deal, which will run for "
        "seven years from April.",
        {"supplier": "Fenwright Facilities Ltd", "value_gbp": 12_500_000, "duration_years": 7},
    ),
    (
        "Cabinet agreed to sign an agreement with Harcourt Digital Limited worth 4 million "
        "pounds over 18 months, officers told Brackley Borough Council.",
        {
            "supplier": "Harcourt Digital Limited",
            "buyer": "Brackley Borough Council",
            "value_gbp": 4_000_000,
            "duration_years": 1.5,
        },
    ),
    (
        "Under the outsourcing plan, Grayfield Support Services Ltd was handed the "
        "£1.2bn revenues contract for over a decade.",
        {"supplier": "Grayfield Support Services Ltd", "value_gbp": 1_200_000_000},
    ),
    (
        "The council paid Bexwell Audit LLP £275,000 for procurement advice.",
        {"supplier": "Bexwell Audit LLP", "value_gbp": 275_000, "duration_years": None},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_contract_is_found_with_its_parties_value_and_duration(tag, text, expected):
    (contract,) = tag(text)["contracts"]
    assert {key: contract[key] for key in expected} == pytest.approx(expected)
    assert contract["evidence"] == text


def test_the_supplier_is_the_company_the_grammar_names(tag):
    text = (
        "Bexwell Audit LLP, the auditors, reported that the council awarded the £40m "
        "contract to Fenwright Facilities Ltd."
    )
    (contract,) = tag(text)["contracts"]
    assert contract["supplier"] == "Fenwright Facilities Ltd"


def test_the_buyer_defaults_to_the_council_named_in_the_document(tag):
    text = (
        "Brackley Borough Council met on Tuesday. Tolland Group plc secured a £9m "
        "waste contract lasting five years."
    )
    (contract,) = tag(text)["contracts"]
    assert contract["buyer"] == "Brackley Borough Council"
    assert contract["duration_years"] == 5


def test_a_contract_repeated_in_a_document_is_kept_once(tag):
    text = (
        "Tolland Group plc won the £85m contract. Critics said the £85m contract with "
        "Tolland Group plc, running for ten years, was too long."
    )
    (contract,) = tag(text)["contracts"]
    assert contract["duration_years"] == 10


@pytest.mark.parametrize(
    "text",
    [
        "Tolland Group plc reported profits of £85m last year.",
        "The council signed a £3m contract for road repairs.",
        "Tolland Group plc has a contract to collect bins.",
    ],
)
def test_no_contract_without_money_a_contract_word_and_a_company(tag, text):
    assert tag(text)["contracts"] == []


def test_every_sum_tied_to_a_contract_is_a_contract_with_its_own_supplier(tag):
    text = (
        "Brackley Borough Council signed two deals, with Tolland Group plc for £85m and "
        "with Fenwright Facilities Ltd for £12m."
    )
    found = {(c["supplier"], c["value_gbp"]) for c in tag(text)["contracts"]}
    assert found == {("Tolland Group plc", 85_000_000), ("Fenwright Facilities Ltd", 12_000_000)}


def test_a_duration_is_the_one_the_parse_ties_to_the_value(tag):
    (contract,) = tag(
        "The call centre, run by Tolland Group plc under its £85m contract, has had a "
        "difficult first five months."
    )["contracts"]
    assert contract["duration_years"] is None


def test_a_variation_takes_its_own_duration_not_the_contract_it_varies(tag):
    (contract,) = tag(
        "Tolland Group plc proposed a variation worth £7m over the remaining six years of "
        "the ten-year contract."
    )["contracts"]
    assert (contract["value_gbp"], contract["duration_years"]) == (7_000_000, 6)


def test_a_ceiling_on_the_price_is_the_value(tag):
    (contract,) = tag(
        "The council approved the appointment of Bexwell Audit LLP as advisers at a cost "
        "not exceeding £450,000."
    )["contracts"]
    assert (contract["supplier"], contract["value_gbp"]) == ("Bexwell Audit LLP", 450_000)


@pytest.mark.parametrize(
    "text",
    [
        # thresholds, with the auditor as the only company
        "Bexwell Audit LLP recommended that any variation over £1 million be reported first.",
        "Bexwell Audit LLP said any contract worth more than £500,000 needs Cabinet approval.",
        # savings, penalties and pay
        "The outsourcing to Tolland Group plc is forecast to save £14 million over five years.",
        "The £61 million of savings forecast from the contract with Tolland Group plc is at risk.",
        "Tolland Group plc had £1.1 million docked from its payments under the contract.",
        "Fenwright Facilities Ltd was fined £40,000 after missing collections under its contract.",
        "Tolland Group plc's chief executive earns a salary of £410,000 from the waste contract.",
        # a cost to the council that is not what the contract is worth
        "The delays on the Tolland Group plc contract cost the council £600,000 in lost income.",
    ],
)
def test_a_sum_that_is_not_what_a_contract_is_worth_is_not_a_contract(tag, text):
    assert tag(text)["contracts"] == []
