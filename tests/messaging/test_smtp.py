"""E-mail through a real local SMTP server (aiosmtpd): UTF-8 Ukrainian text, headers, login, refusals."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from message_fakes import MailServer, check_login, free_port, mail_server_running
from queue_server.messaging.message import Channel, Outcome, Outgoing
from queue_server.messaging.smtp import SmtpConfig, SmtpSender

SENDER = "Центр «Віза» <noreply@viza.example.org>"
SUBJECT = "Запис на 25.11.2026 о 09:30: код K7M4Q"
TEXT = "Ви записані: Паспорт, Альфа, 25.11.2026 о 09:30. Код K7M4Q. Ґанок, їжак, єнот."


def outgoing(address: str = "olena@example.org") -> Outgoing:
    return Outgoing(key="cherga-message-7", channel=Channel.EMAIL, address=address, subject=SUBJECT, text=TEXT, lang="uk")


def plain(port: int, **changes: object) -> SmtpSender:
    options: dict[str, object] = {"host": "127.0.0.1", "port": port, "sender": SENDER, "security": "plain", "timeout_seconds": 5}
    options.update(changes)
    return SmtpSender(SmtpConfig(**options))  # type: ignore[arg-type]


def test_the_mail_arrives_in_utf_8_with_its_headers(mail_server: MailServer) -> None:
    delivery = plain(mail_server.port).send(outgoing())
    assert delivery.outcome is Outcome.SENT, delivery.reason
    (mail,) = mail_server.mails
    assert mail.sender == "noreply@viza.example.org" and mail.recipients == ["olena@example.org"]
    message = mail.message
    assert message["Subject"] == SUBJECT
    assert message["From"] == SENDER and message["To"] == "olena@example.org"
    assert message["Content-Language"] == "uk"
    assert message["Message-ID"].endswith("@viza.example.org>") and "cherga-message-7" in message["Message-ID"]
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message.get_content().strip() == TEXT


def test_the_raw_headers_are_ascii_as_the_standard_asks(mail_server: MailServer) -> None:
    plain(mail_server.port).send(outgoing())
    raw = mail_server.mails[0].message.as_bytes().split(b"\n\n", 1)[0]
    raw.decode("ascii")  # the subject and the sender's name are encoded words


def test_a_login_is_used_when_a_user_is_set(mail_server: MailServer) -> None:
    assert plain(mail_server.port, user="viza", password="parol-1").send(outgoing()).outcome is Outcome.SENT
    refused = plain(mail_server.port, user="viza", password="wrong").send(outgoing())
    assert refused.outcome is Outcome.RETRY and "535" in refused.reason  # the settings are wrong, not the message
    assert len(mail_server.mails) == 1


def test_a_refused_recipient_fails_for_good_and_a_busy_one_is_tried_again(mail_server: MailServer) -> None:
    refused = plain(mail_server.port).send(outgoing("refused@example.org"))
    assert refused.outcome is Outcome.FAILED and "550" in refused.reason
    busy = plain(mail_server.port).send(outgoing("busy@example.org"))
    assert busy.outcome is Outcome.RETRY and "451" in busy.reason
    assert mail_server.mails == []


def test_no_server_is_a_retry() -> None:
    delivery = plain(free_port()).send(outgoing())
    assert delivery.outcome is Outcome.RETRY and "cannot reach the mail server" in delivery.reason


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: the test's own authority, as a city's may be."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


def test_starttls_with_the_city_s_own_authority(certificate: tuple[Path, Path]) -> None:
    import ssl

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with mail_server_running(tls_context=context, require_starttls=True, authenticator=check_login) as server:
        sender = plain(server.port, security="starttls", ca_file=cert, user="viza", password="parol-1")
        delivery = sender.send(outgoing())
        assert delivery.outcome is Outcome.SENT, delivery.reason
        assert server.mails[0].message.get_content().strip() == TEXT
        untrusted = plain(server.port, security="starttls").send(outgoing())  # the system's authorities do not know it
        assert untrusted.outcome is Outcome.RETRY and "certificate" in untrusted.reason.lower()
        refused_plain = plain(server.port).send(outgoing())  # the server asks for STARTTLS first
        assert refused_plain.outcome is Outcome.RETRY
        assert len(server.mails) == 1


def test_the_log_line_names_the_server_never_the_password() -> None:
    line = plain(2525, user="viza", password="parol-1").describe()
    assert "127.0.0.1:2525" in line and "viza" in line and "parol" not in line
    assert "parol" not in repr(plain(2525, user="viza", password="parol-1").config)
