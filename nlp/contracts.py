"""Contracts found by rules over the dependency parse. A sum of money is a contract's value
only when the parse ties it to a contract word or a paying/awarding verb, and nothing on
the way makes it a saving, a penalty or a threshold; the supplier is a company the
grammar makes the contracted party; the buyer a public body. Word lists come from
`data/patterns/contracts.toml`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from nlp.extensions import DURATIONS_KEY, ENTITIES_KEY, MONEY_KEY
from nlp.rules import lowered, read_toml

# Parts of speech that end a contract's description when walking left from the contract word.
DESCRIPTION_STOPS = {"DET", "NUM", "PUNCT", "SYM", "PART", "ADP", "VERB", "AUX", "PRON"}
# A clause's own participants: where "The contract will cost £320m" finds its contract word.
CLAUSE_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "dative", "attr"}
# How a company names the contract it holds: "Amberline's contract", "the Amberline
# variation" (the small model often calls a one-word company an adjective here).
HOLDER_DEPS = {"poss", "compound", "nmod", "amod"}
# Longest threshold or cap phrase, in words ("in excess of").
MAX_PHRASE_WORDS = 3


@dataclass(frozen=True)
class ContractTerms:
    contract_words: frozenset[str]
    award_verbs: frozenset[str]
    supplier_prepositions: frozenset[str]
    supplier_verbs: frozenset[str]
    operating_prepositions: frozenset[str]
    relative_pronouns: frozenset[str]
    not_value_words: frozenset[str]
    threshold_phrases: frozenset[str]
    cap_phrases: frozenset[str]
    buyer_words: frozenset[str]
    council_organs: frozenset[str]

    @classmethod
    def from_file(cls, path: str | Path) -> ContractTerms:
        data = read_toml(path)
        return cls(**{field: lowered(data[field]) for field in cls.__dataclass_fields__})

    def is_contract_word(self, token: Token) -> bool:
        return _is_one_of(token, self.contract_words)

    def is_award_verb(self, token: Token) -> bool:
        return token.pos_ == "VERB" and _is_one_of(token, self.award_verbs)

    def is_anchor(self, token: Token) -> bool:
        """A word a contract's value hangs on: a contract word or a paying/awarding verb."""
        return self.is_contract_word(token) or self.is_award_verb(token)

    def is_not_value(self, token: Token) -> bool:
        return _is_one_of(token, self.not_value_words)

    def is_threshold(self, money: Span) -> bool:
        """Whether the words just before a sum make it a threshold or an estimate ("any
        variation over £1m") rather than a ceiling on a price ("up to £1.8m")."""
        before = [
            token.lower_
            for token in money.doc[max(money.start - MAX_PHRASE_WORDS, 0) : money.start]
        ]
        for length in range(len(before), 0, -1):
            phrase = " ".join(before[-length:])
            if phrase in self.cap_phrases:
                return False
            if phrase in self.threshold_phrases:
                return True
        return False

    def could_buy(self, body: Span) -> bool:
        """A public body that signs contracts, not one of a council's committees."""
        name = f" {body.id_.lower()} "
        return not any(f" {organ} " in name for organ in self.council_organs)


def _is_one_of(token: Token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


@dataclass(frozen=True)
class Value:
    """A sum read as a contract's value, with the words that tie it to the contract."""

    money: Span
    anchor: Token
    # The tokens from the sum to its anchor (and the verb governing a contract noun): a
    # duration that attaches to one of them describes this contract.
    path: frozenset[int]


def find_contracts(doc: Doc, terms: ContractTerms) -> list[dict[str, Any]]:
    """One contract for each sum of money the parse ties to a contract and a supplier.

    Offsets `start`/`end` are those of the evidence sentence. A contract repeated within the
    document (same supplier and value) is kept once, preferring a mention with a duration.
    """
    entities, money, durations = (
        _group(doc, key) for key in (ENTITIES_KEY, MONEY_KEY, DURATIONS_KEY)
    )
    default_buyer = _pick_buyer([e for e in entities if e.label_ == "public_body"], terms)
    found: dict[tuple[str, float], dict[str, Any]] = {}
    for sent in doc.sents:
        keywords = [token for token in sent if terms.is_contract_word(token)]
        if not keywords:
            continue
        values = [v for m in _within(money, sent) if (v := _value(m, terms))]
        in_sentence = _within(entities, sent)
        roles = _contractor_roles(sent, terms)
        suppliers = [
            e for e in in_sentence if e.label_ == "company" and _is_supplier(e, roles, terms)
        ]
        if not values or not suppliers:
            continue
        buyer = _pick_buyer([e for e in in_sentence if e.label_ == "public_body"], terms)
        buyer = buyer or default_buyer
        lengths = _within(durations, sent)
        sums = [v.money for v in values]
        for value in values:
            supplier = min(suppliers, key=lambda company: _gap(company, value.money))
            duration = _duration(value, lengths, [v.anchor for v in values if v is not value])
            keyword = value.anchor if terms.is_contract_word(value.anchor) else None
            # The description hangs off a contract noun ("the £320m contract"), not a verb
            # ("awarded") nor a modifier ("contract value"), when the sentence has one.
            nouns = [t for t in keywords if t.pos_ == "NOUN" and t.dep_ != "compound"]
            keyword = keyword or min(nouns or keywords, key=lambda t: _distance(value.money, t))
            contract = {
                "description": _describe(keyword, [*in_sentence, *sums, *lengths]),
                "supplier": supplier.id_,
                "buyer": buyer.id_ if buyer is not None else None,
                "value_gbp": value.money._.value_gbp,
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


def _group(doc: Doc, key: str) -> list[Span]:
    return list(doc.spans[key]) if key in doc.spans else []


def _value(money: Span, terms: ContractTerms) -> Value | None:
    """The sum as a contract's value, or None when the parse does not tie it to a contract
    or ties it to a saving, a penalty or a threshold first.

    Walks up from the sum to the first contract word or paying/awarding verb. The walk
    stops at the first full clause, which counts only if one of its participants is a
    contract word ("The contract will cost the council £320m", but not "The delays cost
    the council £2m").
    """
    if terms.is_threshold(money):
        return None
    root = money.root
    path = {root.i}
    for qualifier in _qualifiers(root):
        # "£1.1 million docked", "£61 million of savings forecast"
        if terms.is_not_value(qualifier):
            return None
        # "the £12.5 million paid to Amberline"
        if terms.is_award_verb(qualifier):
            return Value(money, qualifier, frozenset(path | {qualifier.i}))
    for token in root.ancestors:
        path.add(token.i)
        if terms.is_not_value(token):
            return None
        if terms.is_anchor(token):
            return Value(money, token, frozenset(path | _governor(token)))
        participants = [_antecedent(t, terms) for t in _arguments(token)]
        # "will keep pensions worth £8m", "The savings are the £61m forecast"
        if token.pos_ in ("VERB", "AUX") and any(terms.is_not_value(t) for t in participants):
            return None
        if _is_clause(token):
            contracts = [t for t in participants if terms.is_contract_word(t)]
            return Value(money, contracts[0], frozenset(path)) if contracts else None
    return None


def _qualifiers(root: Token) -> Iterable[Token]:
    """Words that say what a sum is: a participle after it, the nouns of its "of"/"in"
    phrases, and their modifiers ("of savings forecast" gives "forecast" and "savings")."""
    for child in root.children:
        if child.dep_ in ("acl", "relcl"):
            yield child
        elif child.dep_ == "prep":
            for noun in child.children:
                if noun.dep_ == "pobj":
                    yield noun
                    yield from (t for t in noun.children if t.dep_ in ("compound", "amod"))


def _is_clause(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and (
        token.dep_ == "ROOT" or any(child.dep_.startswith("nsubj") for child in token.children)
    )


def _arguments(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ in CLAUSE_ARGUMENTS]


def _governor(anchor: Token) -> set[int]:
    """The verb a contract noun is a participant of: "awarded a contract worth £85m for ten
    years" gives the duration to the contract through "awarded"."""
    if anchor.pos_ != "VERB" and anchor.dep_ in CLAUSE_ARGUMENTS and anchor.head.pos_ == "VERB":
        return {anchor.head.i}
    return set()


def _antecedent(token: Token, terms: ContractTerms) -> Token:
    """What a relative pronoun stands for: "which" in "Corvane, which runs..." is Corvane."""
    if token.lower_ in terms.relative_pronouns and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _contractor_roles(sent: Span, terms: ContractTerms) -> set[int]:
    """Indices of the tokens the grammar makes a contracted party: the object of "paid",
    "awarded to X", "contract with X", the subject of "won", the agent of "run by", the
    holder in "X's contract", the subject working "under" a contract."""
    roles: list[Token] = []
    for token in sent:
        # "signed the contract with X", "the contract went to X"
        contract_object = any(terms.is_contract_word(c) for c in _arguments(token))
        if terms.is_award_verb(token):
            roles += [c for c in token.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
            # "the consultancy the council is paying £1.8m": the clause has its own
            # subject, so the noun it describes is the one paid.
            if token.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.lower_ not in terms.relative_pronouns
                for c in token.children
            ):
                roles.append(token.head)
        if terms.is_award_verb(token) or contract_object or _holds_contract(token, terms):
            # "awarded to X", "recommended the award to X", "contract with X"
            roles += _objects_of(token, terms.supplier_prepositions)
        if _holds_contract(token, terms):
            roles += [c for c in token.children if c.dep_ in HOLDER_DEPS]
            # "a contract worth £275m to Corvane": the parser hangs "to" on "worth".
            for modifier in (c for c in token.children if c.dep_ == "amod"):
                roles += _objects_of(modifier, terms.supplier_prepositions)
        if _works_under_contract(token, terms):
            # "Under its contract, Amberline is meant to answer..."
            roles += [c for c in token.children if c.dep_ == "nsubjpass"]
        if _is_one_of(token, terms.supplier_verbs) or _works_under_contract(token, terms):
            roles += _subjects(token)
            roles += [o for c in token.children if c.dep_ == "agent" for o in c.children]
    return {_antecedent(token, terms).i for token in roles}


def _holds_contract(token: Token, terms: ContractTerms) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and terms.is_contract_word(token)


def _objects_of(token: Token, prepositions: frozenset[str]) -> list[Token]:
    preps = [c for c in token.children if c.dep_ in ("prep", "dative")]
    # "went to Tolland for £85m and to Fenwright for £12.5m": the second "to" is a conjunct.
    preps += [conj for prep in preps for conj in prep.conjuncts]
    return [
        noun
        for prep in preps
        if prep.lower_ in prepositions
        for noun in prep.children
        if noun.dep_ == "pobj"
    ]


def _works_under_contract(verb: Token, terms: ContractTerms) -> bool:
    return verb.pos_ == "VERB" and any(
        terms.is_contract_word(noun) for noun in _objects_of(verb, terms.operating_prepositions)
    )


def _subjects(verb: Token) -> list[Token]:
    """A verb's subject; for a clause without one ("after winning a contract"), the subject
    of the verb it hangs on."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if subjects or verb.dep_ not in ("pcomp", "advcl", "xcomp", "conj"):
        return subjects
    head = verb.head.head if verb.dep_ == "pcomp" else verb.head
    return [] if head.i == verb.i else _subjects(head)


def _is_supplier(company: Span, roles: set[int], terms: ContractTerms) -> bool:
    """Whether a company is the contracted party: it (or the phrase it names or stands
    beside: "the consultancy Pellow & Finch LLP") fills a contractor role, or its name is
    written onto the contract ("the Amberline contract")."""
    root = company.root
    # An alias can cover only the front of a longer name ("Fenwright" in "Fenwright
    # Facilities Ltd"): the grammar belongs to the head of the whole noun phrase.
    while root.dep_ == "compound" and root.head.i > root.i:
        root = root.head
    while True:
        # "Pellow & Finch LLP, the consultancy the council is paying"
        if {root.i, *(c.i for c in root.children if c.dep_ == "appos")} & roles:
            return True
        # "awarded to Amberline and Corvane", "consultants, Pellow & Finch LLP,"
        if root.dep_ not in ("conj", "appos") or root.head.i == root.i:
            break
        root = root.head
    # The parser often loses "Amberline's contract" or "contract with X" in a long noun
    # phrase; the words don't.
    following = list(company.doc[company.end : company.sent.end])
    if following and following[0].tag_ == "POS":
        following = following[1:]
    if following and terms.is_contract_word(following[0]):
        return True
    before = company.doc[company.start - 1] if company.start > company.sent.start else None
    return (
        before is not None
        and before.lower_ in terms.supplier_prepositions
        and _governed_by_anchor(before, terms)
    )


def _governed_by_anchor(token: Token, terms: ContractTerms) -> bool:
    """Whether a contract word or an award verb governs a word within its clause: "with
    Tolland for £85m and with Fenwright for £12m" hangs the second "with" off the first."""
    for ancestor in token.ancestors:
        if terms.is_anchor(ancestor):
            return True
        if _is_clause(ancestor):
            return False
    return False


def _duration(value: Value, durations: list[Span], other_anchors: list[Token]) -> Span | None:
    """The duration whose parse reaches the value's path in fewest steps ("worth £275m over
    ten years", "a ten-year contract"), not passing through another sum's contract."""
    best: tuple[int, Span] | None = None
    stops = {anchor.i for anchor in other_anchors} - value.path
    for duration in durations:
        token, steps = duration.root, 0
        while token.i not in value.path and token.i not in stops and token.head.i != token.i:
            token, steps = token.head, steps + 1
        if token.i in value.path and (best is None or steps < best[0]):
            best = (steps, duration)
    return best[1] if best is not None else None


def _within(spans: list[Span], sent: Span) -> list[Span]:
    return [span for span in spans if sent.start <= span.start and span.end <= sent.end]


def _distance(span: Span, token: Token) -> int:
    if span.start <= token.i < span.end:
        return 0
    return min(abs(token.i - span.start), abs(token.i - (span.end - 1)))


def _gap(a: Span, b: Span) -> int:
    """Tokens between two spans: "with Amberline for £320m and with Corvane for £275m"."""
    return max(a.start - b.end, b.start - a.end, 0)


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
