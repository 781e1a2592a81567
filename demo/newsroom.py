"""The local paper: a news site's article pages, a summary-only RSS feed and a sitemap."""

from __future__ import annotations

from html import escape
from xml.sax.saxutils import escape as xml_escape

from demo.content import Corpus, Outlet, Post
from demo.web import RSS, XML, Response, html_response, long_date, paragraphs_html, rfc822

RELATED_STORIES = 4

STYLESHEET = """body{font-family:Georgia,serif;margin:0}
.masthead{background:#7a0019;color:#fff;padding:1em}.masthead a{color:#fff}
.layout{display:flex;gap:2em;padding:1em}main{flex:3}.sidebar{flex:1}
.cookie-banner{background:#222;color:#eee;padding:.5em}.byline{font-weight:bold;margin-right:1em}
"""


def article_url(base_url: str, outlet: Outlet, post: Post) -> str:
    return f"{base_url}{outlet.path}news/{post.published:%Y/%m}/{post.slug}.html"


def _shell(outlet: Outlet, base_url: str, title: str, head: str, main: str, aside: str) -> str:
    home = f"{base_url}{outlet.path}"
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head}
<link rel="alternate" type="application/rss+xml" title="{escape(outlet.name)}" href="{home}rss.xml">
<link rel="stylesheet" href="{home}static/site.css">
</head>
<body>
<div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent">
<p>We use cookies to personalise content and to analyse our traffic. By continuing to use this
site you agree to our use of cookies.</p>
<button type="button">Accept all</button> <button type="button">Manage preferences</button>
</div>
<header class="masthead">
<a class="logo" href="{home}">{escape(outlet.name)}</a>
<p class="tagline">{escape(outlet.tagline)}</p>
<nav class="primary-nav"><ul>
<li><a href="{home}">News</a></li><li><a href="{home}#council">Council</a></li>
<li><a href="{home}#politics">Politics</a></li><li><a href="{home}#sport">Sport</a></li>
<li><a href="{home}#whats-on">What's On</a></li><li><a href="{home}#letters">Letters</a></li>
</ul></nav>
</header>
<div class="layout">
<main id="content">
{main}
</main>
<aside class="sidebar">
{aside}
<section class="advert"><p>Advertisement</p></section>
</aside>
</div>
<footer class="site-footer">
<p>&copy; {escape(outlet.name)}. All rights reserved.</p>
<ul><li><a href="{home}#contact">Contact us</a></li><li><a href="{home}#privacy">Privacy</a></li>
<li><a href="{home}#terms">Terms</a></li><li><a href="{home}sitemap.xml">Sitemap</a></li></ul>
</footer>
</body>
</html>
"""


def _related(post: Post, live: tuple[Post, ...]) -> list[Post]:
    others = [p for p in live if p.slug != post.slug]
    return sorted(others, key=lambda p: abs((p.published - post.published).total_seconds()))[
        :RELATED_STORIES
    ]


def _link_list(base_url: str, outlet: Outlet, posts: list[Post]) -> str:
    return "\n".join(
        f'<li><a href="{article_url(base_url, outlet, p)}">{escape(p.title)}</a></li>'
        for p in posts
    )


def article_page(base_url: str, outlet: Outlet, post: Post, live: tuple[Post, ...]) -> str:
    url = article_url(base_url, outlet, post)
    stamp = post.published.isoformat()
    head = f"""<meta name="description" content="{escape(post.summary)}">
<meta name="author" content="{escape(post.author)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(post.title)}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{escape(outlet.name)}">
<meta property="article:published_time" content="{stamp}">
<meta property="article:author" content="{escape(post.author)}">
<link rel="canonical" href="{url}">"""
    main = f"""<nav class="breadcrumb">
<a href="{base_url}{outlet.path}">Home</a> &rsaquo; News</nav>
<article class="story">
<h1>{escape(post.title)}</h1>
<p class="standfirst">{escape(post.summary)}</p>
<p class="meta"><span class="byline">By {escape(post.author)}</span>
<time datetime="{stamp}">{long_date(post.published)}</time></p>
<div class="story-body">
{paragraphs_html(post.paragraphs)}
</div>
<p class="share">Share this story:
<a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></p>
</article>"""
    aside = f"""<section class="related"><h2>Related stories</h2><ul>
{_link_list(base_url, outlet, _related(post, live))}
</ul></section>"""
    return _shell(outlet, base_url, f"{post.title} | {outlet.name}", head, main, aside)


def home_page(base_url: str, outlet: Outlet, live: tuple[Post, ...]) -> str:
    newest = sorted(live, key=lambda p: p.published, reverse=True)
    teasers = "\n".join(
        f"""<li class="teaser">
<h2><a href="{article_url(base_url, outlet, p)}">{escape(p.title)}</a></h2>
<p>{escape(p.summary)}</p>
<time datetime="{p.published.isoformat()}">{long_date(p.published)}</time></li>"""
        for p in newest
    )
    main = f'<h1>Latest news</h1>\n<ul class="teasers">\n{teasers}\n</ul>'
    aside = f"""<section class="most-read"><h2>Most read</h2><ul>
{_link_list(base_url, outlet, newest[:5])}
</ul></section>"""
    head = f'<link rel="canonical" href="{base_url}{outlet.path}">'
    return _shell(outlet, base_url, f"{outlet.name} | {outlet.tagline}", head, main, aside)


def rss_feed(base_url: str, outlet: Outlet, posts: tuple[Post, ...]) -> str:
    """RSS 2.0 with only a summary per item: papers keep full text back for their own pages."""
    newest = sorted(posts, key=lambda p: p.published, reverse=True)
    items = "\n".join(
        f"""<item>
<title>{xml_escape(p.title)}</title>
<link>{article_url(base_url, outlet, p)}</link>
<description>{xml_escape(p.summary)}</description>
<pubDate>{rfc822(p.published)}</pubDate>
<guid isPermaLink="true">{article_url(base_url, outlet, p)}</guid>
<dc:creator>{xml_escape(p.author)}</dc:creator>
</item>"""
        for p in newest
    )
    home = f"{base_url}{outlet.path}"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{xml_escape(outlet.name)}</title>
<link>{home}</link>
<description>{xml_escape(outlet.tagline)}</description>
<language>en-gb</language>
<atom:link href="{home}rss.xml" rel="self" type="application/rss+xml"/>
<lastBuildDate>{rfc822(newest[0].published)}</lastBuildDate>
{items}
</channel>
</rss>
"""


def sitemap(base_url: str, outlet: Outlet, live: tuple[Post, ...]) -> str:
    urls = "\n".join(
        f"<url><loc>{article_url(base_url, outlet, p)}</loc>"
        f"<lastmod>{p.published.isoformat()}</lastmod></url>"
        for p in live
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""


def render(corpus: Corpus, base_url: str) -> dict[str, Response]:
    outlet = corpus.outlet_for_platform("newsroom")
    live = corpus.live_posts(outlet.key)
    routes = {
        outlet.path: html_response(home_page(base_url, outlet, live)),
        f"{outlet.path}rss.xml": Response(
            rss_feed(base_url, outlet, corpus.posts[outlet.key]).encode(), RSS
        ),
        f"{outlet.path}sitemap.xml": Response(sitemap(base_url, outlet, live).encode(), XML),
        f"{outlet.path}static/site.css": Response(STYLESHEET.encode(), "text/css; charset=utf-8"),
    }
    for post in live:
        path = article_url("", outlet, post)
        routes[path] = html_response(article_page(base_url, outlet, post, live), post.published)
    return routes
