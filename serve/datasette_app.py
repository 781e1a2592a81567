"""Serving a Localwatch database through Datasette, read-only, with our metadata and settings.

`serve_forever` is what `pipeline.py serve` runs. It serves in this process, as `datasette
serve` itself does (startup hooks, then uvicorn), rather than in a child process: uvicorn
then handles Ctrl-C and SIGTERM, so a stopped server never leaves an orphan behind.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette

from serve.metadata import database_name, load_metadata

SETTINGS: dict[str, Any] = {
    # Timelines and facets over a few million mentions finish well inside this; a runaway
    # ad-hoc query is stopped before it starves other readers.
    "sql_time_limit_ms": 3500,
    # Caps canned-query results (and their CSV). Table CSVs stream every row regardless;
    # a complete entity timeline of any length is the CLI export's job.
    "max_returned_rows": 5000,
    "default_page_size": 100,
    # The database file can run to gigabytes; researchers export what they need as CSV.
    "allow_download": False,
    "allow_csv_stream": True,
    # A CSV cut short at a size limit looks complete to a researcher; never truncate.
    "max_csv_mb": 0,
}


def make_datasette(db_path: str | Path, immutable: bool = False) -> Datasette:
    """A Datasette serving `db_path` read-only with the Localwatch metadata and settings.

    Mutable (the default) opens the file with SQLite's mode=ro, so rows the nightly crawl
    adds appear without a restart. `immutable=True` suits a published snapshot that never
    changes: no locking, and counts are computed once.
    """
    files = [str(db_path)]
    return Datasette(
        files=[] if immutable else files,
        immutables=files if immutable else [],
        metadata=load_metadata(database_name(db_path)),
        settings=SETTINGS,
    )


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing is listening on right now, chosen by the OS."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def serve_forever(
    db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False
) -> None:
    """Serve `db_path` until Ctrl-C or SIGTERM, printing its URL first.

    Port 0 picks a free port here rather than in uvicorn, so the printed URL is right.
    """
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"No database at {db_path}; run a crawl or the demo first.")
    port = port or free_port(host)
    datasette = make_datasette(db_path, immutable=immutable)
    asyncio.run(datasette.invoke_startup())
    print(f"Localwatch on http://{host}:{port}/{database_name(db_path)}", flush=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
