"""Canonical names and organisation types, by rules read from `data/patterns/entities.toml`;
and the people and places known beyond one document."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Span, Token

from nlp.rules import alias_entities, alias_places, lowered, model_aliases, read_toml

# Parts of speech a name never starts or ends with: "Revenue Budget and", "of the Audit
# Committee" (what is left of "Chair of the Audit Committee" once the role is stripped).
EDGE_POS = {"ADP", "CCONJ", "DET", "PART", "SCONJ"}
# What joins a role to what it is the role of: "Director of Finance", "Member for Resources".
ROLE_LINKS = {"of", "for"}


def canonical_name(text: str) -> str:
    """Whitespace folded, and no closing full stop: "Fenwright  Ltd." -> "Fenwright Ltd"."""
    return " ".join(text.split()).removesuffix(".")


def _template_pattern(template: str) -> re.Pattern[str]:
    # "{place} Borough Council" -> one or more capitalised words, then " Borough Council".
    place = r"(?P<place>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)"
    return re.compile(re.escape(template).replace(re.escape("{place}"), place))


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
    roles: frozenset[str]
    document_words: frozenset[str]
    noise_phrases: tuple[str, ...]
    stop_words: frozenset[str]
    service_words: frozenset[str]
    place_endings: tuple[str, ...]
    council_forms: tuple[re.Pattern[str], ...]
    bare_council: frozenset[str]
    not_councils: frozenset[str]

    @classmethod
    def from_file(cls, path: str | Path) -> NameRules:
        data = read_toml(path)
        names, orgs, noise = data["names"], data["org_types"], data["noise"]
        places, council = data["places"], data["council"]
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
            roles=lowered(noise["roles"]),
            document_words=lowered(noise["document_words"]),
            noise_phrases=tuple(phrase.lower() for phrase in noise["phrases"]),
            stop_words=lowered(noise["stop_words"]),
            service_words=lowered(noise["service_words"]),
            place_endings=tuple(ending.lower() for ending in places["endings"]),
            council_forms=tuple(_template_pattern(form) for form in places["council_forms"]),
            bare_council=frozenset(council["bare_names"]),
            not_councils=frozenset(council["not_councils"]),
        )

    def trim(self, span: Span) -> Span | None:
        """The name inside a mention: up to its first line break, without leading titles,
        roles or "the", nor a trailing "'s".

        Returns None when nothing is left ("Mr" alone, "the Chair").
        """
        start = 0
        while start < len(span) and span[start].is_space:
            start += 1
        lines = (token.i - span.start for token in span[start:] if "\n" in token.text)
        end = next(lines, len(span))
        while start < end and self._is_prefix(span[start]):
            start += 1
        while end > start and self._is_suffix(span[end - 1]):
            end -= 1
        return span[start:end] if start < end else None

    def has_title(self, span: Span) -> bool:
        """Whether a span starts with a personal title: "Cllr Daniel Frome" is a person even
        when the model calls it an organisation."""
        return span[0].lower_.rstrip(".") in self.titles

    def follows_title(self, name: Span) -> bool:
        """Whether a trimmed name stood after a title: "Ms Castleton" is a person's surname
        even when no full name fits it."""
        i = name.start - 1
        if i >= 0 and name.doc[i].text == ".":
            i -= 1
        return i >= 0 and name.doc[i].lower_ in self.titles

    def without_titles(self, name: str) -> str:
        """A name without the titles a register writes before it: "Angela Moreby" for
        "Councillor Angela Moreby"."""
        words = name.split()
        while words and words[0].lower().rstrip(".") in self.titles:
            words.pop(0)
        return " ".join(words)

    def _is_prefix(self, token: Token) -> bool:
        word = token.lower_.rstrip(".")
        # "Cllr." tokenises as "Cllr" + "." in some texts: the full stop goes with the title,
        # as does any other punctuation in front of a name.
        return (
            word in self.titles or word in self.determiners or word in self.roles or token.is_punct
        )

    def _is_suffix(self, token: Token) -> bool:
        return token.text in self.possessives or token.is_punct or token.is_space

    def is_noise(self, name: Span) -> bool:
        """Whether a trimmed span is no name we track: "Appendix B", "Abstentions 2",
        "External Auditor", "Revenue Budget and", "May", "FOI" (see `[noise]`)."""
        words = canonical_name(name.text).lower().split()
        padded = f" {' '.join(words)} "
        content = [
            word
            for word in words
            if word not in self.stop_words and not name.doc.vocab[word].is_stop
        ]
        return (
            # The tagger calls "bin" in "the bin collections" a proper noun too.
            not any(token.pos_ == "PROPN" and not token.is_lower for token in name)
            or not content
            or name[0].pos_ in EDGE_POS
            or name[-1].pos_ in EDGE_POS
            or any(character.isdigit() for character in name[-1].text)
            or words[-1] in self.roles
            or any(
                word in self.roles and following in ROLE_LINKS
                for word, following in itertools.pairwise(words)
            )
            or (words[-1] not in self.legal_forms and not self.document_words.isdisjoint(words))
            or self.service_words.issuperset(content)
            or any(f" {phrase} " in padded for phrase in self.noise_phrases)
        )

    def follows_role(self, name: Span) -> bool:
        """Whether a span stands just after a role "of" or "for": "Finance" in "Director
        of Finance" is a department, part of a job title. A job title is capitalised: "a
        member of UNISON" is no role."""
        doc, i = name.doc, name.start - 1
        if i >= 0 and doc[i].lower_ in self.determiners:
            i -= 1
        if i < 1 or doc[i].lower_ not in ROLE_LINKS:
            return False
        role = doc[i - 1]
        return role.is_title and role.lower_ in self.roles

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
        # A line break may stand between the name and "contract" in text from a PDF.
        following = next((token for token in span.doc[span.end :] if not token.is_space), None)
        return (
            following is not None
            and following.lower_ in self.not_org_before
            and last not in self.legal_forms
        )

    def is_place(self, name: str, places: set[str]) -> bool:
        """Whether a canonical name is a place: a known one (its possessive too: "St Anne"
        in "who represents St Anne's"), or a building or a street by its ending
        ("Kestrelford Town Hall")."""
        lower = name.lower()
        forms = {name, *(name + possessive for possessive in self.possessives)}
        return not forms.isdisjoint(places) or any(
            lower == ending or lower.endswith(f" {ending}") for ending in self.place_endings
        )

    def council_place(self, name: str) -> str | None:
        """The place a council is named after: "Kestrelford" for "Kestrelford Council"."""
        if self.org_type(name) != "public_body":
            return None
        for form in self.council_forms:
            if match := form.fullmatch(name):
                return match["place"]
        return None

    def is_council(self, name: str) -> bool:
        """Whether a public body's name is a council's ("Kestrelford Council"), not a
        meeting's ("Full Council") nor "Council" alone."""
        return name not in self.not_councils and self.council_place(name) is not None

    def without_place(self, name: Span, places: set[str]) -> Span:
        """A name without a place's possessive in front: "Audit Committee" for
        "Kestrelford's Audit Committee"."""
        for token in name[1:-1]:
            if token.text in self.possessives:
                owner = canonical_name(name.doc[name.start : token.i].text)
                if owner in places:
                    return name.doc[token.i + 1 : name.end]
        return name


class NameIndex:
    """Full names of people by their first name and by their surname, so that a name used
    alone ("Moreby", "Gwen") can be looked up."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_word: defaultdict[str, set[str]] = defaultdict(set)
        self._names: set[str] = set()
        self.add(names)

    def add(self, names: Iterable[str]) -> int:
        """Index the full names among `names` (one word is no full name); returns how many
        were new."""
        before = len(self._names)
        for name in names:
            words = name.split()
            if len(words) > 1 and name not in self._names:
                self._names.add(name)
                self._by_word[words[0]].add(name)
                self._by_word[words[-1]].add(name)
        return len(self._names) - before

    def candidates(self, word: str) -> set[str]:
        return self._by_word.get(word, set())


@dataclass
class KnownNames:
    """What is known beyond one document: the people a surname alone may stand for, the
    places that are no entities, and the everyday words that name an entity only where the
    model marks them ("Green" for the Green Party)."""

    people: NameIndex = field(default_factory=NameIndex)
    places: set[str] = field(default_factory=set)
    words: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_alias_files(cls, paths: Sequence[str | Path], rules: NameRules) -> KnownNames:
        known = cls()
        for path in paths:
            entities = alias_entities(path)
            known.people.add(
                rules.without_titles(entity["name"])
                for entity in entities
                if entity["type"] == "person"
            )
            known.places.update(alias_places(path))
            # The borough a council in the cast is named after: "Kestrelford".
            known.places.update(
                place
                for entity in entities
                for form in (entity["name"], *entity.get("aliases", []))
                if (place := rules.council_place(form))
            )
            known.words.update(model_aliases(path))
        return known
