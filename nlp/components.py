"""Localwatch's spaCy components. Importing this module registers them and their extensions.

Pipeline order (see `nlp.model.load_nlp`): `localwatch_paragraphs` first, the model's own
components, with `localwatch_gazetteer` just before `ner`; then `localwatch_entities`,
`localwatch_money` and `localwatch_contracts` at the end.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from nlp.contracts import ContractTerms, find_contracts
from nlp.extensions import DURATIONS_KEY, ENTITIES_KEY, MONEY_KEY
from nlp.names import KnownNames, NameIndex, NameRules, canonical_name
from nlp.quantities import Quantities
from nlp.rules import (
    DEFAULT_ALIAS_FILES,
    ENTITY_TYPES,
    PATTERNS_DIR,
    alias_patterns,
    jsonl_patterns,
    lowered,
    read_toml,
)

# Bump when a component's behaviour changes, so `tag --retag` can find work done before.
COMPONENTS_VERSION = "3"

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# spaCy's labels we turn into our entity types; the rest (dates, places...) we leave alone.
MODEL_LABELS = {"PERSON", "ORG"}


class LineBreaks:
    """Start a sentence after every blank line, and after a single line break unless the
    line looks wrapped mid-sentence (see `data/patterns/sentences.toml`). The parser, which
    respects boundaries set before it, would otherwise run a headline into the paragraph
    below it: extracted web text puts them on consecutive lines."""

    def __init__(self, wrapped_after: frozenset[str]) -> None:
        self.wrapped_after = wrapped_after

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if token.is_space or not previous.is_space or "\n" not in previous.text:
                continue
            if PARAGRAPH_BREAK.search(previous.text) or not self._wrapped(doc, token):
                token.is_sent_start = True
        return doc

    def _wrapped(self, doc: Doc, next_line: Token) -> bool:
        # Wrapped text is left to the parser: a PDF's lines break wherever the page ends.
        if next_line.text[:1].islower():
            return True
        line_end = next((t for t in reversed(doc[: next_line.i]) if not t.is_space), None)
        return line_end is not None and line_end.lower_ in self.wrapped_after


@Language.factory(
    "localwatch_paragraphs",
    default_config={"rules": str(PATTERNS_DIR / "sentences.toml")},
    assigns=["token.is_sent_start"],
)
def make_paragraphs(nlp: Language, name: str, rules: str) -> LineBreaks:
    return LineBreaks(lowered(read_toml(rules)["line_breaks"]["wrapped_after"]))


class Gazetteer(EntityRuler):
    """An EntityRuler where a named entity's alias (a pattern with an `id`) beats any
    generic pattern, even a longer one: "Kestrelford Trades Council" is the trade-union body
    from the aliases file, not the "X Council" public-body pattern."""

    def match(self, doc: Doc):
        matches = super().match(doc)
        # The parent sorts by length then position; put "has an id" before both.
        return sorted(
            matches,
            key=lambda m: (bool(self._ent_ids.get(m[0], ())), m[2] - m[1], -m[1]),
            reverse=True,
        )


@Language.factory(
    "localwatch_gazetteer",
    default_config={
        "alias_files": [str(path) for path in DEFAULT_ALIAS_FILES],
        "pattern_dir": str(PATTERNS_DIR),
    },
    requires=["token.pos"],
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
def make_gazetteer(nlp: Language, name: str, alias_files: list[str], pattern_dir: str) -> Gazetteer:
    ruler = Gazetteer(nlp, name)
    patterns = jsonl_patterns(pattern_dir)
    for path in alias_files:
        patterns.extend(alias_patterns(path))
    ruler.add_patterns([_as_token_pattern(nlp, pattern) for pattern in patterns])
    return ruler


def _as_token_pattern(nlp: Language, pattern: dict) -> dict:
    # EntityRuler would run phrase patterns through the whole pipeline built so far; exact
    # token patterns need only the tokenizer, and match the same texts.
    if not isinstance(pattern["pattern"], str):
        return pattern
    tokens = [{"ORTH": token.text} for token in nlp.make_doc(pattern["pattern"])]
    return dict(pattern, pattern=tokens)


# Types a name used alone may have when it is a person's surname or first name: the model
# often calls "Pike" of "Councillor Rosalind Pike" an organisation.
SHORT_NAME_TYPES = {"person", "other_org"}


class EntityTyper:
    """Our entities from the gazetteer's and the model's spans: typed, named canonically,
    noise and places left out, short names pointed at full ones."""

    def __init__(self, rules: NameRules, known: KnownNames) -> None:
        self.rules = rules
        self.known = known

    def add_known_people(self, names: Iterable[str]) -> int:
        """Full names a surname or first name used alone may stand for in any document, as
        `tag_documents` learns them: "Angela Moreby" for "Moreby". Returns how many were
        new."""
        return self.known.people.add(self.rules.without_titles(name) for name in names)

    def add_places(self, names: Iterable[str]) -> None:
        """Places (wards, neighbourhoods) to leave out wherever they are mentioned."""
        self.known.places.update(names)

    def __call__(self, doc: Doc) -> Doc:
        places = self.known.places | self._council_places(doc)
        spans = [span for ent in doc.ents if (span := self._entity(ent, places)) is not None]
        doc.spans[ENTITIES_KEY] = self._resolve(spans)
        return doc

    def _council_places(self, doc: Doc) -> set[str]:
        # A council named in the document names a place: "Brackley" in "Brackley Borough
        # Council", which alone is the borough, not an organisation.
        return {
            place
            for ent in doc.ents
            if (name := self.rules.trim(ent)) is not None
            and (place := self.rules.council_place(ent.ent_id_ or canonical_name(name.text)))
        }

    def _entity(self, ent: Span, places: set[str]) -> Span | None:
        if ent.label_ in ENTITY_TYPES and ent.ent_id_:
            # A named alias: the aliases file has the last word on type and name.
            return Span(ent.doc, ent.start, ent.end, label=ent.label_, span_id=ent.ent_id_)
        if ent.label_ not in MODEL_LABELS and ent.label_ not in ENTITY_TYPES:
            return None
        name = self.rules.trim(ent)
        if name is None:
            return None
        name = self.rules.without_place(name, places)
        canonical = canonical_name(name.text)
        if self.rules.is_noise(name) or self.rules.is_place(canonical, places):
            return None
        if self.rules.has_title(ent):
            entity_type = "person"
        elif canonical in self.known.words:
            entity_type, canonical = self.known.words[canonical]
        elif ent.label_ == "PERSON":
            entity_type = "person"
        elif ent.label_ in ENTITY_TYPES:
            entity_type = ent.label_
        elif self.rules.names_no_organisation(name):
            return None
        else:
            entity_type = self.rules.org_type(canonical)
        if entity_type == "other_org" and self.rules.follows_role(name):
            return None
        return Span(ent.doc, name.start, name.end, label=entity_type, span_id=canonical)

    def _resolve(self, spans: list[Span]) -> list[Span]:
        """Point short forms at full names: at the one the document uses ("Halloway" at
        "Richard Halloway", "Corvane" at "Corvane Group plc"), else at the one known person
        of that name ("Moreby" at "Angela Moreby"); "Council" at the document's council.

        A short form more than one name fits stays as it is. A "Council" with no one council
        to point at, and a one-word person without a title whom no name fits (the model's
        "Delay", "Turnout"), are dropped.
        """
        people = NameIndex(span.id_ for span in spans if span.label_ == "person")
        organisations: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
        for span in spans:
            words = span.id_.split()
            if span.label_ != "person":
                for n in range(1, len(words)):
                    organisations[" ".join(words[:n])].add((span.label_, span.id_))
        councils = {
            span.id_
            for span in spans
            if span.label_ == "public_body" and self.rules.is_council(span.id_)
        }
        resolved = []
        for span in spans:
            target = self._target(span, people, organisations, councils)
            if target is not None:
                label, name = target
                resolved.append(Span(span.doc, span.start, span.end, label=label, span_id=name))
        return resolved

    def _target(
        self,
        span: Span,
        people: NameIndex,
        organisations: defaultdict[str, set[tuple[str, str]]],
        councils: set[str],
    ) -> tuple[str, str] | None:
        """The (type, name) a span stands for, or None to drop it."""
        if span[0].ent_id_:
            return span.label_, span.id_
        if span.id_ in self.rules.bare_council:
            return ("public_body", next(iter(councils))) if len(councils) == 1 else None
        short = span.label_ in SHORT_NAME_TYPES
        in_document = people.candidates(span.id_) if short else set()
        if in_document:
            # Two people of that name in the document: which one is meant is not ours to say.
            only = len(in_document) == 1
            return ("person", next(iter(in_document))) if only else (span.label_, span.id_)
        if len(organisations[span.id_]) == 1:
            return next(iter(organisations[span.id_]))
        known = self.known.people.candidates(span.id_) if short else set()
        if len(known) == 1:
            return "person", next(iter(known))
        unknown_word = span.label_ == "person" and not known and " " not in span.id_
        if unknown_word and not self.rules.follows_title(span):
            return None
        return span.label_, span.id_


@Language.factory(
    "localwatch_entities",
    default_config={
        "rules": str(PATTERNS_DIR / "entities.toml"),
        "alias_files": [str(path) for path in DEFAULT_ALIAS_FILES],
    },
    requires=["doc.ents", "token.ent_type", "token.pos"],
    assigns=["doc.spans", "doc._.localwatch_entities"],
)
def make_entities(nlp: Language, name: str, rules: str, alias_files: list[str]) -> EntityTyper:
    name_rules = NameRules.from_file(rules)
    return EntityTyper(name_rules, KnownNames.from_alias_files(alias_files, name_rules))


class MoneyReader:
    """Sums of money and durations, each a span carrying its value in pounds or years.

    Read from the text rather than from the model's MONEY entities, which often leave out
    the "£" or the "bn".
    """

    def __init__(self, quantities: Quantities) -> None:
        self.quantities = quantities

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[MONEY_KEY] = list(
            _spans(doc, self.quantities.find_money(doc.text), "MONEY", "value_gbp")
        )
        doc.spans[DURATIONS_KEY] = list(
            _spans(doc, self.quantities.find_durations(doc.text), "DURATION", "duration_years")
        )
        return doc


def _spans(
    doc: Doc, found: Iterable[tuple[int, int, float]], label: str, attribute: str
) -> Iterable[Span]:
    for start, end, value in found:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            span._.set(attribute, value)
            yield span


@Language.factory(
    "localwatch_money",
    default_config={"quantities": str(PATTERNS_DIR / "quantities.toml")},
    assigns=["doc.spans", "span._.value_gbp", "span._.duration_years"],
)
def make_money(nlp: Language, name: str, quantities: str) -> MoneyReader:
    return MoneyReader(Quantities.from_file(quantities))


class ContractFinder:
    def __init__(self, terms: ContractTerms) -> None:
        self.terms = terms

    def __call__(self, doc: Doc) -> Doc:
        doc._.localwatch_contracts = find_contracts(doc, self.terms)
        return doc


@Language.factory(
    "localwatch_contracts",
    default_config={"terms": str(PATTERNS_DIR / "contracts.toml")},
    requires=["doc.spans", "token.dep", "token.lemma", "doc.sents"],
    assigns=["doc._.localwatch_contracts"],
)
def make_contracts(nlp: Language, name: str, terms: str) -> ContractFinder:
    return ContractFinder(ContractTerms.from_file(terms))
