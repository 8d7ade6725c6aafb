"""Defects bench/bench_fuzz.py found, one test each (the inputs are the smallest that showed them)."""

from __future__ import annotations

import gc
import json

import pytest

from tcwatch.ingest import ingest_documents, ingest_paths
from tcwatch.model import Document, Rejection
from tcwatch.sources import ReadOptions, read_inputs
from tcwatch.watch.feeds import parse_feed


def good(n: int) -> dict:
    return {"id": f"good-{n}", "date": "2025-05-06", "title": f"Council {n}",
            "text": f"The city council met on Monday to discuss budget item {n} and approved it."}


def test_a_nul_byte_in_the_first_jsonl_line_rejects_that_line_only(tmp_path):
    """It rejected the whole file as binary when the NUL was in the sniffed head (a later one: its line)."""
    path = tmp_path / "news.jsonl"
    lines = [b'{"id": "bad", "text": "x\x00y"}'] + [json.dumps(good(i)).encode() for i in range(3)]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_inputs([path]))
    assert [i.id for i in items if isinstance(i, Document)] == ["good-0", "good-1", "good-2"]
    (rejection,) = [i for i in items if isinstance(i, Rejection)]
    assert rejection.origin == f"{path}:1" and "NUL" in rejection.reason


def test_a_nul_byte_in_one_csv_row_rejects_that_row_only(tmp_path):
    path = tmp_path / "news.csv"
    rows = ["id,date,title,text", "bad,2025-05-06,t,x\x00y"] + [
        f"{g['id']},{g['date']},{g['title']},{g['text']}" for g in map(good, range(2))]
    path.write_bytes("\n".join(rows).encode() + b"\n")
    items = list(read_inputs([path]))
    assert [i.id for i in items if isinstance(i, Document)] == ["good-0", "good-1"]
    assert len([i for i in items if isinstance(i, Rejection)]) == 1


def test_the_sniffed_head_is_as_long_as_documented(tmp_path):
    """The head was one file-system block (4 KiB here), not SNIFF_BYTES: three NUL lines in the
    first 4 KiB made a file of good lines 'binary' and every good line was lost."""
    from tcwatch.sources.decode import SNIFF_BYTES

    path = tmp_path / "news.jsonl"
    bad = [b'{"id": "b%d", "text": "' % i + b"x\x00" * 600 + b'"}' for i in range(3)]
    goods = [json.dumps(good(i)).encode() for i in range(60)]
    data = b"\n".join(bad + goods) + b"\n"
    assert len(b"\n".join(bad)) < 4096 < SNIFF_BYTES < len(data)
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert len([i for i in items if isinstance(i, Document)]) == 60


def test_a_file_of_nul_lines_is_still_binary(tmp_path):
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02\n" * 50)
    assert [i.reason for i in read_inputs([path])] == ["binary file (contains NUL bytes), not text"]


def test_lone_surrogates_in_json_are_replaced_and_the_document_stored(tmp_path, empty_store):
    r"""``"\ud800"`` in JSON crashed the ingest (UnicodeEncodeError hashing or storing it)."""
    path = tmp_path / "news.jsonl"
    record = good(1)
    path.write_text(json.dumps({**record, "text": record["text"] + " \\ud800 end", "title": "t \\udfff"})
                    .replace("\\\\u", "\\u") + "\n" + json.dumps(good(2)) + "\n")
    report = ingest_paths(empty_store, [str(path)])
    assert report.stored == 2 and not report.rejected
    stored = empty_store.document("good-1")
    assert stored["text"].endswith("\ufffd end") and stored["title"] == "t \ufffd"


def test_a_library_caller_document_with_a_lone_surrogate_is_stored(empty_store):
    doc = Document(id="lib-1", date="2025-05-06", text="Ministers met on Monday \udc80 to talk about roads.")
    report = ingest_documents(empty_store, [doc])
    assert report.stored == 1 and "\ufffd" in empty_store.document("lib-1")["text"]


def test_a_feed_with_a_reference_to_a_lone_surrogate_keeps_its_items():
    """``&#xD800;`` made feedparser fail on the whole feed: every item of it was lost."""
    data = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>a &#xD800; b</title><description>x &#55296; y &#233;</description></item>"
            b"<item><title>second</title><description>fine</description></item></channel></rss>")
    parsed = parse_feed(data, "application/rss+xml", "https://feed.example/x")
    assert [(i.title, i.summary) for i in parsed.items] == [("a \ufffd b", "x \ufffd y \u00e9"), ("second", "fine")]


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_utf16_csv_with_a_bad_header_leaves_no_traceback(tmp_path):
    """Its line reader was finalised after the file closed and printed 'I/O operation on closed file'."""
    path = tmp_path / "news.csv"
    path.write_bytes("a,b\nx,y\n".encode("utf-16"))
    (rejection,) = list(read_inputs([path], ReadOptions()))
    assert "lacks the required" in rejection.reason
    gc.collect()


def test_extract_survives_a_lone_surrogate():
    """A lone surrogate in a sentence that is parsed: spaCy cannot encode it, the parser reads
    it as U+FFFD (same offsets), and the facts keep exact spans of the original text."""
    from tcwatch.extract import extract
    from tcwatch.extract.grammar import parse

    text = "Britain sent \udc80 four asylum seekers to Rwanda on Tuesday, officials said."
    assert len(parse([text])[0].text) == len(text)
    ex = extract(Document(id="s", date="2025-05-06", text=text))
    assert [(f.type, f.sender, f.receiver) for f in ex.facts] == [("transfer", "GBR", "RWA")]
    assert all(text[f.span.start : f.span.end] == f.evidence for f in ex.facts)
