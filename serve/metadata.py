"""Datasette metadata: the descriptions in data/datasette/metadata.yml plus the canned queries.

Datasette keys table metadata by database name, which is the served file's stem; the YAML
is written for `localwatch` and re-keyed here so any database file gets the same metadata.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from serve.queries import QUERIES

METADATA_PATH = Path(__file__).resolve().parent.parent / "data" / "datasette" / "metadata.yml"
METADATA_DB_NAME = "localwatch"


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives a database file (and uses in its URLs): the file's stem."""
    return Path(db_path).stem


def load_metadata(db_name: str = METADATA_DB_NAME, path: Path = METADATA_PATH) -> dict[str, Any]:
    """The full metadata for a database served under `db_name`, canned queries included."""
    metadata = yaml.safe_load(path.read_text(encoding="utf-8"))
    database = metadata["databases"].pop(METADATA_DB_NAME)
    database["queries"] = {name: query.as_metadata() for name, query in QUERIES.items()}
    metadata["databases"][db_name] = database
    return metadata
