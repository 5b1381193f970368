"""Schemathesis hooks for test_schemathesis.py: which real token each operation is called with.

Loaded by the `st` process (SCHEMATHESIS_HOOKS); the tokens come from the
test in CHERGA_SCHEMATHESIS_TOKENS. Per operation, so that each call gets
past 401 and 403 to the operation's own rules:

- the desks' work: a supervisor of `main` (an admin does not work desks);
- issuing a ticket: a kiosk of `main` (only a kiosk prints);
- changing a password: an operator of its own (wrong current passwords
  lock only that account);
- logging out: a fresh login each time (a logout ends the token it uses);
- revoking a device: a supervisor of another office (an admin's generated
  ids would soon revoke the kiosk above);
- everything else: an admin.
"""

from __future__ import annotations

import json
import os
from typing import Any

import requests
import schemathesis

TOKENS: dict[str, str] = json.loads(os.environ.get("CHERGA_SCHEMATHESIS_TOKENS", "{}"))


def token_for(method: str, path: str) -> str:
    if path.startswith("/api/v1/desks/"):
        return TOKENS["supervisor"]
    if (method, path) == ("POST", "/api/v1/offices/{office}/tickets"):
        return TOKENS["kiosk"]
    if path == "/api/v1/devices/{device_id}/revoke":
        return TOKENS["other_supervisor"]
    if path == "/api/v1/auth/password":
        return TOKENS["password_changer"]
    if path == "/api/v1/auth/logout":
        answer = requests.post(
            TOKENS["server"] + "/api/v1/auth/login",
            json={"username": TOKENS["leaver"], "password": TOKENS["leaver_password"]},
            timeout=10,
        )
        if answer.status_code != 200:  # the generated failed logins may have throttled this address: a spent token (401)
            return TOKENS["spent"]
        token: str = answer.json()["token"]
        return token
    return TOKENS["admin"]


@schemathesis.auth(refresh_interval=None, retry_on=[])
class ChergaTokens:
    def get(self, case: Any, context: Any) -> str:
        return "per operation"

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {token_for(case.operation.method.upper(), case.operation.path)}"
