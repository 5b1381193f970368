"""The questionnaire by the QR code at a desk: public, no login, once per visit (docs/survey.md).

The ticket's page answers through `POST /tickets/<token>/rating`; a visitor
who scanned the desk's code has no token, so the desk names the visit: the
one being served there or finished there within `[rules]
desk_survey_minutes`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from ..commands.survey import answer_at_desk
from ..domain import survey as rule
from ..views import visitor as views
from .actors import command_context
from .bodies import DeskSurveyAnswer
from .registry import operation
from .tickets import rated_view

blueprint = Blueprint("survey_api", __name__)


@operation(
    blueprint,
    "/desks/<desk_id>/survey",
    "POST",
    summary="Answer the questionnaire for the visit being served at the desk or just finished there (the desk's QR code)",
    tag="tickets",
    body=DeskSurveyAnswer,
    responses={
        201: "Rated",
        400: "Bad input",
        404: "Unknown desk",
        409: "No visit at the desk in the window, or the visit is rated already",
    },
)
def answer(desk_id: str, body: DeskSurveyAnswer) -> Any:
    checked = rule.answer(body.score, recommend=body.recommend, reasons=body.reasons or (), comment=body.comment, complaint=bool(body.complaint))
    answered = answer_at_desk(command_context(), desk_id, checked, number=body.ticket)
    return jsonify(views.rated_json(rated_view(answered))), 201
