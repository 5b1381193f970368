"""The HTTP JSON alert feed: GET a URL that answers which regions are in an alert.

The answer's shape (docs/deploy.md):

    {"regions": [{"id": "dnipropetrovsk", "active": true}, {"id": "kyiv", "active": false}]}

`id` a string, `active` a JSON boolean; a configured region the answer does
not list is not in an alert, and regions not configured are ignored. Anything
else (not 200, not JSON, another shape, a timeout) is a `FeedError`, which the
poller logs and which changes nothing. A small adapter in front of a real
alert service (which has its own shape and token) answers this way.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from . import FeedError

MAX_BYTES = 1024 * 1024  # the answer of a whole country's regions is a few kilobytes


def parse(body: bytes) -> frozenset[str]:
    """The regions in an alert by a feed's answer, or `FeedError` naming what is wrong with it."""
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedError(f"the answer is not JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("regions"), list):
        raise FeedError('the answer has no "regions" list')
    active = set()
    for index, item in enumerate(data["regions"]):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("active"), bool):
            raise FeedError(f'regions[{index}] is not {{"id": "…", "active": true|false}}')
        if item["active"]:
            active.add(item["id"])
    return frozenset(active)


@dataclass(frozen=True)
class HttpJsonFeed:
    """`AlertFeed` over HTTP: one GET per poll, with a timeout."""

    url: str
    timeout_seconds: float = 10.0

    def active_regions(self, regions: frozenset[str]) -> frozenset[str]:
        request = urllib.request.Request(self.url, headers={"Accept": "application/json"}, method="GET")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310 - the URL is the operator's setting
                if response.status != 200:
                    raise FeedError(f"the feed answered HTTP {response.status}")
                body = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise FeedError(f"the feed answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise FeedError(f"the feed cannot be reached: {error}") from None
        if len(body) > MAX_BYTES:
            raise FeedError(f"the answer is larger than {MAX_BYTES} bytes")
        return parse(body) & regions
