"""Read files, folders and standard input as documents: one Document or one Rejection per input.

Formats by extension (``.txt`` seed or plain text, ``.jsonl``/``.ndjson``,
``.csv``, ``.html``/``.htm``); a folder is read recursively in name order,
hidden entries skipped; ``-`` is standard input, read as JSON Lines when it
starts with ``{`` and as text otherwise. A bad input becomes a
:class:`~tcwatch.model.Rejection` with a reason, never an exception, so the
inputs after it are still read.
"""

from __future__ import annotations

import csv
import itertools
import os
import stat
import sys
from typing import Iterable, Iterator, Union

from ..errors import DocumentRejected
from ..model import Document, Rejection
from .decode import (
    SNIFF_BYTES,
    TooLarge,
    binary_stream,
    capped_lines,
    check_not_binary_text,
    decode_text,
    is_utf16,
    looks_binary_lines,
    read_capped,
    size_label,
    transcode_utf16_lines,
)
from .options import ReadOptions
from .records import csv_items, jsonl_items, parse_text, raise_field_limit

PathLike = Union[str, "os.PathLike[str]"]

#: File extensions read, and the format each one means.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
}
STDIN = "-"

BINARY = "binary file (contains NUL bytes), not text"
_UTF8_BOM = b"\xef\xbb\xbf"


def read_inputs(paths: Iterable[PathLike], options: ReadOptions | None = None) -> Iterator[Document | Rejection]:
    """Every document in ``paths`` (files, folders, ``-``), and a rejection for every bad one.

    Lazy and streaming: a JSONL or CSV file is read a line at a time. Raises only
    on programming errors, never because of what an input holds.
    """
    options = options or ReadOptions()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in paths:
        yield from read_input(path, options)


def read_input(path: PathLike, options: ReadOptions | None = None) -> Iterator[Document | Rejection]:
    """The documents and rejections of one path (a file, a folder or ``-``)."""
    options = options or ReadOptions()
    name = os.fspath(path)
    if name == STDIN:
        yield from _read_stdin(options)
        return
    try:
        info = os.stat(name)
    except OSError as exc:
        yield Rejection(name or "''", _os_reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        for item in _walk(name, set()):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from _read_file(*item, options)
    else:
        yield from _read_file(name, info, options)


def count_inputs(paths: Iterable[PathLike], options: ReadOptions | None = None) -> int | None:
    """About how many items :func:`read_inputs` will yield for ``paths``; None when it cannot tell (``-``).

    Cheap: one item per text or HTML file, the non-blank lines of a JSONL file,
    the rows of a CSV file (without decoding or checking them). Meant for a
    progress bar that advances once per yielded Document or Rejection.
    """
    options = options or ReadOptions()
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    total = 0
    for path in paths:
        name = os.fspath(path)
        if name == STDIN:
            return None
        try:
            info = os.stat(name)
        except OSError:
            total += 1
            continue
        if stat.S_ISDIR(info.st_mode):
            for item in _walk(name, set()):
                total += 1 if isinstance(item, Rejection) else _count_file(*item, options)
        else:
            total += _count_file(name, info, options)
    return total


def supported_format(path: PathLike) -> str | None:
    """The format a path is read as (``text``, ``jsonl``, ``csv``, ``html``), None when unsupported."""
    return FORMATS.get(os.path.splitext(os.fspath(path))[1].lower())


# --- files ------------------------------------------------------------------------------


def _read_file(path: str, info: os.stat_result, options: ReadOptions) -> Iterator[Document | Rejection]:
    kind = supported_format(path)
    if kind is None:
        yield Rejection(path, _unsupported(path))
        return
    if stat.S_ISREG(info.st_mode) and info.st_size > options.max_bytes:
        yield Rejection(
            path, f"file too large ({size_label(info.st_size)}; the limit is {size_label(options.max_bytes)})"
        )
        return
    try:
        # a buffer of SNIFF_BYTES, so the head sniffed below is that long whatever the file system's block size
        handle = open(path, "rb", buffering=SNIFF_BYTES)
    except OSError as exc:
        yield Rejection(path, _os_reason(exc))
        return
    with handle:
        try:
            if kind in ("jsonl", "csv"):
                head = handle.peek(SNIFF_BYTES)[:SNIFF_BYTES]
                if looks_binary_lines(head):
                    yield Rejection(path, BINARY)
                    return
                if is_utf16(head):
                    lines = transcode_utf16_lines(handle)
                else:
                    lines = capped_lines(handle, options.max_bytes)
                items = jsonl_items if kind == "jsonl" else csv_items
                yield from items(lines, path, options)
            else:
                try:
                    data = read_capped(handle, options.max_bytes)
                except TooLarge:
                    yield Rejection(path, f"file too large (more than {size_label(options.max_bytes)})")
                    return
                yield _whole(kind, data, path, options)
        except OSError as exc:
            yield Rejection(path, _os_reason(exc))


def _whole(kind: str, data: bytes, origin: str, options: ReadOptions) -> Document | Rejection:
    """One text or HTML input read whole."""
    try:
        if b"\x00" in data and not is_utf16(data):
            raise DocumentRejected(BINARY)
        if kind == "html":
            if not data.strip():
                raise DocumentRejected("empty file")
            from .html import parse_html

            return parse_html(data, origin, options)
        text = decode_text(data, options.encodings)
        check_not_binary_text(text)
        return parse_text(text, origin, options)
    except DocumentRejected as exc:
        return Rejection(origin, str(exc))


def _walk(folder: str, seen: set) -> Iterator[tuple[str, os.stat_result] | Rejection]:
    """The files under ``folder`` in name order, depth first; hidden entries skipped, symlink loops cut."""
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield Rejection(folder, f"cannot list the folder: {_os_reason(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except OSError as exc:
            yield Rejection(entry.path, _os_reason(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(entry.path, seen)
        else:
            yield entry.path, info


def _count_file(path: str, info: os.stat_result, options: ReadOptions) -> int:
    kind = supported_format(path)
    if kind not in ("jsonl", "csv") or (stat.S_ISREG(info.st_mode) and info.st_size > options.max_bytes):
        return 1
    try:
        with open(path, "rb") as handle:
            if kind == "jsonl":
                return max(1, sum(1 for line in handle if line.strip()))
            raise_field_limit(options.max_bytes)
            rows = csv.reader(line.decode("latin-1") for line in handle)
            return max(1, sum(1 for row in rows if any(cell.strip() for cell in row)) - 1)
    except (OSError, csv.Error):
        return 1


# --- standard input -----------------------------------------------------------------------


def _read_stdin(options: ReadOptions) -> Iterator[Document | Rejection]:
    stream = options.stdin if options.stdin is not None else sys.stdin
    if stream is None:
        yield Rejection(STDIN, "no standard input")
        return
    try:
        binary = binary_stream(stream)
        lines = capped_lines(binary, options.max_bytes)
        head: list[bytes] = []
        for line in lines:
            head.append(line)
            if line.strip(b" \t\r\n\f\v" + _UTF8_BOM):
                break
        if head and is_utf16(head[0]):
            yield from _read_utf16_stdin(head, lines, options)
            return
        start = head[-1].lstrip(b" \t\r\n\f\v").removeprefix(_UTF8_BOM).lstrip() if head else b""
        if start.startswith(b"{"):
            yield from jsonl_items(itertools.chain(head, lines), STDIN, options)
            return
        data = b"".join(itertools.chain(head, lines))
    except TooLarge as exc:
        yield Rejection(STDIN, f"input too large (more than {size_label(exc.cap)}; stopped reading)")
        return
    except (OSError, ValueError) as exc:  # ValueError: a closed stream
        yield Rejection(STDIN, f"cannot read standard input ({exc})")
        return
    yield _whole("text", data, STDIN, options)


def _read_utf16_stdin(head: list[bytes], lines: Iterator[bytes], options: ReadOptions) -> Iterator[Document | Rejection]:
    data = b"".join(itertools.chain(head, lines))
    try:
        text = decode_text(data, options.encodings)
    except DocumentRejected as exc:
        yield Rejection(STDIN, str(exc))
        return
    if text.lstrip().startswith("{"):
        yield from jsonl_items((line.encode("utf-8") for line in text.splitlines(keepends=True)), STDIN, options)
    else:
        try:
            yield parse_text(text, STDIN, options)
        except DocumentRejected as exc:
            yield Rejection(STDIN, str(exc))


# --- reasons --------------------------------------------------------------------------------


def _unsupported(path: str) -> str:
    ext = os.path.splitext(path)[1]
    known = sorted(FORMATS)
    expected = ", ".join(known[:-1]) + " or " + known[-1]
    what = f"'{ext}'" if ext else "(no extension)"
    return f"unsupported file type {what} (expected {expected})"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied (cannot read it)"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read it ({exc.strerror or exc})"


__all__ = [
    "FORMATS",
    "STDIN",
    "count_inputs",
    "read_input",
    "read_inputs",
    "supported_format",
]
