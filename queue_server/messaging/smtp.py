"""E-mail through an SMTP server: STARTTLS, SSL or plain, with or without a login.

The text is UTF-8 (Ukrainian letters in the body and, encoded, in the
subject and the sender's name). Only the server's refusal of this recipient
or this message (a 5xx) fails it for good; a timeout, a refused login or a
busy server is tried again later (the outbox's back-off), because the next
attempt or a corrected setting may succeed.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from .message import Delivery, Outgoing

SECURITY_MODES = ("starttls", "ssl", "plain")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "plain": 25}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    sender: str  # the From header, e.g. `Центр «Віза» <noreply@viza.kr.gov.ua>`
    security: str = "starttls"
    port: int | None = None  # the security's usual port unless given
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 10.0
    ca_file: Path | None = None  # a city's own certificate authority, if the server's certificate is signed by one

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.security]


def _is_permanent(code: int) -> bool:
    return 500 <= code < 600


def _said(words: bytes | str) -> str:
    """The server's own words, for the person reading why a message was not sent."""
    return words.decode(errors="replace") if isinstance(words, bytes) else words


class SmtpSender:
    configured = True

    def __init__(self, config: SmtpConfig) -> None:
        if config.security not in SECURITY_MODES:
            raise ValueError(f"SMTP security {config.security!r}: expected one of {', '.join(SECURITY_MODES)}")
        self.config = config

    def describe(self) -> str:
        login = f", as {self.config.user}" if self.config.user else ""
        return f"by SMTP {self.config.host}:{self.config.effective_port} ({self.config.security}{login})"

    def mail(self, message: Outgoing) -> EmailMessage:
        """The e-mail as it leaves: UTF-8 text, the subject and names encoded as the standard says."""
        mail = EmailMessage()
        mail["From"] = self.config.sender
        mail["To"] = message.address
        mail["Subject"] = message.subject
        mail["Date"] = formatdate(usegmt=True)
        # the sender's own domain: make_msgid would otherwise ask DNS for this machine's name at every message
        mail["Message-ID"] = make_msgid(idstring=message.key, domain=parseaddr(self.config.sender)[1].rpartition("@")[2] or None)
        mail.set_content(message.text, charset="utf-8")
        mail["Content-Language"] = message.lang  # after set_content, which replaces every Content-* header
        return mail

    def _tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.config.ca_file) if self.config.ca_file else None)

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        if config.security == "ssl":
            return smtplib.SMTP_SSL(config.host, config.effective_port, timeout=config.timeout_seconds, context=self._tls())
        connection = smtplib.SMTP(config.host, config.effective_port, timeout=config.timeout_seconds)
        if config.security == "starttls":
            connection.starttls(context=self._tls())
        return connection

    def send(self, message: Outgoing) -> Delivery:
        mail = self.mail(message)
        try:
            with self._connect() as connection:
                if self.config.user:
                    connection.login(self.config.user, self.config.password or "")
                connection.send_message(mail)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            detail = "; ".join(f"{code} {_said(text)}" for code, text in error.recipients.values())
            if codes and all(_is_permanent(code) for code in codes):
                return Delivery.failed(f"the mail server refused the recipient: {detail}")
            return Delivery.retry(f"the mail server deferred the recipient: {detail}")
        except smtplib.SMTPDataError as error:
            detail = f"{error.smtp_code} {_said(error.smtp_error)}"
            if _is_permanent(error.smtp_code):
                return Delivery.failed(f"the mail server refused the message: {detail}")
            return Delivery.retry(f"the mail server deferred the message: {detail}")
        except smtplib.SMTPResponseException as error:  # a refused login or sender: the settings, not this message
            return Delivery.retry(f"the mail server answered {error.smtp_code} {_said(error.smtp_error)}")
        except (smtplib.SMTPException, ssl.SSLError, OSError) as error:
            return Delivery.retry(f"cannot reach the mail server {self.config.host}:{self.config.effective_port}: {error}")
        return Delivery.sent()
