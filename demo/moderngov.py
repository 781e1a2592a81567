"""The council's ModernGov install: the mgWebService.asmx GET methods, meeting pages and PDFs.

The XML copies the quirks of the real service (lower-case names, True/False strings, counts with
a leading space, entity-escaped Word HTML, double-encoded apostrophes in titles) so that the
spider meets them here before it meets them on a real council's site.
"""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from datetime import date, datetime
from html import escape

from demo import pdf
from demo.content import AgendaItem, Committee, Corpus, LinkedDocument, Meeting, Outlet
from demo.web import HTML, PDF, XML, Response, paragraphs_html

SERVICE = "mgWebService.asmx"
BLANK = "\n    "  # ModernGov leaves empty elements holding only whitespace
WORD_WRAP = 72  # Word-pasted minutes arrive hard-wrapped mid-sentence
DECISION_MARK = "RESOLVED"


def _bool(value: bool) -> str:
    return "True" if value else "False"


def _count(value: int) -> str:
    return f" {value}"


def _mg_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _parse_mg_date(value: str | None) -> date | None:
    """Only dd/mm/yyyy counts; the real service silently ignores anything else, ISO included."""
    try:
        return datetime.strptime(value or "", "%d/%m/%Y").date()
    except ValueError:
        return None


def _sub(parent: ET.Element, tag: str, text: str = BLANK, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _xml(root: ET.Element) -> Response:
    ET.indent(root, space="  ")
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
    return Response(body.encode("utf-8") + b"\n", XML)


def _word_html(paragraphs: tuple[str, ...], spans: bool = False) -> str:
    def para(text: str) -> str:
        inner = escape(text, quote=False)
        if text.startswith(DECISION_MARK):
            head, _, rest = inner.partition(" ")
            inner = f"<b>{head}</b> {rest}"
        if spans:
            inner = f'<span style="">{inner}</span>'
        return f'<p class="MsoNormal">{textwrap.fill(inner, WORD_WRAP)}</p>'

    if not paragraphs:
        return BLANK
    return '<div class="WordSection1">\n' + "\n".join(map(para, paragraphs)) + "\n</div>\n"


def _double_encoded(title: str) -> str:
    # Real installs store apostrophes as &#39; and then escape them again in the XML.
    return title.replace("'", "&#39;")


class ModernGov:
    """Pre-renders the fixed pages and PDFs; answers the date-filtered queries on demand."""

    def __init__(self, corpus: Corpus, base_url: str) -> None:
        self.outlet: Outlet = corpus.outlet_for_platform("moderngov")
        self.council = corpus.council
        self.council_name: str = corpus.borough["borough"]["council"]
        self.root = f"{base_url}{self.outlet.path}"  # the folder that holds mgWebService.asmx
        self.pdfs = self._render_pdfs()
        self.methods: dict[str, Callable[[Mapping[str, str]], Response]] = {
            "getcommittees": self.get_committees,
            "getmeetings": self.get_meetings,
            "getmeeting": self.get_meeting,
        }

    # --- routing -------------------------------------------------------------------------

    def static_routes(self) -> dict[str, Response]:
        return {self.outlet.path: Response(self.index_page().encode(), HTML)}

    def handle(self, path: str, query: Mapping[str, str]) -> Response | None:
        """Answer a path under the council folder; query keys must already be lower-cased."""
        page = path.removeprefix(self.outlet.path).lower()
        if page.startswith(SERVICE.lower() + "/"):
            method = self.methods.get(page.split("/", 1)[1])
            if method is None:
                return Response(b"Web Service method name is not valid.", "text/plain", 500)
            return method(query)
        if page == "mgconvert2pdf.aspx":
            return self.pdfs.get(query.get("id", ""))
        if page == "ielistdocuments.aspx":
            meeting = self.council.meeting(_int(query.get("mid")))
            return Response(self.meeting_page(meeting).encode(), HTML) if meeting else None
        return None

    # --- web service ---------------------------------------------------------------------

    def get_committees(self, _query: Mapping[str, str]) -> Response:
        root = ET.Element("committees")
        _sub(root, "committeescount", _count(len(self.council.committees)))
        for committee in self.council.committees:
            element = _sub(root, "committee")
            _sub(element, "committeeid", str(committee.committeeid))
            _sub(element, "committeetitle", committee.title)
            _sub(element, "committeedeleted", "False")
            _sub(element, "committeeexpired", "False")
            _sub(element, "committeecategory", committee.category)
        return _xml(root)

    def get_meetings(self, query: Mapping[str, str]) -> Response:
        wanted = _int(query.get("lcommitteeid"))
        start, end = _parse_mg_date(query.get("sfromdate")), _parse_mg_date(query.get("stodate"))
        # lCommitteeId=0 lists every committee, as some installs do.
        committees = [c for c in self.council.committees if wanted in (0, c.committeeid)]
        blocks = [
            (
                c,
                [
                    m
                    for m in self.council.meetings
                    if m.committeeid == c.committeeid
                    and (start is None or m.date >= start)
                    and (end is None or m.date <= end)
                ],
            )
            for c in committees
        ]
        root = ET.Element("getmeetings")
        _sub(root, "meetingscount", _count(sum(len(ms) for _, ms in blocks)))
        _sub(root, "committeescount", _count(len(blocks)))
        for committee, meetings in blocks:
            element = _sub(root, "committee")
            _sub(element, "committeeid", str(committee.committeeid))
            _sub(element, "committeetitle", committee.title)
            _sub(element, "committeemeetingcount", _count(len(meetings)))
            listing = _sub(element, "committeemeetings")
            for meeting in meetings:
                row = _sub(listing, "meeting")
                _sub(row, "meetingid", str(meeting.meetingid))
                _sub(row, "meetingdate", _mg_date(meeting.date))
                _sub(row, "meetingstatus", meeting.status)
                _sub(row, "meetingtime", meeting.time)
                _sub(row, "iswebcast", "False")
        return _xml(root)

    def get_meeting(self, query: Mapping[str, str]) -> Response:
        meeting = self.council.meeting(_int(query.get("lmeetingid")))
        if meeting is None:
            return Response(b"Meeting not found.", "text/plain", 500)
        committee = self._committee(meeting)
        root = ET.Element("meeting")
        for tag, text in [
            ("meetingid", str(meeting.meetingid)),
            ("meetingdate", _mg_date(meeting.date)),
            ("meetingstatus", meeting.status),
            ("isdisplayallowed", "True"),
            ("meetingtime", meeting.time),
            ("meetingactualstarttime", BLANK),
            ("meetingplannedfinishtime", BLANK),
            ("meetingactualfinishtime", BLANK),
            ("meetinglocation", meeting.location),
            ("iswebcast", "False"),
            ("agendaid", str(meeting.meetingid)),
            ("agendapublished", _bool(bool(meeting.items))),
            ("decisionpublished", _bool(committee.title == "Cabinet" and meeting.has_minutes)),
            ("minutepublished", _bool(meeting.has_minutes)),
            ("meetingroom", BLANK),
        ]:
            _sub(root, tag, text)
        items = _sub(root, "agendaitems")
        for index, item in enumerate(meeting.items):
            self._agenda_item(items, meeting, committee, item, first=index == 0)
        attendees = _sub(root, "attendees")
        for person in meeting.attendees:
            if not person.is_councillor:
                continue  # officers are named in the minutes, not in the attendance list
            attrs = {
                "membertype": "U",
                "memberid": str(person.memberid),
                "name": person.name,
                "roledescription": person.role,
                "attendance": person.attendance,
                "politicalparty": person.party,
                "ward": person.ward,
            }
            if person.keyposts:
                attrs["keyposts"] = person.keyposts
            element = _sub(attendees, "attendee", BLANK, **attrs)
            _sub(element, "url", f"{self.root}mgUserInfo.aspx?UID={person.memberid}")
        return _xml(root)

    def _agenda_item(
        self,
        parent: ET.Element,
        meeting: Meeting,
        committee: Committee,
        item: AgendaItem,
        first: bool,
    ) -> None:
        day = _mg_date(meeting.date)
        element = _sub(parent, "agendaitem")
        for tag, text in [
            ("agendaitemid", str(meeting.meetingid * 100 + item.number)),
            ("agendaitemtitle", _double_encoded(item.title)),
            ("agendatext", _word_html(item.agenda_paragraphs, spans=True)),
            ("actualmeetingdate", day),
            ("agendaitemnumber", str(item.number)),
            ("agendaitemsubnumber", BLANK),
            ("fulldisplaynumberformat", f"{item.number}."),
            ("authorusername", BLANK),
            ("commentlabel1", "Presented By"),
            ("commenttext1", BLANK),
            ("commentlabel2", "Actions"),
            ("commenttext2", BLANK),
            ("minutesnonemptyhtmlbody", _word_html(item.minute_paragraphs)),
            ("decisionnonemptyhtmlbody", BLANK),
            ("declarationcount", "0"),
            ("iscallin", "False"),
            ("iscomment", "False"),
            ("isdecision", _bool(DECISION_MARK in item.minutes)),
            ("isdecisionpublished", "False"),
            ("isminutepublished", _bool(bool(item.minutes))),
            ("ispubliccanspeak", "False"),
            ("isrestricted", "False"),
            ("isdisplayallowed", "True"),
            ("meetingdate", day),
            ("meetingtime", meeting.time),
            ("minutesitemnumber", str(item.number)),
            ("minutesitemsubnumber", BLANK),
            ("preferreddate", day),
            ("refertocommittee", committee.title),
        ]:
            _sub(element, tag, text)
        documents = _sub(element, "linkeddocuments")
        for attachmentid, title in self._documents(meeting, committee, item, first):
            doc = _sub(documents, "linkeddoc")
            for tag, text in [
                ("attachmentid", str(attachmentid)),
                ("title", title),
                ("isurl", "False"),
                ("url", f"{self.root}mgConvert2PDF.aspx?ID={attachmentid}"),
                ("isrestricted", "False"),
                ("restrictionsRef", BLANK),
                ("itemnum", str(item.number)),
                ("publicationdate", day),
                ("meetingdate", day),
                ("decisiondate", day),
                ("committeetitle", committee.title),
                ("isdecisionattachment", "False"),
                ("ownertitle", item.title),
            ]:
                _sub(doc, tag, text)

    # --- documents -----------------------------------------------------------------------

    def _documents(
        self, meeting: Meeting, committee: Committee, item: AgendaItem, first: bool
    ) -> list[tuple[int, str]]:
        docs = [(d.attachmentid, d.title) for d in item.documents]
        if first and meeting.printed_minutes_id is not None:
            docs.insert(0, (meeting.printed_minutes_id, printed_minutes_title(meeting, committee)))
        return docs

    def _render_pdfs(self) -> dict[str, Response]:
        files: dict[str, Response] = {}
        for meeting in self.council.meetings:
            committee = self._committee(meeting)
            if meeting.printed_minutes_id is not None:
                body = pdf.minutes_pdf(meeting, committee, self.council_name)
                files[str(meeting.printed_minutes_id)] = Response(body, PDF)
            for document in meeting.documents:
                files[str(document.attachmentid)] = Response(self._document(meeting, document), PDF)
        return files

    def _document(self, meeting: Meeting, document: LinkedDocument) -> bytes:
        if document.corrupt:
            return pdf.corrupt_pdf(document)
        return pdf.document_pdf(meeting, document, self.council_name)

    def _committee(self, meeting: Meeting) -> Committee:
        committee = self.council.committee(meeting.committeeid)
        if committee is None:
            raise ValueError(f"meeting {meeting.meetingid} names unknown committee")
        return committee

    # --- pages for people ----------------------------------------------------------------

    def meeting_url(self, meeting: Meeting) -> str:
        return f"{self.root}ieListDocuments.aspx?CId={meeting.committeeid}&MId={meeting.meetingid}"

    def index_page(self) -> str:
        sections = []
        for committee in self.council.committees:
            rows = "\n".join(
                f'<li><a class="mgMeetingTableLnk" href="{self.meeting_url(m)}">'
                f"{m.date.day} {m.date:%b %Y} {m.time}</a>"
                f"{' (Cancelled)' if m.status == 'Cancelled' else ''}</li>"
                for m in self.council.meetings
                if m.committeeid == committee.committeeid
            )
            sections.append(
                f"<h2>{escape(committee.title)}</h2>\n"
                f'<ul class="mgNonBulletTableList">\n{rows}\n</ul>'
            )
        return _page(f"Committees - {self.council_name}", "\n".join(sections))

    def meeting_page(self, meeting: Meeting) -> str:
        committee = self._committee(meeting)
        heading = (
            f"Agenda, decisions and minutes - {committee.title} - "
            f"{meeting.date:%A}, {meeting.date.day} {meeting.date:%B %Y} {meeting.time}"
        )
        attendance = "\n".join(
            f"<tr><td>{escape(a.name)}</td><td>{escape(a.role)}</td>"
            f"<td>{escape(a.attendance)}</td></tr>"
            for a in meeting.attendees
        )
        items = "\n".join(
            self._item_row(meeting, committee, item, first=index == 0)
            for index, item in enumerate(meeting.items)
        )
        body = f"""<h1 class="mgMainTitleTxt">{escape(heading)}</h1>
<p><span class="mgLabel">Venue:</span> {escape(meeting.location)}</p>
<p><span class="mgLabel">Status:</span> {escape(meeting.status)}</p>
<p><span class="mgLabel">Contact:</span> Democratic Services, {escape(self.council_name)}</p>
<h2 class="mgSubTitleTxt">Attendance</h2>
<table summary="Table of meeting attendance">{attendance}</table>
<h2 class="mgSubTitleTxt">Items</h2>
<table class="mgItemTable">{items}</table>"""
        return _page(heading, body)

    def _item_row(
        self, meeting: Meeting, committee: Committee, item: AgendaItem, first: bool
    ) -> str:
        minutes = (
            '<p class="mgSubItemTitleTxt">Minutes:</p>\n'
            f'<div class="mgWordPara">{paragraphs_html(item.minute_paragraphs)}</div>'
            if item.minutes
            else ""
        )
        links = "".join(
            f'<li><a href="{self.root}mgConvert2PDF.aspx?ID={aid}">{escape(title)}</a></li>'
            for aid, title in self._documents(meeting, committee, item, first)
        )
        return f"""<tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">{item.number}.</p></td>
<td><p class="mgAiTitleTxt">{escape(item.title)}</p>
<div class="mgWordPara">{paragraphs_html(item.agenda_paragraphs)}</div>
{minutes}
<ul class="mgBulletList">{links}</ul></td></tr>"""


def printed_minutes_title(meeting: Meeting, committee: Committee) -> str:
    return f"Printed minutes {meeting.date:%dth-%b-%Y} {committee.title}"


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body><div id="modgov"><p class="mgBreadCrumb"><a href="./">Committees</a></p>
{body}
</div></body></html>
"""
