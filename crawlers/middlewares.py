"""Downloader middleware: refuse private, loopback and other non-public addresses.

A sources file is configuration anyone may edit, and a feed or sitemap can link anywhere; a
crawler that fetches `http://127.0.0.1:8001/admin` or a cloud metadata address on request is a
hazard. Sources that really live on a private network (tests, the demo) opt in with
`allow_private = true`. The refusal is an IgnoreRequest, so it reaches the spider's errback
and is recorded in `fetch_errors` like any other failed fetch.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import TYPE_CHECKING, Self

from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class PrivateAddressRefused(IgnoreRequest):
    """The request's host is not a public address and its source does not allow that."""


def address_kind(address: IPAddress) -> str | None:
    """Why an address is not public ("loopback", "private"...), or None for a public one."""
    # Specific kinds first: Python counts link-local and 0.0.0.0 as private too.
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    # Carrier-grade NAT and other ranges that are neither private nor global.
    return None if address.is_global else "non-public"


class PrivateAddressMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # Host name -> refusal reason (None: public), so a host is resolved once per crawl.
        self.verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        source = getattr(self.crawler.spider, "source", None)
        if source is not None and source.settings.get("allow_private", False):
            return
        host = urlparse_cached(request).hostname or ""
        if host not in self.verdicts:
            self.verdicts[host] = refusal(await resolve(host))
        if self.verdicts[host]:
            raise PrivateAddressRefused(self.verdicts[host])


def refusal(addresses: list[IPAddress]) -> str | None:
    """Why a host may not be fetched (its first non-public address), or None."""
    for address in addresses:
        kind = address_kind(address)
        if kind:
            return (
                f"refused: {address} is a {kind} address; set allow_private = true for this source"
            )
    return None


async def resolve(host: str) -> list[IPAddress]:
    """The addresses a host name stands for; empty when it does not resolve.

    A name that fails to resolve is left to the downloader, which reports the DNS error.
    """
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return []
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
