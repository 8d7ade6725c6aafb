"""Folders (recursive, sorted, hidden skipped), standard input, and count_inputs."""

from __future__ import annotations

import io
import json
import os

import pytest
from support_sources import BODY, TODAY, jsonl, only, record

from tcwatch.model import Document, Rejection
from tcwatch.sources import ReadOptions, count_inputs, read_inputs


@pytest.fixture
def folder(write, tmp_path):
    """A folder of mixed inputs, nested, with hidden and unsupported files."""
    write("in/b.txt", f"2025-05-02\n{BODY}")
    write("in/a.jsonl", jsonl(record(id="a1"), record(id="a2")))
    write("in/sub/c.csv", f"id,date,text\nc1,2025-05-03,\"{BODY}\"\n")
    write("in/sub/deeper/d.html", "<html><body><article><p>" + BODY + "</p></article></body></html>")
    write("in/notes.md", "# notes")
    write("in/.hidden.txt", f"2025-05-02\n{BODY}")
    write("in/.git/config.txt", f"2025-05-02\n{BODY}")
    return tmp_path / "in"


def test_folder_is_read_recursively_in_name_order(folder, read):
    """Files are read depth first in name order; hidden ones are skipped; unknown types rejected."""
    items = read(str(folder), default_date="2025-05-04")
    origins = [os.path.relpath(i.origin, folder) for i in items]
    assert origins == ["a.jsonl:1", "a.jsonl:2", "b.txt", "notes.md", "sub/c.csv:2", "sub/deeper/d.html"]
    assert isinstance(items[3], Rejection) and items[3].reason.startswith("unsupported file type '.md'")
    assert [i.date for i in items if isinstance(i, Document)] == [
        "2025-05-06", "2025-05-06", "2025-05-02", "2025-05-03", "2025-05-04",
    ]


def test_symlink_loop_does_not_recurse_forever(write, read, tmp_path):
    """A link back to a parent folder is walked once."""
    write("loop/a.txt", f"2025-05-02\n{BODY}")
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "again")
    assert len(read(str(tmp_path / "loop"))) == 1


def test_count_inputs(folder):
    """One per text, HTML or unsupported file, one per JSONL line, one per CSV row."""
    assert count_inputs([str(folder)]) == 2 + 1 + 1 + 1 + 1
    assert count_inputs([str(folder / "a.jsonl"), str(folder / "missing.txt")]) == 3
    assert count_inputs(["-"]) is None


def test_count_matches_what_is_read_for_a_big_jsonl(write):
    """For a JSONL file the estimate is exact."""
    path = write("big.jsonl", jsonl(*[record(id=f"n{i}") for i in range(500)]) + "\n\n")
    assert count_inputs([path]) == 500 == len(list(read_inputs([path], ReadOptions(today=TODAY))))


def stdin_read(data, **options):
    options.setdefault("today", TODAY)
    return list(read_inputs(["-"], ReadOptions(stdin=data, **options)))


def test_stdin_jsonl():
    """Standard input that starts with { is JSON Lines; origins are -:LINE."""
    items = stdin_read(io.StringIO("\n  " + jsonl(record(id="s1"), "{oops", record(id="s2"))))
    assert [i.origin for i in items] == ["-:2", "-:3", "-:4"]
    assert isinstance(items[1], Rejection) and items[1].reason.startswith("malformed JSON")
    assert [items[0].id, items[2].id] == ["s1", "s2"]


def test_stdin_seed_and_plain_text():
    """Other standard input is one text document, seed or plain."""
    seed = only(stdin_read(io.StringIO(f"date 2025-05-06 {BODY}")))
    plain = only(stdin_read(io.StringIO(BODY), default_date="2025-05-07"))
    assert (seed.origin, seed.date, seed.text) == ("-", "2025-05-06", BODY)
    assert (plain.date, plain.text) == ("2025-05-07", BODY)


def test_stdin_binary_stream_with_legacy_encoding():
    """A binary stdin gets the same encoding fallbacks and binary check as files."""
    doc = only(stdin_read(io.BytesIO(f"2025-05-06\ncaf\u00e9 {BODY}".encode("cp1252"))))
    assert doc.text.startswith("café")
    assert only(stdin_read(io.BytesIO(b"\x00\x01\x02"))).reason == "binary file (contains NUL bytes), not text"


def test_stdin_empty():
    """Empty standard input is one rejection."""
    assert only(stdin_read(io.StringIO(""))) == Rejection("-", "empty text (the input is empty or whitespace only)")


def test_stdin_stops_reading_past_the_cap():
    """Past max_bytes, reading stops: the lines before are kept, then one rejection."""
    line = json.dumps(record()) + "\n"
    stream = io.BytesIO(line.encode() * 1000)
    items = stdin_read(stream, max_bytes=len(line) * 3 + 10)
    assert [type(i).__name__ for i in items] == ["Document"] * 3 + ["Rejection"]
    assert items[-1].origin == "-"
    assert items[-1].reason.startswith("input too large (more than ")
    assert items[-1].reason.endswith("; stopped reading after line 3)")
    assert stream.tell() < len(line) * 5


def test_stdin_text_past_the_cap():
    """A text on stdin over max_bytes is rejected without being read whole."""
    stream = io.StringIO("2025-05-06\n" + "x" * 10_000)
    assert only(stdin_read(stream, max_bytes=1000)) == Rejection(
        "-", "input too large (more than 1000 bytes; stopped reading)"
    )


def test_stdin_defaults_to_sys_stdin(monkeypatch):
    """Without options.stdin, sys.stdin is read."""
    monkeypatch.setattr("sys.stdin", io.StringIO(jsonl(record(id="sys"))))
    assert only(list(read_inputs(["-"], ReadOptions(today=TODAY)))).id == "sys"


def test_a_single_path_is_not_taken_for_a_list_of_characters(write):
    """read_inputs and count_inputs also take one path on its own."""
    path = write("one.txt", f"2025-05-06\n{BODY}")
    assert only(list(read_inputs(path, ReadOptions(today=TODAY)))).origin == path
    assert count_inputs(path) == 1
