"""The outcomes' import page `/outcomes` (docs/deadlines.md): a CSV file of outcome dates, and its rejected rows.

The import names offices of its own, so it is for managers and admins, as
the REST operation it calls (`POST /api/v1/outcomes/import`) is; a
supervisor or an operator is told so in words. The page is a view: the
operation checks the role again, and it is the one that reads the file.
"""

from __future__ import annotations

from typing import Any

from flask import g, make_response, render_template

from ..commands.context import StaffRole
from . import blueprint
from .desk_console import session_staff

IMPORT_ROLES = frozenset({StaffRole.MANAGER, StaffRole.ADMIN})


@blueprint.get("/outcomes")
def outcomes_page() -> Any:
    actor = session_staff()
    g.lang = "uk"
    refused = actor is not None and not actor.has_role(*IMPORT_ROLES)
    response = make_response(render_template("outcomes.html", actor=actor, refused_role=refused), 403 if refused else 200)
    response.headers["Cache-Control"] = "no-store"
    return response
