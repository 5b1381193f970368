"""The desk console `/desk`: log in, choose the desk, then work the day from one screen.

The page is served only with what the session's staff member may see: the
offices of their scope and those offices' desks. Everything live comes from
the office's staff stream; every action is a REST call with the session
cookie and its CSRF token.
"""

from __future__ import annotations

from typing import Any

from flask import g, render_template

from ..api.actors import command_context, current_actor
from ..commands.context import Actor
from ..views.desk import desk_names_json
from . import blueprint


def staff_offices(actor: Actor) -> list[Any]:
    """The offices a staff member works in: their own, or all for network-wide roles."""
    network = command_context().network
    codes = actor.offices or tuple(network.offices)
    return [network.offices[code] for code in codes if code in network.offices]


def session_staff() -> Actor | None:
    actor = current_actor()
    return actor if actor is not None and actor.is_staff else None


@blueprint.get("/desk")
def desk_console() -> Any:
    actor = session_staff()
    g.lang = "uk"
    if actor is None:
        return render_template("desk_console.html", actor=None, offices=[])
    offices = [
        {
            "code": office.code,
            "name": office.name.uk,
            "name_en": office.name.en,
            "timezone": office.timezone,
            "desks": desk_names_json(office.desks),
        }
        for office in staff_offices(actor)
    ]
    return render_template("desk_console.html", actor=actor, offices=offices)
