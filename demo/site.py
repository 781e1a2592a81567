"""A local web server for the fictional borough: a paper, two blogs and a ModernGov council site.

python -m demo.site [--port N]
"""

from __future__ import annotations

import argparse
import json
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qsl, unquote, urlsplit

from demo import blogger, newsroom, wordpress
from demo.content import DEFAULT_ROOT, Corpus, load_corpus
from demo.moderngov import ModernGov
from demo.web import HTML, Response

# Where each platform publishes its feed, relative to the outlet's folder.
FEED_PATHS = {"newsroom": "rss.xml", "wordpress": "feed/", "blogger": "feeds/posts/default"}

NOT_FOUND = Response(
    b"<!DOCTYPE html><html><head><title>Page not found</title></head>"
    b"<body><h1>404 - Page not found</h1></body></html>",
    HTML,
    status=404,
)


class Site:
    """Every page rendered once, in memory, for one base URL."""

    def __init__(self, corpus: Corpus, base_url: str) -> None:
        self.council = ModernGov(corpus, base_url)
        self.routes: dict[str, Response] = {"/": Response(_index(corpus).encode(), HTML)}
        for renderer in (newsroom.render, wordpress.render, blogger.render):
            self.routes.update(renderer(corpus, base_url))
        self.routes.update(self.council.static_routes())
        self.council_path = self.council.outlet.path

    def resolve(self, target: str) -> Response:
        parts = urlsplit(target)
        path = unquote(parts.path)
        if path in self.routes:
            return self.routes[path]
        if path.startswith(self.council_path):
            # ModernGov treats parameter names case-insensitively; so do we.
            query = {k.lower(): v for k, v in parse_qsl(parts.query)}
            return self.council.handle(path, query) or NOT_FOUND
        return NOT_FOUND


def _index(corpus: Corpus) -> str:
    links = "\n".join(
        f'<li><a href="{o.path}">{escape(o.name)}</a> ({escape(o.kind)})</li>'
        for o in corpus.outlets
    )
    name = escape(corpus.borough["borough"]["name"])
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{name} (demo)</title></head>
<body><h1>{name}</h1><p>A fictional borough for the Localwatch demo.</p>
<ul>
{links}
</ul></body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - name fixed by http.server
        self._send(include_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - name fixed by http.server
        self._send(include_body=False)

    def _send(self, include_body: bool) -> None:
        response = self.server.site.resolve(self.path)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if include_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if self.server.log_requests:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site
    log_requests: bool


class DemoBorough:
    """Serve the demo borough on a local port; as a context manager, stops it on exit."""

    def __init__(self, root: Path = DEFAULT_ROOT, *, log_requests: bool = False) -> None:
        self.corpus = load_corpus(root)
        self.log_requests = log_requests
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        if self._server is not None:
            raise RuntimeError("demo borough is already running")
        server = _Server((host, port), _Handler)
        self.base_url = f"http://{host}:{server.server_address[1]}"
        # Pages carry absolute URLs, so they can only be rendered once the port is known.
        server.site = Site(self.corpus, self.base_url)
        server.log_requests = self.log_requests
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, name="demo-borough", daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None

    def sources_toml(self, base_url: str) -> str:
        """A sources file pointing every crawler source at the site running at base_url."""
        lines = ["# Demo borough sources, written by `pipeline.py demo`."]
        borough = self.corpus.borough["borough"]
        for outlet in self.corpus.outlets:
            folder = f"{base_url}{outlet.path}"
            lines += [
                "[[source]]",
                f"name = {json.dumps(outlet.name)}",
                f"kind = {json.dumps(outlet.kind)}",
            ]
            if outlet.platform == "moderngov":
                lines += [
                    'type = "moderngov"',
                    f"url = {json.dumps(folder.rstrip('/'))}",
                    "allow_private = true",
                    f'from_date = "{borough["period_start"].isoformat()}"',
                    f'to_date = "{borough["period_end"].isoformat()}"',
                    "# Every linked PDF, not just minutes: the reports and the broken file matter.",
                    'documents = "all"',
                ]
            else:
                lines += [
                    'type = "feed"',
                    f"url = {json.dumps(folder + FEED_PATHS[outlet.platform])}",
                    "allow_private = true",
                ]
        return "\n".join(lines) + "\n"

    def __enter__(self) -> DemoBorough:
        # Starting stays explicit, so callers choose host and port: `with ...: b.start(port=N)`.
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve_forever(
    port: int = 8000, host: str = "127.0.0.1", sources_out: Path | None = None
) -> None:
    """Serve until interrupted, printing the base URL (what `pipeline.py demo-web` runs).

    With `sources_out`, first write there a sources file pointing at the running site.
    """
    borough = DemoBorough(log_requests=True)
    base_url = borough.start(host, port)
    if sources_out is not None:
        sources_out.write_text(borough.sources_toml(base_url), encoding="utf-8")
        print(f"sources file written to {sources_out}", flush=True)
    print(f"Kestrelford demo borough at {base_url}/  (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        borough.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (0 = any)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    args = parser.parse_args(argv)
    serve_forever(args.port, args.host)


if __name__ == "__main__":
    main()
