"""The printed ticket's words come from the server's message catalogue, and the paper is byte for byte
what it was when the words were written into the layout: a visitor's ticket does not change with the move."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from printers.escpos_render import render
from printers.layout import Text, layout_ticket
from printers.profiles import PROFILES
from protocol.messages import PrintTicket
from queue_server.commands.printing import print_labels

TICKET = PrintTicket(
    office="Головний офіс ЦНАП «Віза»",
    number="П015",
    service="Оформлення ID-картки: їжак, ґанок, єнот, Ії Ґґ Єє",
    issued_at="24.11.2026 10:15",
    people_ahead=3,
    estimated_wait_minutes=12,
    status_url="http://192.0.2.10:8000/t/Zx9-abc_DEF",
    labels=print_labels("uk"),
    priority="Ветеран війни",
)
CASES = {
    "waiting": TICKET,
    "next": dataclasses.replace(TICKET, people_ahead=0, priority=None),
    "unknown": dataclasses.replace(TICKET, estimated_wait_minutes=None),
}
# sha256 of the bytes printed before the labels moved to the catalogue
BEFORE = {
    ("epson-80", "waiting"): "127595f150e299869d5458e32ef720b056bdfb95dced816f2b1ac89eac231d5f",
    ("epson-80", "next"): "86a9ec92e7aa4dda2ce607fd7f67736243d188c876215a3dc04702bd6aabb305",
    ("epson-80", "unknown"): "3bc852531f8c39db9708655ed58a2779acb0a7305bcc532b87927e2797aadf45",
    ("epson-58", "waiting"): "0bf8d6975256a1f70de4e4b61bbe2cc63c6b0bb2b9fe4015c3e4f1b40e137168",
    ("epson-58", "next"): "0014c0adff60263921b66f42cf7d75846feeb6460f3e1296453c78000395f45b",
    ("epson-58", "unknown"): "4029236ad58ad1b4e39aefab7494737e821625dfbadd98ae067122b25cb679cb",
    ("cyrillic-1251-80", "waiting"): "6562fc328fbcbf185dd558e79b7b883f07cd9f4a4410f5ef4b4324a39c86a3a0",
    ("cyrillic-1251-80", "next"): "919f1e076158792104da990118f5d83718b53c14babac6039602dd15d859458c",
    ("cyrillic-1251-80", "unknown"): "43c1b960277cdbb720f86a37a269e8c28a3717917aa67a9c2aeeff446c7820cb",
}


@pytest.mark.parametrize(("profile", "case"), sorted(BEFORE))
def test_the_ukrainian_ticket_prints_the_same_bytes(profile: str, case: str) -> None:
    printed = render(layout_ticket(CASES[case], PROFILES[profile].columns), PROFILES[profile])
    assert hashlib.sha256(printed).hexdigest() == BEFORE[(profile, case)]


def test_the_layout_prints_the_labels_it_is_given() -> None:
    labels = {key: f"<{key}>" for key in TICKET.labels}
    texts = [block.text for block in layout_ticket(dataclasses.replace(TICKET, labels=labels), 48) if isinstance(block, Text)]
    assert "<number>" in texts and "<ahead>: 3" in texts and "<wait>: ~12 <minutes>" in texts and "<issued> 24.11.2026 10:15" in texts
    assert not any("Ваш номер" in text or "Перед вами" in text for text in texts)  # no text of its own
