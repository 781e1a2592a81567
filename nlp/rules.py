"""Where the tagger's data files live, and how they become EntityRuler patterns.

Everything a researcher may want to edit (aliases, word lists, patterns) is a data file under
`data/`; this module only reads them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PATTERNS_DIR = DATA_DIR / "patterns"
DEFAULT_ALIASES = DATA_DIR / "aliases.toml"
# UK political parties, in the aliases-file format; loaded with every pipeline.
PARTIES = PATTERNS_DIR / "parties.toml"
DEFAULT_ALIAS_FILES = (DEFAULT_ALIASES, PARTIES)

ENTITY_TYPES = ("person", "company", "public_body", "other_org")


def read_toml(path: str | Path) -> dict[str, Any]:
    with open(path, "rb") as f:
        return tomllib.load(f)


def lowered(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


def alias_entities(path: str | Path) -> list[dict[str, Any]]:
    """The `[[entity]]` tables of an aliases file, each with a known type."""
    entities = read_toml(path).get("entity", [])
    for entity in entities:
        if entity["type"] not in ENTITY_TYPES:
            raise ValueError(
                f"{path}: entity {entity['name']!r} has type {entity['type']!r}; "
                f"expected one of {', '.join(ENTITY_TYPES)}"
            )
    return entities


def alias_places(path: str | Path) -> list[str]:
    """Every name and alias of the `[[place]]` tables of an aliases file: wards,
    neighbourhoods, the borough itself. Places are not entities we track."""
    return [
        form
        for place in read_toml(path).get("place", [])
        for form in (place["name"], *place.get("aliases", []))
    ]


def model_aliases(path: str | Path) -> dict[str, tuple[str, str]]:
    """(type, name) by each `model_aliases` word of an aliases file: everyday words that
    name the entity only where the model marks them as a name ("Green")."""
    return {
        alias: (entity["type"], entity["name"])
        for entity in alias_entities(path)
        for alias in entity.get("model_aliases", [])
    }


def alias_patterns(path: str | Path) -> list[dict[str, Any]]:
    """EntityRuler phrase patterns for every name and alias in an aliases file.

    The label is our entity type and the `id` the canonical name, so every surface form
    lands on one entity. An alias written in lower case ("the council") also gets a
    capitalised variant, since it will start sentences.
    """
    patterns = []
    for entity in alias_entities(path):
        name, entity_type = entity["name"], entity["type"]
        forms = {name, *entity.get("aliases", [])}
        forms |= {form[0].upper() + form[1:] for form in forms if form[:1].islower()}
        patterns.extend(
            {"label": entity_type, "pattern": form, "id": name} for form in sorted(forms)
        )
    return patterns


def jsonl_patterns(directory: str | Path) -> list[dict[str, Any]]:
    """All EntityRuler patterns in `directory/*.jsonl`, in file-name order."""
    patterns: list[dict[str, Any]] = []
    for path in sorted(Path(directory).glob("*.jsonl")):
        patterns.extend(srsly.read_jsonl(path))
    return patterns
