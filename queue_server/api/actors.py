"""The actor of a request, from its `Authorization: Bearer …` header."""

from __future__ import annotations

from flask import current_app, g, request

from ..commands.accounts import actor_for_token
from ..commands.context import Actor, CommandContext


def command_context() -> CommandContext:
    ctx: CommandContext = current_app.extensions["cherga"]
    return ctx


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_actor() -> Actor | None:
    """Resolved once per request; None when there is no valid token."""
    if "actor" not in g:
        token = bearer_token()
        g.actor = actor_for_token(command_context(), token) if token else None
    actor: Actor | None = g.actor
    return actor
