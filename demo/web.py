"""What every renderer shares: the response type and small HTML and date helpers."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html import escape

HTML = "text/html; charset=utf-8"
XML = "text/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
PDF = "application/pdf"


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def html_response(text: str, last_modified: datetime | None = None) -> Response:
    headers = {"Last-Modified": http_date(last_modified)} if last_modified else {}
    return Response(text.encode("utf-8"), HTML, headers=headers)


def paragraphs_html(paragraphs: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def rfc822(moment: datetime) -> str:
    return email.utils.format_datetime(moment)


def http_date(moment: datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(UTC), usegmt=True)


def long_date(day: date) -> str:
    """'Tuesday 10 September 2024', the way British papers print dates."""
    return f"{day:%A} {day.day} {day:%B %Y}"
