"""Contracts found by rules over the parse: a sentence with a sum of money and a contract
word names a supplier (a company) and a buyer (a public body). Word lists come from
`data/patterns/contracts.toml`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from nlp.extensions import DURATIONS_KEY, ENTITIES_KEY, MONEY_KEY
from nlp.rules import lowered, read_toml

# Parts of speech that end a contract's description when walking left from the contract word.
DESCRIPTION_STOPS = {"DET", "NUM", "PUNCT", "SYM", "PART", "ADP", "VERB", "AUX", "PRON"}


@dataclass(frozen=True)
class ContractTerms:
    contract_words: frozenset[str]
    supplier_prepositions: frozenset[str]
    award_verbs: frozenset[str]
    supplier_verbs: frozenset[str]
    buyer_words: frozenset[str]
    council_organs: frozenset[str]
    not_value_words: frozenset[str]

    @classmethod
    def from_file(cls, path: str | Path) -> ContractTerms:
        data = read_toml(path)
        return cls(**{field: lowered(data[field]) for field in cls.__dataclass_fields__})

    def is_value(self, money: Span) -> bool:
        """Whether a sum reads as a contract's worth rather than a saving or a penalty."""
        root = money.root
        related = [root.head, root.head.head]
        # "£61 million of savings"
        related += [obj for prep in root.children if prep.lower_ == "of" for obj in prep.children]
        return not any(token.lemma_.lower() in self.not_value_words for token in related)

    def could_buy(self, body: Span) -> bool:
        """A public body that signs contracts, not one of a council's committees."""
        name = f" {body.id_.lower()} "
        return not any(f" {organ} " in name for organ in self.council_organs)

    def is_contract_word(self, token: Token) -> bool:
        return token.lower_ in self.contract_words or token.lemma_.lower() in self.contract_words


def find_contracts(doc: Doc, terms: ContractTerms) -> list[dict[str, Any]]:
    """One contract per sentence that has a contract word, a sum of money and a company.

    Offsets `start`/`end` are those of the evidence sentence. A contract repeated within the
    document (same supplier and value) is kept once, preferring a mention with a duration.
    """
    entities = list(doc.spans[ENTITIES_KEY]) if ENTITIES_KEY in doc.spans else []
    money = list(doc.spans[MONEY_KEY]) if MONEY_KEY in doc.spans else []
    durations = list(doc.spans[DURATIONS_KEY]) if DURATIONS_KEY in doc.spans else []
    default_buyer = _pick_buyer([e for e in entities if e.label_ == "public_body"], terms)
    found: dict[tuple[str, float], dict[str, Any]] = {}
    for sent in doc.sents:
        keywords = [token for token in sent if terms.is_contract_word(token)]
        sums = [span for span in _within(money, sent) if terms.is_value(span)]
        if not keywords or not sums:
            continue
        in_sentence = _within(entities, sent)
        supplier = _pick_supplier([e for e in in_sentence if e.label_ == "company"], terms)
        if supplier is None:
            continue
        value = _nearest(sums, keywords)
        # The description hangs off a contract noun ("the £320m contract"), not a verb
        # ("awarded") nor a modifier ("contract value"), when the sentence has one.
        nouns = [t for t in keywords if t.pos_ == "NOUN" and t.dep_ != "compound"]
        keyword = min(nouns or keywords, key=lambda token: _distance(value, token))
        duration = _nearest(_within(durations, sent), [keyword])
        buyer = _pick_buyer([e for e in in_sentence if e.label_ == "public_body"], terms)
        buyer = buyer or default_buyer
        contract = {
            "description": _describe(keyword, [*in_sentence, *sums, *_within(durations, sent)]),
            "supplier": supplier.id_,
            "buyer": buyer.id_ if buyer is not None else None,
            "value_gbp": value._.value_gbp,
            "duration_years": duration._.duration_years if duration is not None else None,
            "evidence": sentence_text(sent),
            "start": sent.start_char,
            "end": sent.start_char + len(sentence_text(sent)),
        }
        key = (contract["supplier"], contract["value_gbp"])
        if key not in found or (
            found[key]["duration_years"] is None and contract["duration_years"] is not None
        ):
            found[key] = contract
    return list(found.values())


def sentence_text(sent: Span) -> str:
    """A sentence without the blank lines a paragraph break leaves at its end."""
    return sent.text.rstrip()


def _within(spans: list[Span], sent: Span) -> list[Span]:
    return [span for span in spans if sent.start <= span.start and span.end <= sent.end]


def _distance(span: Span, token: Token) -> int:
    if span.start <= token.i < span.end:
        return 0
    return min(abs(token.i - span.start), abs(token.i - (span.end - 1)))


def _nearest(spans: list[Span], tokens: list[Token]) -> Span | None:
    if not spans:
        return None
    return min(spans, key=lambda span: min(_distance(span, token) for token in tokens))


def _pick_supplier(companies: list[Span], terms: ContractTerms) -> Span | None:
    """The company the grammar names as the party paid; otherwise the first company."""
    for company in companies:
        if _is_supplier_by_grammar(company, terms):
            return company
    return companies[0] if companies else None


def _is_supplier_by_grammar(company: Span, terms: ContractTerms) -> bool:
    root = company.root
    # An alias can cover only the front of a longer name ("Fenwright" in "Fenwright
    # Facilities Ltd"): the grammar belongs to the head of the whole noun phrase.
    while root.dep_ == "compound" and root.head.i > root.i:
        root = root.head
    # "awarded to Amberline and Corvane": a conjunct takes the role of the first one.
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in terms.supplier_prepositions:
        governor = head.head
        return governor.lemma_.lower() in terms.award_verbs or terms.is_contract_word(governor)
    if root.dep_ == "nsubj":
        return head.lemma_.lower() in terms.supplier_verbs
    if root.dep_ == "nsubjpass":
        return head.lemma_.lower() in terms.award_verbs
    # "Amberline's contract"
    return root.dep_ == "poss" and terms.is_contract_word(head)


def _pick_buyer(bodies: list[Span], terms: ContractTerms) -> Span | None:
    """The public body most often named, preferring councils (which let these contracts)
    and leaving out a council's committees."""
    candidates = [body for body in bodies if terms.could_buy(body)]
    councils = [b for b in candidates if terms.buyer_words.intersection(b.id_.lower().split())]
    pool = councils or candidates
    if not pool:
        return None
    counts = Counter(body.id_ for body in pool)
    return max(pool, key=lambda body: counts[body.id_])


def _describe(keyword: Token, parties: list[Span]) -> str:
    """The contract word with the name before it: "Customer and Support Services contract",
    and a "for ..." phrase after it: "contract for procurement advice"."""
    taken = {i for span in parties for i in range(span.start, span.end)}
    doc = keyword.doc
    start = keyword.i
    while (
        start - 1 >= keyword.left_edge.i
        and start - 1 not in taken
        and doc[start - 1].pos_ not in DESCRIPTION_STOPS
    ):
        start -= 1
    end = keyword.i + 1
    # "procurement advice": a contract word modifying a noun describes it with that noun.
    if keyword.dep_ == "compound" and keyword.head.i == end and end not in taken:
        keyword, end = keyword.head, end + 1
    for child in keyword.rights:
        if child.dep_ == "prep" and child.lower_ == "for" and child.i == keyword.i + 1:
            phrase = range(child.i, child.right_edge.i + 1)
            # "for procurement advice" describes; "for £1.8 million" or "for 18 months" don't.
            if not taken.intersection(phrase):
                end = child.right_edge.i + 1
            break
    return doc[start:end].text
