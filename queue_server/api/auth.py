"""Staff login: a bearer token for API clients, a session cookie for the staff pages.

The login sets both: the token in the answer, and a signed, HttpOnly,
SameSite=Strict cookie that carries it for the pages, with the session's
CSRF token (also in the answer, and in each page's `<meta name="csrf-token">`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify, request, session

from ..commands import logins
from ..commands.access import STAFF_OF_OFFICE, SUPERVISOR, TOKEN_HOLDER
from ..commands.context import Actor
from ..domain.events import timestamp
from .actors import command_context, request_token, start_session
from .bodies import Empty, Login, PasswordChange
from .registry import operation

blueprint = Blueprint("auth_api", __name__)
TAG = "auth"


def login_limits() -> logins.LoginLimits:
    settings = current_app.config["CHERGA_SETTINGS"]
    return logins.LoginLimits(
        max_failures=settings.login_max_failures,
        lockout=dt.timedelta(minutes=settings.login_lockout_minutes),
        address_limit=settings.login_address_limit,
        address_window=dt.timedelta(minutes=settings.login_address_window_minutes),
        trusted=settings.trusted_networks,
    )


def name_key() -> bytes:
    """The key of unknown user names' hashes: the app's secret, so that every server process counts alike."""
    return str(current_app.secret_key).encode("utf-8")


@operation(
    blueprint,
    "/auth/login",
    "POST",
    summary="Log in with a user name and password; returns a bearer token and the page session's CSRF token",
    tag=TAG,
    body=Login,
    responses={
        200: "Logged in",
        400: "Bad input",
        401: "Wrong user name or password",
        423: "The account is locked after too many failures (Retry-After says for how long)",
        429: "Too many failures from this address (Retry-After)",
    },
)
def login(body: Login) -> Any:
    ctx = command_context()
    lifetime = dt.timedelta(hours=current_app.config["CHERGA_SETTINGS"].token_lifetime_hours)
    token, user = logins.login(
        ctx, body.username, body.password, lifetime=lifetime, address=request.remote_addr, limits=login_limits(),
        name_key=name_key(),
    )
    csrf_token = start_session(token)
    return jsonify(
        {
            "token": token,
            "username": user.username,
            "role": user.role,
            "offices": list(user.offices),
            "expires_at": timestamp(ctx.clock() + lifetime),
            "csrf_token": csrf_token,
        }
    )


@operation(
    blueprint,
    "/auth/logout",
    "POST",
    summary="Revoke the token of this request (bearer or session) and end the session",
    tag=TAG,
    body=Empty,
    auth=STAFF_OF_OFFICE,  # a staff member, with a bearer token or the session cookie; a device has no login to manage
    responses={204: "Logged out", 401: "No token", 403: "A device token, or a session change without X-CSRF-Token"},
)
def logout(actor: Actor, body: Empty) -> Any:
    token = request_token()
    if token:
        logins.logout(command_context(), token, actor=actor)
    session.clear()
    return "", 204


@operation(
    blueprint,
    "/auth/me",
    "GET",
    summary="Who the token belongs to (a device asks too: a kiosk checks it is paired)",
    tag=TAG,
    auth=TOKEN_HOLDER,
    responses={200: "OK", 401: "No token"},
)
def me(actor: Actor) -> Any:
    return jsonify({"kind": actor.kind, "name": actor.name, "role": actor.role, "offices": list(actor.offices)})


@operation(
    blueprint,
    "/auth/password",
    "POST",
    summary="Change one's own password; every other login of the account ends",
    tag=TAG,
    body=PasswordChange,
    auth=STAFF_OF_OFFICE,
    responses={
        200: "Changed",
        400: "The current password is not right, or the new one breaks the rules",
        401: "No token",
        403: "A device token, or a session change without X-CSRF-Token",
        423: "Locked after too many wrong passwords (Retry-After)",
    },
)
def change_password(actor: Actor, body: PasswordChange) -> Any:
    ended = logins.change_password(
        command_context(),
        body.current_password,
        body.new_password,
        actor=actor,
        token=request_token(),
        limits=login_limits(),
    )
    return jsonify({"changed": True, "other_logins_ended": ended})


@operation(
    blueprint,
    "/offices/<office>/staff/<username>/unlock",
    "POST",
    summary="Unlock a staff account of the office: its failed logins from every address are forgotten (audited)",
    tag=TAG,
    body=Empty,
    auth=SUPERVISOR,  # whom a locked-out member of staff calls
    responses={
        200: "Unlocked",
        401: "No token",
        403: "Not a supervisor of the office or an admin, or a session change without X-CSRF-Token",
        404: "Unknown office, or no such user in it",
    },
)
def unlock(office: str, username: str, actor: Actor, body: Empty) -> Any:
    forgotten = logins.unlock(command_context(), username, actor=actor, office=office)
    return jsonify({"username": username, "unlocked": True, "failures_forgotten": forgotten})
