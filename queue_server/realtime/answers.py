"""The one shape of a Socket.IO answer to a refused message: an `error` event, and the same body as the ack.

The namespace (`namespace.py`) wraps every client → server message in
`answering`, so no handler can forget it: a refusal (`DomainError`) or a
bug in one message never drops the connection, and the client always learns
why through the ack it asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask_socketio import emit

from protocol import events

from ..domain.errors import DomainError

log = logging.getLogger(__name__)

MessageHandler = Callable[[Any], dict[str, Any]]


def error_answer(error: DomainError) -> dict[str, Any]:
    """A `DomainError` as the one shape of a Socket.IO error, sent as an `error` event and as the ack."""
    body = {"code": error.code, "message": error.message, **({"details": error.details} if error.details else {})}
    return {"ok": False, "error": body}


def internal_answer() -> dict[str, Any]:
    """A bug's answer: it says nothing of the bug to the client (the log has it)."""
    return {"ok": False, "error": {"code": "internal", "message": "internal error"}}


class Answering:
    """A message handler that answers a refusal instead of raising it (the ack and an `error` event)."""

    def __init__(self, handler: MessageHandler) -> None:
        self.handler = handler
        self.__name__ = getattr(handler, "__name__", type(handler).__name__)

    def __call__(self, payload: Any = None) -> dict[str, Any]:
        try:
            return self.handler(payload)
        except DomainError as error:
            answer = error_answer(error)
        except Exception:  # never drop the connection for one bad message
            log.exception("socket handler failed")
            answer = internal_answer()
        emit(events.ERROR, answer["error"])
        return answer


def answering(handler: MessageHandler) -> MessageHandler:
    """Run a handler; a refusal becomes an `error` event and the ack, never a dropped connection."""
    return Answering(handler)


def internal_error(error: Exception) -> dict[str, Any]:
    """Flask-SocketIO's last resort (`on_error_default`): whatever escaped a handler is logged and answered."""
    log.exception("socket event failed", exc_info=error)
    return internal_answer()
