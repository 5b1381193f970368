"""WAV files made in the tests themselves, with `wave` alone, in any format."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

MakeWav = Callable[..., bytes]


def make_wav(seconds: float, frequency: float = 440.0, rate: int = 22050, channels: int = 1, width: int = 2) -> bytes:
    """A sine at half volume as a PCM WAV in the given format."""
    frames = bytearray()
    count = round(seconds * rate)
    for i in range(count):
        value = 0.5 * math.sin(2 * math.pi * frequency * i / rate)
        if width == 1:
            sample = bytes([128 + round(127 * value)])
        else:
            sample = round(value * (2 ** (8 * width - 1) - 1)).to_bytes(width, "little", signed=True)
        frames += sample * channels
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return out.getvalue()


def riff(format_chunk: bytes, data: bytes) -> bytes:
    """A RIFF/WAVE file from a raw `fmt ` chunk body and sample data, for headers `wave` cannot write."""
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(format_chunk)) + format_chunk
    body += b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(body)) + body


@pytest.fixture
def wav() -> MakeWav:
    return make_wav


@pytest.fixture
def raw_wav() -> Callable[[bytes, bytes], bytes]:
    return riff


@pytest.fixture
def write_clip(tmp_path: Path) -> Callable[[str, float, float], Path]:
    """Writes `<tmp>/voice/<name>.wav`, a tone of the given length and pitch."""

    def write(name: str, seconds: float, frequency: float = 440.0) -> Path:
        path = tmp_path / "voice" / f"{name}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_wav(seconds, frequency))
        return path

    return write
