"""Polite defaults for every Localwatch crawl, in one place.

`scrapy.cfg` points here. Other settings modules star-import this one and change only what
differs (City Bureau's base/prod split): `fast.py` for loopback crawls in tests and the demo.
"""

from store import DEFAULT_DB

BOT_NAME = "localwatch"
SPIDER_MODULES = ["crawlers.spiders"]

USER_AGENT = "Localwatch/0.1 (+civic research crawler)"
ROBOTSTXT_OBEY = True

# One or two requests at a time per site, a second apart, slowed further when the site
# answers slowly: council installs are often small self-hosted servers.
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Self-hosted ModernGov installs take up to a minute to answer (LGSF); rate limits and
# overloaded servers answer 429/5xx, which are worth one or two more tries.
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524]

# Responses are untrusted input; Scrapy's default cap is 1 GiB. Council report packs run
# to tens of megabytes, so 50 MB keeps them and refuses anything absurd.
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 20 * 1024 * 1024

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Before RobotsTxtMiddleware (100), so a refused address is never contacted, not even for
# its robots.txt.
DOWNLOADER_MIDDLEWARES = {"crawlers.middlewares.PrivateAddressMiddleware": 50}

ITEM_PIPELINES = {
    "crawlers.pipelines.ValidatePipeline": 100,
    "crawlers.pipelines.StorePipeline": 800,
}

# Where StorePipeline writes, and the `runs` row its fetch errors belong to (None outside a
# recorded run); crawlers.run sets both per run.
LOCALWATCH_DB = str(DEFAULT_DB)
LOCALWATCH_RUN_ID = None
