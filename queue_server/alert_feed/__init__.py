"""An alert feed: which regions are in an air-raid alert now, from outside Cherga. Off by default.

The air-raid pause of an office (`commands.air_raid`) is begun and ended by
people. Where the network wants it to follow an official alert service,
`CHERGA_ALERT_FEED_URL` names a feed, and `config/alert_regions.toml` says
which offices each of its regions covers; the server's background loop then
asks the feed every `CHERGA_ALERT_FEED_SECONDS` and begins or ends the pause
of the offices whose regions changed (`poller.AlertFeedPoller`), as the
system actor `console:alert-feed` in the audit log.

- `AlertFeed` (here): the one method an adapter has.
- `http_feed.py`: the HTTP JSON adapter (docs/deploy.md shows the JSON).
- `regions.py`: the region → offices map and its checks.
- `poller.py`: one step of following the feed, and the loop.
"""

from __future__ import annotations

from typing import Protocol


class FeedError(Exception):
    """The feed could not be asked, or its answer is not what the documented shape says; nothing changes."""


class AlertFeed(Protocol):
    """A source of air-raid alerts by region."""

    def active_regions(self, regions: frozenset[str]) -> frozenset[str]:
        """Which of `regions` (the configured region ids) are in an alert now; `FeedError` when it cannot say."""
        ...
