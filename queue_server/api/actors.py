"""The actor of a request: from `Authorization: Bearer …`, or from the staff pages' session cookie.

A bearer token is sent on purpose by a program that holds it, so it needs
nothing more. The session cookie is sent by the browser with every request
to this server, even one another site makes it send; so a change (POST,
PUT, PATCH, DELETE) made with the cookie must also carry the session's CSRF
token in `X-CSRF-Token`, which only this server's own pages can read.
"""

from __future__ import annotations

import dataclasses
import secrets

from flask import current_app, g, request, session

from ..commands.accounts import actor_for_token
from ..commands.context import Actor, CommandContext
from ..commands.logins import logout
from ..domain.errors import NotAuthenticated
from .errors import CsrfFailed

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "X-CSRF-Token"
STAFF_TOKEN = "staff_token"
CSRF_TOKEN = "csrf_token"
LAST_SEEN = "seen"
SEEN_STEP = 60  # seconds: the cookie is written again at most once a minute, not on every request


def command_context() -> CommandContext:
    ctx: CommandContext = current_app.extensions["cherga"]
    return ctx


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def request_token() -> str | None:
    """The token this request acts with: the bearer's, or the session's when there is no header."""
    if "Authorization" in request.headers:
        return bearer_token()
    token = session.get(STAFF_TOKEN)
    return token if isinstance(token, str) else None


def current_actor() -> Actor | None:
    """Resolved once per request; None when there is no valid token.

    Raises `CsrfFailed` for a change made with the session cookie but
    without the session's CSRF token.
    """
    if "actor" not in g:
        if "Authorization" in request.headers:
            token = bearer_token()
            actor = actor_for_token(command_context(), token) if token else None
        else:
            actor = session_actor()
        g.actor = dataclasses.replace(actor, address=request.remote_addr) if actor is not None else None
    found: Actor | None = g.actor
    return found


def bearer_actor() -> Actor | None:
    """The actor of the request's bearer token only, the session cookie aside; None without an Authorization header.

    For an operation where a token is optional (booking): a token sent that
    is not valid is a 401, not a silent request as the public.
    """
    if "Authorization" not in request.headers:
        return None
    token = bearer_token()
    actor = actor_for_token(command_context(), token) if token else None
    if actor is None:
        raise NotAuthenticated("the bearer token is not valid (expired, revoked or mistyped)")
    return dataclasses.replace(actor, address=request.remote_addr)


def start_session(token: str) -> str:
    """After a login: the session carries the staff token and a fresh CSRF token (returned)."""
    session.clear()
    session[STAFF_TOKEN] = token
    session[CSRF_TOKEN] = secrets.token_urlsafe(32)
    session[LAST_SEEN] = _now()
    session.permanent = True
    csrf: str = session[CSRF_TOKEN]
    return csrf


def session_actor() -> Actor | None:
    """The staff member of the session cookie, while their token lives and the session is not idle."""
    token = session.get(STAFF_TOKEN)
    if not isinstance(token, str):
        return None
    ctx = command_context()
    actor = actor_for_token(ctx, token)
    idle_limit = current_app.config["CHERGA_SETTINGS"].session_idle_minutes * 60
    seen = session.get(LAST_SEEN)
    now = _now()
    if actor is None or not actor.is_staff or not isinstance(seen, int) or now - seen > idle_limit:
        if actor is not None:  # idle too long: this session's login ends, not just its cookie
            logout(ctx, token, actor=dataclasses.replace(actor, address=request.remote_addr), reason="idle")
        session.clear()
        return None
    if request.method not in SAFE_METHODS:
        check_csrf()
    if now - seen >= SEEN_STEP:
        session[LAST_SEEN] = now
    return actor


def check_csrf() -> None:
    expected = session.get(CSRF_TOKEN)
    sent = request.headers.get(CSRF_HEADER, "")
    if not isinstance(expected, str) or not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise CsrfFailed(f"a change made with the session cookie needs the page's {CSRF_HEADER} header")


def csrf_token() -> str:
    """The session's CSRF token for a page's `<meta name="csrf-token">`, or "" without a session."""
    token = session.get(CSRF_TOKEN)
    return token if isinstance(token, str) else ""


def _now() -> int:
    """Whole seconds on the app's clock (a test moves it)."""
    return int(command_context().clock().timestamp())
