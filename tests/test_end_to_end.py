"""The researcher's story on the demo borough, through the real command line.

`pipeline.py demo --no-serve` serves the fictional borough on loopback, crawls it over
real HTTP, tags it with the real spaCy model and writes a real SQLite database. The
assertions are what a researcher would check in Datasette or the CSV.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import feedparser
import pytest
import sqlite_utils
from chromium import CHROMIUM, chromium_page, datasette_server

from serve.metadata import database_name

ROOT = Path(__file__).resolve().parents[1]
BOROUGH = tomllib.loads((ROOT / "data" / "demo" / "borough.toml").read_text(encoding="utf-8"))


def run_cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("demo") / "demo.db"
    run_cli("demo", "--no-serve", "--db", str(db_path))
    return db_path


@pytest.fixture(scope="session")
def db(demo_db: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(demo_db)


def test_demo_holds_sixty_documents_from_press_blogs_and_council(db):
    per_kind = {
        row["kind"]: row["n"]
        for row in db.query(
            "select s.kind, count(*) n from documents d join sources s on s.id = d.source_id "
            "group by s.kind"
        )
    }
    assert sum(per_kind.values()) >= 60
    assert set(per_kind) == {"press", "blog", "council"}
    assert all(count >= 5 for count in per_kind.values()), per_kind


def test_every_document_keeps_its_provenance(db):
    rows = list(db.query("select * from documents"))
    for row in rows:
        assert row["url"].startswith("http://127.0.0.1:")
        assert row["fetched_at"] and row["http_status"] == 200
        assert len(row["content_hash"]) == 64
        assert row["text"].strip()
    assert sum(1 for row in rows if row["published"]) == len(rows)


def test_press_articles_carry_byline_and_date_from_the_page(db):
    articles = list(
        db.query(
            "select d.* from documents d join sources s on s.id = d.source_id "
            "where s.kind = 'press'"
        )
    )
    journalists = {p["name"] for p in BOROUGH["person"] if "journalist" in p["role"].lower()}
    assert {a["author"] for a in articles} <= journalists
    assert all(a["date_source"] == "page" for a in articles)


def test_council_minutes_come_from_the_web_service_and_from_pdfs(db):
    methods = {
        row["extraction_method"]
        for row in db.query("select extraction_method from documents where meeting_id is not null")
    }
    assert {"moderngov_minutes", "pdf_pypdf"} <= methods
    assert db["meetings"].count >= 12
    assert db["agenda_items"].count > db["meetings"].count
    assert db["attendance"].count > 0


def test_the_three_contracts_are_found_with_their_values(db):
    found = list(db.query("select supplier, value_gbp, duration_years from contracts"))
    for contract in BOROUGH["contract"]:
        matching = [
            row
            for row in found
            if row["supplier"] == contract["supplier"]
            and row["value_gbp"] == pytest.approx(contract["value_gbp"])
        ]
        assert matching, f"no contract row for {contract['supplier']} at £{contract['value_gbp']:,}"
        durations = [row["duration_years"] for row in matching]
        assert pytest.approx(contract["duration_years"]) in durations, durations


def test_the_demo_cast_is_tagged_with_the_right_types(db):
    types = {row["name"]: row["type"] for row in db["entities"].rows}
    for group, expected_type in (
        ("person", "person"),
        ("company", "company"),
        ("public_body", "public_body"),
    ):
        names = [entry["name"] for entry in BOROUGH[group]]
        found = [name for name in names if types.get(name) == expected_type]
        assert len(found) >= 0.8 * len(names), f"{group}: found {found} of {names}"


def test_broken_inputs_are_recorded_with_a_reason_and_the_run_goes_on(db):
    errors = list(db["fetch_errors"].rows)
    stages = {row["stage"] for row in errors}
    assert any(row["http_status"] == 404 for row in errors)
    assert "pdf" in stages
    assert all(len(row["reason"]) > 10 for row in errors)


def test_runs_are_recorded_with_figures(db):
    runs = {row["command"]: row for row in db["runs"].rows}
    # The demo plants a withdrawn article and a corrupt PDF, so its crawl has errors.
    assert runs["crawl"]["status"] == "ok_with_errors" and runs["tag"]["status"] == "ok"
    crawl = json.loads(runs["crawl"]["stats"])["sources"]
    assert crawl["The Kestrelford Chronicle"]["errors"] == 1
    assert json.loads(runs["tag"]["stats"])["documents"] >= 60


def test_timeline_csv_for_a_demo_company_reads_oldest_first(demo_db, tmp_path):
    out = tmp_path / "amberline.csv"
    run_cli("timeline", "Amberline", "--db", str(demo_db), "--csv", str(out))
    raw = out.read_bytes()
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows, "empty timeline"
    assert list(rows[0])[:6] == ["date", "source", "source_kind", "title", "url", "sentence"]
    dates = [row["date"] for row in rows]
    assert dates == sorted(dates)
    assert {row["source_kind"] for row in rows} == {"press", "blog", "council"}
    assert all(row["mention"] in row["sentence"] for row in rows)
    assert dates[0][:4] < dates[-1][:4], "the timeline should span more than a year"


def test_timeline_of_an_unknown_name_says_so(demo_db):
    result = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "timeline", "Amberlime", "--db", str(demo_db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "Amberline" in result.stderr


def test_crawling_and_tagging_again_adds_no_rows(tmp_path):
    from demo.site import DemoBorough

    db_path = tmp_path / "again.db"
    sources = tmp_path / "sources.toml"
    fast = ["--setting", "DOWNLOAD_DELAY=0", "--setting", "AUTOTHROTTLE_ENABLED=false"]
    with DemoBorough() as borough:
        sources.write_text(borough.sources_toml(borough.start()), encoding="utf-8")
        run_cli("crawl", "--sources", str(sources), "--db", str(db_path), *fast)
        run_cli("tag", "--db", str(db_path), "--aliases", str(ROOT / "data/demo/aliases.toml"))
        first = counts(db_path)
        run_cli("crawl", "--sources", str(sources), "--db", str(db_path), *fast)
        run_cli("tag", "--db", str(db_path), "--aliases", str(ROOT / "data/demo/aliases.toml"))
    second = counts(db_path)
    first.pop("runs"), second.pop("runs")
    first.pop("fetch_errors"), second.pop("fetch_errors")
    assert first == second
    assert first["documents"] >= 60


def counts(db_path: Path) -> dict[str, int]:
    db = sqlite_utils.Database(db_path)
    return {name: db[name].count for name in db.table_names() if "_fts" not in name}


def test_extract_one_demo_page(tmp_path):
    from demo.site import DemoBorough

    with DemoBorough() as borough:
        base_url = borough.start()
        entry = feedparser.parse(f"{base_url}/chronicle/rss.xml").entries[-1]
        result = json.loads(run_cli("extract", entry.link, "--json").stdout)
    assert result["title"] == entry.title
    assert result["author"] == entry.author
    assert result["published"][:10] == time.strftime("%Y-%m-%d", entry.published_parsed)
    assert len(result["text"]) > 4 * len(entry.summary)


def test_tag_one_text_file_as_json(tmp_path):
    text = tmp_path / "note.txt"
    text.write_text(
        "Councillor Tom Ashdown said Kestrelford Council had signed a ten-year contract "
        "worth £275 million with Corvane Group plc.",
        encoding="utf-8",
    )
    result = json.loads(run_cli("tag", "--text-file", str(text), "--json").stdout)
    labels = {entity["canonical"]: entity["label"] for entity in result["entities"]}
    assert labels.get("Tom Ashdown") == "person"
    assert labels.get("Corvane Group plc") == "company"
    assert labels.get("Kestrelford Council") == "public_body"
    (contract,) = result["contracts"]
    assert contract["value_gbp"] == 275_000_000
    assert contract["duration_years"] == 10
    assert contract["supplier"] == "Corvane Group plc"


def test_datasette_answers_the_timeline_canned_query_like_the_cli(demo_db):
    import asyncio

    from serve.datasette_app import make_datasette
    from serve.timeline import timeline_rows

    async def ask() -> list[dict]:
        ds = make_datasette(demo_db)
        response = await ds.client.get(
            f"/{database_name(demo_db)}/entity_timeline.json?name=Corvane&_shape=array"
        )
        assert response.status_code == 200, response.text
        return response.json()

    served = asyncio.run(ask())
    exported = timeline_rows(sqlite_utils.Database(demo_db), "Corvane")
    assert len(served) > 10
    assert [row["url"] for row in served] == [row["url"] for row in exported]


def test_a_paper_without_a_feed_is_read_through_its_sitemap(tmp_path, db):
    from demo.site import DemoBorough

    db_path = tmp_path / "sitemap.db"
    sources = tmp_path / "sources.toml"
    with DemoBorough() as borough:
        base_url = borough.start()
        sources.write_text(
            "[[source]]\n"
            'name = "The Kestrelford Chronicle"\nkind = "press"\ntype = "site"\n'
            f'url = "{base_url}/chronicle/sitemap.xml"\nallow = "/news/"\nallow_private = true\n',
            encoding="utf-8",
        )
        run_cli(
            "crawl",
            "--sources",
            str(sources),
            "--db",
            str(db_path),
            "--setting",
            "DOWNLOAD_DELAY=0",
            "--setting",
            "AUTOTHROTTLE_ENABLED=false",
        )
    by_sitemap = sqlite_utils.Database(db_path)
    titles = {row["title"] for row in by_sitemap["documents"].rows}
    by_feed = {
        row["title"]
        for row in db.query(
            "select title from documents where source_id = 'the-kestrelford-chronicle'"
        )
    }
    assert titles == by_feed
    assert by_sitemap["fetch_errors"].count == 0


def test_the_syndicated_article_is_kept_once_as_original_and_once_as_copy(db):
    (copy,) = db.query(
        "select c.source_id copy_source, o.source_id original_source, c.title = o.title same "
        "from documents c join documents o on o.id = c.duplicate_of"
    )
    assert copy == {
        "copy_source": "kestrelford-against-privatisation",
        "original_source": "the-kestrelford-chronicle",
        "same": 1,
    }


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: make chromium")
def test_a_researcher_searches_the_demo_and_follows_a_company_in_the_browser(demo_db, tmp_path):
    from playwright.sync_api import expect

    name = database_name(demo_db)
    with datasette_server(demo_db) as url, chromium_page() as page:
        page.goto(f"{url}/{name}/documents")
        page.fill("input[name=_search]", "break clause")
        page.keyboard.press("Enter")
        rows = page.locator("table.rows-and-columns tbody tr")
        expect(rows.first).to_be_visible()
        assert "break clause" in page.locator("table.rows-and-columns").inner_text().lower()

        page.goto(f"{url}/{name}/contracts?supplier=Corvane+Group+plc")
        expect(page.locator("table.rows-and-columns")).to_contain_text("275000000")

        page.goto(f"{url}/{name}/entity_timeline?name=Corvane")
        dates = page.locator("td.col-date").all_inner_texts()
        assert dates == sorted(dates) and len(dates) > 10
        page.screenshot(path=str(tmp_path / "corvane.png"), full_page=True)
