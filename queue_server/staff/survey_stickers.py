"""The supervisor's survey stickers `/supervisor/survey-stickers?office=CODE`: one QR code per desk, to print.

Each sticker carries the desk's name and the QR code of its survey page
(`/survey/<desk>`, made by the server); the page is laid out for A4 and
prints as it is shown. Only a supervisor of the office, a manager or an
admin gets it; anyone else is sent to the supervisor's page, which says why.
"""

from __future__ import annotations

from typing import Any

from flask import g, redirect, render_template, request

from . import blueprint
from .desk_console import session_staff, staff_offices
from .supervisor import SUPERVISOR_ROLES


@blueprint.get("/supervisor/survey-stickers")
def survey_stickers() -> Any:
    actor = session_staff()
    if actor is None or not actor.has_role(*SUPERVISOR_ROLES):
        return redirect("/supervisor")
    g.lang = "en" if request.args.get("lang") == "en" else "uk"
    offices = {office.code: office for office in staff_offices(actor)}
    wanted = request.args.get("office")
    office = offices.get(wanted) if wanted else None
    office = office or next(iter(offices.values()), None)
    if office is None:
        return redirect("/supervisor")
    desks = [{"id": desk.id, "name": desk.name.get(g.lang), "other": desk.name.get("en" if g.lang == "uk" else "uk")} for desk in office.desks]
    return render_template("survey_stickers.html", lang=g.lang, office=office.code, office_name=office.name.get(g.lang), desks=desks)
