"""CSV files with a header row id,date,title,text,url,source."""

from __future__ import annotations

import csv
import io

from support_sources import BODY, only

from tcwatch.model import Document, Rejection

HEADER = ["id", "date", "title", "text", "url", "source"]


def to_csv(*rows, header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_rows_become_documents(write, read):
    """Each row is a document whose origin is the row's first line, multi-line text included."""
    path = write(
        "news.csv",
        to_csv(
            ["c1", "2025-05-06", "Talks", "Talks\n\n" + BODY, "https://example.org/c1", "Wire"],
            ["", "6 May 2025", "", BODY, "", ""],
        ),
    )
    first, second = read(path)
    assert first == Document(
        id="c1", date="2025-05-06", text="Talks\n\n" + BODY, title="Talks",
        url="https://example.org/c1", source="Wire", origin=f"{path}:2",
    )
    assert second.origin == f"{path}:5"
    assert second.id.startswith("sha-") and second.url is None and second.source is None


def test_missing_columns_are_one_rejection(write, read):
    """A header without the required columns rejects the whole file once, naming them."""
    path = write("news.csv", to_csv(["x", "Talks", BODY], header=["id", "title", "body"]))
    rejection = only(read(path))
    assert rejection.origin == path
    assert rejection.reason.startswith("CSV header lacks the required columns 'text', 'date'")


def test_date_column_may_be_missing_with_default_date(write, read):
    """Without a date column, --date dates every row."""
    doc = only(read(write("news.csv", to_csv([BODY], header=["text"])), default_date="2025-05-06"))
    assert doc.date == "2025-05-06" and doc.text == BODY


def test_bad_rows_are_rejected_and_good_ones_read(write, read):
    """A row with a bad date or too many fields is rejected; the rows around it are read."""
    path = write(
        "news.csv",
        to_csv(
            ["a", "2025-05-06", "", BODY, "", ""],
            ["b", "2025-02-30", "", BODY, "", ""],
            ["c", "2025-05-06", "", BODY, "", "", "extra"],
            ["d", "2025-05-07", "", BODY, "", ""],
        ),
    )
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Rejection", "Document"]
    assert items[1] == Rejection(f"{path}:3", "impossible date '2025-02-30' (no such day)")
    assert items[2] == Rejection(f"{path}:4", "CSV row has 7 fields but the header has 6")


def test_long_fields_are_read(write, read):
    """A text longer than csv's default 128 KiB field limit is still read."""
    text = BODY * 2000
    doc = only(read(write("news.csv", to_csv(["a", "2025-05-06", "", text, "", ""]))))
    assert doc.text == text


def test_header_only_is_rejected(write, read):
    """A CSV file with a header and no rows is one rejection."""
    path = write("news.csv", to_csv())
    assert only(read(path)) == Rejection(path, "no CSV rows (only a header)")


def test_a_bare_cr_in_an_unquoted_field_ends_the_line_and_keeps_the_rows_after_it(write, read):
    """A broken row with a bare carriage return in an unquoted field, then a quoted field over
    several lines: the rows after it are read as rows (not swallowed by a quote), a bare CR inside
    quotes stays in the text, and each message names the line of the file."""
    broken = 'b1,2025-05-06,Half\r title,"a text\nover\n""three"" lines",https://example.org/b1,Wire\n'
    good = f'g1,2025-05-07,Good,"Kept\rwith its return. {BODY}",https://example.org/g1,Wire\n'
    path = write("mixed.csv", ",".join(HEADER) + "\n" + broken + good + "broken\rtail\n")
    items = read(path)
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == ["g1"] and docs[0].text.startswith("Kept\rwith its return.")
    assert docs[0].origin == f"{path}:5"
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert [(r.origin.rsplit(":", 1)[1], r.reason.split(" (")[0]) for r in rejected] == [
        ("2", "missing field 'text'"), ("2", "text too short"), ("6", "missing field 'text'"),
        ("6", "missing field 'text'")]
