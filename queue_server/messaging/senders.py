"""The sender interface, the null sender, and the choice of a sender for a recipient.

A deployment configures e-mail (SMTP), SMS (the city's HTTP gateway), both
or neither; a channel not configured has the `NullSender`, which skips the
message, so nothing a visitor does ever fails for want of a sender.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .message import Channel, Delivery, Outgoing, Recipient


class Sender(Protocol):
    """Sends one rendered message; says whether it went, may go later, or never will.

    A sender may take seconds (a slow mail server), so it is only ever called
    outside a database transaction, by the delivery loop.
    """

    @property
    def configured(self) -> bool: ...

    def describe(self) -> str:
        """One line for the log at start: where the messages go (never a password)."""
        ...

    def send(self, message: Outgoing) -> Delivery: ...


class NullSender:
    """No sender for this channel: every message is skipped, nothing is an error."""

    configured = False

    def __init__(self, channel: Channel) -> None:
        self.channel = channel

    def describe(self) -> str:
        return "none"

    def send(self, message: Outgoing) -> Delivery:
        return Delivery.skipped(f"no {self.channel} sender is configured")


@dataclass(frozen=True)
class Senders:
    """The deployment's sender of each channel (the null one where none is configured)."""

    email: Sender = field(default_factory=lambda: NullSender(Channel.EMAIL))
    sms: Sender = field(default_factory=lambda: NullSender(Channel.SMS))

    @property
    def any_configured(self) -> bool:
        return self.email.configured or self.sms.configured

    def pick(self, recipient: Recipient) -> tuple[Channel, str, Sender]:
        """The channel, address and sender of a recipient: SMS first (bookings are phone-first), then e-mail."""
        if recipient.phone is not None and (self.sms.configured or recipient.email is None):
            return Channel.SMS, recipient.phone, self.sms
        if recipient.email is not None and (self.email.configured or recipient.phone is None):
            return Channel.EMAIL, recipient.email, self.email
        assert recipient.phone is not None  # a recipient has a phone or an e-mail address
        return Channel.SMS, recipient.phone, self.sms

    def describe(self) -> str:
        return f"messages to visitors: e-mail {self.email.describe()}; SMS {self.sms.describe()}"
