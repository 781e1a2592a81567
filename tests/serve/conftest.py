from __future__ import annotations

from pathlib import Path

import pytest
from kestrelford import build_db


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The Kestrelford database, fresh for each test (it takes a few milliseconds)."""
    return build_db(tmp_path / "t.db")
