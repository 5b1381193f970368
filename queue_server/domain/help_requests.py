"""«Покличте працівника до мене»: a visitor at a kiosk asks for a member of staff to come to them.

A visitor who cannot read the screen, cannot reach it from a wheelchair, or
simply cannot manage, asks at the kiosk; the office's staff pages show the
kiosk's name and the time until someone says they are going. One open call
per kiosk: a second tap while one waits is the same call. Pure: `now` comes
in as an argument.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .errors import InvalidTransition
from .views import JSON, timestamp


@dataclass(frozen=True)
class HelpRequest:
    office: str
    kiosk: str  # the kiosk's name as registered (`cherga device add --name`), where staff go
    asked_at: dt.datetime
    handled_at: dt.datetime | None = None
    handled_by: str | None = None
    id: int | None = None

    @property
    def open(self) -> bool:
        return self.handled_at is None

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "office": self.office,
            "kiosk": self.kiosk,
            "asked_at": timestamp(self.asked_at),
            "handled_at": timestamp(self.handled_at),
            "handled_by": self.handled_by,
        }


def ask(open_call: HelpRequest | None, office: str, kiosk: str, now: dt.datetime) -> HelpRequest:
    """The kiosk's open call if it has one (a second tap adds nothing), else a new one."""
    return open_call if open_call is not None else HelpRequest(office=office, kiosk=kiosk, asked_at=now)


def handle(call: HelpRequest, by: str, now: dt.datetime) -> HelpRequest:
    """Someone of the staff is going: the call leaves every staff page."""
    if not call.open:
        raise InvalidTransition(f"the call from {call.kiosk} was answered already by {call.handled_by}")
    return replace(call, handled_at=now, handled_by=by)
