"""Bad inputs: each one a Rejection with a reason, and the inputs after it still read."""

from __future__ import annotations

import os

import pytest
from support_sources import BODY, TODAY, jsonl, only, record

from tcwatch.model import Document, Rejection
from tcwatch.sources import ReadOptions, read_inputs
from tcwatch.sources import readers

BINARY = "binary file (contains NUL bytes), not text"


@pytest.mark.parametrize("name", ["blob.txt", "blob.jsonl", "blob.csv", "blob.html"])
def test_binary_file(write, read, name):
    """A file with NUL bytes is binary, whatever its extension says."""
    path = write(name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert only(read(path, default_date="2025-05-06")) == Rejection(path, BINARY)


def test_binary_line_in_jsonl(write, read):
    """A NUL byte past the sniffed head rejects only its line."""
    path = write("news.jsonl", jsonl(*[record(id=f"n{i}") for i in range(40)]).encode() + b'{"id": "x\x00"}\n')
    items = read(path)
    assert len(items) == 41 and items[-1] == Rejection(f"{path}:41", "binary data (NUL bytes) in this line")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty text (the input is empty or whitespace only)"),
        (" \n\t \n", "empty text (the input is empty or whitespace only)"),
        ("date 2025-05-06\n   \n", "empty text"),
        ("2025-05-06\nToo short.\n", "text too short (10 characters; at least 20 needed)"),
    ],
)
def test_empty_or_short_text(write, read, content, reason):
    """Empty, whitespace-only and too-short texts are rejected, saying which."""
    path = write("empty.txt", content)
    assert only(read(path, default_date="2025-05-06")) == Rejection(path, reason)


def test_min_chars_is_configurable(write, read):
    """The short-text threshold comes from the options."""
    path = write("short.txt", "2025-05-06\nToo short.\n")
    assert isinstance(only(read(path, min_chars=5)), Document)


@pytest.mark.parametrize(
    "content",
    [
        b"2025-05-06\nNot text \x81\x8d\x8f\x90\x9d " + BODY.encode(),  # neither UTF-8 nor cp1252
        b"2025-05-06\n\x01\x02\x03 caf\xe9 " + BODY.encode(),  # cp1252 only with control characters
    ],
)
def test_unreadable_encoding(write, read, content):
    """Bytes that no allowed encoding reads cleanly are rejected."""
    path = write("odd.txt", content)
    assert only(read(path)) == Rejection(path, "unreadable encoding (not UTF-8 or cp1252 text)")


def test_encodings_are_configurable(write, read):
    """With only UTF-8 allowed, a cp1252 file is rejected."""
    path = write("legacy.txt", f"2025-05-06\ncaf\u00e9 {BODY}", encoding="cp1252")
    assert only(read(path, encodings=("utf-8",))) == Rejection(path, "unreadable encoding (not UTF-8 text)")


@pytest.mark.parametrize(
    ("first_line", "reason"),
    [
        ("2025-02-30", "impossible date '2025-02-30' (no such day)"),
        ("30 February 2025", "impossible date '30 February 2025' (no such day)"),
        ("1850-06-01", "implausible date '1850-06-01' (before 1900)"),
        ("2027-02-01", "implausible date '2027-02-01' (more than a year in the future)"),
    ],
)
def test_impossible_or_implausible_date(write, read, first_line, reason):
    """A date that names no real day, or no plausible publication day, is rejected."""
    path = write("dated.txt", f"{first_line}\n{BODY}")
    assert only(read(path)) == Rejection(path, reason)


def test_impossible_date_in_seed(write, read):
    """A seed file with an impossible date is rejected too."""
    path = write("seed.txt", f"date 2025-13-01 {BODY}")
    assert only(read(path)) == Rejection(path, "impossible date '2025-13-01' (no such day)")


def test_oversized_file_is_rejected_before_reading(write, read, tmp_path, monkeypatch):
    """A sparse file over the 50 MiB default is rejected from its size alone, unopened."""
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    monkeypatch.setattr(readers, "open", _no_open, raising=False)
    assert only(read(str(path))) == Rejection(str(path), "file too large (60 MiB; the limit is 50 MiB)")


def test_max_bytes_is_configurable(write, read):
    """With a small max_bytes, a file just over it is rejected and one at it is read."""
    text = f"2025-05-06\n{BODY}"
    at_limit = write("ok.txt", text)
    over = write("big.txt", text + "!")
    size = len(text.encode())
    items = read([over, at_limit], max_bytes=size)
    assert items[0] == Rejection(over, f"file too large ({size + 1} bytes; the limit is {size} bytes)")
    assert isinstance(items[1], Document)


def test_missing_path(read, tmp_path):
    """A path that does not exist is a rejection, and the next path is still read."""
    missing = str(tmp_path / "nope.txt")
    assert read([missing]) == [Rejection(missing, "no such file or directory")]


def test_unreadable_file(write, read, monkeypatch):
    """A file that cannot be opened (permission) is a rejection naming the cause."""
    path = write("locked.txt", f"2025-05-06\n{BODY}")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(readers, "open", denied, raising=False)
    assert only(read(path)) == Rejection(path, "permission denied (cannot read it)")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_for_real(write, read):
    """The same, with real file permissions."""
    path = write("locked.txt", f"2025-05-06\n{BODY}")
    os.chmod(path, 0)
    assert only(read(path)) == Rejection(path, "permission denied (cannot read it)")


def test_unsupported_file_type(write, read):
    """An unknown extension is rejected, listing the ones that are read."""
    path = write("report.pdf", b"%PDF-1.7")
    assert only(read(path)) == Rejection(
        path, "unsupported file type '.pdf' (expected .csv, .htm, .html, .jsonl, .ndjson or .txt)"
    )


def test_bad_inputs_do_not_stop_the_rest(write, read, tmp_path):
    """Reading goes on after every kind of bad input."""
    good = write("good.txt", f"2025-05-06\n{BODY}")
    paths = [
        str(tmp_path / "missing.txt"),
        write("blob.txt", b"\x00\x01"),
        write("empty.txt", ""),
        write("x.pdf", b"%PDF"),
        write("news.jsonl", "{not json}\n"),
        good,
    ]
    items = list(read_inputs(paths, ReadOptions(today=TODAY)))
    assert [type(i).__name__ for i in items] == ["Rejection"] * 5 + ["Document"]
    assert items[-1].origin == good


def _no_open(*args, **kwargs):
    raise AssertionError("an oversized file must not be opened")
