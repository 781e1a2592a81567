"""A researcher's first visit, in a real headless Chromium against a real Datasette server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import chromium_page, datasette_server, needs_chromium
from kestrelford import AMBERLINE

pytestmark = needs_chromium


@pytest.fixture
def server_url(db_path: Path) -> Iterator[str]:
    with datasette_server(db_path) as url:
        yield url


def test_researcher_finds_an_entity_timeline_from_the_home_page(server_url, tmp_path):
    from playwright.sync_api import expect

    with chromium_page() as page:
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
    assert (tmp_path / "entity_timeline.png").stat().st_size > 0
