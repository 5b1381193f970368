"""The node's requests to the centre: JSON over HTTP(S) with the node's token, nothing retried here.

A request that does not reach the centre (a cut link, a stopped centre, a
timeout) raises `CentreUnreachable`; any answer the centre gives comes back
with its status, for the caller to act on. The sync loop retries at its next
round, so nothing here waits long.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT_SECONDS = 20.0


class CentreUnreachable(Exception):
    """No answer from the centre; the message says why in one line."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any

    @property
    def error_code(self) -> str | None:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        return error.get("code") if isinstance(error, dict) else None

    @property
    def details(self) -> dict[str, Any]:
        error = self.body.get("error") if isinstance(self.body, dict) else None
        found = error.get("details") if isinstance(error, dict) else None
        return found if isinstance(found, dict) else {}


@dataclass(frozen=True)
class CentreClient:
    centre: str  # the centre's base URL, e.g. https://cherga.example.org
    token: str
    timeout: float = TIMEOUT_SECONDS

    def get(self, path: str) -> Answer:
        return self._ask("GET", path, None)

    def post(self, path: str, data: Any) -> Answer:
        return self._ask("POST", path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _ask(self, method: str, path: str, body: bytes | None) -> Answer:
        request = urllib.request.Request(self.centre.rstrip("/") + path, data=body, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if body is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Answer(response.status, _json(response.read()))
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, _json(error.read()))
        except (urllib.error.URLError, OSError, socket.timeout) as error:
            reason = getattr(error, "reason", error)
            raise CentreUnreachable(f"the centre {self.centre} does not answer: {reason}") from None


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        return None
