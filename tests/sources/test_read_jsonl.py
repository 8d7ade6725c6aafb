"""JSON Lines files (the gold format): streamed, one document or rejection per line."""

from __future__ import annotations

import json
import tracemalloc

import pytest
from support_sources import BODY, jsonl, only, record

from tcwatch.model import Document, Rejection, content_hash
from tcwatch.sources import ReadOptions
from tcwatch.sources.records import jsonl_items


def test_gold_record_becomes_a_document(write, read):
    """Every gold field is carried over; extra keys (facts, relevant) are ignored."""
    path = write("news.jsonl", jsonl(record(relevant=True, facts=[{"type": "talks"}])))
    doc = only(read(path))
    assert doc == Document(
        id="n1",
        date="2025-05-06",
        text="Talks continue\n\n" + BODY,
        title="Talks continue",
        url="https://example.org/n1",
        source="Example Wire",
        origin=f"{path}:1",
    )


def test_text_stays_as_given_when_it_lacks_the_title(write, read):
    """The title is not prepended: gold text already holds what it should."""
    doc = only(read(write("news.jsonl", jsonl(record(title="Another title", text=BODY)))))
    assert doc.text == BODY and doc.title == "Another title"


def test_missing_id_is_derived_from_the_content(write, read):
    """No id, an empty id or a numeric one: sha- and the content hash, or the number as text."""
    items = read(write("news.ndjson", jsonl(record(id=...), record(id=""), record(id=7))))
    assert [d.id for d in items] == ["sha-" + content_hash(record()["text"])[:16]] * 2 + ["7"]


def test_malformed_line_amid_good_lines(write, read):
    """A broken line is rejected with its line number; the good lines around it are still read."""
    path = write("news.jsonl", jsonl(record(id="a"), '{"id": "b", "date": ', record(id="c")))
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Document"]
    assert items[1].origin == f"{path}:2"
    assert items[1].reason.startswith("malformed JSON (")
    assert str(items[1]).startswith(f"{path}:2: malformed JSON (")
    assert [items[0].id, items[2].id] == ["a", "c"]


def test_blank_lines_are_skipped_and_line_numbers_stay_physical(write, read):
    """Blank lines yield nothing, and origins count every line of the file."""
    path = write("news.jsonl", "\n" + jsonl(record(id="a")) + "   \n" + jsonl(record(id="b")))
    assert [d.origin for d in read(path)] == [f"{path}:2", f"{path}:4"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"text": ...}, "missing field 'text'"),
        ({"date": ...}, "missing field 'date' (or give --date)"),
        ({"date": ""}, "missing field 'date' (or give --date)"),
        ({"date": 20250506}, "field 'date' must be a string, not a number"),
        ({"text": ["a"]}, "field 'text' must be a string, not a list"),
        ({"title": 3}, "field 'title' must be a string, not a number"),
        ({"date": "2025-02-30"}, "impossible date '2025-02-30' (no such day)"),
        ({"date": "2025-05"}, "incomplete date '2025-05' (a publication date needs a year, month and day)"),
        ({"text": "  "}, "empty text (nothing but whitespace)"),
        ({"text": "Too short."}, "text too short (10 characters; at least 20 needed)"),
    ],
)
def test_bad_records_name_the_problem(write, read, changes, reason):
    """Each bad record is one rejection whose reason names the field and the fault."""
    path = write("news.jsonl", jsonl(record(**changes)))
    assert only(read(path)) == Rejection(f"{path}:1", reason)


def test_missing_date_is_filled_by_default_date(write, read):
    """A record without a date takes --date; one with a date keeps its own."""
    items = read(write("news.jsonl", jsonl(record(date=...), record(date="2024-12-31"))), default_date="2025-01-02")
    assert [d.date for d in items] == ["2025-01-02", "2024-12-31"]


def test_dates_are_normalised(write, read):
    """ISO datetimes and written dates in records become YYYY-MM-DD."""
    items = read(write("news.jsonl", jsonl(record(date="2025-05-06T23:10:00+02:00"), record(date="6 May 2025"))))
    assert [d.date for d in items] == ["2025-05-06", "2025-05-06"]


def test_not_an_object(write, read):
    """A line that is valid JSON but not an object is rejected."""
    path = write("news.jsonl", '["a", "b"]\n')
    assert only(read(path)).reason == "not a JSON object (found a list)"


def test_bom_and_cp1252_lines(write, read):
    """A UTF-8 BOM on line 1 is ignored; a cp1252 line still decodes."""
    good = json.dumps(record(id="a"), ensure_ascii=False).encode("utf-8")
    legacy = json.dumps(record(id="b", title="Caf\u00e9"), ensure_ascii=False).encode("cp1252")
    items = read(write("news.jsonl", b"\xef\xbb\xbf" + good + b"\n" + legacy + b"\n"))
    assert [d.id for d in items] == ["a", "b"] and items[1].title == "Café"


def test_empty_jsonl_file_is_rejected(write, read):
    """A JSONL file with no lines at all is one rejection."""
    path = write("news.jsonl", "")
    assert only(read(path)) == Rejection(path, "empty file (no JSON lines)")


def test_lines_are_pulled_one_at_a_time():
    """The reader takes a line from its source only when the next item is asked for."""
    pulled = []

    def source():
        for n in range(20_000):
            pulled.append(n)
            yield (json.dumps(record(id=f"n{n}")) + "\n").encode()

    items = jsonl_items(source(), "feed.jsonl", ReadOptions())
    first = next(items)
    assert first.id == "n0" and len(pulled) == 1
    next(items)
    assert len(pulled) == 2


def test_big_file_is_streamed_not_loaded(write, read, tmp_path):
    """Reading a 20k-line file keeps far less in memory than the file holds."""
    line = json.dumps(record(text="Talks continue\n\n" + BODY * 3)) + "\n"
    path = write("big.jsonl", line * 20_000)
    size = len(line) * 20_000
    from tcwatch.sources import read_inputs

    tracemalloc.start()
    try:
        count = 0
        for item in read_inputs([path], ReadOptions()):
            assert isinstance(item, Document)
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_000
    assert peak < size / 10
