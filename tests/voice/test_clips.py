"""The office's clip folder: what `cherga config check` reports, and which words are still to record."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

from display_board.voice import check_clips, missing_clips, vocabulary
from display_board.voice.announcement import vocabulary_in_order

WriteClip = Callable[..., Path]


def test_good_clips_and_no_clips_are_fine(tmp_path: Path, write_clip: WriteClip) -> None:
    assert check_clips(tmp_path / "nowhere") == []
    write_clip("uk/талон", 0.5)
    write_clip("uk/п'ятнадцять", 0.7)
    write_clip("en/ticket", 0.4)
    write_clip("en/Zh", 0.4)
    write_clip("en/15", 0.4)
    write_clip("chime", 1.2)
    (tmp_path / "voice" / ".DS_Store").write_bytes(b"\0")
    assert check_clips(tmp_path / "voice") == []


def test_each_kind_of_broken_file_is_named(
    tmp_path: Path, write_clip: WriteClip, raw_wav: Callable[[bytes, bytes], bytes]
) -> None:
    folder = tmp_path / "voice"
    write_clip("uk/талон", 0.5)
    write_clip("uk/вікно", 6.0)
    write_clip("uk/привіт", 0.5)
    write_clip("uk/Талон", 0.5)
    write_clip("fr/billet", 0.5)
    (folder / "uk" / "кабінет.wav").write_bytes(b"")
    (folder / "uk" / "три.wav").write_bytes(b"this is not audio")
    (folder / "uk" / "два.wav").write_bytes(raw_wav(struct.pack("<HHIIHH", 3, 1, 22050, 88200, 4, 32), bytes(400)))
    (folder / "uk" / "один.mp3").write_bytes(b"ID3")
    (folder / "uk" / "сім.wav").write_bytes(raw_wav(struct.pack("<HHIIHH", 1, 1, 22050, 44100, 2, 16), bytes(4000)))
    (folder / "chime.wav").write_bytes(b"RIFF")
    problems = check_clips(folder)
    text = "\n".join(problems)
    assert len(problems) == 10, text
    for expected in [
        "chime.wav: not a complete WAV",
        "fr: not used",
        "uk/вікно.wav: lasts 6.0 s, a clip may last at most 5 s",
        "uk/привіт.wav: «привіт» is not a word of any uk announcement",
        "uk/кабінет.wav: the file is empty",
        "uk/три.wav: not a WAV file",
        "uk/два.wav: not a PCM WAV file",
        "uk/один.mp3: not used, only .wav files are",
        "uk/сім.wav: contains no sound",
    ]:
        assert any(problem.startswith(expected) for problem in problems), (expected, text)
    assert "the same word" in text  # Талон.wav and талон.wav


def test_missing_clips_lists_the_words_still_to_record(tmp_path: Path, write_clip: WriteClip) -> None:
    assert missing_clips(tmp_path / "voice", "uk") == list(vocabulary_in_order("uk"))
    assert missing_clips(None, "en") == list(vocabulary_in_order("en"))
    write_clip("uk/талон", 0.3)
    write_clip("uk/П\u02bcЯТЬ", 0.3)
    missing = missing_clips(tmp_path / "voice", "uk")
    assert "талон" not in missing and "п'ять" not in missing
    assert missing[:2] == ["вікно", "кабінет"]
    assert len(missing) == len(vocabulary("uk")) - 2
