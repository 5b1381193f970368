"""The managers' dashboard `/dashboard` (every office in view) and `/dashboard/<office>` (one in depth).

The page is a view of `GET /api/v1/dashboard` kept live by the staff
streams of the offices it shows, over one Socket.IO connection. It is served
only with the offices of the session's scope: managers and admins the whole
network, a supervisor their own offices. An operator is told the page is not
theirs (403) and sent to the desk console; without a session, the login form.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, render_template

from ..api.actors import command_context, current_actor
from ..commands.context import NETWORK_ROLES, StaffRole
from ..reads.dashboard import offices_in_view
from . import blueprint

DASHBOARD_ROLES = NETWORK_ROLES | {StaffRole.SUPERVISOR}


@blueprint.get("/dashboard")
@blueprint.get("/dashboard/<office>")
def dashboard_page(office: str | None = None) -> Any:
    g.lang = "uk"
    actor = current_actor()
    if actor is None:
        return render_template("dashboard.html", actor=None)
    if not actor.has_role(*DASHBOARD_ROLES):
        return render_template("dashboard.html", actor=actor, refused="role"), 403
    ctx = command_context()
    offices = [
        {"code": item.code, "name": item.name.uk, "name_en": item.name.en, "timezone": item.timezone}
        for item in offices_in_view(ctx, actor)
    ]
    if office is not None:
        if office not in ctx.network.offices:
            abort(404)
        if office not in {item["code"] for item in offices}:  # named in the message; none of its data is sent
            return render_template("dashboard.html", actor=actor, refused="office", office=office), 403
    timezone = next((item["timezone"] for item in offices if item["code"] == office), offices[0]["timezone"] if offices else "Europe/Kyiv")
    return render_template("dashboard.html", actor=actor, offices=offices, office=office, timezone=timezone)
