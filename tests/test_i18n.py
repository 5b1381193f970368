"""Every visible string of the pages goes through the one catalogue, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queue_server.i18n import LANGUAGES, catalogue, translate

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*ROOT.glob("queue_server/**/templates/*.html"), *ROOT.glob("kiosk/templates/*.html"), *ROOT.glob("display_board/templates/*.html")]
SCRIPTS = [*ROOT.glob("queue_server/**/static/*.js"), *ROOT.glob("kiosk/static/*.js"), *ROOT.glob("display_board/static/*.js")]
KEY = r"[a-z_]+(?:\.[a-z_]+)+"


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(rf"""\bt\(["']({KEY})["']""", text))
        keys |= set(re.findall(rf"""data-i18n(?:-placeholder)?=["']({KEY})["']""", text))
    for path in SCRIPTS:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(rf"""\bt\(["']({KEY})["']""", text))
        # keys built from a status: "ticket.status." + status
        for prefix in re.findall(r"""t\(["']([a-z_.]+\.)["']\s*\+""", text):
            keys |= {key for key in catalogue() if key.startswith(prefix)}
    return keys


def test_the_pages_use_the_catalogue() -> None:
    keys = used_keys()
    assert len(keys) > 30
    assert keys <= set(catalogue()), sorted(keys - set(catalogue()))


def test_every_message_is_in_both_languages_and_differs() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGUAGES)
        assert texts["uk"].strip() and texts["en"].strip(), key
        assert set(re.findall(r"{(\w+)}", texts["uk"])) == set(re.findall(r"{(\w+)}", texts["en"])), key


def test_every_ticket_status_has_a_message() -> None:
    for status in ("waiting", "called", "serving", "done", "no_show", "cancelled"):
        assert translate(f"ticket.status.{status}", "uk", desk="Вікно 3")


def test_an_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        translate("no.such.key", "uk")
