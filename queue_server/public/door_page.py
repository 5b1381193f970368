"""The page an office's door QR code opens: `/door/<office>?key=KEY`.

The poster at the entrance carries the office's door key. The visitor's
phone remembers the remote ticket its ticket page last showed (in the
browser's own storage, nothing on the server), so this page only sends the
phone on to that ticket's page with the key (`cherga door-qr OFFICE` prints
the poster's address: `commands/remote_tickets.door_path`), and the ticket's page confirms
the arrival (`POST /api/v1/tickets/{token}/arrival`). A phone that holds no
remote ticket is told to open its ticket's link first, or to use the kiosk.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, render_template, request

from ..domain.errors import NotFound

blueprint = Blueprint("door_page", __name__, template_folder="templates")


@blueprint.get("/door/<office>")
def door_page(office: str) -> Any:
    g.lang = "en" if request.args.get("lang") == "en" else "uk"
    try:
        found = current_app.extensions["cherga"].office(office)
    except NotFound:
        return render_template("ticket_not_found.html"), 404
    return render_template(
        "door.html", lang=g.lang, office_name=found.name.get(g.lang), key=request.args.get("key", "")[:64]
    )


