"""The supervisor's page `/supervisor`: the office's desks, queue, log and devices, live.

The page is only a view: every change goes through the REST API, which
checks the role and the office itself, so hiding a button is a courtesy and
never the protection. An operator who opens the page is told it is for
supervisors and sent to the desk console; the page is served with only the
offices of the supervisor's own scope, so another office is never offered.
"""

from __future__ import annotations

from typing import Any

from flask import g, render_template, request

from ..commands.context import StaffRole
from . import blueprint
from .desk_console import session_staff, staff_offices

SUPERVISOR_ROLES = frozenset({StaffRole.SUPERVISOR, StaffRole.MANAGER, StaffRole.ADMIN})


@blueprint.get("/supervisor")
def supervisor_page() -> Any:
    actor = session_staff()
    g.lang = "uk"
    if actor is None:
        return render_template("supervisor.html", actor=None)
    if not actor.has_role(*SUPERVISOR_ROLES):
        return render_template("supervisor.html", actor=actor, refused_role=True), 403
    offices = [
        {"code": office.code, "name": office.name.uk, "name_en": office.name.en, "timezone": office.timezone}
        for office in staff_offices(actor)
    ]
    codes = [office["code"] for office in offices]
    wanted = request.args.get("office")
    chosen = wanted if wanted in codes else (codes[0] if codes else None)
    refused = wanted if wanted and wanted not in codes else None  # named in a message; none of its data is sent
    return render_template("supervisor.html", actor=actor, offices=offices, office=chosen, refused_office=refused)
