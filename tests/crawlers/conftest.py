"""Crawler test helpers: where fixtures live, and crawling in a subprocess.

A Twisted reactor starts once per process, so every crawl runs `python -m crawlers.run` in a
subprocess with the fast settings, and the test process stays clean.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from fpdf import FPDF

REPO_ROOT = Path(__file__).resolve().parents[2]
FILES = REPO_ROOT / "tests" / "files"
# Real-world fixtures nobody on the project wrote, kept beside the repository (read-only).
SHARED_FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"

Crawl = Callable[[list[dict[str, Any]], Path], dict[str, dict[str, Any]]]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test taking `feed_file` runs once per real-world feed (the file's name)."""
    if "feed_file" in metafunc.fixturenames:
        feeds = SHARED_FIXTURES / "feeds"
        names = sorted(p.name for p in feeds.iterdir() if p.is_file()) if feeds.is_dir() else []
        metafunc.parametrize("feed_file", names)


@pytest.fixture(scope="session")
def files() -> Path:
    """Our own saved pages and feeds (tests/files/)."""
    return FILES


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    if not SHARED_FIXTURES.is_dir():
        pytest.skip(f"the shared real-world fixtures are not at {SHARED_FIXTURES}")
    return SHARED_FIXTURES


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))  # a JSON string is a valid TOML basic string


def sources_toml(sources: list[dict[str, Any]]) -> str:
    tables = (
        "[[source]]\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in table.items())
        for table in sources
    )
    return "\n".join(tables)


@pytest.fixture(scope="session")
def crawl() -> Crawl:
    """Crawl `sources` (sources-file tables as dicts) into `db_path`; returns the JSON figures."""

    def run(sources: list[dict[str, Any]], db_path: Path) -> dict[str, dict[str, Any]]:
        sources_file = db_path.with_suffix(".toml")
        sources_file.write_text(sources_toml(sources), encoding="utf-8")
        command = [sys.executable, "-m", "crawlers.run", "--fast"]
        command += ["--sources", str(sources_file), "--db", str(db_path)]
        done = subprocess.run(
            command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr[-4000:]
        return json.loads(done.stdout)

    return run


@pytest.fixture(scope="session")
def query() -> Callable[..., list[dict[str, Any]]]:
    """Rows from a crawl's database, through a fresh connection (the crawl ran elsewhere)."""

    def run(db_path: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return list(sqlite_utils.Database(db_path).query(sql, params or []))

    return run


@pytest.fixture(scope="session")
def make_pdf() -> Callable[[list[str]], bytes]:
    """A one-page PDF with these lines of text (none: a page with only a drawing on it)."""

    def run(lines: list[str]) -> bytes:
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
        if not lines:
            pdf.rect(20, 20, 80, 40)
        return bytes(pdf.output())

    return run
