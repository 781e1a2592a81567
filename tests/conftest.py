"""Fixtures shared by every test folder: keep them small and generic."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Route = tuple[int, str, bytes]  # status, content type, body


class LoopbackServer:
    """A real HTTP server on 127.0.0.1 (free port, own thread) serving what a test registers.

    `add` serves one body at a path (a path with a query string matches exactly; one without
    also answers any query); `add_directory` serves a folder's files under a prefix. Anything
    else is a 404.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.directories: dict[str, Path] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.app = self  # type: ignore[attr-defined]
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
    ) -> str:
        """Serve `body` at `path`; returns its full URL."""
        self.routes[path] = (status, content_type, body.encode() if isinstance(body, str) else body)
        return self.url(path)

    def add_directory(self, prefix: str, directory: Path) -> str:
        """Serve the files of `directory` under `prefix` (`/feeds/`); returns its URL."""
        self.directories[prefix] = directory
        return self.url(prefix)

    def lookup(self, raw_path: str) -> Route:
        path = raw_path.split("?", 1)[0]
        route = self.routes.get(raw_path) or self.routes.get(path)
        if route:
            return route
        for prefix, directory in self.directories.items():
            file = directory / path.removeprefix(prefix)
            if path.startswith(prefix) and file.is_file():
                content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                return 200, content_type, file.read_bytes()
        return 404, "text/html; charset=utf-8", b"<html><body>Not found</body></html>"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the name http.server calls
        status, content_type, body = self.server.app.lookup(self.path)  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: pytest shows failures, not every request."""


@pytest.fixture(scope="session")
def http_server() -> Iterator[LoopbackServer]:
    """One loopback server for the session; each test module registers its own paths."""
    server = LoopbackServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
