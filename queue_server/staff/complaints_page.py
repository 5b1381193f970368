"""The register of complaints `/complaints` (docs/complaints.md) for an office's supervisor, managers and admins.

The page is only a view: its script lists, enters, assigns, answers and
withdraws through the complaints' REST operations, which check the role and
the office again. It is served with the offices of the staff member's scope
only, so a supervisor is never offered another office, and none of another
office's complaints reaches the page: the script asks for the chosen one.
"""

from __future__ import annotations

from typing import Any

from flask import g, make_response, render_template, request

from . import blueprint
from .desk_console import session_staff
from .reports_page import REPORT_ROLES, report_offices


def _page(status: int = 200, **context: Any) -> Any:
    """Never cached: it holds the session's CSRF token."""
    response = make_response(render_template("complaints.html", **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/complaints")
def complaints_page() -> Any:
    actor = session_staff()
    g.lang = "uk"
    if actor is None:
        return _page(actor=None)
    offices = report_offices(actor) if actor.has_role(*REPORT_ROLES) else []
    if not offices:  # an operator, or a supervisor of no office
        return _page(403, actor=actor, refused_role=True)
    codes = [office.code for office in offices]
    wanted = request.args.get("office") or None
    chosen = wanted if wanted in codes else codes[0]
    refused = wanted if wanted is not None and wanted not in codes else None  # named in a message, nothing of it is sent
    data = {
        "office": chosen,
        "network": actor.network_wide,
        "offices": [
            {
                "code": office.code,
                "name": office.name.uk,
                "name_en": office.name.en,
                "timezone": office.timezone,
                "desks": [{"id": desk.id, "name": desk.name.uk, "name_en": desk.name.en} for desk in office.desks],
            }
            for office in offices
        ],
    }
    return _page(actor=actor, data=data, refused_office=refused)
