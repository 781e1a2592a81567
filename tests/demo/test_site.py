"""The demo borough as a crawler and a reader meet it: real HTTP against the local site."""

from __future__ import annotations

import html
import io
import re
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from demo import newsroom, pdf, wordpress
from demo.content import DEFAULT_ROOT, Corpus, Meeting, load_corpus
from demo.site import DemoBorough

LONDON = ZoneInfo("Europe/London")
REPRINT_NOTE = "This article first appeared in The Kestrelford Chronicle."
CORPUS = load_corpus()


@pytest.fixture(scope="module")
def borough() -> Iterator[DemoBorough]:
    with DemoBorough() as running:
        running.start()
        yield running


@pytest.fixture(scope="module")
def base(borough: DemoBorough) -> str:
    return borough.base_url


@pytest.fixture(scope="module")
def corpus(borough: DemoBorough) -> Corpus:
    return borough.corpus


def fetch(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def ok(url: str) -> bytes:
    status, _, body = fetch(url)
    assert status == 200, url
    return body


def sources(borough: DemoBorough, base: str) -> dict[str, dict]:
    return {s["name"]: s for s in tomllib.loads(borough.sources_toml(base))["source"]}


def get_meeting(base: str, meeting: Meeting) -> etree._Element:
    url = f"{base}/council/mgWebService.asmx/GetMeeting?lMeetingId={meeting.meetingid}"
    return etree.fromstring(ok(url))


def document_text(corpus: Corpus) -> str:
    posts = [p for key in corpus.posts for p in corpus.live_posts(key)]
    parts = [f"{p.title}\nBy {p.author}\n" + "\n".join(p.paragraphs) for p in posts]
    for meeting in corpus.council.meetings:
        parts += [item.minutes for item in meeting.items]
        parts += ["\n".join(doc.paragraphs) for doc in meeting.documents]
    return "\n".join(parts)


# --- the corpus ---------------------------------------------------------------------------


def test_site_has_at_least_sixty_documents_across_three_kinds(corpus: Corpus) -> None:
    counts = corpus.document_counts()
    kinds = {corpus.outlet(key).kind for key, count in counts.items() if count}
    assert kinds == {"press", "blog", "council"}
    assert sum(counts.values()) >= 60
    assert len(corpus.live_posts("chronicle")) >= 28
    assert len(corpus.posts["kap"]) >= 12
    assert len(corpus.posts["heathwatcher"]) >= 10
    assert sum(m.has_minutes for m in corpus.council.meetings) >= 12
    assert sum(m.printed_minutes_pdf for m in corpus.council.meetings) >= 3


def test_no_two_documents_share_a_slug(corpus: Corpus) -> None:
    slugs = [p.slug for posts in corpus.posts.values() for p in posts]
    assert len(slugs) == len(set(slugs))


def test_publication_dates_fall_in_the_story_and_carry_london_offsets(corpus: Corpus) -> None:
    period = corpus.borough["borough"]
    for post in (p for posts in corpus.posts.values() for p in posts):
        assert period["period_start"] <= post.published.date() <= period["period_end"]
        assert post.published.utcoffset() == post.published.astimezone(LONDON).utcoffset()
    for meeting in corpus.council.meetings:
        assert period["period_start"] <= meeting.date <= period["period_end"]


@pytest.mark.parametrize("post", CORPUS.live_posts("chronicle"), ids=lambda p: p.slug)
def test_press_articles_are_news_length(post) -> None:
    assert 250 <= post.word_count <= 600


def test_every_cast_member_and_organisation_appears_in_the_content(corpus: Corpus) -> None:
    text = document_text(corpus)
    for section in ("person", "company", "public_body", "other_org"):
        for entity in corpus.borough[section]:
            assert entity["name"] in text, entity["name"]
    assert "Colin Darby, who blogs as Heathwatcher" in text


def test_contract_values_are_stated_in_words_and_figures(corpus: Corpus) -> None:
    text = document_text(corpus)
    for contract in corpus.borough["contract"]:
        millions = f"{contract['value_gbp'] / 1_000_000:g}"
        assert f"£{millions}m" in text or f"£{millions} million" in text, contract["title"]
        assert contract["supplier"] in text
    assert "18-month" in text and "ten-year" in text


def test_aliases_file_names_every_cast_member_once() -> None:
    aliases = tomllib.loads((DEFAULT_ROOT / "aliases.toml").read_text(encoding="utf-8"))
    by_name = {e["name"]: e for e in aliases["entity"]}
    assert len(by_name) == len(aliases["entity"])
    for section in ("person", "company", "public_body", "other_org"):
        for entity in CORPUS.borough[section]:
            assert by_name[entity["name"]]["type"] == section
    assert "Heathwatcher" in by_name["Colin Darby"]["aliases"]
    assert "KAP" in by_name["Kestrelford Against Privatisation"]["aliases"]


# --- sources and feeds --------------------------------------------------------------------


def test_sources_file_points_every_source_at_the_running_site(
    borough: DemoBorough, base: str
) -> None:
    found = sources(borough, base)
    assert {s["kind"] for s in found.values()} == {"press", "blog", "council"}
    for source in found.values():
        assert source["url"].startswith(base + "/")
        assert source["allow_private"] is True
    council = found["Kestrelford Council"]
    assert council["type"] == "moderngov"
    assert (council["from_date"], council["to_date"]) == ("2024-09-01", "2026-12-31")
    assert council["documents"] == "all"
    ok(council["url"] + "/mgWebService.asmx/GetCommittees")


@pytest.mark.parametrize("key", ["chronicle", "kap", "heathwatcher"])
def test_each_feed_parses_with_one_entry_per_post(
    borough: DemoBorough, base: str, corpus: Corpus, key: str
) -> None:
    source = sources(borough, base)[corpus.outlet(key).name]
    status, content_type, body = fetch(source["url"])
    feed = feedparser.parse(body)
    assert status == 200 and "xml" in content_type
    assert not feed.bozo
    assert len(feed.entries) == len(corpus.posts[key])
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_chronicle_feed_carries_summaries_only(base: str, corpus: Corpus) -> None:
    raw = ok(f"{base}/chronicle/rss.xml").decode()
    feed = feedparser.parse(raw)
    posts = {p.title: p for p in corpus.posts["chronicle"]}
    for entry in feed.entries:
        post = posts[entry.title]
        assert entry.summary == post.summary
        assert entry.author == post.author
        assert "content" not in entry
    for post in corpus.live_posts("chronicle"):
        assert post.paragraphs[-1] not in raw


def test_kap_feed_carries_full_text(base: str, corpus: Corpus) -> None:
    feed = feedparser.parse(ok(f"{base}/kap/feed/"))
    posts = {p.title: p for p in corpus.posts["kap"]}
    for entry in feed.entries:
        post = posts[entry.title]
        assert entry.author == post.author
        text = lxml_html.fromstring(entry.content[0].value).text_content()
        assert all(paragraph in text for paragraph in post.paragraphs)
        assert ok(entry.link)


def test_blogger_feed_is_shaped_like_blogger(base: str, corpus: Corpus) -> None:
    root = etree.fromstring(ok(f"{base}/heathwatcher/feeds/posts/default"))
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(corpus.posts["heathwatcher"])
    for entry in entries:
        assert re.fullmatch(
            r"tag:blogger\.com,1999:blog-\d+\.post-\d+", entry.findtext(f"{atom}id")
        )
        assert entry.find(f"{atom}content").get("type") == "html"
        assert entry.findtext(f"{atom}author/{atom}name") == "Heathwatcher"
        link = entry.find(f"{atom}link[@rel='alternate']").get("href")
        page = lxml_html.fromstring(ok(link))
        assert page.xpath("string(//h3[contains(@class, 'post-title')])") == entry.findtext(
            f"{atom}title"
        )


# --- pages --------------------------------------------------------------------------------


def test_article_pages_carry_byline_date_and_canonical(base: str, corpus: Corpus) -> None:
    outlet = corpus.outlet("chronicle")
    for post in corpus.live_posts("chronicle"):
        url = newsroom.article_url(base, outlet, post)
        page = lxml_html.fromstring(ok(url))
        stamp = post.published.isoformat()
        assert page.xpath("string(//article/h1)") == post.title
        assert page.xpath("string(//article//span[@class='byline'])") == f"By {post.author}"
        assert page.xpath("string(//meta[@name='author']/@content)") == post.author
        assert page.xpath("string(//article//time/@datetime)") == stamp
        published = page.xpath("string(//meta[@property='article:published_time']/@content)")
        assert published == stamp
        assert page.xpath("string(//link[@rel='canonical']/@href)") == url
        body = page.xpath("string(//article)")
        assert all(paragraph in body for paragraph in post.paragraphs)
        assert page.xpath("//aside//h2[text()='Related stories']")
        assert page.xpath("//*[@id='cookie-banner']")


def test_sitemap_lists_every_live_article(base: str, corpus: Corpus) -> None:
    root = etree.fromstring(ok(f"{base}/chronicle/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = set(root.xpath("//s:url/s:loc/text()", namespaces=ns))
    outlet = corpus.outlet("chronicle")
    assert listed == {newsroom.article_url(base, outlet, p) for p in corpus.live_posts("chronicle")}
    assert len(root.xpath("//s:url/s:lastmod", namespaces=ns)) == len(listed)


def test_withdrawn_article_is_in_the_feed_but_its_page_is_gone(base: str, corpus: Corpus) -> None:
    withdrawn = [p for p in corpus.posts["chronicle"] if p.withdrawn]
    assert len(withdrawn) == 1
    url = newsroom.article_url(base, corpus.outlet("chronicle"), withdrawn[0])
    assert url in {e.link for e in feedparser.parse(ok(f"{base}/chronicle/rss.xml")).entries}
    assert fetch(url)[0] == 404


def test_syndicated_copy_exists_on_both_sites(base: str, corpus: Corpus) -> None:
    (original,) = [p for p in corpus.posts["chronicle"] if p.syndicated_to == "blog"]
    (copy,) = [p for p in corpus.posts["kap"] if p.syndicated_from == original.slug]
    assert copy.title == original.title
    assert copy.paragraphs == (REPRINT_NOTE, *original.paragraphs)
    original_url = newsroom.article_url(base, corpus.outlet("chronicle"), original)
    page = lxml_html.fromstring(ok(wordpress.post_url(base, corpus.outlet("kap"), copy)))
    assert page.xpath("string(//link[@rel='canonical']/@href)") == original_url
    assert ok(original_url)


def test_head_returns_headers_without_a_body(base: str) -> None:
    status, content_type, body = fetch(f"{base}/chronicle/rss.xml", method="HEAD")
    assert (status, body) == (200, b"")
    assert content_type.startswith("application/rss+xml")


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere",
        "/chronicle/news/2024/09/no-such-story.html",
        "/council/mgConvert2PDF.aspx?ID=1",
        "/council/ieListDocuments.aspx?CId=101&MId=1",
    ],
)
def test_unknown_paths_are_not_found(base: str, path: str) -> None:
    assert fetch(base + path)[0] == 404


# --- the council's ModernGov service ------------------------------------------------------


def test_get_committees_lists_every_committee(base: str, corpus: Corpus) -> None:
    status, content_type, body = fetch(f"{base}/council/mgWebService.asmx/GetCommittees")
    root = etree.fromstring(body)
    assert (status, content_type) == (200, "text/xml; charset=utf-8")
    assert root.findtext("committeescount") == f" {len(corpus.council.committees)}"
    ids = [int(c.findtext("committeeid")) for c in root.iter("committee")]
    assert ids == [c.committeeid for c in corpus.council.committees]
    assert {c.findtext("committeedeleted") for c in root.iter("committee")} == {"False"}


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("sFromDate=01/01/2025&sToDate=31/12/2025", 3),
        ("sFromDate=2025-01-01&sToDate=2025-12-31", 4),
    ],
    ids=["uk-dates-filter", "iso-dates-ignored"],
)
def test_get_meetings_filters_by_uk_dates_only(base: str, dates: str, expected: int) -> None:
    url = f"{base}/council/mgWebService.asmx/GetMeetings?lCommitteeId=103&{dates}"
    root = etree.fromstring(ok(url))
    assert root.findtext("meetingscount") == f" {expected}"
    assert len(root.findall(".//meeting")) == expected


@pytest.mark.parametrize("meeting", CORPUS.council.meetings, ids=lambda m: str(m.meetingid))
def test_get_meeting_has_items_minutes_and_attendees(base: str, meeting: Meeting) -> None:
    root = get_meeting(base, meeting)
    assert root.findtext("meetingstatus") == meeting.status
    assert root.findtext("meetingdate") == meeting.date.strftime("%d/%m/%Y")
    assert root.findtext("minutepublished") == str(meeting.has_minutes)
    attendees = root.findall("attendees/attendee")
    assert attendees and all(a.get("name").startswith("Councillor ") for a in attendees)
    items = root.findall("agendaitems/agendaitem")
    assert len(items) == len(meeting.items)
    if meeting.has_minutes:
        minutes = "".join(
            lxml_html.fromstring(i.findtext("minutesnonemptyhtmlbody")).text_content()
            for i in items
        )
        assert "RESOLVED" in minutes


def test_agenda_item_titles_are_double_encoded_like_the_real_service(base: str) -> None:
    meeting = next(m for m in CORPUS.council.meetings if any("'" in i.title for i in m.items))
    titles = [t.text for t in get_meeting(base, meeting).iter("agendaitemtitle")]
    assert any("&#39;" in t for t in titles)
    assert [html.unescape(t) for t in titles] == [i.title for i in meeting.items]


@pytest.mark.parametrize(
    "meeting",
    [m for m in CORPUS.council.meetings if m.printed_minutes_pdf],
    ids=lambda m: str(m.meetingid),
)
def test_printed_minutes_are_readable_pdfs(base: str, meeting: Meeting) -> None:
    urls = get_meeting(base, meeting).xpath(
        "//linkeddoc[starts-with(title, 'Printed minutes')]/url"
    )
    assert len(urls) == 1
    status, content_type, body = fetch(urls[0].text)
    assert (status, content_type) == (200, "application/pdf")
    assert body.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "MINUTES of a meeting of the" in text
    assert "RESOLVED" in text
    assert "Signed" in text


def test_linked_reports_are_readable_pdfs(base: str, corpus: Corpus) -> None:
    for meeting in corpus.council.meetings:
        for document in meeting.documents:
            if document.corrupt:
                continue
            body = ok(f"{base}/council/mgConvert2PDF.aspx?ID={document.attachmentid}")
            text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
            assert document.paragraphs[0][:40] in " ".join(text.split())


def test_corrupt_pdf_looks_like_a_pdf_but_cannot_be_read(base: str, corpus: Corpus) -> None:
    (meeting,) = [m for m in corpus.council.meetings if any(d.corrupt for d in m.documents)]
    (url,) = [u.text for u in get_meeting(base, meeting).iter("url") if "mgConvert2PDF" in u.text]
    status, content_type, body = fetch(url)
    assert (status, content_type) == (200, "application/pdf")
    assert body.startswith(b"%PDF-1.4")
    with pytest.raises(PdfReadError):
        PdfReader(io.BytesIO(body))


def test_minutes_pdfs_are_deterministic(corpus: Corpus) -> None:
    meeting = next(m for m in corpus.council.meetings if m.printed_minutes_pdf)
    committee = corpus.council.committee(meeting.committeeid)
    first = pdf.minutes_pdf(meeting, committee, "Kestrelford Council")
    assert first == pdf.minutes_pdf(meeting, committee, "Kestrelford Council")


def test_meeting_page_for_people_lists_items_and_documents(base: str, corpus: Corpus) -> None:
    meeting = next(m for m in corpus.council.meetings if m.printed_minutes_pdf)
    url = f"{base}/council/ieListDocuments.aspx?CId={meeting.committeeid}&MId={meeting.meetingid}"
    page = lxml_html.fromstring(ok(url))
    assert page.xpath("string(//h1)").startswith("Agenda, decisions and minutes")
    assert len(page.xpath("//td[@class='mgItemNumberCell']")) == len(meeting.items)
    assert page.xpath("//a[contains(@href, 'mgConvert2PDF.aspx')]")
