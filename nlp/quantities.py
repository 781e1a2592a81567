"""Money in pounds and durations in years, read from text by patterns built from
`data/patterns/quantities.toml`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp.rules import read_toml

# A number as printed: "1,800,000", "12.5", "320". The look-behind keeps us from starting in
# the middle of a longer number.
AMOUNT = r"(?<![\d.,])(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


def _alternation(words: list[str]) -> str:
    # Longest first, so "million" is tried before "m".
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Quantities:
    money_pattern: re.Pattern[str]
    duration_pattern: re.Pattern[str]
    multipliers: dict[str, float]
    numbers: dict[str, float]
    unit_months: dict[str, float]

    @classmethod
    def from_file(cls, path: str | Path) -> Quantities:
        data = read_toml(path)
        money, duration = data["money"], data["duration"]
        multipliers = {k.lower(): float(v) for k, v in money["multipliers"].items()}
        numbers = {k.lower(): float(v) for k, v in duration["numbers"].items()}
        unit_months = {k.lower(): float(v) for k, v in duration["unit_months"].items()}
        money_pattern = (
            rf"(?:(?P<symbol>{_alternation(money['currency']['symbols'])})\s?)?{AMOUNT}"
            rf"(?:\s?(?P<multiplier>{_alternation(list(multipliers))}))?(?![A-Za-z])"
            rf"(?P<words>\s+(?:{_alternation(money['currency']['words'])})\b)?"
        )
        number = rf"\d+(?:\.\d+)?|{_alternation(list(numbers))}"
        units = _alternation(list(unit_months))
        duration_pattern = (
            rf"(?<![\w-])(?:(?P<number>{number})[\s-]+(?P<unit>{units})"
            rf"|(?P<article>an?)\s+(?P<article_unit>{_alternation(duration['article_units'])}))"
            # "10 years ago" is a date, not a duration.
            r"s?(?![\w])(?!\s+ago\b)"
        )
        return cls(
            money_pattern=re.compile(money_pattern, re.IGNORECASE),
            duration_pattern=re.compile(duration_pattern, re.IGNORECASE),
            multipliers=multipliers,
            numbers=numbers,
            unit_months=unit_months,
        )

    def find_money(self, text: str) -> Iterator[tuple[int, int, float]]:
        """(start, end, pounds) for each sum of money: "£320m", "320 million pounds"."""
        for match in self.money_pattern.finditer(text):
            # A bare number is not money: it needs a currency symbol or word.
            if not (match["symbol"] or match["words"]):
                continue
            value = float(match["amount"].replace(",", ""))
            if match["multiplier"]:
                value *= self.multipliers[match["multiplier"].lower()]
            yield match.start(), match.end(), value

    def find_durations(self, text: str) -> Iterator[tuple[int, int, float]]:
        """(start, end, years) for each duration: "ten-year", "18 months", "over a decade"."""
        for match in self.duration_pattern.finditer(text):
            if match["article"]:
                count, unit = 1.0, match["article_unit"]
            else:
                number = match["number"].lower()
                count = self.numbers[number] if number in self.numbers else float(number)
                unit = match["unit"]
            yield match.start(), match.end(), count * self.unit_months[unit.lower()] / 12
