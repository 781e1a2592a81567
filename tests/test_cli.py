"""What the command line says when it cannot do what was asked."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from crawlers.sources import load_sources
from pipeline import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_a_sources_file_with_a_bad_kind_names_the_source_and_the_choices(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "Gazette"\nkind = "newspaper"\ntype = "feed"\nurl = "https://g/rss"\n',
        encoding="utf-8",
    )
    result = run("crawl", "--sources", str(sources), "--db", str(tmp_path / "t.db"))
    assert result.exit_code == 1
    assert "source 'Gazette': kind must be one of press, blog, council" in result.output


def test_a_missing_sources_file_says_so(tmp_path):
    result = run("crawl", "--sources", str(tmp_path / "nope.toml"), "--db", str(tmp_path / "t.db"))
    assert result.exit_code == 1
    assert "cannot read the sources file" in result.output


def test_crawling_a_source_not_in_the_file_is_refused(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "Gazette"\nkind = "press"\ntype = "feed"\nurl = "https://g/rss"\n',
        encoding="utf-8",
    )
    result = run("crawl", "--sources", str(sources), "--source", "Herald")
    assert result.exit_code == 1
    assert "Herald" in result.output


def test_demo_refuses_a_busy_port_before_building_anything(tmp_path):
    db_path = tmp_path / "demo.db"
    db_path.write_text("keep me", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("demo", "--db", str(db_path), "--port", str(port))
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.output
    assert db_path.read_text(encoding="utf-8") == "keep me"


def test_serving_a_database_that_does_not_exist_says_what_to_run(tmp_path):
    result = run("serve", "--db", str(tmp_path / "none.db"), "--port", "0")
    assert result.exit_code == 1
    assert "run crawl and tag first, or demo" in result.output


def test_demo_web_serves_the_borough_and_writes_a_sources_file_for_it(tmp_path):
    sources_out = tmp_path / "demo-sources.toml"
    server = subprocess.Popen(
        [sys.executable, "pipeline.py", "demo-web", "--port", "0", "--sources-out", sources_out],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not sources_out.exists() and time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.1)
        sources = {source.kind: source for source in load_sources(sources_out)}
        assert set(sources) == {"press", "blog", "council"}
        with urllib.request.urlopen(sources["press"].url, timeout=5) as feed:
            assert b"<rss" in feed.read()
        meetings = f"{sources['council'].url}/mgWebService.asmx/GetCommittees"
        with urllib.request.urlopen(meetings, timeout=5) as committees:
            assert b"<committees>" in committees.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
