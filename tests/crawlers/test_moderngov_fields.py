"""ModernGov web-service responses parsed field by field (City Bureau style).

Each saved LGSF response becomes a Scrapy response with its real URL, is parsed once, and
each test checks one field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from lxml import etree
from scrapy import Request
from scrapy.http import XmlResponse

from crawlers.items import Document, Meeting
from crawlers.sources import Source
from crawlers.spiders.moderngov import ModernGovSpider, long_date, meeting_window, service_date

BASE = "https://democracy.manchester.gov.uk"


def make_spider(**settings: Any) -> ModernGovSpider:
    settings.setdefault("from_date", "2026-01-01")
    settings.setdefault("to_date", "2026-03-31")
    return ModernGovSpider(source=Source("Manchester", "council", "moderngov", BASE, settings))


@pytest.fixture(scope="module")
def councils(shared_fixtures):
    return shared_fixtures / "councils"


def saved_response(councils, name: str, url: str) -> XmlResponse:
    body = (councils / f"lgsf_minutes_fixture_{name}.xml").read_bytes()
    return XmlResponse(url=url, body=body, encoding="utf-8")


@pytest.fixture(scope="module")
def meeting_output(councils) -> list[Any]:
    url = f"{BASE}/mgWebService.asmx/GetMeeting?lMeetingId=4967"
    response = saved_response(councils, "meeting_with_minutes", url)
    return list(make_spider().parse_meeting(response, "144", "Audit Committee"))


@pytest.fixture(scope="module")
def meeting(meeting_output) -> Meeting:
    return meeting_output[0]


@pytest.fixture(scope="module")
def minutes(meeting_output) -> Document:
    return next(item for item in meeting_output if isinstance(item, Document))


@pytest.fixture(scope="module")
def cancelled(councils) -> list[Any]:
    url = f"{BASE}/mgWebService.asmx/GetMeeting?lMeetingId=4966"
    response = saved_response(councils, "meeting_no_minutes", url)
    return list(make_spider().parse_meeting(response, "144", "Audit Committee"))


# GetCommittees and GetMeetings


def committee_requests(councils, **settings: Any) -> list[Request]:
    response = saved_response(councils, "committees", f"{BASE}/mgWebService.asmx/GetCommittees")
    return list(make_spider(**settings).parse_committees(response))


def test_expired_committees_are_skipped(councils):
    urls = [request.url for request in committee_requests(councils)]
    assert [url.split("lCommitteeId=")[1].split("&")[0] for url in urls] == ["163", "144"]


def test_expired_committees_are_kept_when_asked(councils):
    assert len(committee_requests(councils, include_expired=True)) == 3


def test_meetings_are_asked_for_in_the_window_with_day_first_dates(councils):
    url = committee_requests(councils)[0].url
    assert url == (
        f"{BASE}/mgWebService.asmx/GetMeetings"
        "?lCommitteeId=163&sFromDate=01/01/2026&sToDate=31/03/2026"
    )


def test_each_meeting_is_asked_for_with_its_committee(councils):
    url = f"{BASE}/mgWebService.asmx/GetMeetings?lCommitteeId=144"
    requests = list(make_spider().parse_meetings(saved_response(councils, "meetings", url)))
    assert [r.url.rsplit("=", 1)[1] for r in requests] == ["4966", "4967"]
    assert requests[0].cb_kwargs == {"committee_id": "144", "committee": "Audit Committee"}


# GetMeeting: the meeting


def test_meeting_key(meeting):
    assert meeting.meeting_key == "4967"


def test_meeting_committee(meeting):
    assert (meeting.committee, meeting.committee_id) == ("Audit Committee", "144")


def test_meeting_date_is_iso(meeting):
    assert meeting.date == "2026-02-10"


def test_meeting_time_is_24_hour(meeting):
    assert meeting.time == "10:00"


def test_meeting_status(meeting):
    assert meeting.status == "Confirmed"


def test_meeting_location_skips_the_empty_room(meeting):
    assert meeting.location == "Council Antechamber, Level 2, Town Hall Extension"


def test_meeting_url_is_the_public_documents_page(meeting):
    assert meeting.url == f"{BASE}/ieListDocuments.aspx?CId=144&MId=4967"


def test_minutes_published_flag(meeting):
    assert meeting.minutes_published is True


# Agenda items


def test_agenda_items_keys_and_numbers(meeting):
    assert [(item.key, item.number) for item in meeting.items] == [("18831", "1"), ("18833", "9")]


def test_agenda_item_titles(meeting):
    assert [item.title for item in meeting.items] == ["Minutes", "Work Programme"]


def test_agenda_text_is_plain(meeting):
    assert meeting.items[0].agenda_text == (
        "To approve as a correct record the minutes of the meeting held on 25 November 2025."
    )


def test_minutes_text_is_unescaped_and_unwrapped(meeting):
    text = meeting.items[1].minutes_text
    assert text.startswith("The Committee considered a report of the Governance and Scrutiny")
    assert "\n" not in text and "<" not in text and "&lt;" not in text


def test_agenda_items_are_not_restricted(meeting):
    assert [item.is_restricted for item in meeting.items] == [False, False]


# Attendance


def test_attendee_name_party_and_ward(meeting):
    (attendee,) = meeting.attendees
    assert (attendee.name, attendee.party, attendee.ward) == (
        "Councillor Basil Curley",
        "LAB",
        "Charlestown",
    )


def test_attendee_role_and_attendance(meeting):
    (attendee,) = meeting.attendees
    assert (attendee.role, attendee.attendance) == ("Committee Member", "Expected")


# The minutes document built from the items


def test_minutes_document_type_and_method(minutes):
    assert (minutes.doc_type, minutes.extraction_method) == ("minutes", "moderngov_minutes")


def test_minutes_document_title(minutes):
    assert minutes.title == "Audit Committee — 10 February 2026 — minutes"


def test_minutes_document_text_is_items_under_their_titles(minutes):
    assert minutes.text.startswith("1 Minutes\nTo approve the minutes of the meeting held on")
    assert "\n\n9 Work Programme\nThe Committee considered" in minutes.text


def test_minutes_document_is_dated_by_the_meeting(minutes):
    assert (minutes.published, minutes.date_source) == ("2026-02-10", "meeting")


def test_minutes_document_belongs_to_the_meeting(minutes, meeting):
    assert (minutes.url, minutes.meeting_key) == (meeting.url, "4967")


def test_minutes_document_has_fetch_provenance(minutes):
    assert minutes.http_status == 200 and len(minutes.content_hash) == 64


# Linked documents


def linked_requests(councils, documents: str) -> list[Request]:
    url = f"{BASE}/mgWebService.asmx/GetMeeting?lMeetingId=4967"
    response = saved_response(councils, "meeting_with_minutes", url)
    output = make_spider(documents=documents).parse_meeting(response, "144", "Audit Committee")
    return [item for item in output if isinstance(item, Request)]


@pytest.mark.parametrize(
    ("documents", "ids"), [("minutes", ["60860"]), ("all", ["60860", "60909"]), ("none", [])]
)
def test_linked_documents_followed(councils, documents, ids):
    requests = linked_requests(councils, documents)
    assert [request.url for request in requests] == [
        f"{BASE}/mgConvert2PDF.aspx?ID={attachment}" for attachment in ids
    ]


def test_linked_minutes_are_recognised_by_title(councils):
    (request,) = linked_requests(councils, "minutes")
    linked = request.cb_kwargs["linked"]
    assert linked.is_minutes and linked.title.startswith("6 - CHAIR APPROVED Minutes")


def test_unknown_documents_setting_is_refused():
    with pytest.raises(ValueError, match="documents must be one of"):
        make_spider(documents="some")


# A cancelled meeting without minutes


def test_cancelled_meeting_yields_only_the_meeting(cancelled):
    assert [type(item) for item in cancelled] == [Meeting]


def test_cancelled_meeting_status_and_items(cancelled):
    assert (cancelled[0].status, cancelled[0].items, cancelled[0].minutes_published) == (
        "Cancelled",
        [],
        False,
    )


def test_cancelled_meeting_keeps_its_attendees(cancelled):
    assert [a.name for a in cancelled[0].attendees] == ["Councillor Basil Curley"]


# Value helpers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("6.30 pm", "18:30"), ("12.00 pm", "12:00"), ("12.15 am", "00:15"), ("2.00 p.m.", "14:00"),
     ("TBC", "TBC"), ("", None)],
)  # fmt: skip
def test_meeting_times(raw, expected):
    element = etree.fromstring(f"<meeting><meetingtime>{raw}</meetingtime></meeting>")
    assert ModernGovSpider._parse_time(element) == expected


def test_service_dates_are_day_first_and_empty_is_none():
    assert (service_date("03/04/2026"), service_date(""), service_date("soon")) == (
        "2026-04-03",
        None,
        None,
    )


def test_long_date():
    assert long_date("2026-03-01") == "1 March 2026"


def test_default_window_is_eight_weeks_back_two_ahead():
    assert meeting_window(None, None, date(2026, 3, 1)) == (date(2026, 1, 4), date(2026, 3, 15))


def test_window_accepts_toml_dates_and_iso_strings():
    assert meeting_window(date(2026, 1, 1), "2026-02-01", date(2026, 3, 1)) == (
        date(2026, 1, 1),
        date(2026, 2, 1),
    )


def test_disabled_web_service_is_a_parse_error():
    page = b"<html><body><h1>Web Service method name is not valid.</h1><br></body>"
    response = XmlResponse(f"{BASE}/mgWebService.asmx/GetCommittees", body=page)
    (error,) = make_spider().parse_committees(response)
    assert (error.stage, error.http_status) == ("parse", 200)
    assert error.reason.startswith("not a ModernGov web-service response")
