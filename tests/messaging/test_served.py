"""`cherga serve` runs the delivery loop: a message queued in the database reaches the local gateway.

The server is a real process (gevent, as deployed); the message is queued
by this test's own transaction on the same SQLite file, as a booking
command will, and the server's loop sends it after the commit.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
import requests

from live_server import Server
from message_fakes import SmsGateway
from queue_server.commands.messages import queue_message
from queue_server.domain.model import OfficeCode
from queue_server.messaging.message import MessageValues, Recipient, Template
from queue_server.settings import Settings
from queue_server.store import messages as outbox
from queue_server.store.messages import MessageStatus
from queue_server.wiring import open_context

pytestmark = pytest.mark.contract


def test_the_served_loop_sends_a_queued_message_without_holding_up_requests(tmp_path: Path, sms_gateway: SmsGateway) -> None:
    database = f"sqlite:///{tmp_path / 'cherga.sqlite3'}"
    server = Server(
        database=database,
        log_path=tmp_path / "server.log",
        environment={"CHERGA_SMS_URL": sms_gateway.url, "CHERGA_SMS_TOKEN": "Bearer sms-secret-5b1e", "CHERGA_MESSAGE_DELIVERY_SECONDS": "1"},
    )
    server.start()
    ctx = open_context(Settings.from_env(None, database_url=database))  # the server's own settings, on its file
    sms_gateway.delay_seconds = 2.0
    try:
        office = ctx.network.offices[OfficeCode("main")]
        with ctx.transaction() as tx:
            queue_message(tx, to=Recipient(phone="067 123 45 67"), template=Template.TURN_NEAR, lang="uk",
                          values=MessageValues(office=office, number="А015", ahead=2, link="https://cherga.kr.gov.ua/t/x"))
        deadline = time.monotonic() + 20
        while not sms_gateway.received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sms_gateway.received, server.log()
        started = time.monotonic()  # the gateway is still thinking: the server answers meanwhile
        assert requests.get(server.url + "/healthz", timeout=5).json() == {"status": "ok"}
        assert time.monotonic() - started < 1.0
        (request,) = sms_gateway.received
        assert request.body["phone"] == "+380671234567" and "А015" in request.body["text"]
        assert request.headers["Authorization"] == "Bearer sms-secret-5b1e"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with ctx.reading() as conn:
                if outbox.all_messages(conn)[0].status is MessageStatus.SENT:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("the message was sent but not marked sent")
    finally:
        ctx.engine.dispose()
        server.kill(signal.SIGTERM)
    log = server.log()
    assert log.count("messages to visitors: e-mail none; SMS by the HTTP gateway") == 1, log
    assert "sms-secret-5b1e" not in log, log
