"""Council meetings from ModernGov's web service (`mgWebService.asmx`, HTTP-GET form).

The flow follows DemocracyClub's LGSF minutes scraper: GetCommittees → GetMeetings over a
date window per committee → GetMeeting per meeting. Each meeting becomes a `Meeting` item
(agenda items with their minutes text, attendance), then a "minutes" `Document` built from
the items' minutes when the council filled them in, then one document per linked PDF.

The source's url is the folder holding `mgWebService.asmx`, never assumed to be the site root.
Source settings:
- `from_date`, `to_date`: the window of meeting dates (ISO). Default: eight weeks back to two
  weeks ahead, because minutes appear weeks after a meeting and must be revisited.
- `include_expired`: also crawl expired committees (deleted ones are always skipped).
- `documents`: which linked documents to fetch: "minutes" (default), "all" or "none".

One small method per field (City Bureau style), so tests check them one at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

import scrapy
from lxml import etree
from scrapy.http import Response

from crawlers.extract import ExtractionError, html_to_text, pdf_text, plain_text
from crawlers.items import AgendaItem, Attendee, Document, FetchError, Meeting
from crawlers.spiders.base import LocalwatchSpider
from store import now_iso

DOCUMENT_CHOICES = ("minutes", "all", "none")
WINDOW_BACK = timedelta(weeks=8)
WINDOW_AHEAD = timedelta(weeks=2)
# The web service takes dd/mm/yyyy only; ISO dates are silently ignored (moderngov.md).
SERVICE_DATE = "%d/%m/%Y"

MINUTES_WORD = re.compile(r"minute", re.IGNORECASE)
TIME_12H = re.compile(r"(\d{1,2})[.:](\d{2})\s*([ap])\.?\s*m\.?", re.IGNORECASE)
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# Linked document hrefs can hold literal spaces; encode them, keep URL syntax (moderngov.md).
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def service_xml(callback: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """Give a callback the response's XML root; a response that is not XML becomes an error.

    A disabled web service answers with an HTML error page, often with status 200.
    """

    @functools.wraps(callback)
    def parse(
        spider: ModernGovSpider, response: Response, *args: Any, **kwargs: Any
    ) -> Iterator[Any]:
        try:
            root = etree.fromstring(response.body, parser=XML_PARSER)
        except etree.XMLSyntaxError as error:
            reason = f"not a ModernGov web-service response: {error}"
            yield spider.fetch_error(response.url, "parse", reason, response.status)
            return
        yield from callback(spider, response, root, *args, **kwargs)

    return parse


@dataclass(frozen=True)
class LinkedDocument:
    url: str
    title: str
    is_minutes: bool
    is_restricted: bool


class ModernGovSpider(LocalwatchSpider):
    name = "moderngov"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = self.setting("documents", "minutes")
        if self.documents not in DOCUMENT_CHOICES:
            raise ValueError(
                f"source {self.source.name!r}: documents must be one of "
                f"{', '.join(DOCUMENT_CHOICES)}, not {self.documents!r}"
            )
        self.from_date, self.to_date = meeting_window(
            self.setting("from_date"), self.setting("to_date"), date.today()
        )

    def service_url(self, method: str, **params: str) -> str:
        query = f"?{urlencode(params, safe='/')}" if params else ""
        return f"{self.source.url}/mgWebService.asmx/{method}{query}"

    async def start(self) -> AsyncIterator[Any]:
        yield self.service_request("GetCommittees", self.parse_committees)

    def service_request(
        self,
        method: str,
        callback: Callable[..., Any],
        cb_kwargs: dict[str, Any] | None = None,
        **params: str,
    ) -> scrapy.Request:
        return scrapy.Request(
            self.service_url(method, **params),
            callback=callback,
            errback=self.errback,
            cb_kwargs=cb_kwargs,
        )

    @service_xml
    def parse_committees(self, response: Response, root: etree._Element) -> Iterator[Any]:
        for committee in root.iter("committee"):
            if not self.wants_committee(committee):
                continue
            yield self.service_request(
                "GetMeetings",
                self.parse_meetings,
                lCommitteeId=text_of(committee, "committeeid"),
                sFromDate=self.from_date.strftime(SERVICE_DATE),
                sToDate=self.to_date.strftime(SERVICE_DATE),
            )

    def wants_committee(self, committee: etree._Element) -> bool:
        if flag_of(committee, "committeedeleted"):
            return False
        return self.setting("include_expired", False) or not flag_of(committee, "committeeexpired")

    @service_xml
    def parse_meetings(self, response: Response, root: etree._Element) -> Iterator[Any]:
        for committee in root.iter("committee"):
            committee_info = {
                "committee_id": text_of(committee, "committeeid"),
                "committee": plain_text(text_of(committee, "committeetitle")),
            }
            for meeting in committee.iter("meeting"):
                yield self.service_request(
                    "GetMeeting",
                    self.parse_meeting,
                    lMeetingId=text_of(meeting, "meetingid"),
                    cb_kwargs=committee_info,
                )

    @service_xml
    def parse_meeting(
        self, response: Response, root: etree._Element, committee_id: str, committee: str
    ) -> Iterator[Meeting | Document | scrapy.Request]:
        meeting = Meeting(
            source=self.source.name,
            meeting_key=text_of(root, "meetingid"),
            committee=committee,
            committee_id=committee_id,
            date=self._parse_date(root),
            time=self._parse_time(root),
            status=self._parse_status(root),
            location=self._parse_location(root),
            url=self._parse_url(committee_id, root),
            minutes_published=flag_of(root, "minutepublished"),
            items=self._parse_items(root),
            attendees=self._parse_attendees(root),
            fetched_at=now_iso(),
        )
        yield meeting
        if any(item.minutes_text for item in meeting.items):
            yield self.minutes_document(response, meeting)
        for linked in self._parse_linked_documents(root, response):
            if self.wants_document(linked):
                yield scrapy.Request(
                    linked.url,
                    callback=self.parse_pdf,
                    errback=self.errback,
                    cb_kwargs={"linked": linked, "meeting": meeting},
                )

    def minutes_document(self, response: Response, meeting: Meeting) -> Document:
        """The minutes the council typed into each agenda item, joined under the items' titles."""
        sections = [
            f"{item.number or ''} {item.title or ''}".strip() + f"\n{item.minutes_text}"
            for item in meeting.items
            if item.minutes_text
        ]
        return self.make_document(
            response,
            url=meeting.url,
            doc_type="minutes",
            text="\n\n".join(sections),
            title=f"{meeting.committee} — {long_date(meeting.date)} — minutes",
            published=meeting.date,
            date_source="meeting",
            extraction_method="moderngov_minutes",
            meeting_key=meeting.meeting_key,
        )

    def wants_document(self, linked: LinkedDocument) -> bool:
        if linked.is_restricted:  # exempt (Part 2) papers are not public
            return False
        return self.documents == "all" or (self.documents == "minutes" and linked.is_minutes)

    def parse_pdf(
        self, response: Response, linked: LinkedDocument, meeting: Meeting
    ) -> Document | FetchError:
        try:
            text = pdf_text(response.body)
        except ExtractionError as error:
            return self.fetch_error(response.url, "pdf", str(error), response.status)
        return self.make_document(
            response,
            doc_type="minutes_pdf" if linked.is_minutes else "attachment",
            text=text,
            title=linked.title or None,
            published=meeting.date,
            date_source="meeting",
            extraction_method="pdf_pypdf",
            meeting_key=meeting.meeting_key,
        )

    # One method per field.

    @staticmethod
    def _parse_date(meeting: etree._Element) -> str | None:
        return service_date(text_of(meeting, "meetingdate"))

    @staticmethod
    def _parse_time(meeting: etree._Element) -> str | None:
        """`10.00 am` → `10:00`, `6.30 pm` → `18:30`; anything else as written."""
        raw = text_of(meeting, "meetingtime")
        match = TIME_12H.fullmatch(raw)
        if not match:
            return raw or None
        hour, minute, half = int(match[1]) % 12, match[2], match[3].lower()
        return f"{hour + (12 if half == 'p' else 0):02d}:{minute}"

    @staticmethod
    def _parse_status(meeting: etree._Element) -> str | None:
        return text_of(meeting, "meetingstatus") or None

    @staticmethod
    def _parse_location(meeting: etree._Element) -> str | None:
        parts = (text_of(meeting, "meetingroom"), text_of(meeting, "meetinglocation"))
        return ", ".join(plain_text(part) for part in parts if part) or None

    def _parse_url(self, committee_id: str, meeting: etree._Element) -> str:
        """The meeting's public page, where agenda, minutes and documents are listed."""
        meeting_id = text_of(meeting, "meetingid")
        return f"{self.source.url}/ieListDocuments.aspx?CId={committee_id}&MId={meeting_id}"

    def _parse_items(self, meeting: etree._Element) -> list[AgendaItem]:
        return [self._parse_item(item) for item in meeting.iter("agendaitem")]

    @staticmethod
    def _parse_item(item: etree._Element) -> AgendaItem:
        number = text_of(item, "fulldisplaynumberformat").rstrip(".")
        return AgendaItem(
            key=text_of(item, "agendaitemid"),
            number=number or text_of(item, "agendaitemnumber") or None,
            title=plain_text(text_of(item, "agendaitemtitle")) or None,
            agenda_text=html_to_text(text_of(item, "agendatext")) or None,
            minutes_text=html_to_text(text_of(item, "minutesnonemptyhtmlbody")) or None,
            is_restricted=flag_of(item, "isrestricted"),
        )

    @staticmethod
    def _parse_attendees(meeting: etree._Element) -> list[Attendee]:
        return [
            Attendee(
                name=plain_text(attendee.get("name")),
                role=plain_text(attendee.get("roledescription")) or None,
                attendance=plain_text(attendee.get("attendance")) or None,
                party=plain_text(attendee.get("politicalparty")) or None,
                ward=plain_text(attendee.get("ward")) or None,
            )
            for attendee in meeting.iter("attendee")
            if plain_text(attendee.get("name"))
        ]

    @staticmethod
    def _parse_linked_documents(
        meeting: etree._Element, response: Response
    ) -> Iterator[LinkedDocument]:
        for doc in meeting.iter("linkeddoc"):
            href = CONTROL_CHARS.sub("", text_of(doc, "url"))
            if not href:
                continue
            title = plain_text(text_of(doc, "title"))
            owner = plain_text(text_of(doc, "ownertitle"))
            yield LinkedDocument(
                url=response.urljoin(quote(href, safe=URL_SAFE)),
                title=title,
                is_minutes=bool(MINUTES_WORD.search(f"{title} {owner}")),
                is_restricted=flag_of(doc, "isrestricted"),
            )


def text_of(element: etree._Element, tag: str) -> str:
    """A child's text, stripped; "" when the child is missing or holds only whitespace."""
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def flag_of(element: etree._Element, tag: str) -> bool:
    """ModernGov booleans are the strings `True` and `False`."""
    return text_of(element, tag).lower() == "true"


def service_date(value: str) -> str | None:
    """`10/02/2026` → `2026-02-10`; None when empty or not a date."""
    try:
        return datetime.strptime(value, SERVICE_DATE).date().isoformat()
    except ValueError:
        return None


def long_date(iso_date: str | None) -> str:
    """`2026-02-10` → `10 February 2026`, as minutes are titled."""
    if not iso_date:
        return "undated"
    day = date.fromisoformat(iso_date)
    return f"{day.day} {day:%B %Y}"


def meeting_window(from_date: Any, to_date: Any, today: date) -> tuple[date, date]:
    """The meeting dates to crawl; TOML dates and ISO strings are both accepted."""
    start = date.fromisoformat(str(from_date)) if from_date else today - WINDOW_BACK
    end = date.fromisoformat(str(to_date)) if to_date else today + WINDOW_AHEAD
    return start, end
