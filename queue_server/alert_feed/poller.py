"""Following the alert feed: each step asks it once and begins or ends the pause of the offices that changed.

An office's pause follows its regions' changes, not their state at every
poll, so people keep the last word:

- a region's alert begins: each of its offices not paused yet is paused by
  the feed (`set_air_raid` as `console:alert-feed`: audited, on the stream);
- it ends: each of its offices whose pause the feed began is resumed; a
  pause a supervisor began is theirs to end;
- a supervisor who ends the feed's pause while the alert goes on is not
  overruled at the next poll: the feed acts again at the next change.

The first step after a start takes the feed's answer as a change. A feed
that cannot be asked or answers in another shape is logged, and nothing
changes (the offices stay as they are until it answers again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ..commands.air_raid import set_air_raid
from ..commands.context import Actor, ActorKind, CommandContext, StaffRole
from ..domain.errors import InvalidTransition
from ..domain.model import OfficeCode
from ..settings import Settings
from ..store import air_raids as air_raid_store
from . import AlertFeed, FeedError
from .http_feed import HttpJsonFeed
from .regions import REGIONS_FILE, AlertRegionsError, RegionMap, read_regions

log = logging.getLogger(__name__)
FEED_ACTOR = Actor(kind=ActorKind.CONSOLE, name="alert-feed", role=StaffRole.ADMIN, offices=())


@dataclass
class AlertFeedPoller:
    """The feed, the region map, and what the last step saw of each office."""

    ctx: CommandContext
    feed: AlertFeed
    regions: RegionMap
    seen: dict[OfficeCode, bool] = field(default_factory=dict)

    def step(self) -> dict[OfficeCode, bool]:
        """Ask the feed once; return the offices whose pause it began (True) or ended (False)."""
        try:
            active = self.feed.active_regions(frozenset(self.regions))
        except FeedError as error:
            log.warning("alert feed: %s; no office changed", error)
            return {}
        wanted: dict[OfficeCode, bool] = {}
        for region, offices in self.regions.items():
            for office in offices:
                wanted[office] = wanted.get(office, False) or region in active
        changed: dict[OfficeCode, bool] = {}
        for office, on in wanted.items():
            if self.seen.get(office) == on:
                continue
            self.seen[office] = on
            with self.ctx.reading() as conn:
                current = air_raid_store.current(conn, office)
            if on == (current is not None):
                continue
            if not on and current is not None and current.started_by != FEED_ACTOR.name:
                continue  # a supervisor's pause: theirs to end
            try:
                set_air_raid(self.ctx, office, on, actor=FEED_ACTOR)
            except InvalidTransition as error:  # someone changed it in between
                log.info("alert feed: office %s: %s", office, error)
                continue
            log.info("alert feed: office %s %s", office, "paused" if on else "resumed")
            changed[office] = on
        return changed


def follow_forever(poller: AlertFeedPoller, *, interval: float, sleep: Callable[[float], object]) -> None:
    """The server's background loop of the feed: a step every `interval` seconds, whatever a step met."""
    while True:
        try:
            poller.step()
        except Exception:  # keep following: the next step may find the database or the feed back
            log.exception("alert feed step failed")
        sleep(interval)


def poller_from_settings(settings: Settings, ctx: CommandContext) -> AlertFeedPoller | None:
    """The poller of `CHERGA_ALERT_FEED_URL` with the region map of the configuration; None when the feed is off.

    A feed switched on with no region mapped is a mistake worth stopping the start for.
    """
    if settings.alert_feed_url is None:
        return None
    regions = read_regions(settings.config_dir, ctx.network.offices)
    if not regions:
        raise AlertRegionsError(
            f"CHERGA_ALERT_FEED_URL is set, but {settings.config_dir}/{REGIONS_FILE} maps no region to offices"
        )
    return AlertFeedPoller(ctx, HttpJsonFeed(settings.alert_feed_url, timeout_seconds=min(10.0, settings.alert_feed_seconds)), regions)
