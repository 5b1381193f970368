"""The spoken air-raid alert, «Увага! Повітряна тривога. Пройдіть до укриття.», and its end.

Fixed sentences rather than a call: a hall board says the first once when
its office's air-raid pause begins and the second once when it ends,
Ukrainian then English. They belong to the voice's own vocabulary, outside
the message catalogue, for the reason calls do (docs/voice.md): an office
that records its voice records these words too, and `missing_clips` lists
them. Each sentence keeps its punctuation for espeak-ng, and its words,
lower-case, choose the clips.
"""

from __future__ import annotations

import re

ALERT_STATES = ("start", "end")

SENTENCES = {
    "start": {
        "uk": "Увага! Повітряна тривога. Пройдіть до укриття.",
        "en": "Attention! Air raid alert. Please go to the shelter.",
    },
    "end": {
        "uk": "Тривогу завершено, обслуговування відновлено.",
        "en": "The alert is over, service has resumed.",
    },
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def _check(state: str, lang: str) -> None:
    if state not in ALERT_STATES:
        raise ValueError(f"an alert is announced at its {' or its '.join(ALERT_STATES)}, not {state!r}")
    if lang not in SENTENCES[state]:
        raise ValueError(f"language must be one of {', '.join(SENTENCES[state])}, not {lang!r}")


def alert_text(state: str, lang: str) -> str:
    """The sentence espeak-ng reads when the alert begins (`start`) or ends (`end`)."""
    _check(state, lang)
    return SENTENCES[state][lang]


def alert_words(state: str, lang: str) -> tuple[str, ...]:
    """The words of that sentence, lower-case and in order, one clip each."""
    return tuple(word.lower() for word in _WORD.findall(alert_text(state, lang)))


def alert_vocabulary(lang: str) -> tuple[str, ...]:
    """Every word of both alert sentences in `lang`, each once, in the order first said."""
    return tuple(dict.fromkeys(word for state in ALERT_STATES for word in alert_words(state, lang)))
