"""The demo borough (data/demo) read straight from its files into a database, as a crawl of
its sites would store it, and tagged: the corpus the demo and precision tests measure."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import sqlite_utils

import store
from nlp.model import load_nlp
from nlp.tag import tag_documents

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
FRONT_MATTER_FENCE = "+++"
COUNCIL_SOURCE = {"name": "Kestrelford Council", "kind": "council", "type": "files", "url": "demo"}
PRESS_SOURCE = {"name": "Demo", "kind": "press", "type": "files", "url": "demo"}


def demo_exists() -> bool:
    return (DEMO / "borough.toml").exists() and any(DEMO.glob("press/*.md"))


def read_toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def article_text(path: Path) -> str:
    """An article as trafilatura extracts it from the page: the headline and each paragraph
    on a line of its own, with no blank lines between them."""
    _, front_matter, body = path.read_text(encoding="utf-8").split(FRONT_MATTER_FENCE, 2)
    paragraphs = [line.strip() for line in body.split("\n\n") if line.strip()]
    return "\n".join([tomllib.loads(front_matter)["title"], *paragraphs])


def meeting_text(meeting: dict[str, Any]) -> str:
    parts = []
    for item in meeting.get("item", []):
        parts += [item["title"], item.get("agenda_text", ""), item.get("minutes", "")]
    return "\n\n".join(part.strip() for part in parts if part.strip())


def attendees(meeting: dict[str, Any], register: dict[str, dict[str, Any]]) -> list[dict]:
    """A meeting's attendance with each councillor's party and ward from the register, as
    the ModernGov crawler stores it."""
    return [
        {
            "name": attendee["name"],
            "role": attendee.get("role"),
            "attendance": attendee.get("attendance"),
            "party": register.get(attendee["name"], {}).get("party"),
            "ward": register.get(attendee["name"], {}).get("ward"),
        }
        for attendee in meeting.get("attendee", [])
    ]


def build_demo_db(path: Path) -> sqlite_utils.Database:
    db = store.open_db(path)
    press = store.upsert_source(db, PRESS_SOURCE)
    council = store.upsert_source(db, COUNCIL_SOURCE)
    for folder in ("press", "blog", "blogger"):
        for article in sorted((DEMO / folder).glob("*.md")):
            url = f"demo:{article.relative_to(DEMO)}"
            store.save_document(db, {"source_id": press, "url": url, "text": article_text(article)})
    register = {m["name"]: m for m in read_toml(DEMO / "council" / "committees.toml")["member"]}
    for file in sorted((DEMO / "council" / "meetings").glob("*.toml")):
        meeting = read_toml(file)
        store.save_meeting(
            db,
            {
                "source_id": council,
                "meeting_key": str(meeting["meetingid"]),
                "date": meeting["date"],
                "attendees": attendees(meeting, register),
            },
        )
        url = f"demo:{file.relative_to(DEMO)}"
        store.save_document(db, {"source_id": council, "url": url, "text": meeting_text(meeting)})
    return db


def tagged_demo(path: Path, aliases: list[Path]) -> tuple[dict[str, Any], sqlite_utils.Database]:
    db = build_demo_db(path)
    return tag_documents(db, load_nlp(aliases=aliases)), db
