"""Canonical names and organisation types, by rules read from `data/patterns/entities.toml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span

from nlp.rules import lowered, read_toml


def canonical_name(text: str) -> str:
    """Whitespace folded, and no closing full stop: "Fenwright  Ltd." -> "Fenwright Ltd"."""
    return " ".join(text.split()).removesuffix(".")


@dataclass(frozen=True)
class NameRules:
    titles: frozenset[str]
    determiners: frozenset[str]
    possessives: frozenset[str]
    legal_forms: frozenset[str]
    public_body_words: frozenset[str]
    company_words: frozenset[str]
    other_org_phrases: tuple[str, ...]
    not_org_before: frozenset[str]
    not_org_last_words: frozenset[str]

    @classmethod
    def from_file(cls, path: str | Path) -> NameRules:
        data = read_toml(path)
        names, orgs = data["names"], data["org_types"]
        return cls(
            titles=lowered(names["titles"]),
            determiners=lowered(names["determiners"]),
            possessives=frozenset(names["possessives"]),
            legal_forms=lowered(orgs["legal_forms"]),
            public_body_words=lowered(orgs["public_body_words"]),
            company_words=lowered(orgs["company_words"]),
            other_org_phrases=tuple(phrase.lower() for phrase in orgs["other_org_phrases"]),
            not_org_before=lowered(orgs["not_org_before"]),
            not_org_last_words=lowered(orgs["not_org_last_words"]),
        )

    def trim(self, span: Span) -> Span | None:
        """The name inside a mention: without leading titles or "the", nor a trailing "'s".

        Returns None when nothing is left ("Mr" alone).
        """
        start, end = 0, len(span)
        while start < end and self._is_prefix(span[start]):
            start += 1
        while end > start and (span[end - 1].text in self.possessives or span[end - 1].is_punct):
            end -= 1
        return span[start:end] if start < end else None

    def has_title(self, span: Span) -> bool:
        """Whether a span starts with a personal title: "Cllr Daniel Frome" is a person even
        when the model calls it an organisation."""
        return span[0].lower_.rstrip(".") in self.titles

    def _is_prefix(self, token) -> bool:
        word = token.lower_.rstrip(".")
        # "Cllr." tokenises as "Cllr" + "." in some texts: the full stop goes with the title.
        return word in self.titles or word in self.determiners or token.text == "."

    def org_type(self, name: str) -> str:
        """company, public_body or other_org for an organisation's canonical name."""
        lower = f" {name.lower()} "
        if any(f" {phrase} " in lower for phrase in self.other_org_phrases):
            return "other_org"
        words = [word.rstrip(".") for word in lower.split()]
        if words and words[-1] in self.legal_forms:
            return "company"
        if self.public_body_words.intersection(words):
            return "public_body"
        if words and words[-1] in self.company_words:
            return "company"
        return "other_org"

    def names_no_organisation(self, span: Span) -> bool:
        """Whether an ORG span names a document or a service rather than an organisation:
        "Council Procedure Rules", "the Customer Services contract" (unless the name
        carries a legal form: "the Amberline Services Ltd contract")."""
        last = span[-1].lower_.rstrip(".")
        if last in self.not_org_last_words:
            return True
        following = span.doc[span.end] if span.end < len(span.doc) else None
        return (
            following is not None
            and following.lower_ in self.not_org_before
            and last not in self.legal_forms
        )
