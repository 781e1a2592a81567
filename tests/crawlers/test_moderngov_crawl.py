"""A ModernGov council crawled over loopback: the saved LGSF responses served as the web service.

The saved responses link their PDFs on the council's real host; they are served with that host
swapped for the loopback server's, so nothing leaves the machine. One linked PDF is real (made
here with fpdf2), the other corrupt.
"""

from __future__ import annotations

import pytest

REAL_HOST = b"https://democracy.manchester.gov.uk"
SERVICE = "/mg/mgWebService.asmx"
EMPTY_MEETINGS = b"""<?xml version="1.0" encoding="utf-8"?>
<getmeetings><meetingscount> 0</meetingscount><committeescount> 0</committeescount></getmeetings>
"""


@pytest.fixture(scope="module")
def council(http_server, shared_fixtures, crawl, make_pdf, tmp_path_factory):
    councils = shared_fixtures / "councils"
    base = http_server.url("/mg").encode()

    def saved(name: str) -> bytes:
        return (councils / f"lgsf_minutes_fixture_{name}.xml").read_bytes().replace(REAL_HOST, base)

    xml = "text/xml; charset=utf-8"
    window = "sFromDate=01/01/2026&sToDate=31/03/2026"
    http_server.add(f"{SERVICE}/GetCommittees", saved("committees"), xml)
    http_server.add(f"{SERVICE}/GetMeetings?lCommitteeId=144&{window}", saved("meetings"), xml)
    http_server.add(f"{SERVICE}/GetMeetings?lCommitteeId=163&{window}", EMPTY_MEETINGS, xml)
    http_server.add(f"{SERVICE}/GetMeeting?lMeetingId=4967", saved("meeting_with_minutes"), xml)
    http_server.add(f"{SERVICE}/GetMeeting?lMeetingId=4966", saved("meeting_no_minutes"), xml)
    minutes_pdf = make_pdf(
        ["Minutes of the Audit Committee", "Present: Councillor Basil Curley (Chair)"]
    )
    http_server.add("/mg/mgConvert2PDF.aspx?ID=60860", minutes_pdf, "application/pdf")
    http_server.add("/mg/mgConvert2PDF.aspx?ID=60909", b"%PDF-1.7\n%broken", "application/pdf")
    source = {
        "name": "Manchester City Council",
        "kind": "council",
        "type": "moderngov",
        "url": http_server.url("/mg"),
        "from_date": "2026-01-01",
        "to_date": "2026-03-31",
        "documents": "all",
        "allow_private": True,
    }
    db_path = tmp_path_factory.mktemp("moderngov") / "council.db"
    figures = crawl([source], db_path)
    return db_path, figures["Manchester City Council"]


def test_crawl_reports_meetings_documents_and_the_broken_pdf(council):
    _, figures = council
    assert figures == {
        "documents_new": 2,
        "documents_changed": 0,
        "documents_unchanged": 0,
        "meetings": 2,
        "errors": 1,
        "finish_reason": "finished",
        "start_error": None,
    }


def test_meetings_are_stored_with_their_committee(council, query):
    db_path, _ = council
    meetings = query(db_path, "select id, committee, date, status from meetings order by id")
    assert meetings == [
        {
            "id": "manchester-city-council:4966",
            "committee": "Audit Committee",
            "date": "2026-01-13",
            "status": "Cancelled",
        },
        {
            "id": "manchester-city-council:4967",
            "committee": "Audit Committee",
            "date": "2026-02-10",
            "status": "Confirmed",
        },
    ]


def test_agenda_items_are_stored_with_minutes_text(council, query):
    db_path, _ = council
    items = query(db_path, "select id, number, minutes_text from agenda_items order by number")
    assert [item["id"] for item in items] == [
        "manchester-city-council:4967:18831",
        "manchester-city-council:4967:18833",
    ]
    assert items[0]["minutes_text"].startswith("To approve the minutes of the meeting held on")


def test_attendance_is_stored_per_meeting(council, query):
    db_path, _ = council
    rows = query(db_path, "select meeting_id, name, party, ward from attendance order by id")
    assert [row["meeting_id"] for row in rows] == [
        "manchester-city-council:4966",
        "manchester-city-council:4967",
    ]
    assert {(row["name"], row["party"], row["ward"]) for row in rows} == {
        ("Councillor Basil Curley", "LAB", "Charlestown")
    }


def test_minutes_and_their_pdf_are_documents_of_the_meeting(council, query):
    db_path, _ = council
    documents = query(
        db_path,
        "select doc_type, extraction_method, meeting_id, published, text from documents"
        " order by doc_type",
    )
    assert [(d["doc_type"], d["extraction_method"]) for d in documents] == [
        ("minutes", "moderngov_minutes"),
        ("minutes_pdf", "pdf_pypdf"),
    ]
    assert {d["meeting_id"] for d in documents} == {"manchester-city-council:4967"}
    assert "Present: Councillor Basil Curley (Chair)" in documents[1]["text"]


def test_corrupt_pdf_is_a_pdf_fetch_error(council, query):
    db_path, _ = council
    (error,) = query(db_path, "select url, stage, reason, http_status from fetch_errors")
    assert error["url"].endswith("/mg/mgConvert2PDF.aspx?ID=60909")
    assert (error["stage"], error["http_status"]) == ("pdf", 200)
    assert error["reason"].startswith("corrupt PDF")
