"""Staff login: a bearer token for API clients and consoles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify, session

from ..commands import accounts
from ..commands.access import require_actor
from ..domain.events import timestamp
from .actors import bearer_token, command_context, current_actor
from .bodies import EMPTY, LOGIN
from .registry import operation

blueprint = Blueprint("auth_api", __name__)
TAG = "auth"


@operation(
    blueprint,
    "/auth/login",
    "POST",
    summary="Log in with a user name and password; returns a bearer token",
    tag=TAG,
    body=LOGIN,
    responses={200: "Logged in", 400: "Bad input", 401: "Wrong user name or password"},
)
def login(body: dict[str, Any]) -> Any:
    ctx = command_context()
    lifetime = dt.timedelta(hours=current_app.config["CHERGA_SETTINGS"].token_lifetime_hours)
    token, user = accounts.login(ctx, body["username"], body["password"], lifetime=lifetime)
    # the staff pages (desk console, dashboard) use the same token from a
    # signed, HttpOnly, SameSite=Strict cookie; the API itself reads only the header
    session.clear()
    session["staff_token"] = token
    session.permanent = True
    return jsonify(
        {
            "token": token,
            "username": user.username,
            "role": user.role,
            "offices": list(user.offices),
            "expires_at": timestamp(ctx.clock() + lifetime),
        }
    )


@operation(
    blueprint,
    "/auth/logout",
    "POST",
    summary="Revoke the bearer token of this request",
    tag=TAG,
    body=EMPTY,
    auth="staff",
    responses={204: "Logged out", 401: "No token"},
)
def logout(body: dict[str, Any]) -> Any:
    actor = require_actor(current_actor())
    token = bearer_token()
    if actor.kind == "staff" and token:
        accounts.logout(command_context(), token)
    session.clear()
    return "", 204


@operation(
    blueprint,
    "/auth/me",
    "GET",
    summary="Who the bearer token belongs to",
    tag=TAG,
    auth="staff",
    responses={200: "OK", 401: "No token"},
)
def me() -> Any:
    actor = require_actor(current_actor())
    return jsonify({"kind": actor.kind, "name": actor.name, "role": actor.role, "offices": list(actor.offices)})
