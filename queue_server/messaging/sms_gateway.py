"""SMS through the city's HTTP gateway: one JSON POST per message.

The body is a small JSON template from the settings (CHERGA_SMS_BODY), e.g.
`{"to": ["{phone}"], "message": {"text": "{text}", "ref": "{key}"}}`. The
template is parsed as JSON once; `{phone}`, `{text}` and `{key}` are
replaced inside its string values, and the result is written by the JSON
encoder, so a visitor's text with quotes, backslashes or new lines can never
break out of its string.

A 2xx answer is sent; a 4xx is this message refused for good (except 408,
425 and 429, which ask to come back later); a 5xx, a timeout or no
connection is tried again later.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from .message import Delivery, Outgoing

PLACEHOLDER = re.compile(r"\{(phone|text|key)\}")
RETRY_LATER = (408, 425, 429)
REASON_LENGTH = 200


class BodyTemplateError(ValueError):
    """The body template is not JSON, or does not place the phone and the text."""


def _placeholders(value: Any) -> set[str]:
    """The placeholders in the template's string values (keys are the gateway's names, never filled)."""
    if isinstance(value, str):
        return set(PLACEHOLDER.findall(value))
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    found: set[str] = set()
    for item in items:
        found |= _placeholders(item)
    return found


def _filled(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda match: values[match.group(1)], value)
    if isinstance(value, dict):
        return {key: _filled(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, values) for item in value]
    return value


@dataclass(frozen=True)
class BodyTemplate:
    """The gateway's JSON body with `{phone}`, `{text}` (and, if wanted, `{key}`) in its strings."""

    shape: Any

    @classmethod
    def parse(cls, raw: str) -> BodyTemplate:
        try:
            shape = json.loads(raw)
        except ValueError as error:
            raise BodyTemplateError(f"not JSON ({error})") from None
        missing = {"phone", "text"} - _placeholders(shape)
        if missing:
            raise BodyTemplateError(f"no place for {', '.join('{' + name + '}' for name in sorted(missing))} in a string value")
        return cls(shape)

    def render(self, *, phone: str, text: str, key: str) -> bytes:
        return json.dumps(_filled(self.shape, {"phone": phone, "text": text, "key": key}), ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class SmsGatewayConfig:
    url: str
    body: BodyTemplate
    token_header: str = "Authorization"
    token: str | None = field(default=None, repr=False)
    timeout_seconds: float = 10.0


class SmsGatewaySender:
    configured = True

    def __init__(self, config: SmsGatewayConfig) -> None:
        self.config = config

    def describe(self) -> str:
        token = f", token in {self.config.token_header}" if self.config.token else ""
        return f"by the HTTP gateway {self.config.url}{token}"

    def request(self, message: Outgoing) -> urllib.request.Request:
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.config.token:
            headers[self.config.token_header] = self.config.token
        body = self.config.body.render(phone=message.address, text=message.text, key=message.key)
        return urllib.request.Request(self.config.url, data=body, headers=headers, method="POST")

    def send(self, message: Outgoing) -> Delivery:
        try:
            with urllib.request.urlopen(self.request(message), timeout=self.config.timeout_seconds) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            detail = f"the SMS gateway answered {error.code}: {_said(error)}"
            if 400 <= error.code < 500 and error.code not in RETRY_LATER:
                return Delivery.failed(detail)
            return Delivery.retry(detail)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            return Delivery.retry(f"cannot reach the SMS gateway: {getattr(error, 'reason', error)}")
        if 200 <= status < 300:
            return Delivery.sent()
        return Delivery.retry(f"the SMS gateway answered {status}")


def _said(error: urllib.error.HTTPError) -> str:
    """The start of the gateway's own words, for the person reading why a message failed."""
    try:
        text = error.read(REASON_LENGTH).decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        text = ""
    return " ".join(text.split()) or str(error.reason)
