"""The live waits of every office, for anyone: the city's portal, the chat-bot, the hotline, the `/waits` page.

Cacheable: `Cache-Control: public, max-age=15` and a strong ETag (the hash
of the answer's bytes), so a proxy or a portal may keep it a quarter of a
minute and ask again with `If-None-Match` for a 304. Fifteen seconds: the
figures are whole minutes, and a ticket issued or called moves them by a
minute at most; a portal showing them 15 s late misleads no one, while
the most visited page of the city's portal, behind one cache, asks this
server at most four times a minute per language. The `/waits` page itself
asks with `cache: "no-cache"` (a revalidation) when an office's stream
says something changed, so it is never 15 s behind.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.http import generate_etag

from ..reads.network_waits import network_waits
from ..views import waits as views
from .actors import command_context
from .parameters import WaitsQuery
from .registry import operation

blueprint = Blueprint("waits_api", __name__)
MAX_AGE_SECONDS = 15


@operation(
    blueprint,
    "/waits",
    "GET",
    summary="Every office, open or not, its people waiting and estimated waits by group, and the quietest office of each shared service",
    tag="network",
    query=WaitsQuery,
    responses={200: "OK", 304: "Not modified: the ETag sent in If-None-Match is still the answer's"},
)
def get_waits(query: WaitsQuery) -> Any:
    response = jsonify(views.network_waits_json(network_waits(command_context(), query.lang.value)))
    etag = generate_etag(response.get_data())
    if request.if_none_match.contains_weak(etag):  # If-None-Match compares weakly (RFC 9110 13.1.2)
        response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
