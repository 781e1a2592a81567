"""The items every spider yields; the store pipeline is the only consumer.

One `Document` schema serves press, blogs and council minutes, as City Bureau's single
`Meeting` item serves every agency. Councils also yield a `Meeting` (with its agenda items
and attendance) before the documents that belong to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    source: str  # the source's name, as in the sources file
    url: str
    doc_type: str  # one of constants.DOC_TYPES
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601
    date_source: str | None = None  # one of constants.DATE_SOURCES
    canonical_url: str | None = None
    summary: str | None = None
    extraction_method: str | None = None  # one of constants.EXTRACTION_METHODS
    meeting_key: str | None = None  # the council's meeting id, for minutes and attachments
    fetched_at: str | None = None
    http_status: int | None = None
    content_hash: str | None = None  # sha256 of the raw response body


@dataclass
class AgendaItem:
    key: str  # the council's agenda item id
    number: str | None = None
    title: str | None = None
    agenda_text: str | None = None
    minutes_text: str | None = None
    is_restricted: bool = False


@dataclass
class Attendee:
    name: str
    role: str | None = None
    attendance: str | None = None
    party: str | None = None
    ward: str | None = None


@dataclass
class Meeting:
    source: str
    meeting_key: str  # the council's own meeting id
    committee: str | None = None
    committee_id: str | None = None
    date: str | None = None  # ISO date
    time: str | None = None
    status: str | None = None
    location: str | None = None
    url: str | None = None
    minutes_published: bool = False
    items: list[AgendaItem] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    fetched_at: str | None = None


@dataclass
class FetchError:
    """A page, feed or PDF that could not be used, with a reason a person can act on."""

    source: str
    url: str
    stage: str  # one of constants.ERROR_STAGES
    reason: str
    http_status: int | None = None
