"""Reading and checking the sources file (TOML, one `[[source]]` table per source)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from crawlers.constants import SOURCE_KINDS, SOURCE_TYPES

REQUIRED_KEYS = ("name", "kind", "type", "url")


class SourcesError(ValueError):
    """The sources file cannot be used as it is; the message says where and why."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    type: str
    url: str
    settings: dict[str, Any] = field(default_factory=dict)

    def as_row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "type": self.type,
            "url": self.url,
            **self.settings,
        }


def parse_sources(text: str, origin: str = "<sources>") -> list[Source]:
    """Parse and validate sources TOML; raises SourcesError naming the offending table."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{origin}: not valid TOML: {error}") from error
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SourcesError(f"{origin}: no [[source]] tables found")
    sources: list[Source] = []
    seen: set[str] = set()
    for number, table in enumerate(tables, start=1):
        where = f"{origin}: source #{number}"
        missing = [key for key in REQUIRED_KEYS if not table.get(key)]
        if missing:
            raise SourcesError(f"{where}: missing {', '.join(missing)}")
        where = f"{origin}: source {table['name']!r}"
        if table["kind"] not in SOURCE_KINDS:
            raise SourcesError(f"{where}: kind must be one of {', '.join(SOURCE_KINDS)}")
        if table["type"] not in SOURCE_TYPES:
            raise SourcesError(f"{where}: type must be one of {', '.join(SOURCE_TYPES)}")
        if urlparse(table["url"]).scheme not in ("http", "https"):
            raise SourcesError(f"{where}: url must start with http:// or https://")
        if table["name"] in seen:
            raise SourcesError(f"{where}: the name is used twice")
        seen.add(table["name"])
        settings = {key: value for key, value in table.items() if key not in REQUIRED_KEYS}
        sources.append(
            Source(
                table["name"],
                table["kind"],
                table["type"],
                table["url"].rstrip("/") if table["type"] == "moderngov" else table["url"],
                settings,
            )
        )
    return sources


def load_sources(path: str | Path) -> list[Source]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourcesError(f"{path}: cannot read the sources file: {error.strerror}") from error
    return parse_sources(text, origin=str(path))
