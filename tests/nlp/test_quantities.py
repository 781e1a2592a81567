"""Money and durations read from text, without the model."""

import pytest

from nlp.quantities import Quantities
from nlp.rules import PATTERNS_DIR

QUANTITIES = Quantities.from_file(PATTERNS_DIR / "quantities.toml")


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("£320m", 320_000_000),
        ("£320 million", 320_000_000),
        ("£320million", 320_000_000),
        ("£1.8bn", 1_800_000_000),
        ("£1.8 billion", 1_800_000_000),
        ("£12.5 million", 12_500_000),
        ("£1.8m", 1_800_000),
        ("£275,000", 275_000),
        ("£1,800,000", 1_800_000),
        ("£275k", 275_000),
        ("320 million pounds", 320_000_000),
        ("12 million pounds sterling", 12_000_000),
        ("£40", 40),
    ],
)
def test_money_is_read_in_pounds(text, pounds):
    ((start, end, value),) = QUANTITIES.find_money(f"It cost {text}.")
    assert value == pytest.approx(pounds)
    assert f"It cost {text}."[start:end] == text


@pytest.mark.parametrize("text", ["in 2012", "320 residents", "3m of road", "a £ sign"])
def test_numbers_without_a_currency_are_not_money(text):
    assert list(QUANTITIES.find_money(text)) == []


def test_a_unit_letter_must_end_the_word():
    # "£320 more" is £320, not £320 million.
    ((_, _, value),) = QUANTITIES.find_money("£320 more than planned")
    assert value == 320


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("a ten-year contract", 10),
        ("for 10 years", 10),
        ("over ten years", 10),
        ("18 months", 1.5),
        ("an 18-month review", 1.5),
        ("eighteen months", 1.5),
        ("over a decade", 10),
        ("a decade-long deal", 10),
        ("two decades", 20),
        ("a further nine years", 9),
        ("Twenty-five years", 25),
    ],
)
def test_durations_are_read_in_years(text, years):
    ((_, _, value),) = QUANTITIES.find_durations(text)
    assert value == pytest.approx(years)


@pytest.mark.parametrize("text", ["£30m a year", "signed 10 years ago", "the tenth year"])
def test_rates_and_past_dates_are_not_durations(text):
    assert list(QUANTITIES.find_durations(text)) == []
