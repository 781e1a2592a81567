"""The pseudonymous blogger's site, shaped like Blogger: post pages and the Atom posts feed."""

from __future__ import annotations

import zlib
from html import escape
from xml.sax.saxutils import escape as xml_escape

from demo.content import Corpus, Outlet, Post
from demo.web import ATOM, Response, html_response, long_date, paragraphs_html

# Blogger ids are long opaque numbers; fixed ones keep feed ids stable between runs.
BLOG_ID = "4718203395126648027"
POST_ID_BASE = 5_300_000_000_000_000_000


def post_url(base_url: str, outlet: Outlet, post: Post) -> str:
    return f"{base_url}{outlet.path}{post.published:%Y/%m}/{post.slug}.html"


def post_id(post: Post) -> int:
    return POST_ID_BASE + zlib.crc32(post.slug.encode()) * 1_000_003


def atom_time(post: Post) -> str:
    """Blogger's timestamps carry milliseconds and the blog's local offset."""
    return post.published.isoformat(timespec="milliseconds")


def _shell(outlet: Outlet, base_url: str, title: str, head: str, main: str) -> str:
    home = f"{base_url}{outlet.path}"
    return f"""<!DOCTYPE html>
<html class="v2" dir="ltr" lang="en-GB">
<head>
<meta content="width=1100" name="viewport">
<meta content="text/html; charset=UTF-8" http-equiv="Content-Type">
<meta content="blogger" name="generator">
<title>{escape(title)}</title>
<link rel="alternate" type="application/atom+xml" title="{escape(outlet.name)} - Atom"
 href="{home}feeds/posts/default">
{head}
</head>
<body class="loading variant-simplysimple">
<div class="content-outer">
<header><div class="header-inner"><h1 class="title"><a href="{home}">{escape(outlet.name)}</a></h1>
<p class="description"><span>{escape(outlet.tagline)}</span></p></div></header>
<div class="main-inner">
<div class="blog-posts hfeed">
{main}
</div>
</div>
<div class="sidebar"><div class="widget Profile"><h2>About Me</h2>
<p>Heathwatcher. I read the council papers so that you don't have to.</p></div></div>
<footer><p>Powered by <a href="https://www.blogger.com">Blogger</a>.</p></footer>
</div>
</body>
</html>
"""


def post_page(base_url: str, outlet: Outlet, post: Post) -> str:
    url = post_url(base_url, outlet, post)
    head = f"""<link rel="canonical" href="{url}">
<meta content="{url}" property="og:url">
<meta content="{escape(post.title)}" property="og:title">
<meta content="{escape(post.summary)}" property="og:description">"""
    main = f"""<h2 class="date-header"><span>{long_date(post.published)}</span></h2>
<div class="post hentry" itemprop="blogPost">
<a name="{post_id(post)}"></a>
<h3 class="post-title entry-title" itemprop="name">{escape(post.title)}</h3>
<div class="post-body entry-content" id="post-body-{post_id(post)}" itemprop="articleBody">
{paragraphs_html(post.paragraphs)}
</div>
<div class="post-footer"><span class="post-author vcard">Posted by
<span class="fn" itemprop="author">{escape(post.author)}</span></span>
<span class="post-timestamp">at <a class="timestamp-link" href="{url}" rel="bookmark">
<abbr class="published" itemprop="datePublished" title="{atom_time(post)}">
{post.published:%H:%M}</abbr>
</a></span>
</div>
</div>"""
    return _shell(outlet, base_url, f"{outlet.name}: {post.title}", head, main)


def home_page(base_url: str, outlet: Outlet, posts: tuple[Post, ...]) -> str:
    entries = "\n".join(
        f"""<div class="post-outer"><h3 class="post-title">
<a href="{post_url(base_url, outlet, p)}">{escape(p.title)}</a></h3>
<p>{escape(p.summary)}</p></div>"""
        for p in sorted(posts, key=lambda p: p.published, reverse=True)
    )
    head = f'<link rel="canonical" href="{base_url}{outlet.path}">'
    return _shell(outlet, base_url, outlet.name, head, entries)


def feed(base_url: str, outlet: Outlet, posts: tuple[Post, ...]) -> str:
    newest = sorted(posts, key=lambda p: p.published, reverse=True)
    home = f"{base_url}{outlet.path}"
    feed_url = f"{home}feeds/posts/default"
    entries = "".join(
        f"<entry><id>tag:blogger.com,1999:blog-{BLOG_ID}.post-{post_id(p)}</id>"
        f"<published>{atom_time(p)}</published><updated>{atom_time(p)}</updated>"
        f"<title type='text'>{xml_escape(p.title)}</title>"
        f"<content type='html'>{xml_escape(paragraphs_html(p.paragraphs))}</content>"
        f"<link rel='edit' type='application/atom+xml' href='{feed_url}/{post_id(p)}'/>"
        f"<link rel='self' type='application/atom+xml' href='{feed_url}/{post_id(p)}'/>"
        f"<link rel='alternate' type='text/html' href='{post_url(base_url, outlet, p)}' "
        f"title='{xml_escape(p.title, {chr(39): '&#39;'})}'/>"
        f"<author><name>{xml_escape(p.author)}</name><email>noreply@blogger.com</email></author>"
        "</entry>"
        for p in newest
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        "<feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:openSearch='http://a9.com/-/spec/opensearchrss/1.0/' "
        "xmlns:blogger='http://schemas.google.com/blogger/2008' "
        "xmlns:gd='http://schemas.google.com/g/2005'>"
        f"<id>tag:blogger.com,1999:blog-{BLOG_ID}</id>"
        f"<updated>{atom_time(newest[0])}</updated>"
        f"<title type='text'>{xml_escape(outlet.name)}</title>"
        f"<subtitle type='html'>{xml_escape(outlet.tagline)}</subtitle>"
        "<link rel='http://schemas.google.com/g/2005#feed' type='application/atom+xml' "
        f"href='{feed_url}'/>"
        f"<link rel='self' type='application/atom+xml' href='{feed_url}'/>"
        f"<link rel='alternate' type='text/html' href='{home}'/>"
        f"<author><name>{xml_escape(outlet.name)}</name><email>noreply@blogger.com</email></author>"
        "<generator version='7.00' uri='https://www.blogger.com'>Blogger</generator>"
        f"<openSearch:totalResults>{len(newest)}</openSearch:totalResults>"
        "<openSearch:startIndex>1</openSearch:startIndex>"
        f"<openSearch:itemsPerPage>{len(newest)}</openSearch:itemsPerPage>"
        f"{entries}</feed>"
    )


def render(corpus: Corpus, base_url: str) -> dict[str, Response]:
    outlet = corpus.outlet_for_platform("blogger")
    posts = corpus.posts[outlet.key]
    routes = {
        outlet.path: html_response(home_page(base_url, outlet, posts)),
        f"{outlet.path}feeds/posts/default": Response(feed(base_url, outlet, posts).encode(), ATOM),
    }
    for post in posts:
        routes[post_url("", outlet, post)] = html_response(
            post_page(base_url, outlet, post), post.published
        )
    return routes
