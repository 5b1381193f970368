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

The server keeps the last answer of each language while no office's event
seq has moved (one query to know) and for at most those 15 s, so a hundred
pages asking again after the same event cost one read of the network.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request
from werkzeug.http import generate_etag

from ..reads.network_waits import network_seqs, network_waits
from ..views import waits as views
from .actors import command_context
from .parameters import WaitsQuery
from .registry import operation

blueprint = Blueprint("waits_api", __name__)
MAX_AGE_SECONDS = 15
KEPT = "cherga.waits"  # the app's extension holding the last answer of each language


@dataclass(frozen=True)
class Answer:
    """An answer as sent, with what it was made from: every office's seq, and when."""

    seqs: dict[str, int]
    made_at: dt.datetime
    body: bytes
    etag: str


def current_answer(lang: str) -> Answer:
    """The last answer in `lang` while no office's seq moved and it is younger than max-age, else a new one.

    Every change the answer shows (a ticket, a desk, a desk's services, a
    closed day) is an event, so an unchanged seq everywhere is an unchanged
    answer, but for the clock: the hour of opening and the recent service
    times age, so an answer is made again at least every max-age. The seqs
    are read before the answer is made: a change between the two makes the
    next request make it again, never keep a stale one. Many pages asking
    at once after one event cost one read of the whole network, not one each.
    """
    ctx = command_context()
    kept: dict[str, Answer] = current_app.extensions.setdefault(KEPT, {})
    seqs, now = network_seqs(ctx), ctx.clock()
    found = kept.get(lang)
    if found is not None and found.seqs == seqs and dt.timedelta(0) <= now - found.made_at < dt.timedelta(seconds=MAX_AGE_SECONDS):
        return found
    body = json.dumps(views.network_waits_json(network_waits(ctx, lang)), ensure_ascii=False, separators=(",", ":")).encode()
    kept[lang] = made = Answer(seqs, now, body, generate_etag(body))
    return made


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
    answer = current_answer(query.lang.value)
    if request.if_none_match.contains_weak(answer.etag):  # If-None-Match compares weakly (RFC 9110 13.1.2)
        response = Response(status=304)
    else:
        response = Response(answer.body, mimetype="application/json")
    response.set_etag(answer.etag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
