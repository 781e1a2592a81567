"""What a researcher sees through Datasette, via its in-process test client."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import lxml.html
import pytest
from kestrelford import AMBERLINE, AWARD, EXTENSION, QUOTE

import store
from serve.datasette_app import SETTINGS, make_datasette
from serve.metadata import load_metadata
from serve.queries import QUERIES

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def ds(db_path):
    return make_datasette(db_path)


async def get_json(ds, path: str, **params: str):
    response = await ds.client.get(f"{path}.json?" + urlencode({**params, "_shape": "array"}))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("name", [AMBERLINE, "Amberline", "AMBERLINE SERVICES LTD"])
async def test_entity_timeline_query_answers_for_name_and_alias(ds, name):
    rows = await get_json(ds, "/t/entity_timeline", name=name)
    assert [(row["date"], row["mention"], row["sentence"]) for row in rows] == [
        ("2019-03-14", AMBERLINE, AWARD),
        ("2020-06-02", "Amberline", QUOTE),
        ("2021-01-20", "Amberline", EXTENSION),
    ]
    assert {row["entity"] for row in rows} == {AMBERLINE}


async def test_entity_timeline_csv_export_matches_the_json(ds):
    rows = await get_json(ds, "/t/entity_timeline", name="Amberline")
    response = await ds.client.get("/t/entity_timeline.csv?name=Amberline")
    assert response.status_code == 200
    parsed = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert parsed == [{key: str(value) for key, value in row.items()} for row in rows]
    assert "£4.2m" in response.text


async def test_every_canned_query_runs_and_finds_kestrelford(ds):
    params = {
        "entity_timeline": {"name": "Amberline"},
        "contract_timeline": {"supplier": "amberline"},
        "contracts_over": {"min_gbp": "£1,000,000"},
        "co_mentions": {"name": AMBERLINE},
        "mentions_per_month": {"name": AMBERLINE},
        "new_since": {"date": "2020-01-01"},
        "search_documents": {"q": "waste-collection"},
        "fetch_errors_recent": {"days": ""},
    }
    assert set(params) == set(QUERIES)
    found = {name: await get_json(ds, f"/t/{name}", **values) for name, values in params.items()}
    assert [row["value_gbp"] for row in found["contract_timeline"]] == [4_200_000.0]
    assert [row["supplier"] for row in found["contracts_over"]] == [AMBERLINE]
    assert {row["name"]: row["documents"] for row in found["co_mentions"]} == {
        "Corvane Group plc": 1,
        "Kestrelford Council": 1,
        "Tom Ashdown": 1,
    }
    assert [(r["month"], r["mentions"]) for r in found["mentions_per_month"]] == [
        ("2019-03", 1),
        ("2020-06", 1),
        ("2021-01", 1),
    ]
    assert [row["date"] for row in found["new_since"]] == ["2021-01-20", "2020-06-02"]
    assert found["new_since"][1]["entities"] == "Amberline Services Ltd; Tom Ashdown"
    [hit] = found["search_documents"]
    assert "**waste collection**" in hit["snippet"] and hit["source"] == "Kestrelford Courier"
    assert [row["reason"] for row in found["fetch_errors_recent"]] == ["HTTP 404: page removed"]


async def test_blank_search_shows_no_rows_rather_than_an_error(ds):
    assert await get_json(ds, "/t/search_documents", q="") == []


async def test_documents_table_is_searchable_and_faceted(ds):
    response = await ds.client.get("/t/documents.json?_search=highway+corvane&_shape=objects")
    data = response.json()
    assert [row["title"] for row in data["rows"]] == ["Cabinet minutes, 20 January 2021"]
    assert {"source_id", "doc_type"} <= set(data["facet_results"])


async def test_the_database_file_cannot_be_downloaded(ds):
    assert (await ds.client.get("/t.db")).status_code == 403


async def test_every_table_and_column_a_researcher_sees_is_explained(ds):
    described = load_metadata("t")["databases"]["t"]["tables"]
    tables = [t for t in (await ds.client.get("/t.json")).json()["tables"] if not t["hidden"]]
    assert {table["name"] for table in tables} == set(store.TABLES)
    for table in tables:
        meta = described.get(table["name"], {})
        assert meta.get("description"), f"{table['name']} has no description"
        columns = meta.get("columns", {})
        missing = [column for column in table["columns"] if not columns.get(column)]
        assert not missing, f"{table['name']}: undescribed columns {missing}"
        stale = set(columns) - set(table["columns"])
        assert not stale, f"{table['name']}: described columns that do not exist {stale}"


def test_every_canned_query_has_a_title_a_description_and_its_parameters():
    for name, query in QUERIES.items():
        assert query.title and query.description, name
        for param in query.params:
            assert f":{param}" in query.sql, f"{name} declares :{param} but never uses it"


async def test_settings_allow_full_csv_export_but_no_database_download(ds):
    settings = (await ds.client.get("/-/settings.json")).json()
    assert settings["allow_csv_stream"] is True
    assert settings["max_csv_mb"] == 0
    assert settings["allow_download"] is False
    assert settings["max_returned_rows"] == SETTINGS["max_returned_rows"]


async def test_a_whole_table_streams_as_csv(ds):
    response = await ds.client.get("/t/mentions.csv?_stream=on&_size=max")
    assert response.status_code == 200
    assert len(list(csv.DictReader(io.StringIO(response.text, newline="")))) == 7


@pytest.mark.parametrize("table", sorted(store.TABLES))
async def test_every_tables_filter_form_submits_without_an_error(ds, table):
    page = await ds.client.get(f"/t/{table}")
    assert page.status_code == 200
    (form,) = [f for f in lxml.html.fromstring(page.text).forms if f.get("class") == "filters"]
    values = form.form_values()
    response = await ds.client.get(f"/t/{table}?" + urlencode(values), follow_redirects=True)
    assert response.status_code == 200, (values, response.text[:300])


async def test_searching_documents_from_the_table_page_works(ds):
    response = await ds.client.get("/t/documents?_search=corvane&_sort_desc=published")
    assert response.status_code == 200
