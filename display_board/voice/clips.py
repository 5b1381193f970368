"""An office's recorded voice: one WAV per word in `<clips>/uk/` and `<clips>/en/`, and `chime.wav`.

A human voice is nicer than espeak-ng, but a half-recorded vocabulary would
make a call that switches voice mid-sentence; so clips are used for a
language only when every word of that announcement has one (see `synth`).
File names are matched leniently (case, Unicode form, the apostrophe ' ’ ʼ),
because they are typed by people on any operating system.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .announcement import LANGUAGES, vocabulary, vocabulary_in_order
from .audio import AudioError, duration, samples

CHIME_FILE = "chime.wav"
LONGEST_CLIP_SECONDS = 5.0
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})


def word_key(word: str) -> str:
    """The form under which a word and a file name are compared."""
    return unicodedata.normalize("NFC", word).translate(_APOSTROPHES).casefold()


def clip_files(clips_dir: Path | None, lang: str) -> dict[str, Path]:
    """The WAV files of `lang` by `word_key` of their name (a missing folder has none)."""
    folder = clips_dir / lang if clips_dir is not None else None
    if folder is None or not folder.is_dir():
        return {}
    return {word_key(path.stem): path for path in sorted(folder.iterdir()) if _is_wav(path)}


def chime_file(clips_dir: Path | None) -> Path | None:
    """The office's own chime, if it has one."""
    path = clips_dir / CHIME_FILE if clips_dir is not None else None
    return path if path is not None and path.is_file() else None


def missing_clips(clips_dir: Path | None, lang: str) -> list[str]:
    """The words of `lang` that have no clip yet, in the order of the vocabulary."""
    present = clip_files(clips_dir, lang)
    return [word for word in vocabulary_in_order(lang) if word_key(word) not in present]


def check_clips(clips_dir: Path) -> list[str]:
    """What is wrong with the clip files, one sentence each; empty when all is well or there are none."""
    if not clips_dir.is_dir():
        return []
    problems: list[str] = []
    for entry in sorted(clips_dir.iterdir()):
        if entry.name == CHIME_FILE:
            problems += _check_file(entry, f"{entry.name}")
        elif entry.is_dir() and entry.name in LANGUAGES:
            problems += _check_language(entry, entry.name)
        elif not entry.name.startswith("."):
            problems.append(
                f"{entry.name}: not used (expected only {CHIME_FILE} and the folders {', '.join(LANGUAGES)})"
            )
    return problems


def _check_language(folder: Path, lang: str) -> list[str]:
    words = {word_key(word): word for word in vocabulary(lang)}
    seen: dict[str, str] = {}
    problems: list[str] = []
    for path in sorted(folder.iterdir()):
        where = f"{lang}/{path.name}"
        if path.name.startswith("."):
            continue
        if not _is_wav(path):
            problems.append(f"{where}: not used, only .wav files are")
            continue
        key = word_key(path.stem)
        if key not in words:
            problems.append(f"{where}: «{path.stem}» is not a word of any {lang} announcement")
        elif key in seen:
            problems.append(f"{where}: the same word as {lang}/{seen[key]}")
        seen.setdefault(key, path.name)
        problems += _check_file(path, where)
    return problems


def _check_file(path: Path, where: str) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return [f"{where}: cannot be read ({error.strerror})"]
    if not data:
        return [f"{where}: the file is empty"]
    try:
        seconds = duration(data)
        sound = samples(data)
    except AudioError as error:
        return [f"{where}: {error}"]
    if not sound or not any(sound):
        return [f"{where}: contains no sound"]
    if seconds > LONGEST_CLIP_SECONDS:
        return [f"{where}: lasts {seconds:.1f} s, a clip may last at most {LONGEST_CLIP_SECONDS:.0f} s"]
    return []


def _is_wav(path: Path) -> bool:
    return path.suffix.lower() == ".wav" and path.is_file() and not path.name.startswith(".")
