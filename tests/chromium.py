"""A real Datasette server and Debian's headless Chromium, for the browser tests."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from serve.datasette_app import free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out, and this machine
# has no network to dial.
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

needs_chromium = [
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


@contextmanager
def datasette_server(db_path: Path) -> Iterator[str]:
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


@contextmanager
def chromium_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()
