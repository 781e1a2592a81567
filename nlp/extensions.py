"""The span groups and custom attributes our components write, registered once at import.

Entities, sums of money and durations live in `doc.spans` (they survive `Doc.to_bytes`, which
`nlp.pipe(n_process=...)` relies on). An entity span's label is our type and its `id_` the
canonical name.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

ENTITIES_KEY = "localwatch_entities"
MONEY_KEY = "localwatch_money"
DURATIONS_KEY = "localwatch_durations"


def _entities(doc: Doc) -> list[Span]:
    return list(doc.spans[ENTITIES_KEY]) if ENTITIES_KEY in doc.spans else []


Doc.set_extension("localwatch_entities", getter=_entities, force=True)
# Stored rather than computed by a getter: the words a value is read with are a component
# setting, which a getter could not see.
Span.set_extension("value_gbp", default=None, force=True)
Span.set_extension("duration_years", default=None, force=True)
Doc.set_extension("localwatch_contracts", default=None, force=True)
