"""Load the fictional borough's content from data/demo, so the site and the tests read the same."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "data" / "demo"

FRONT_MATTER_FENCE = "+++"

# ModernGov attachment ids are opaque integers; an offset keeps the printed minutes' ids clear of
# the hand-numbered documents in the meeting files while staying stable across runs.
PRINTED_MINUTES_ID_OFFSET = 60000


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    kind: str  # "press", "blog" or "council", as in the sources file
    platform: str  # which real platform the site imitates: newsroom, wordpress, blogger, moderngov
    path: str
    content_dir: str
    tagline: str


@dataclass(frozen=True)
class Post:
    """A press article or blog post; the same shape for all three publishers."""

    outlet: str
    title: str
    slug: str
    author: str
    published: datetime
    summary: str
    paragraphs: tuple[str, ...]
    categories: tuple[str, ...] = ()
    syndicated_to: str | None = None
    syndicated_from: str | None = None  # slug of the press article this post reprints
    # A withdrawn article stays in the feed but its page is gone, as after a legal complaint.
    withdrawn: bool = False

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Member:
    memberid: int
    name: str
    party: str
    ward: str
    keyposts: str = ""


@dataclass(frozen=True)
class Committee:
    committeeid: int
    title: str
    category: str


@dataclass(frozen=True)
class Attendee:
    name: str
    role: str
    attendance: str
    party: str = ""
    ward: str = ""
    memberid: int = 0
    keyposts: str = ""

    @property
    def is_councillor(self) -> bool:
        return self.name.startswith("Councillor ")


@dataclass(frozen=True)
class LinkedDocument:
    attachmentid: int
    title: str
    paragraphs: tuple[str, ...] = ()
    # A deliberately broken file, so the crawler's handling of bad PDFs can be seen.
    corrupt: bool = False


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    agenda_text: str
    minutes: str
    documents: tuple[LinkedDocument, ...] = ()

    @property
    def minute_paragraphs(self) -> tuple[str, ...]:
        return _paragraphs(self.minutes)

    @property
    def agenda_paragraphs(self) -> tuple[str, ...]:
        return _paragraphs(self.agenda_text)


@dataclass(frozen=True)
class Meeting:
    meetingid: int
    committeeid: int
    date: date
    time: str
    status: str
    location: str
    items: tuple[AgendaItem, ...]
    attendees: tuple[Attendee, ...]
    printed_minutes_pdf: bool = False

    @property
    def has_minutes(self) -> bool:
        return self.status != "Cancelled" and any(item.minutes for item in self.items)

    @property
    def printed_minutes_id(self) -> int | None:
        return PRINTED_MINUTES_ID_OFFSET + self.meetingid if self.printed_minutes_pdf else None

    @property
    def documents(self) -> tuple[LinkedDocument, ...]:
        return tuple(doc for item in self.items for doc in item.documents)


@dataclass(frozen=True)
class Council:
    committees: tuple[Committee, ...]
    members: tuple[Member, ...]
    meetings: tuple[Meeting, ...]

    def committee(self, committeeid: int) -> Committee | None:
        return next((c for c in self.committees if c.committeeid == committeeid), None)

    def meeting(self, meetingid: int) -> Meeting | None:
        return next((m for m in self.meetings if m.meetingid == meetingid), None)


@dataclass(frozen=True)
class Corpus:
    borough: dict[str, Any]
    outlets: tuple[Outlet, ...]
    posts: dict[str, tuple[Post, ...]]  # outlet key -> posts, oldest first
    council: Council

    def outlet(self, key: str) -> Outlet:
        return next(o for o in self.outlets if o.key == key)

    def outlet_for_platform(self, platform: str) -> Outlet:
        return next(o for o in self.outlets if o.platform == platform)

    def live_posts(self, key: str) -> tuple[Post, ...]:
        return tuple(p for p in self.posts[key] if not p.withdrawn)

    def document_counts(self) -> dict[str, int]:
        """Readable documents per outlet: live posts, meetings with minutes, and sound PDFs."""
        counts = {key: len(self.live_posts(key)) for key in self.posts}
        council = self.outlet_for_platform("moderngov").key
        minuted = [m for m in self.council.meetings if m.has_minutes]
        pdfs = sum(m.printed_minutes_pdf for m in minuted) + sum(
            1 for m in self.council.meetings for d in m.documents if not d.corrupt
        )
        counts[council] = len(minuted) + pdfs
        return counts


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a `+++`-fenced TOML header from the body that follows it."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise ValueError("document does not start with a +++ front matter fence")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise ValueError("front matter is not closed with +++") from None
    return tomllib.loads("\n".join(lines[1:end])), "\n".join(lines[end + 1 :])


def _paragraphs(body: str) -> tuple[str, ...]:
    blocks = (" ".join(block.split()) for block in body.strip().split("\n\n"))
    return tuple(block for block in blocks if block)


def load_post(path: Path, outlet: str) -> Post:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    return Post(
        outlet=outlet,
        title=meta["title"],
        slug=meta["slug"],
        author=meta["author"],
        published=datetime.fromisoformat(meta["published"]),
        summary=meta["summary"],
        paragraphs=_paragraphs(body),
        categories=tuple(meta.get("categories", ())),
        syndicated_to=meta.get("syndicated_to"),
        syndicated_from=meta.get("syndicated_from"),
        withdrawn=meta.get("withdrawn", False),
    )


def load_posts(directory: Path, outlet: str) -> tuple[Post, ...]:
    posts = (load_post(path, outlet) for path in sorted(directory.glob("*.md")))
    return tuple(sorted(posts, key=lambda p: p.published))


def _attendee(raw: dict[str, Any], register: dict[str, Member]) -> Attendee:
    member = register.get(raw["name"])
    return Attendee(
        name=raw["name"],
        role=raw["role"],
        attendance=raw["attendance"],
        party=raw.get("party", member.party if member else ""),
        ward=raw.get("ward", member.ward if member else ""),
        memberid=member.memberid if member else 0,
        keyposts=member.keyposts if member else "",
    )


def _item(raw: dict[str, Any]) -> AgendaItem:
    documents = tuple(
        LinkedDocument(
            attachmentid=doc["attachmentid"],
            title=doc["title"],
            paragraphs=_paragraphs(doc.get("text", "")),
            corrupt=doc.get("corrupt", False),
        )
        for doc in raw.get("document", ())
    )
    return AgendaItem(
        number=raw["number"],
        title=raw["title"],
        agenda_text=raw.get("agenda_text", ""),
        minutes=raw.get("minutes", ""),
        documents=documents,
    )


def load_meeting(path: Path, register: dict[str, Member]) -> Meeting:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Meeting(
        meetingid=raw["meetingid"],
        committeeid=raw["committeeid"],
        date=date.fromisoformat(raw["date"]),
        time=raw["time"],
        status=raw["status"],
        location=raw["location"],
        items=tuple(_item(item) for item in raw.get("item", ())),
        attendees=tuple(_attendee(a, register) for a in raw.get("attendee", ())),
        printed_minutes_pdf=raw.get("printed_minutes_pdf", False),
    )


def load_council(directory: Path) -> Council:
    raw = tomllib.loads((directory / "committees.toml").read_text(encoding="utf-8"))
    committees = tuple(
        Committee(c["committeeid"], c["title"], c["category"]) for c in raw["committee"]
    )
    members = tuple(Member(**m) for m in raw["member"])
    register = {m.name: m for m in members}
    meetings = tuple(
        sorted(
            (load_meeting(p, register) for p in (directory / "meetings").glob("*.toml")),
            key=lambda m: (m.date, m.meetingid),
        )
    )
    return Council(committees=committees, members=members, meetings=meetings)


def load_borough(root: Path = DEFAULT_ROOT) -> dict[str, Any]:
    return tomllib.loads((root / "borough.toml").read_text(encoding="utf-8"))


def load_corpus(root: Path = DEFAULT_ROOT) -> Corpus:
    borough = load_borough(root)
    outlets = tuple(Outlet(**o) for o in borough["outlet"])
    posts = {
        o.key: load_posts(root / o.content_dir, o.key) for o in outlets if o.platform != "moderngov"
    }
    council_dir = root / next(o.content_dir for o in outlets if o.platform == "moderngov")
    return Corpus(borough=borough, outlets=outlets, posts=posts, council=load_council(council_dir))
