"""Council PDFs: printed minutes and reports made with fpdf2, plus one deliberately broken file."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time

from fpdf import FPDF

from demo.content import Committee, LinkedDocument, Meeting
from demo.web import long_date

# The core PDF fonts cover Windows-1252, which has the pound sign, dashes and curly quotes.
CORE_FONT_ENCODING = "windows-1252"
CORRUPT_BODY_BYTES = 4096


def _new_pdf(moment: datetime, title: str, council: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = CORE_FONT_ENCODING
    # A fixed creation date keeps the bytes, and so the crawler's content hashes, stable.
    pdf.set_creation_date(moment)
    pdf.set_title(title)
    pdf.set_author(council)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, council.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    return pdf


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, bold: bool = False) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 10.5)
    pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)


def _names(meeting: Meeting, councillors: bool, attendance: str) -> list[str]:
    return [
        f"{a.name} ({a.role})" if a.role in {"Chair", "Vice-Chair"} or not councillors else a.name
        for a in meeting.attendees
        if a.is_councillor == councillors and a.attendance == attendance
    ]


def minutes_pdf(meeting: Meeting, committee: Committee, council: str) -> bytes:
    when = datetime.combine(meeting.date, time(12), tzinfo=UTC)
    pdf = _new_pdf(when, f"Printed minutes - {committee.title} - {meeting.date:%d %B %Y}", council)
    _heading(
        pdf,
        f"MINUTES of a meeting of the {committee.title} held on "
        f"{long_date(meeting.date)} at {meeting.time} at {meeting.location}",
    )
    lines = [
        ("Present", _names(meeting, True, "Present")),
        ("Also present", _names(meeting, True, "In attendance")),
        ("Officers in attendance", _names(meeting, False, "In attendance")),
        ("Apologies for absence", _names(meeting, True, "Apologies")),
    ]
    for label, names in lines:
        if names:
            _paragraph(pdf, f"{label}: {', '.join(names)}.")
    for item in meeting.items:
        if not item.minutes:
            continue
        _heading(pdf, f"{item.number}. {item.title}")
        for text in item.minute_paragraphs:
            _paragraph(pdf, text, bold=text.startswith("RESOLVED"))
    pdf.ln(10)
    _paragraph(pdf, "Signed ........................................  Chair")
    _paragraph(pdf, "Date ..........................................")
    return bytes(pdf.output())


def document_pdf(meeting: Meeting, document: LinkedDocument, council: str) -> bytes:
    when = datetime.combine(meeting.date, time(9), tzinfo=UTC)
    pdf = _new_pdf(when, document.title, council)
    _heading(pdf, document.title)
    for text in document.paragraphs:
        _paragraph(pdf, text)
    return bytes(pdf.output())


def corrupt_pdf(document: LinkedDocument) -> bytes:
    """A valid PDF signature followed by noise, like a transfer cut short or a mangled upload."""
    noise = b""
    seed = document.title.encode()
    while len(noise) < CORRUPT_BODY_BYTES:
        seed = hashlib.sha256(seed).digest()
        noise += seed
    return b"%PDF-1.4\n" + noise[:CORRUPT_BODY_BYTES]
