"""The one error of the protocol: a message that does not match its declared type."""

from __future__ import annotations


class ProtocolError(ValueError):
    """A message refused by `from_json`; `field` names the field at fault (None: the message as a whole).

    A ValueError, so that a caller that knows nothing of the protocol still
    treats it as bad input rather than a crash.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
