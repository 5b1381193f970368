"""Local fakes of the world outside the server, for the messages' tests, and a booking's values.

An SMTP server (aiosmtpd) and the city's SMS gateway (http.server) listen on
127.0.0.1 at a free port and keep what they received, so a test reads the
mail or the request exactly as it arrived.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from factories import small_network
from queue_server.domain.model import OfficeCode, ServiceCode
from queue_server.messaging.message import MessageValues

NETWORK = small_network()
ALPHA = NETWORK.offices[OfficeCode("alpha")]
PASSPORT = NETWORK.services[ServiceCode("passport")]
# 9:30 in Kyiv on 25 November (UTC+2 in winter)
BOOKED_AT = dt.datetime(2026, 11, 25, 7, 30, tzinfo=dt.timezone.utc)
LINK = "https://cherga.kr.gov.ua/a/3kq9Xz7pLm2vT8wR"


def booking_values(**changes: object) -> MessageValues:
    values: dict[str, object] = {"office": ALPHA, "service": PASSPORT, "at": BOOKED_AT, "code": "K7M4Q", "link": LINK}
    values.update(changes)
    return MessageValues(**values)  # type: ignore[arg-type]


def ticket_values(**changes: object) -> MessageValues:
    values: dict[str, object] = {"office": ALPHA, "number": "П015", "ahead": 3, "link": LINK}
    values.update(changes)
    return MessageValues(**values)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage


class MailHandler:
    """Keeps every mail; a recipient `refused@…` gets 550, `busy@…` 451."""

    def __init__(self) -> None:
        self.mails: list[ReceivedMail] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address.startswith("refused@"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("busy@"):
            return "451 4.3.0 mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content, policy=default_policy)
        self.mails.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 Message accepted"


@dataclass
class MailServer:
    port: int
    handler: MailHandler

    @property
    def mails(self) -> list[ReceivedMail]:
        return self.handler.mails


def check_login(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult

    # handled=False: a refusal is answered by the server itself (535), as a real one would
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"viza", b"parol-1"), handled=False)


@contextmanager
def mail_server_running(**options: Any) -> Iterator[MailServer]:
    from aiosmtpd.controller import Controller

    handler = MailHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield MailServer(port, handler)
    finally:
        controller.stop()


@dataclass
class GatewayRequest:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class SmsGateway:
    """Answers each POST with the next status of `answers` (200 once they run out) and keeps the request."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[GatewayRequest] = field(default_factory=list)
    delay_seconds: float = 0.0  # a slow gateway: the answer comes this long after the request


def _gateway_handler(gateway: SmsGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            gateway.received.append(GatewayRequest(self.path, dict(self.headers.items()), json.loads(raw.decode("utf-8"))))
            if gateway.delay_seconds:
                threading.Event().wait(gateway.delay_seconds)
            status = gateway.answers.pop(0) if gateway.answers else 200
            answer = json.dumps({"status": status, "error": "number blocked" if status == 400 else None}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # the test's output stays quiet
            return None

    return Handler


@contextmanager
def sms_gateway_running() -> Iterator[SmsGateway]:
    gateway = SmsGateway()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _gateway_handler(gateway))
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/api/sms/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
