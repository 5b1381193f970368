"""Whole announcements with the real espeak-ng, the office's clips, and the disk cache."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import wave
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from display_board.voice import VoiceMaker, VoiceUnavailable, announcement_text, announcement_words, espeak_available
from display_board.voice.announcement import vocabulary_in_order
from display_board.voice.audio import duration
from display_board.voice.synth import PAUSE_AFTER_CHIME, PAUSE_BETWEEN_CLIPS

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
NO_ESPEAK = "/nonexistent/espeak-ng"
FRAME = 1 / 22050
CALL = ("А015", 3, "window")
UK_WORDS = ("талон", "а", "п'ятнадцять", "вікно", "три")

WriteClip = Callable[..., Path]


def opened(wav_bytes: bytes) -> tuple[int, int, int, float]:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes() / w.getframerate()


def phonemes(text: str, voice: str) -> str:
    done = subprocess.run(["espeak-ng", "-q", "-x", "-v", voice, text], capture_output=True, timeout=30, check=True)
    return done.stdout.decode()


@needs_espeak
def test_a_ukrainian_call_is_a_real_wav_of_sensible_length(tmp_path: Path) -> None:
    sound = VoiceMaker(tmp_path / "cache").announcement(*CALL)
    channels, width, rate, seconds = opened(sound)
    assert (channels, width, rate) == (1, 2, 22050)
    assert 1.5 <= seconds <= 8


@needs_espeak
def test_english_follows_the_ukrainian(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache")
    uk = duration(maker.announcement(*CALL))
    both = duration(maker.announcement(*CALL, languages=("uk", "en")))
    english = duration(maker.announcement(*CALL, languages=("en",)))
    assert both > uk + 1.5
    assert both == pytest.approx(uk + english - 1.0 - PAUSE_AFTER_CHIME + 0.5, abs=2 * FRAME)


@needs_espeak
def test_without_the_chime_it_is_about_a_second_shorter(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache")
    with_chime = duration(maker.announcement(*CALL))
    without = duration(maker.announcement(*CALL, chime=False))
    assert with_chime - without == pytest.approx(1.0 + PAUSE_AFTER_CHIME, abs=FRAME)


@needs_espeak
def test_a_second_call_is_read_from_the_cache(tmp_path: Path) -> None:
    first = VoiceMaker(tmp_path / "cache").announcement(*CALL, languages=("uk", "en"))
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 1 and cached[0].suffix == ".wav" and cached[0].read_bytes() == first
    without_espeak = VoiceMaker(tmp_path / "cache", espeak=NO_ESPEAK)
    assert without_espeak.announcement(*CALL, languages=("uk", "en")) == first
    assert without_espeak.announcement("А15", 3, "window", languages=("uk", "en")) == first  # the same words
    with pytest.raises(VoiceUnavailable):
        VoiceMaker(tmp_path / "cache", espeak=NO_ESPEAK).announcement(*CALL)  # not cached without English


@needs_espeak
def test_each_variant_has_its_own_cache_entry(tmp_path: Path) -> None:
    maker = VoiceMaker(tmp_path / "cache")
    sounds = {
        maker.announcement(*CALL),
        maker.announcement(*CALL, chime=False),
        maker.announcement(*CALL, languages=("uk", "en")),
        maker.announcement(*CALL, languages=("en", "uk")),
        maker.announcement("А015", 3, "room"),
        maker.announcement("А015", 4, "window"),
        maker.announcement("Б015", 3, "window"),
    }
    assert len(sounds) == 7
    assert len(list((tmp_path / "cache").glob("*.wav"))) == 7


@needs_espeak
def test_concurrent_requests_leave_one_whole_file(tmp_path: Path) -> None:
    def make(_: int) -> bytes:
        return VoiceMaker(tmp_path / "cache").announcement("Щ999", 999, "room", languages=("uk", "en"))

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = set(pool.map(make, range(12)))
    assert len(results) == 1
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [p.name for p in (tmp_path / "cache").glob("*.wav")]
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_recorded_clips_win_when_every_word_is_there(tmp_path: Path, write_clip: WriteClip) -> None:
    lengths = [0.40, 0.21, 0.63, 0.35, 0.27]
    for i, (word, seconds) in enumerate(zip(UK_WORDS, lengths)):
        write_clip(f"uk/{word}", seconds, 300 + 60 * i)
    maker = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK)
    spoken = duration(maker.announcement(*CALL, chime=False))
    assert spoken == pytest.approx(sum(lengths) + PAUSE_BETWEEN_CLIPS * (len(lengths) - 1), abs=FRAME)
    with_chime = duration(maker.announcement(*CALL))
    assert with_chime == pytest.approx(1.0 + PAUSE_AFTER_CHIME + spoken, abs=FRAME)


def test_the_office_chime_replaces_the_generated_one(tmp_path: Path, write_clip: WriteClip) -> None:
    for word in UK_WORDS:
        write_clip(f"uk/{word}", 0.2)
    write_clip("chime", 1.75, 880)
    maker = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK)
    expected = 1.75 + PAUSE_AFTER_CHIME + 5 * 0.2 + 4 * PAUSE_BETWEEN_CLIPS
    assert duration(maker.announcement(*CALL)) == pytest.approx(expected, abs=FRAME)


def test_clip_names_match_whatever_the_apostrophe_and_case(tmp_path: Path, write_clip: WriteClip) -> None:
    for word in ("Талон", "А", "п\u2019ятнадцять", "вікно", "три"):
        write_clip(f"uk/{word}", 0.2)
    maker = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK)
    assert duration(maker.announcement(*CALL, chime=False)) == pytest.approx(1.32, abs=FRAME)


def test_a_re_recorded_clip_is_not_served_stale(tmp_path: Path, write_clip: WriteClip) -> None:
    for word in UK_WORDS:
        write_clip(f"uk/{word}", 0.2)
    maker = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK)
    before = duration(maker.announcement(*CALL, chime=False))
    path = write_clip("uk/талон", 0.5)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert duration(maker.announcement(*CALL, chime=False)) == pytest.approx(before + 0.3, abs=FRAME)
    assert len(list((tmp_path / "cache").glob("*.wav"))) == 2


@needs_espeak
def test_one_missing_clip_means_espeak_says_it_all(tmp_path: Path, write_clip: WriteClip) -> None:
    for word in UK_WORDS[:-1]:
        write_clip(f"uk/{word}", 0.2)
    partial = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice").announcement(*CALL)
    plain = VoiceMaker(tmp_path / "other-cache").announcement(*CALL)
    assert partial == plain
    with pytest.raises(VoiceUnavailable, match="espeak-ng"):
        VoiceMaker(tmp_path / "third-cache", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK).announcement(*CALL)


@needs_espeak
def test_each_language_chooses_its_own_voice(tmp_path: Path, write_clip: WriteClip) -> None:
    for word in UK_WORDS:
        write_clip(f"uk/{word}", 0.2)
    maker = VoiceMaker(tmp_path / "cache", clips_dir=tmp_path / "voice")
    english = duration(VoiceMaker(tmp_path / "en-cache").announcement(*CALL, languages=("en",), chime=False))
    both = duration(maker.announcement(*CALL, languages=("uk", "en"), chime=False))
    assert both == pytest.approx(1.32 + 0.5 + english, abs=2 * FRAME)
    with pytest.raises(VoiceUnavailable, match="en"):
        without_espeak = VoiceMaker(tmp_path / "c2", clips_dir=tmp_path / "voice", espeak=NO_ESPEAK)
        without_espeak.announcement(*CALL, languages=("uk", "en"))


def test_without_espeak_and_without_clips_the_voice_is_unavailable(tmp_path: Path) -> None:
    assert not espeak_available(NO_ESPEAK)
    with pytest.raises(VoiceUnavailable, match="apt-get install espeak-ng"):
        VoiceMaker(tmp_path / "cache", espeak=NO_ESPEAK).announcement(*CALL)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_a_failing_espeak_is_a_voice_unavailable(tmp_path: Path) -> None:
    broken = tmp_path / "espeak-ng"
    broken.write_text("#!/bin/sh\necho 'no voice data' >&2\nexit 3\n")
    broken.chmod(0o755)
    with pytest.raises(VoiceUnavailable, match="no voice data"):
        VoiceMaker(tmp_path / "cache", espeak=str(broken)).announcement(*CALL)


@pytest.mark.parametrize("languages", [(), ("uk", "uk"), ("fr",), "uk"])
def test_bad_language_lists_are_refused(tmp_path: Path, languages: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="language"):
        VoiceMaker(tmp_path / "cache").announcement(*CALL, languages=languages)


def test_bad_calls_are_refused_before_any_voice_is_sought(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ticket number"):
        VoiceMaker(tmp_path / "cache", espeak=NO_ESPEAK).announcement("А 15; rm -rf /", 3, "window")
    with pytest.raises(ValueError, match="desk number"):
        VoiceMaker(tmp_path / "cache", espeak=NO_ESPEAK).announcement("А15", 0, "window")


@needs_espeak
def test_espeak_is_available_here() -> None:
    assert espeak_available()


@needs_espeak
def test_espeak_reads_every_ukrainian_word_as_ukrainian() -> None:
    # With the apostrophe U+02BC espeak-ng spells «пʼять» letter by letter and says
    # "(en)adjective" for the apostrophe; the ASCII apostrophe is read as part of the word.
    said = phonemes(" ".join(vocabulary_in_order("uk")), "uk")
    assert "(en)" not in said
    assert phonemes("п'ятнадцять", "uk").strip() == phonemes("пятнадцять", "uk").strip()


@needs_espeak
def test_espeak_says_the_english_letter_not_the_article() -> None:
    text = announcement_text(announcement_words(*CALL, "en"), "en")
    said = phonemes(text, "en")
    assert said.split()[1].lstrip(",'") == "eI", said  # "ay", not "a#" as in "a ticket"
