"""The page `/waits`: the live waits of every office, for anyone with a phone.

Ukrainian first, English at `/waits?lang=en` (a link, so it works without
scripts and can be shared). The server renders the whole page with the
figures of now, so it reads right before any script runs and a screen
reader finds real headings and tables; `waits.js` then follows every
office's public stream and asks `GET /api/v1/waits` again when one of them
changes, and every 60 s besides.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, g, render_template, request

from ..domain.model import Network, OfficeKind
from ..domain.trips import Trip, upcoming
from ..i18n import translate
from ..reads.network_waits import network_waits
from ..views.waits import NetworkWaitsView, OfficeWaitsView, QuietestOfficeView

blueprint = Blueprint("waits_page", __name__, template_folder="templates")


def day_name(moment: dt.datetime, now: dt.datetime, zone: str, lang: str) -> str:
    """«сьогодні», «завтра» or the weekday, of `moment` seen from `now` in the office's zone."""
    local, today = moment.astimezone(ZoneInfo(zone)), now.astimezone(ZoneInfo(zone)).date()
    if local.date() == today:
        return translate("waits.day.today", lang)
    if local.date() == today + dt.timedelta(days=1):
        return translate("waits.day.tomorrow", lang)
    return translate(f"calendar.weekday.{local.isoweekday()}", lang)


def opening_text(office: OfficeWaitsView, now: dt.datetime, lang: str) -> str:
    """«Відчинено до 20:00», «Зачинено · відкриється: завтра, 08:00» — as `waits.js` writes it too."""
    if office.open_now and office.hours_today is not None:
        return translate("waits.open_until", lang, time=office.hours_today[1])
    if office.opens_next is None:
        return translate("waits.closed", lang)
    time = office.opens_next.astimezone(ZoneInfo(office.timezone)).strftime("%H:%M")
    return translate("waits.closed_opens", lang, day=day_name(office.opens_next, now, office.timezone, lang), time=time)


def wait_text(minutes: int | None, lang: str) -> str:
    if minutes is None:
        return translate("waits.wait.no_desk", lang)
    if minutes == 0:
        return translate("waits.wait.now", lang)
    return translate("waits.wait.minutes", lang, minutes=minutes)


def default_service(waits: NetworkWaitsView) -> QuietestOfficeView | None:
    """The service the page asks about first: the one the most offices give (residence registration), the first of a tie."""
    return max(waits.quietest, key=lambda item: item.offices, default=None)


def quietest_text(item: QuietestOfficeView | None, lang: str) -> str:
    if item is None or item.office is None or item.estimated_wait_minutes is None or item.waiting is None:
        return translate("waits.quietest.none", lang)
    return translate(
        "waits.quietest.found", lang, office=item.office_name or item.office, wait=wait_text(item.estimated_wait_minutes, lang), waiting=item.waiting
    )


def trip_text(trip: Trip, lang: str) -> dict[str, str]:
    """A trip as the page lists it: «вівторок, 8 грудня», «10:00–14:00» and the stop, in `lang`."""
    date = translate(
        "trips.date", lang, weekday=translate(f"calendar.weekday.{trip.date.isoweekday()}", lang), day=trip.date.day,
        month=translate(f"booking.month.{trip.date.month}", lang),
    )
    end = "24:00" if trip.end == dt.time.max else trip.end.strftime("%H:%M")
    hours = translate("trips.hours", lang, start=trip.start.strftime("%H:%M"), end=end)
    return {"date": trip.date.isoformat(), "day": date, "hours": hours, "stop": trip.stop.get(lang)}


def travel_schedules(network: Network, now: dt.datetime, lang: str) -> dict[str, list[dict[str, str]]]:
    """Each mobile office's trips from its today on (its own time zone): the page shows them in the office's entry."""
    return {
        office.code: [trip_text(trip, lang) for trip in upcoming(office.trips, now.astimezone(ZoneInfo(office.timezone)).date())]
        for office in network.offices.values()
        if office.kind is OfficeKind.MOBILE
    }


@blueprint.get("/waits")
def waits_page() -> Any:
    lang = "en" if request.args.get("lang") == "en" else "uk"
    g.lang = lang
    ctx = current_app.extensions["cherga"]
    now = ctx.clock()
    waits = network_waits(ctx, lang)
    chosen = default_service(waits)
    zone = waits.offices[0].timezone if waits.offices else "Europe/Kyiv"
    return render_template(
        "waits.html",
        waits=waits,
        lang=lang,
        network_name=ctx.network.name.get(lang),
        chosen=chosen,
        choices=[
            (ctx.network.categories[category].name.get(lang), list(items))
            for category, items in itertools.groupby(waits.quietest, key=lambda item: item.category)
        ],
        quietest=quietest_text(chosen, lang),
        updated=now.astimezone(ZoneInfo(zone)).strftime("%H:%M"),
        zone=zone,
        trips=travel_schedules(ctx.network, now, lang),
        opening=lambda office: opening_text(office, now, lang),
        wait_text=lambda minutes: wait_text(minutes, lang),
    )
