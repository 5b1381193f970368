"""The desk's survey page `/survey/<desk>`: what the QR code on the desk display and the desk's sticker open.

No login and no personal data: the office, the desk, the number of the
visit it would rate (so the visitor sees it is theirs) and the
questionnaire, or why there is none (no visit at the desk now, or the
visit answered already). Which visit, and once per visit, are the
command's (`commands/survey.py`); the page is read afresh on every load
(never cached), so a reload after answering says it is answered.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request, url_for

from ..commands.survey import desk_survey
from ..domain.errors import NotFound
from ..domain.survey import Reason
from .assets import ticket_qr_svg

blueprint = Blueprint("survey_page", __name__, template_folder="templates")


def survey_url(desk_id: str) -> str:
    """The address the desk's QR code carries (CHERGA_PUBLIC_URL as for the tickets' codes)."""
    public = current_app.config["CHERGA_SETTINGS"].public_url
    if public:
        return str(public) + url_for("survey_page.survey", desk_id=desk_id)
    return url_for("survey_page.survey", desk_id=desk_id, _external=True)


def _fresh(response: Any, status: int = 200) -> Response:
    answer = current_app.make_response((response, status))
    answer.headers["Cache-Control"] = "no-store"
    return answer


@blueprint.get("/survey/<desk_id>")
def survey(desk_id: str) -> Any:
    g.lang = "en" if request.args.get("lang") == "en" else "uk"
    try:
        found = desk_survey(current_app.extensions["cherga"], desk_id[:60])
    except NotFound:
        return _fresh(render_template("survey.html", lang=g.lang, found=None), 404)
    return _fresh(
        render_template(
            "survey.html",
            lang=g.lang,
            found=found,
            office_name=found.office.name.get(g.lang),
            desk_name=found.desk.name.get(g.lang),
            survey_url=url_for("survey_api.answer", desk_id=found.desk.id),
            survey_ticket=found.visit.number if found.visit else None,
            survey_minutes=int(found.window.total_seconds() // 60),
            survey_reasons=[reason.value for reason in Reason],
            other_lang="uk" if g.lang == "en" else "en",
        )
    )


@blueprint.get("/survey/<desk_id>/qr.svg")
def survey_qr(desk_id: str) -> Any:
    """The desk's survey QR code, for the desk display and the printed sticker."""
    try:
        desk = current_app.extensions["cherga"].desk(desk_id[:60])
    except NotFound:
        return Response("no such desk", status=404, mimetype="text/plain")
    return Response(ticket_qr_svg(survey_url(desk.id)), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})
