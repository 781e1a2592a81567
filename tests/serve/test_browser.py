"""A researcher's first visit, in a real headless Chromium against a real Datasette server."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from kestrelford import AMBERLINE

from serve.datasette_app import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SERVE = """
import sys
from serve.datasette_app import serve_forever
serve_forever(sys.argv[1], port=int(sys.argv[2]))
"""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: make chromium"),
]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited early: {server.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"the server did not answer at {url} within {timeout}s")


@pytest.fixture
def server_url(db_path: Path) -> Iterator[str]:
    """`serve_forever`, exactly as `pipeline.py serve` runs it, in its own process."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(db_path), str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + "/-/versions.json", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_researcher_finds_an_entity_timeline_from_the_home_page(server_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server_url + "/")
            expect(page.locator("h1")).to_have_text("Localwatch")
            page.get_by_role("link", name="t", exact=True).click()
            page.get_by_role("link", name="Entity timeline").click()
            page.fill("input[name=name]", "amberline")
            page.get_by_role("button", name="Run SQL").click()

            table = page.locator("table.rows-and-columns tbody")
            expect(table.locator("tr")).to_have_count(3)
            dates = table.locator("td.col-date").all_inner_texts()
            assert dates == ["2019-03-14", "2020-06-02", "2021-01-20"]
            assert set(table.locator("td.col-entity").all_inner_texts()) == {AMBERLINE}
            expect(table).to_contain_text("has missed its targets")
            page.screenshot(path=str(tmp_path / "entity_timeline.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "entity_timeline.png").stat().st_size > 0
