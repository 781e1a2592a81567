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

ENTITY_TYPES = ("person", "company", "public_body", "other_org")


def read_toml(path: str | Path) -> dict[str, Any]:
    with open(path, "rb") as f:
        return tomllib.load(f)


def lowered(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


def alias_patterns(path: str | Path) -> list[dict[str, Any]]:
    """EntityRuler phrase patterns for every name and alias in an aliases file.

    The label is our entity type and the `id` the canonical name, so every surface form
    lands on one entity. An alias written in lower case ("the council") also gets a
    capitalised variant, since it will start sentences.
    """
    patterns = []
    for entity in read_toml(path).get("entity", []):
        name, entity_type = entity["name"], entity["type"]
        if entity_type not in ENTITY_TYPES:
            raise ValueError(
                f"{path}: entity {name!r} has type {entity_type!r}; "
                f"expected one of {', '.join(ENTITY_TYPES)}"
            )
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
