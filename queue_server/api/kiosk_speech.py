"""The kiosk's voice in its accessible mode: the page's own words said by the boards' voice.

A visitor who cannot see the screen hears each screen's title, the choice
under their finger and the number just issued. The sentence comes from the
page (its catalogue and the office's names, in the language on screen); the
boards' `VoiceMaker` reads it with espeak-ng, or the office's recorded clips,
and keeps it in the same cache, so «Оберіть послугу» is made once. Only a
kiosk of the office (or its staff, to try it) may ask: the cache is not a
synthesiser for anyone passing by. docs/kiosk.md tells the mode's story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app

from display_board.voice import VoiceMaker, VoiceUnavailable
from display_board.voice.phrase import MAX_LENGTH
from protocol.fields import Message, limits

from ..commands.access import KIOSK_OR_STAFF
from ..commands.context import Actor
from ..domain.errors import InvalidRequest
from .actors import command_context
from .bodies import Language
from .errors import error_response
from .registry import operation

blueprint = Blueprint("kiosk_speech_api", __name__)


@dataclass(frozen=True, kw_only=True)
class KioskSpeech(Message):
    text: str = limits(min_length=1, max_length=MAX_LENGTH, not_blank=True, doc="what to say, as the screen shows it; ticket numbers are said in words")
    lang: Language = limits(Language.UK, doc="the language of the text: uk (the default) or en")


@operation(
    blueprint,
    "/offices/<office>/kiosk-speech.wav",
    "GET",
    summary="A kiosk's sentence spoken (accessible mode): a screen's title, the focused choice, the issued number",
    tag="tickets",
    auth=KIOSK_OR_STAFF,
    responses={
        200: "A WAV file",
        400: "Nothing to say, or a text too long",
        401: "No token",
        403: "Not a kiosk or staff of this office",
        404: "Unknown office",
        503: "No voice on this server (espeak-ng missing and no recorded clips)",
    },
    query=KioskSpeech,
    media="audio/wav",
)
def kiosk_speech(office: str, actor: Actor, query: KioskSpeech) -> Any:
    command_context().office(office)
    voice: VoiceMaker = current_app.extensions["cherga.voice"]
    try:
        audio = voice.phrase(query.text, query.lang.value)
    except ValueError as error:
        raise InvalidRequest(f"text: {error}", field="text") from error
    except VoiceUnavailable as error:
        return error_response(503, "voice_unavailable", str(error))
    response = Response(audio, mimetype="audio/wav")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
