"""Spoken calls for the hall display board: a chime, then «Талон А п'ятнадцять, вікно три».

Visitors who are not watching the screen — or cannot see it — must still hear
their number. The audio is made on the server, offline, by espeak-ng or from
word clips an office records itself, and cached. A pure library: it knows
nothing of the queue server and is given the ticket and desk to announce.
"""

from __future__ import annotations

from .announcement import announcement_text, announcement_words, vocabulary
from .audio import AudioError, chime, concatenate, duration, silence
from .clips import check_clips, missing_clips
from .numerals import number_words
from .phrase import phrase_text
from .synth import VoiceMaker, VoiceUnavailable, espeak_available

__all__ = [
    "AudioError",
    "VoiceMaker",
    "VoiceUnavailable",
    "announcement_text",
    "announcement_words",
    "check_clips",
    "chime",
    "concatenate",
    "duration",
    "espeak_available",
    "missing_clips",
    "number_words",
    "phrase_text",
    "silence",
    "vocabulary",
]
