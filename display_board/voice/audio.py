"""WAV in one format (22050 Hz, mono, 16-bit PCM), with nothing but the standard library.

espeak-ng speaks at 22050 Hz mono; recorded clips come at whatever their
recorder chose, so every input is brought to that one format before the
pieces of an announcement are joined. Resampling is linear: fine for speech
played once through a hall loudspeaker.
"""

from __future__ import annotations

import io
import math
import struct
import sys
import wave
from array import array
from collections.abc import Iterable

RATE = 22050
CHANNELS = 1
WIDTH = 2  # bytes per sample
PEAK = 32767

_EXTENSIBLE = 0xFFFE
_PCM_SUBFORMAT = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"


class AudioError(ValueError):
    """Bytes that are not a PCM WAV file this module can read."""


def samples(wav_bytes: bytes) -> array[int]:
    """The sound as signed 16-bit samples at 22050 Hz mono, whatever the file's own format."""
    rate, channels, width, frames = _read(wav_bytes)
    mono = _mono(_to_16_bit(frames, width), channels)
    return _resample(mono, rate)


def to_wav(pcm: Iterable[int]) -> bytes:
    """Signed 16-bit samples at 22050 Hz as a WAV file."""
    data = pcm if isinstance(pcm, array) and pcm.typecode == "h" else array("h", pcm)
    if sys.byteorder == "big":
        data = array("h", data)
        data.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(CHANNELS)
        w.setsampwidth(WIDTH)
        w.setframerate(RATE)
        w.writeframes(data.tobytes())
    return out.getvalue()


def silence(seconds: float) -> bytes:
    """A pause of `seconds` as a WAV file."""
    if seconds < 0:
        raise ValueError(f"a pause cannot last {seconds} s")
    return to_wav(array("h", bytes(2 * round(seconds * RATE))))


def tone(frequency: float, seconds: float, volume: float = 0.3) -> bytes:
    """A plain sine with 10 ms fades, so it starts and stops without a click."""
    count = round(seconds * RATE)
    fade = min(round(0.01 * RATE), count // 2) or 1
    return to_wav(
        round(PEAK * volume * min(1.0, i / fade, (count - i) / fade) * math.sin(2 * math.pi * frequency * i / RATE))
        for i in range(count)
    )


def chime() -> bytes:
    """Ding-dong (E5 then C5, about one second), soft bell tones that die away.

    Played before every call, so the hall looks up before the number is said.
    """
    total = round(1.0 * RATE)
    notes = ((659.25, 0.0), (523.25, 0.42))  # (frequency, start in seconds)
    mix = [0.0] * total
    for frequency, start in notes:
        first = round(start * RATE)
        for i in range(total - first):
            t = i / RATE
            envelope = min(1.0, t / 0.008) * math.exp(-t * 4.5)
            partials = math.sin(2 * math.pi * frequency * t) + 0.3 * math.sin(4 * math.pi * frequency * t)
            mix[first + i] += envelope * partials
    fade = round(0.05 * RATE)
    for i in range(fade):
        mix[total - 1 - i] *= i / fade
    scale = 0.3 * PEAK / max(abs(x) for x in mix)
    return to_wav(round(x * scale) for x in mix)


def concatenate(pieces: Iterable[bytes]) -> bytes:
    """The WAV files one after another, in the one format whatever each was."""
    joined = array("h")
    for piece in pieces:
        joined.extend(samples(piece))
    return to_wav(joined)


def duration(wav_bytes: bytes) -> float:
    """Length in seconds."""
    rate, channels, width, frames = _read(wav_bytes)
    return len(frames) / (channels * width) / rate


def _read(wav_bytes: bytes) -> tuple[int, int, int, bytes]:
    try:
        try:
            return _open(wav_bytes)
        except wave.Error as error:
            # Python 3.11's wave knows only format 1; a PCM "extensible" header (24-bit
            # recorders, ffmpeg) is still plain PCM once its format tag says so.
            if f"unknown format: {_EXTENSIBLE}" not in str(error):
                raise
            return _open(_as_plain_pcm(wav_bytes))
    except wave.Error as error:
        kind = "a PCM" if "unknown format" in str(error) else "a"
        raise AudioError(f"not {kind} WAV file: {error}") from None
    except (EOFError, struct.error) as error:
        raise AudioError(f"not a complete WAV file: {str(error) or 'it ends too soon'}") from None


def _open(wav_bytes: bytes) -> tuple[int, int, int, bytes]:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        frames = w.readframes(w.getnframes())
    if rate <= 0 or channels <= 0 or width not in (1, 2, 3, 4):
        raise AudioError(f"unsupported WAV: {rate} Hz, {channels} channels, {8 * width}-bit")
    return rate, channels, width, frames[: len(frames) - len(frames) % (channels * width)]


def _as_plain_pcm(wav_bytes: bytes) -> bytes:
    """The same file with its WAVE_FORMAT_EXTENSIBLE tag replaced by PCM, if its subformat is PCM."""
    at = 12
    while at + 8 <= len(wav_bytes):
        chunk, size = wav_bytes[at : at + 4], int.from_bytes(wav_bytes[at + 4 : at + 8], "little")
        if chunk == b"fmt ":
            if size < 40 or wav_bytes[at + 32 : at + 48] != _PCM_SUBFORMAT:
                raise AudioError("not a PCM WAV file: an extensible format that is not PCM")
            return wav_bytes[: at + 8] + (1).to_bytes(2, "little") + wav_bytes[at + 10 :]
        at += 8 + size + size % 2
    raise AudioError("not a WAV file: no format chunk")


def _to_16_bit(frames: bytes, width: int) -> array[int]:
    if width == 1:  # unsigned 8-bit
        return array("h", ((b - 128) << 8 for b in frames))
    if width == 2:
        pcm = array("h", frames)
        if sys.byteorder == "big":
            pcm.byteswap()
        return pcm
    # 24- and 32-bit: keep the two most significant bytes of each little-endian sample
    ends = range(width, len(frames) + 1, width)
    return array("h", (int.from_bytes(frames[i - 2 : i], "little", signed=True) for i in ends))


def _mono(pcm: array[int], channels: int) -> array[int]:
    if channels == 1:
        return pcm
    return array("h", (sum(pcm[i : i + channels]) // channels for i in range(0, len(pcm), channels)))


def _resample(pcm: array[int], rate: int) -> array[int]:
    if rate == RATE or not pcm:
        return pcm
    count = max(1, round(len(pcm) * RATE / rate))
    last = len(pcm) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        position = i * rate / RATE
        j = min(int(position), last)
        fraction = position - j
        following = pcm[j + 1] if j < last else pcm[j]
        out[i] = round(pcm[j] + (following - pcm[j]) * fraction)
    return out
