"""The local fakes as fixtures: a real SMTP server and a real HTTP gateway on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from message_fakes import MailServer, SmsGateway, check_login, mail_server_running, sms_gateway_running


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """Plain SMTP with an optional login (over no TLS: the test's own loopback)."""
    with mail_server_running(authenticator=check_login, auth_require_tls=False) as server:
        yield server


@pytest.fixture
def sms_gateway() -> Iterator[SmsGateway]:
    with sms_gateway_running() as gateway:
        yield gateway
