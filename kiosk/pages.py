"""The kiosk page `/kiosk/<office>`: the touch screen in the hall.

The page talks to the server only over HTTP and Socket.IO, like any kiosk
PC's browser would: it is paired once with a kiosk's device token (kept in
the browser), reads the office's services, asks the wait before issuing, and
shows the ticket with its QR code until the printer confirms.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, render_template

blueprint = Blueprint("kiosk", __name__, template_folder="templates", static_folder="static", static_url_path="/static/kiosk")
OFFICE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


@blueprint.get("/kiosk/<office>")
def kiosk_page(office: str) -> Any:
    if not OFFICE_CODE.match(office):
        abort(404)
    return render_template("kiosk.html", office=office)
