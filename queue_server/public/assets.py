"""Assets every page shares: the Socket.IO client and Chart.js from npm, the message catalogue, QR codes.

The Socket.IO client comes from `node_modules` (installed from the npm
registry by `./run`) and is served from here: offices have poor or no
internet, so no page loads anything from a CDN.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, abort, current_app, jsonify, send_file

from protocol.schema import json_schema

from ..domain.errors import NotFound
from ..i18n import LANGUAGES, messages
from ..links import status_url
from ..reads import queries

blueprint = Blueprint("assets", __name__, static_folder="static", static_url_path="/static/cherga")
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDOR = {
    "socket.io.min.js": NODE_MODULES / "socket.io-client" / "dist" / "socket.io.min.js",
    "chart.umd.min.js": NODE_MODULES / "chart.js" / "dist" / "chart.umd.min.js",  # the reports' charts
}


@blueprint.get("/vendor/<name>")
def vendor(name: str) -> Any:
    path = VENDOR.get(name)
    if path is None:
        abort(404)
    if not path.exists():
        current_app.logger.error("%s is missing: run `npm ci` in the checkout (./run does it)", path)
        abort(503, description=f"{name} is not installed on this server (npm ci)")
    return send_file(path, mimetype="text/javascript", max_age=3600)


@blueprint.get("/i18n/<lang>.json")
def catalogue(lang: str) -> Any:
    if lang not in LANGUAGES:
        abort(404)
    return jsonify(messages(lang))


@blueprint.get("/protocol/schema.json")
def protocol_schema() -> Any:
    """The device protocol as a JSON Schema, generated from `protocol/`: the pages check against the server's own limits."""
    return jsonify(json_schema())


def ticket_qr_svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


@blueprint.get("/t/<token>/qr.svg")
def ticket_qr(token: str) -> Any:
    """The QR code of a ticket's page, for the kiosk's screen (and the printer's image mode)."""
    try:
        queries.ticket_status(current_app.extensions["cherga"], token)
    except NotFound:
        abort(404)
    return Response(ticket_qr_svg(status_url(token)), mimetype="image/svg+xml")
