"""The spoken air-raid alert and its end: fixed sentences, said by espeak-ng or from the office's clips."""

from __future__ import annotations

import io
import shutil
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from display_board.voice import VoiceMaker, VoiceUnavailable, missing_clips
from display_board.voice.alert import ALERT_STATES, alert_text, alert_vocabulary, alert_words
from display_board.voice.announcement import vocabulary
from display_board.voice.audio import duration
from display_board.voice.synth import PAUSE_AFTER_CHIME, PAUSE_BETWEEN_CLIPS

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
NO_ESPEAK = "/nonexistent/espeak-ng"
FRAME = 1 / 22050


def test_the_sentences_and_their_words() -> None:
    assert alert_text("start", "uk") == "Увага! Повітряна тривога. Пройдіть до укриття."
    assert alert_words("start", "uk") == ("увага", "повітряна", "тривога", "пройдіть", "до", "укриття")
    assert alert_words("end", "uk") == ("тривогу", "завершено", "обслуговування", "відновлено")
    assert alert_words("end", "en") == ("the", "alert", "is", "over", "service", "has", "resumed")


def test_a_state_or_language_other_than_the_fixed_ones_is_refused() -> None:
    with pytest.raises(ValueError, match="start or its end"):
        alert_words("begin", "uk")
    with pytest.raises(ValueError, match="language"):
        alert_text("end", "pl")


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_an_office_that_records_its_voice_is_told_to_record_the_alert_too(lang: str) -> None:
    assert set(alert_vocabulary(lang)) <= vocabulary(lang)
    for state in ALERT_STATES:
        assert set(alert_words(state, lang)) <= set(missing_clips(None, lang))


def _opened(sound: bytes) -> tuple[int, int, int]:
    with wave.open(io.BytesIO(sound), "rb") as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate()


@needs_espeak
def test_espeak_says_the_alert_in_ukrainian_then_english(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache")
    uk = maker.alert("start", languages=("uk",))
    both = maker.alert("start", languages=("uk", "en"))
    assert _opened(both) == (1, 2, 22050)
    assert duration(both) > duration(uk) + 1.5
    assert maker.alert("end", languages=("uk", "en")) != both


@needs_espeak
def test_espeak_reads_the_ukrainian_words_as_ukrainian() -> None:
    for state in ALERT_STATES:
        done = subprocess.run(["espeak-ng", "-q", "-x", "-v", "uk", alert_text(state, "uk")], capture_output=True, timeout=30, check=True)
        assert "(en)" not in done.stdout.decode()


def test_the_office_clips_say_the_alert_without_espeak(tmp_path: Path, write_clip: Callable[..., Path]) -> None:
    words = alert_words("end", "uk")
    for word in words:
        write_clip(f"uk/{word}", 0.25)
    maker = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK)
    sound = maker.alert("end", chime=False)
    assert duration(sound) == pytest.approx(len(words) * 0.25 + (len(words) - 1) * PAUSE_BETWEEN_CLIPS, abs=len(words) * 2 * FRAME)
    assert duration(maker.alert("end")) > duration(sound) + PAUSE_AFTER_CHIME
    with pytest.raises(VoiceUnavailable, match="uk"):
        maker.alert("start")  # the start's words are not recorded, and there is no espeak-ng
