"""The live waits of every office, as `GET /api/v1/waits` and the `/waits` page show them.

Public: no ticket number, no name, only counts and estimates. The texts
(office names, addresses, group and service names) come in the one language
asked for (`lang`), so a portal, a chat-bot or the hotline's screen shows
the answer as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.model import OfficeKind
from ..domain.views import JSON, render
from .fields import ESTIMATE_BASES, ESTIMATE_DOC, LANGUAGES, Clock, meta


@dataclass(frozen=True)
class GroupWaitView:
    """One group of services of an office (a top-level category of its kiosk's menu)."""

    category: str
    name: str
    waiting: int = field(metadata=meta("people waiting now for the group's services", minimum=0))
    estimated_wait_minutes: int | None = field(
        metadata=meta("the longest wait a ticket taken now for one of the group's services would face; null when none has a desk open")
    )
    estimate: str = field(metadata=meta(ESTIMATE_DOC, values=ESTIMATE_BASES))
    open_desks: int = field(metadata=meta("desks open now that serve at least one of the group's services", minimum=0))


@dataclass(frozen=True)
class OfficeWaitsView:
    """An office, open or not now, with its people waiting and its waits by group."""

    code: str
    name: str
    kind: OfficeKind
    address: str
    timezone: str
    open_now: bool = field(metadata=meta("open now by its opening hours, in its time zone"))
    hours_today: tuple[Clock, Clock] | None = field(metadata=meta("today's opening hours, local; null on a closed day"))
    opens_next: dt.datetime | None = field(metadata=meta("when it opens next, if it is closed now; null when open now"))
    waiting: int = field(metadata=meta("people waiting now for any service", minimum=0))
    open_desks: int = field(metadata=meta(minimum=0))
    groups: tuple[GroupWaitView, ...]


@dataclass(frozen=True)
class QuietestOfficeView:
    """For a service several offices give: the office open now where a ticket taken now waits least."""

    service: str
    name: str
    category: str = field(metadata=meta("its group: a top-level category of the kiosk's menu"))
    offices: int = field(metadata=meta("how many offices give it", minimum=2))
    office: str | None = field(metadata=meta("the suggested office; null when no office giving it is open with a desk for it"))
    office_name: str | None
    estimated_wait_minutes: int | None
    waiting: int | None = field(metadata=meta("people waiting for the service at the suggested office", minimum=0))


@dataclass(frozen=True)
class NetworkWaitsView:
    lang: str = field(metadata=meta("the language of the texts", values=LANGUAGES))
    offices: tuple[OfficeWaitsView, ...]
    quietest: tuple[QuietestOfficeView, ...] = field(
        metadata=meta(
            "for each service given by two offices or more: the shortest estimated wait (whole minutes) among the offices "
            "open now with a desk open for it; a tie goes to fewer people waiting for it, then to more desks open for it, "
            "then to the office listed first in the network's configuration"
        )
    )


def network_waits_json(view: NetworkWaitsView) -> JSON:
    return render(view)
