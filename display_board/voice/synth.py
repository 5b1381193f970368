"""One finished announcement as a WAV file: chime, the Ukrainian call, then the English one.

Made on the server, offline: from the office's recorded clips when they cover
every word of a language, otherwise by espeak-ng. The result is cached on disk
under a hash of everything that shapes it, so a call repeated by the desk or
shown on several boards is synthesised once.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import audio
from .alert import alert_text, alert_words
from .announcement import LANGUAGES, announcement_text, announcement_words
from .clips import chime_file, clip_files, word_key
from .phrase import phrase_text, phrase_words

ESPEAK_VOICES = {"uk": "uk", "en": "en"}
ESPEAK_SPEED = 140  # words per minute; the default 175 is too fast for a hall
ESPEAK_TIMEOUT_SECONDS = 15.0
PAUSE_AFTER_CHIME = 0.3
PAUSE_BETWEEN_LANGUAGES = 0.5  # espeak-ng itself ends with ~0.4 s of silence
PAUSE_BETWEEN_CLIPS = 0.08
FORMAT_VERSION = 1  # part of the cache key: bump when the assembly changes


class VoiceUnavailable(RuntimeError):
    """No voice can say this announcement (espeak-ng missing or failing, clips incomplete).

    The board then flashes the call and plays only the chime.
    """


def espeak_available(espeak: str = "espeak-ng") -> bool:
    """Whether the espeak-ng program can be found."""
    return shutil.which(espeak) is not None


class VoiceMaker:
    """Makes and caches announcements for one office's clips folder."""

    def __init__(self, cache_dir: Path, clips_dir: Path | None = None, espeak: str = "espeak-ng") -> None:
        self.cache_dir = cache_dir
        self.clips_dir = clips_dir
        self.espeak = espeak

    def announcement(
        self,
        number: str,
        desk_number: int,
        desk_kind: str,
        languages: Sequence[str] = ("uk",),
        chime: bool = True,
    ) -> bytes:
        """The call of ticket `number` to the desk as one WAV (22050 Hz mono 16-bit), from the cache if made before."""
        _check_languages(languages)
        words = {lang: announcement_words(number, desk_number, desk_kind, lang) for lang in languages}
        return self._assemble(words, {lang: announcement_text(words[lang], lang) for lang in languages}, chime)

    def alert(self, state: str, languages: Sequence[str] = ("uk",), chime: bool = True) -> bytes:
        """The air-raid alert's beginning (`start`) or end (`end`) said as one WAV, like a call: chime, Ukrainian, English."""
        _check_languages(languages)
        words = {lang: alert_words(state, lang) for lang in languages}
        return self._assemble(words, {lang: alert_text(state, lang) for lang in languages}, chime)

    def phrase(self, text: str, lang: str = "uk") -> bytes:
        """A kiosk's sentence in one language, without the chime: its ticket numbers said as the boards say them."""
        _check_languages((lang,))
        spoken = phrase_text(text, lang)
        return self._assemble({lang: phrase_words(spoken)}, {lang: spoken}, chime=False)

    def _assemble(self, words: dict[str, tuple[str, ...]], texts: dict[str, str], chime: bool) -> bytes:
        """The chime, then each language's words from clips or `texts` read by espeak-ng; cached by all that shapes it."""
        languages = list(words)
        clips = {lang: self._clips_for(words[lang], lang) for lang in languages}
        chime_path = chime_file(self.clips_dir) if chime else None
        used = [path for paths in clips.values() for path in paths or ()] + ([chime_path] if chime_path else [])
        key = {
            "version": FORMAT_VERSION,
            "words": [words[lang] for lang in languages],
            "languages": languages,
            "chime": chime,
            "clips": _fingerprint(used),
        }
        cached = self.cache_dir / f"{hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()}.wav"
        try:
            return cached.read_bytes()
        except FileNotFoundError:
            pass
        uncovered = [lang for lang in languages if clips[lang] is None]
        if uncovered and not espeak_available(self.espeak):
            raise VoiceUnavailable(
                f"{self.espeak} is not installed (apt-get install espeak-ng) and the recorded clips "
                f"do not cover every word in: {', '.join(uncovered)}"
            )
        pieces: list[bytes] = []
        if chime:
            pieces += [chime_path.read_bytes() if chime_path else audio.chime(), audio.silence(PAUSE_AFTER_CHIME)]
        for i, lang in enumerate(languages):
            if i:
                pieces.append(audio.silence(PAUSE_BETWEEN_LANGUAGES))
            paths = clips[lang]
            pieces.append(self._from_clips(paths) if paths is not None else self._speak(texts[lang], lang))
        result = audio.concatenate(pieces)
        _write_atomically(cached, result)
        return result

    def _clips_for(self, words: tuple[str, ...], lang: str) -> list[Path] | None:
        """The clip of every word, or None if any word has none."""
        files = clip_files(self.clips_dir, lang)
        paths = [files.get(word_key(word)) for word in words]
        return None if any(path is None for path in paths) else [path for path in paths if path is not None]

    def _from_clips(self, paths: list[Path]) -> bytes:
        gap = audio.silence(PAUSE_BETWEEN_CLIPS)
        pieces: list[bytes] = []
        for i, path in enumerate(paths):
            pieces += [gap, path.read_bytes()] if i else [path.read_bytes()]
        return audio.concatenate(pieces)

    def _speak(self, text: str, lang: str) -> bytes:
        """The text read by espeak-ng: built from validated words or a fixed sentence only, never passed to a shell."""
        with tempfile.TemporaryDirectory(prefix="cherga-voice-") as folder:
            out = Path(folder) / "speech.wav"
            command = [self.espeak, "-v", ESPEAK_VOICES[lang], "-s", str(ESPEAK_SPEED), "-w", str(out), text]
            try:
                done = subprocess.run(command, capture_output=True, timeout=ESPEAK_TIMEOUT_SECONDS, check=False)
            except (OSError, subprocess.TimeoutExpired) as error:
                raise VoiceUnavailable(f"{self.espeak} could not say {text!r}: {error}") from error
            if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
                detail = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
                raise VoiceUnavailable(f"{self.espeak} could not say {text!r}: {detail}")
            return out.read_bytes()


def _check_languages(languages: Sequence[str]) -> None:
    if isinstance(languages, str) or not languages or len(set(languages)) != len(languages):
        raise ValueError(f"languages must be distinct codes among {', '.join(LANGUAGES)}, not {languages!r}")


def _fingerprint(paths: list[Path]) -> list[tuple[str, int, int]]:
    """Names, sizes and modification times: a re-recorded clip makes a new cache entry."""
    fingerprint = []
    for path in paths:
        stat = path.stat()
        fingerprint.append((f"{path.parent.name}/{path.name}", stat.st_size, stat.st_mtime_ns))
    return fingerprint


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the whole file or none: written aside, then renamed over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
