"""The campaign group's blog, shaped like a stock WordPress site and its full-text RSS feed."""

from __future__ import annotations

import zlib
from html import escape
from xml.sax.saxutils import escape as xml_escape

from demo import newsroom
from demo.content import Corpus, Outlet, Post
from demo.web import RSS, Response, html_response, long_date, paragraphs_html, rfc822

GENERATOR = "https://wordpress.org/?v=6.6.2"


def post_url(base_url: str, outlet: Outlet, post: Post) -> str:
    return f"{base_url}{outlet.path}{post.published:%Y/%m/%d}/{post.slug}/"


def post_id(post: Post) -> int:
    """A stable WordPress-style numeric id, so guids survive edits to other posts."""
    return 1000 + zlib.crc32(post.slug.encode()) % 90000


def _canonical(base_url: str, outlet: Outlet, post: Post, corpus: Corpus) -> str:
    if post.syndicated_from:
        press = corpus.outlet_for_platform("newsroom")
        original = next(p for p in corpus.posts[press.key] if p.slug == post.syndicated_from)
        return newsroom.article_url(base_url, press, original)
    return post_url(base_url, outlet, post)


def _shell(outlet: Outlet, base_url: str, title: str, head: str, main: str) -> str:
    home = f"{base_url}{outlet.path}"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<meta name="generator" content="WordPress 6.6.2">
<link rel="alternate" type="application/rss+xml" title="{escape(outlet.name)} &raquo; Feed"
 href="{home}feed/">
{head}
</head>
<body class="wp-singular post-template-default">
<div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="{home}" rel="home">{escape(outlet.name)}</a></p>
<p class="site-description">{escape(outlet.tagline)}</p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{home}">Home</a></li>
<li class="menu-item"><a href="{home}#about">About KAP</a></li>
<li class="menu-item"><a href="{home}#join">Join us</a></li>
<li class="menu-item"><a href="{home}#events">Events</a></li>
</ul></nav>
</header>
<div id="content" class="site-content">
<main id="primary" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">
<section class="widget widget_text"><h2 class="widget-title">Get involved</h2>
<p>Kestrelford Against Privatisation meets on the first Tuesday of every month at the Millbrook
Community Centre. Everyone is welcome.</p></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">
<a href="https://wordpress.org/">Proudly powered by WordPress</a></div></footer>
</div>
</body>
</html>
"""


def post_page(base_url: str, outlet: Outlet, post: Post, corpus: Corpus) -> str:
    stamp = post.published.isoformat()
    categories = ", ".join(
        f'<a href="{base_url}{outlet.path}category/{escape(c.lower().replace(" ", "-"))}/" '
        f'rel="category tag">{escape(c)}</a>'
        for c in post.categories
    )
    head = f"""<link rel="canonical" href="{_canonical(base_url, outlet, post, corpus)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(post.title)}">
<meta property="article:published_time" content="{stamp}">
<meta name="author" content="{escape(post.author)}">"""
    pid = post_id(post)
    main = f"""<article id="post-{pid}" class="post-{pid} post type-post status-publish">
<header class="entry-header">
<h1 class="entry-title">{escape(post.title)}</h1>
<div class="entry-meta">
<span class="posted-on">Posted on
<time class="entry-date published" datetime="{stamp}">{long_date(post.published)}</time></span>
<span class="byline"> by <span class="author vcard">{escape(post.author)}</span></span>
</div>
</header>
<div class="entry-content">
{paragraphs_html(post.paragraphs)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in {categories}</span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comment-reply-title">Leave a Reply</h2>
<p class="comment-notes">Your email address will not be published.</p></div>"""
    return _shell(outlet, base_url, f"{post.title} – {outlet.name}", head, main)


def home_page(base_url: str, outlet: Outlet, posts: tuple[Post, ...]) -> str:
    entries = "\n".join(
        f"""<article class="post type-post"><h2 class="entry-title">
<a href="{post_url(base_url, outlet, p)}" rel="bookmark">{escape(p.title)}</a></h2>
<time class="entry-date published" datetime="{p.published.isoformat()}">
{long_date(p.published)}</time>
<div class="entry-summary"><p>{escape(p.summary)}</p></div></article>"""
        for p in sorted(posts, key=lambda p: p.published, reverse=True)
    )
    head = f'<link rel="canonical" href="{base_url}{outlet.path}">'
    return _shell(outlet, base_url, f"{outlet.name} – {outlet.tagline}", head, entries)


def _cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


def _feed_item(base_url: str, outlet: Outlet, post: Post) -> str:
    url = post_url(base_url, outlet, post)
    categories = "".join(f"\t\t<category>{_cdata(c)}</category>\n" for c in post.categories)
    return f"""\t<item>
\t\t<title>{xml_escape(post.title)}</title>
\t\t<link>{url}</link>
\t\t<comments>{url}#respond</comments>
\t\t<dc:creator>{_cdata(post.author)}</dc:creator>
\t\t<pubDate>{rfc822(post.published)}</pubDate>
{categories}\t\t<guid isPermaLink="false">{base_url}{outlet.path}?p={post_id(post)}</guid>
\t\t<description>{_cdata(post.summary)}</description>
\t\t<content:encoded>{_cdata(paragraphs_html(post.paragraphs))}</content:encoded>
\t\t<wfw:commentRss>{url}feed/</wfw:commentRss>
\t\t<slash:comments>0</slash:comments>
\t</item>"""


def feed(base_url: str, outlet: Outlet, posts: tuple[Post, ...]) -> str:
    """RSS 2.0 with the full post in content:encoded, as WordPress publishes it."""
    newest = sorted(posts, key=lambda p: p.published, reverse=True)
    home = f"{base_url}{outlet.path}"
    items = "\n".join(_feed_item(base_url, outlet, p) for p in newest)
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>

<channel>
	<title>{xml_escape(outlet.name)}</title>
	<atom:link href="{home}feed/" rel="self" type="application/rss+xml" />
	<link>{home}</link>
	<description>{xml_escape(outlet.tagline)}</description>
	<lastBuildDate>{rfc822(newest[0].published)}</lastBuildDate>
	<language>en-GB</language>
	<sy:updatePeriod>hourly</sy:updatePeriod>
	<sy:updateFrequency>1</sy:updateFrequency>
	<generator>{GENERATOR}</generator>
{items}
	</channel>
</rss>
"""


def render(corpus: Corpus, base_url: str) -> dict[str, Response]:
    outlet = corpus.outlet_for_platform("wordpress")
    posts = corpus.posts[outlet.key]
    routes = {
        outlet.path: html_response(home_page(base_url, outlet, posts)),
        f"{outlet.path}feed/": Response(feed(base_url, outlet, posts).encode(), RSS),
    }
    for post in posts:
        page = post_page(base_url, outlet, post, corpus)
        routes[post_url("", outlet, post)] = html_response(page, post.published)
    return routes
