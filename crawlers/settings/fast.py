"""Settings for crawling our own loopback servers (tests, the demo): no politeness delays.

Choose it with `SCRAPY_SETTINGS_MODULE=crawlers.settings.fast` or `python -m crawlers.run
--fast`. Everything else, robots.txt included, stays as in base.
"""

from crawlers.settings.base import *  # noqa: F403

DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_TIMEOUT = 10
LOG_LEVEL = "WARNING"
