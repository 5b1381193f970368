"""The hall board `/display/<office>[/<board>]` and the desk display `/display/desk/<desk>`.

Like a TV's browser would, the pages learn everything over HTTP and
Socket.IO: the board reads its settings from the API, follows the office's
public stream (numbers only, no personal data) and fetches each spoken call
as a WAV the server made. So a board is any browser pointed at an address.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, render_template

blueprint = Blueprint(
    "display", __name__, template_folder="templates", static_folder="static", static_url_path="/static/display"
)
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
DESK_ID = re.compile(r"^([a-z0-9][a-z0-9-]{0,39})-(\d{1,3})$")


@blueprint.get("/display/<office>")
@blueprint.get("/display/<office>/<board>")
def hall_board(office: str, board: str = "default") -> Any:
    if not CODE.match(office) or not CODE.match(board):
        abort(404)
    return render_template("board.html", office=office, board=board)


@blueprint.get("/display/desk/<desk>")
def desk_display(desk: str) -> Any:
    matched = DESK_ID.match(desk)
    if not matched:
        abort(404)
    return render_template("desk.html", office=matched.group(1), desk=desk)
