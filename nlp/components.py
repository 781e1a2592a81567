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
from spacy.tokens import Doc, Span

from nlp.contracts import ContractTerms, find_contracts
from nlp.extensions import DURATIONS_KEY, ENTITIES_KEY, MONEY_KEY
from nlp.names import NameRules, canonical_name
from nlp.quantities import Quantities
from nlp.rules import DEFAULT_ALIASES, ENTITY_TYPES, PATTERNS_DIR, alias_patterns, jsonl_patterns

# Bump when a component's behaviour changes, so `tag --retag` can find work done before.
COMPONENTS_VERSION = "2"

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# spaCy's labels we turn into our entity types; the rest (dates, places...) we leave alone.
MODEL_LABELS = {"PERSON", "ORG"}


@Language.component("localwatch_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every blank line. The parser, which respects boundaries set
    before it, would otherwise run a headline into the paragraph below it."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not token.is_space and previous.is_space and PARAGRAPH_BREAK.search(previous.text):
            token.is_sent_start = True
    return doc


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
    default_config={"alias_files": [str(DEFAULT_ALIASES)], "pattern_dir": str(PATTERNS_DIR)},
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


class EntityTyper:
    """Our entities from the gazetteer's and the model's spans: typed, named canonically."""

    def __init__(self, rules: NameRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        spans = [span for ent in doc.ents if (span := self._entity(ent)) is not None]
        doc.spans[ENTITIES_KEY] = _resolve_short_names(spans)
        return doc

    def _entity(self, ent: Span) -> Span | None:
        if ent.label_ in ENTITY_TYPES and ent.ent_id_:
            # A named alias: the aliases file has the last word on type and name.
            return Span(ent.doc, ent.start, ent.end, label=ent.label_, span_id=ent.ent_id_)
        if ent.label_ not in MODEL_LABELS and ent.label_ not in ENTITY_TYPES:
            return None
        name = self.rules.trim(ent)
        if name is None:
            return None
        canonical = canonical_name(name.text)
        if ent.label_ == "PERSON" or self.rules.has_title(ent):
            entity_type = "person"
        elif ent.label_ in ENTITY_TYPES:
            entity_type = ent.label_
        elif self.rules.names_no_organisation(name):
            return None
        else:
            entity_type = self.rules.org_type(canonical)
        return Span(ent.doc, name.start, name.end, label=entity_type, span_id=canonical)


def _resolve_short_names(spans: list[Span]) -> list[Span]:
    """Point short forms at the full name used elsewhere in the document: "Halloway" at
    "Richard Halloway", "Corvane" at "Corvane Group plc". Ambiguous short forms stay."""
    people: defaultdict[str, set[str]] = defaultdict(set)
    organisations: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
    for span in spans:
        words = span.id_.split()
        if len(words) < 2:
            continue
        if span.label_ == "person":
            people[words[-1]].add(span.id_)
        else:
            for n in range(1, len(words)):
                organisations[" ".join(words[:n])].add((span.label_, span.id_))
    resolved = []
    for span in spans:
        target = None
        if span.label_ == "person" and len(people[span.id_]) == 1:
            target = ("person", next(iter(people[span.id_])))
        elif len(organisations[span.id_]) == 1 and not people[span.id_]:
            # The model sometimes calls a one-word company a person; its full name settles it.
            target = next(iter(organisations[span.id_]))
        if target is not None:
            span = Span(span.doc, span.start, span.end, label=target[0], span_id=target[1])
        resolved.append(span)
    return resolved


@Language.factory(
    "localwatch_entities",
    default_config={"rules": str(PATTERNS_DIR / "entities.toml")},
    requires=["doc.ents", "token.ent_type"],
    assigns=["doc.spans", "doc._.localwatch_entities"],
)
def make_entities(nlp: Language, name: str, rules: str) -> EntityTyper:
    return EntityTyper(NameRules.from_file(rules))


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
