"""The ticket's page `/t/<token>`: what the QR code opens on the visitor's phone.

No login and no personal data: the number, the service, the queue, where to
go, then the rating form. It is live over the office's public stream.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, render_template

from ..commands.context import CommandContext
from ..domain.errors import NotFound
from ..domain.survey import Reason
from ..i18n import translate
from ..reads import queries
from ..views import visitor as views

blueprint = Blueprint("public", __name__, template_folder="templates")


def status_text(ticket: dict[str, Any], lang: str) -> str:
    if ticket["status"] == "waiting" and ticket["held"]:
        return translate("ticket.status.held", lang)
    if ticket["status"] == "waiting" and ticket["people_ahead"] == 0:
        return translate("ticket.status.next", lang)
    return translate(f"ticket.status.{ticket['status']}", lang, desk=ticket["desk_name"] or "")


def shelter_text(ctx: CommandContext, office_code: str, lang: str) -> str:
    """The office's way to its shelter in `lang`, or the catalogue's general line where it gives none."""
    shelter = ctx.office(office_code).shelter
    return shelter.get(lang) if shelter is not None else translate("alert.shelter_default", lang)


@blueprint.get("/t/<token>")
def ticket_page(token: str) -> Any:
    ctx = current_app.extensions["cherga"]
    try:
        ticket = views.ticket_status_json(queries.ticket_status(ctx, token))
    except NotFound:
        return render_template("ticket_not_found.html"), 404
    g.lang = ticket["lang"]
    return render_template(
        "ticket.html",
        ticket=ticket,
        token=token,
        lang=g.lang,
        status_text=status_text(ticket, g.lang),
        paused=queries.air_raid_state(ctx, ticket["office"]).active,  # the live stream keeps it up to date
        shelter=shelter_text(ctx, ticket["office"], g.lang),
        survey_reasons=[reason.value for reason in Reason],
        # the call is said «до вікна 3» or «до кабінету 3»: the page knows which desks of the office are rooms
        rooms=" ".join(desk.id for desk in ctx.office(ticket["office"]).desks if desk.kind == "room"),
    )
