"""What the command line says when it cannot do what was asked."""

from __future__ import annotations

import socket

from click.testing import CliRunner

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
