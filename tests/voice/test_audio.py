"""WAV helpers: one output format, inputs of any PCM format, the chime, read back with `wave`."""

from __future__ import annotations

import io
import struct
import wave
from collections.abc import Callable

import pytest

from display_board.voice.audio import AudioError, chime, concatenate, duration, samples, silence, tone

FRAME = 1 / 22050


def params(wav_bytes: bytes) -> tuple[int, int, int, int]:
    with wave.open(io.BytesIO(wav_bytes), "rb") as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()


def zero_crossings(wav_bytes: bytes) -> int:
    pcm = samples(wav_bytes)
    return sum(1 for a, b in zip(pcm, pcm[1:]) if (a < 0) != (b < 0))


def test_the_chime_is_a_real_wav_of_about_a_second() -> None:
    sound = chime()
    channels, width, rate, frames = params(sound)
    assert (channels, width, rate) == (1, 2, 22050)
    assert 0.8 <= frames / rate <= 1.2
    pcm = samples(sound)
    loudest = max(abs(x) for x in pcm)
    assert 8000 < loudest < 32767  # clearly audible, never clipped
    assert abs(pcm[0]) < 500 and max(abs(x) for x in pcm[-50:]) < 500  # no click at either end
    assert chime() == sound


def test_the_chime_has_two_tones() -> None:
    pcm = samples(chime())
    half = len(pcm) // 2

    def crossings(start: int) -> int:
        return sum(1 for a, b in zip(pcm[start : start + 5000], pcm[start + 1 : start + 5001]) if (a < 0) != (b < 0))

    first, second = crossings(1000), crossings(half + 2000)
    assert first > second * 1.15  # ding (E5) higher than dong (C5)


def test_silence() -> None:
    pause = silence(0.5)
    assert params(pause) == (1, 2, 22050, 11025)
    assert not any(samples(pause))
    assert duration(silence(0)) == 0
    with pytest.raises(ValueError):
        silence(-1)


def test_tone_has_its_pitch_and_length() -> None:
    beep = tone(440, 1.0)
    assert duration(beep) == 1.0
    assert abs(zero_crossings(beep) - 880) <= 2


@pytest.mark.parametrize(
    ("rate", "channels", "width"),
    [(22050, 1, 2), (44100, 2, 2), (8000, 1, 1), (48000, 1, 3), (16000, 2, 4), (11025, 1, 2)],
)
def test_any_pcm_format_is_brought_to_22050_mono_16_bit(
    wav: Callable[..., bytes], rate: int, channels: int, width: int
) -> None:
    source = wav(0.5, 440, rate=rate, channels=channels, width=width)
    assert duration(source) == pytest.approx(0.5, abs=1 / rate)
    converted = concatenate([source])
    assert params(converted)[:3] == (1, 2, 22050)
    assert duration(converted) == pytest.approx(duration(source), abs=FRAME)
    assert abs(zero_crossings(converted) - 440) <= 3  # same pitch after resampling
    assert 15000 < max(abs(x) for x in samples(converted)) < 17000  # half volume stays half volume


def test_concatenate_across_formats_adds_the_lengths(wav: Callable[..., bytes]) -> None:
    pieces = [
        wav(0.5, 440, rate=44100, channels=2),
        silence(0.25),
        wav(0.25, 660, rate=8000, width=1),
        wav(0.3, 330, rate=48000, width=3),
    ]
    joined = concatenate(pieces)
    assert params(joined)[:3] == (1, 2, 22050)
    assert duration(joined) == pytest.approx(1.3, abs=4 * FRAME)
    assert concatenate([]) == silence(0)


def test_stereo_is_mixed_down(wav: Callable[..., bytes]) -> None:
    left_only = bytearray()
    for sample in samples(wav(0.1, 440)):
        left_only += struct.pack("<hh", sample, 0)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(bytes(left_only))
    mono = samples(out.getvalue())
    assert max(abs(x) for x in mono) == pytest.approx(16383 / 2, abs=2)


def test_extensible_pcm_headers_are_read(raw_wav: Callable[[bytes, bytes], bytes]) -> None:
    pcm = b"".join(struct.pack("<i", v)[:3] for v in (0, 1 << 22, -(1 << 22), 0) * 2205)  # 24-bit
    guid = b"\x01\x00\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    fmt = struct.pack("<HHIIHHHHI", 0xFFFE, 1, 22050, 22050 * 3, 3, 24, 22, 24, 4) + guid
    sound = raw_wav(fmt, pcm)
    assert duration(sound) == pytest.approx(8820 / 22050)
    assert max(samples(sound)) == 1 << 14


@pytest.mark.parametrize(
    "data",
    [b"", b"not a wav at all", b"RIFF\x04\x00\x00\x00WAVE", silence(1)[:30]],
    ids=["empty", "text", "header only", "truncated"],
)
def test_what_is_not_a_wav_is_an_audio_error(data: bytes) -> None:
    with pytest.raises(AudioError):
        duration(data)
    with pytest.raises(AudioError):
        concatenate([silence(0.1), data])


def test_float_wav_is_not_pcm(raw_wav: Callable[[bytes, bytes], bytes]) -> None:
    fmt = struct.pack("<HHIIHH", 3, 1, 22050, 22050 * 4, 4, 32)
    with pytest.raises(AudioError, match="not a PCM WAV"):
        samples(raw_wav(fmt, struct.pack("<4f", 0.0, 0.5, -0.5, 0.0)))
