"""The ticket page `/t/<token>`: plain for now, no login, no personal data."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template

from ..commands import queries
from ..domain.errors import NotFound

blueprint = Blueprint("public", __name__, template_folder="templates")

STATUS_TEXT = {
    "uk": {
        "waiting": "Очікуйте виклику",
        "called": "Вас викликано",
        "serving": "Вас обслуговують",
        "done": "Обслуговування завершено",
        "no_show": "Ви не підійшли на виклик",
        "cancelled": "Талон скасовано",
    },
    "en": {
        "waiting": "Please wait to be called",
        "called": "You are called",
        "serving": "You are being served",
        "done": "Service finished",
        "no_show": "You did not come when called",
        "cancelled": "Ticket cancelled",
    },
}


@blueprint.get("/t/<token>")
def ticket_page(token: str) -> Any:
    try:
        ticket = queries.ticket_status(current_app.extensions["cherga"], token)
    except NotFound:
        return render_template("ticket_not_found.html"), 404
    lang = ticket["lang"]
    return render_template("ticket.html", ticket=ticket, lang=lang, status_text=STATUS_TEXT[lang][ticket["status"]])
