"""Bytes to text: size caps, binary sniffing and the encoding fallbacks.

Reading never takes more than the cap (one byte more, to tell "exactly at the
limit" from "over it"), so an oversized pipe or a growing file cannot exhaust
memory.
"""

from __future__ import annotations

import codecs
import io
import re
from typing import BinaryIO, Iterable, Iterator

from ..errors import DocumentRejected

MiB = 1024 * 1024
#: How much of a file's head is looked at to tell text from binary.
SNIFF_BYTES = 8192

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: C0 control characters that never occur in text (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8 = ("utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig")


class TooLarge(Exception):
    """An input went past the byte cap while it was being read (internal signal)."""

    def __init__(self, cap: int, lines: int = 0):
        super().__init__(cap)
        self.cap = cap
        self.lines = lines


def size_label(n: int) -> str:
    """``50 MiB``, ``1.5 MiB``, ``300 bytes``."""
    if n >= MiB:
        value = n / MiB
        return f"{value:.0f} MiB" if value.is_integer() else f"{value:.1f} MiB"
    if n >= 1024:
        value = n / 1024
        return f"{value:.0f} KiB" if value.is_integer() else f"{value:.1f} KiB"
    return f"{n} bytes"


def read_capped(stream: BinaryIO, cap: int) -> bytes:
    """All of ``stream``, or :class:`TooLarge` once it passes ``cap`` bytes."""
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise TooLarge(cap)
    return data


def capped_lines(stream: BinaryIO, cap: int) -> Iterator[bytes]:
    """The lines of ``stream`` (bytes, with their newline); :class:`TooLarge` past ``cap`` bytes in all."""
    used = 0
    count = 0
    while True:
        line = stream.readline(cap - used + 1)
        if not line:
            return
        used += len(line)
        if used > cap:
            raise TooLarge(cap, count)
        count += 1
        yield line


def is_utf16(head: bytes) -> bool:
    return head.startswith(_UTF16_BOMS)


def looks_binary(head: bytes) -> bool:
    """True when ``head`` (the start of an input) holds NUL bytes and is not UTF-16 text."""
    return b"\x00" in head and not is_utf16(head)


def looks_binary_lines(head: bytes) -> bool:
    """For a line format (JSON Lines, CSV): binary when most lines of ``head`` hold NUL bytes.

    One record with a NUL byte is a bad line, rejected alone, wherever it sits in the file; a
    file whose lines mostly do is not text at all.
    """
    if not looks_binary(head):
        return False
    lines = head.split(b"\n")
    if len(lines) > 2 and not head.endswith(b"\n"):
        lines = lines[:-1]  # the last one may be cut by the sniff
    return sum(b"\x00" in line for line in lines) * 2 > len(lines)


def decode_text(data: bytes, encodings: Iterable[str]) -> str:
    """``data`` as text: UTF-16 when it has a BOM, else the first of ``encodings`` that fits.

    A legacy (non-UTF-8) encoding only counts as fitting when the result holds no
    control characters: cp1252 decodes almost any byte string, binary included.
    """
    if is_utf16(data):
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise DocumentRejected("unreadable encoding (a UTF-16 mark, but not valid UTF-16)") from None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding.lower() not in _UTF8 and _CONTROL.search(text):
            continue
        return text.removeprefix("\ufeff")
    raise DocumentRejected(f"unreadable encoding (not {encoding_names(encodings)} text)")


def check_not_binary_text(text: str) -> None:
    """Reject decoded text that is mostly control characters (binary that happened to decode)."""
    sample = text[:SNIFF_BYTES]
    controls = len(_CONTROL.findall(sample))
    if controls > 8 and controls * 100 > len(sample):
        raise DocumentRejected("binary file (full of control characters), not text")


def transcode_utf16_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a UTF-16 stream (with BOM), re-encoded as UTF-8 bytes."""
    wrapper = io.TextIOWrapper(stream, encoding="utf-16", newline="")
    try:
        for line in wrapper:
            yield line.encode("utf-8")
    except UnicodeDecodeError:
        raise DocumentRejected("unreadable encoding (a UTF-16 mark, but not valid UTF-16)") from None
    finally:
        try:
            wrapper.detach()
        except ValueError:  # the file was closed first (its reader stopped early, at a bad header)
            pass


class TextToBytes(io.RawIOBase):
    """A binary view of a text stream (for a ``stdin`` given as ``io.StringIO`` or similar).

    Characters that a ``surrogateescape`` reader kept from undecodable bytes go
    back to those bytes, so the encoding fallbacks see what was really sent.
    """

    def __init__(self, stream):
        self._stream = stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self._pending:
            chunk = self._stream.read(64 * 1024)
            if not chunk:
                return 0
            self._pending = _encode(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def binary_stream(stream) -> BinaryIO:
    """A binary stream to read ``stream`` through, whether it is a text or a binary one."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    if isinstance(stream, io.TextIOBase) or isinstance(stream.read(0), str):
        return io.BufferedReader(TextToBytes(stream))
    return stream


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def encoding_names(encodings: Iterable[str]) -> str:
    names = []
    for encoding in encodings:
        label = "UTF-8" if encoding.lower() in _UTF8 else encoding
        if label not in names:
            names.append(label)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]
