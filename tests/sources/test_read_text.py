"""Text files: the seed format and plain text with a date line or --date."""

from __future__ import annotations

import pytest
from support_sources import BODY, only

from tcwatch.model import Document, Rejection, content_hash


def test_seed_format_on_one_line(write, read):
    """A seed file is the token date, a date, then the text, all possibly on one line."""
    path = write("seed.txt", f" date 2025-05-06 {BODY}\n\n")
    doc = only(read(path))
    assert isinstance(doc, Document)
    assert doc.date == "2025-05-06"
    assert doc.text == BODY
    assert doc.id == "sha-" + content_hash(BODY)[:16]
    assert doc.origin == path
    assert doc.title == "" and doc.url is None and doc.source is None


def test_seed_format_on_its_own_line(write, read):
    """The seed date may stand on its own line, with a colon."""
    doc = only(read(write("seed.txt", f"\n  Date: 2025-5-6\n{BODY}")))
    assert (doc.date, doc.text) == ("2025-05-06", BODY)


def test_seed_date_wins_over_default_date(write, read):
    """A date the file states is its own; --date only fills in for files without one."""
    doc = only(read(write("seed.txt", f"date 2025-05-06 {BODY}"), default_date="2024-01-01"))
    assert doc.date == "2025-05-06"


@pytest.mark.parametrize(
    "first_line",
    ["2025-05-06", "2025-05-06T09:30:00Z", "2025-05-06 09:30", "6 May 2025", "May 6, 2025",
     "Tuesday, 6 May 2025 10:32 BST", "Published: 6 May 2025", "25/05/2025"],
)
def test_plain_text_date_on_the_first_line(write, read, first_line):
    """Plain text: a first line that is a date (ISO, datetime, written) dates it, the rest is text."""
    doc = only(read(write("plain.txt", f"{first_line}\n\n{BODY}\n")))
    expected = "2025-05-25" if first_line == "25/05/2025" else "2025-05-06"
    assert doc.date == expected
    assert doc.text == BODY


def test_plain_text_with_default_date_keeps_every_line(write, read):
    """Without a date line, --date dates the file and the first line stays text."""
    text = f"Talks continue\n{BODY}"
    doc = only(read(write("plain.txt", text), default_date="6 May 2025"))
    assert doc.date == "2025-05-06"
    assert doc.text == text


def test_plain_text_first_line_date_wins_over_default(write, read):
    """The file's own date line is preferred to --date."""
    doc = only(read(write("plain.txt", f"2025-05-06\n{BODY}"), default_date="2024-01-01"))
    assert doc.date == "2025-05-06" and doc.text == BODY


def test_plain_text_title_with_a_year_is_not_a_date(write, read):
    """A first line that merely mentions a year is text, not a date."""
    text = f"Ten things about 2025\n{BODY}"
    doc = only(read(write("plain.txt", text), default_date="2025-05-06"))
    assert doc.text == text


def test_windows_newlines_are_normalised(write, read):
    """CRLF line ends become LF."""
    doc = only(read(write("plain.txt", f"2025-05-06\r\nFirst line.\r\n{BODY}\r\n")))
    assert doc.text == f"First line.\n{BODY}"


def test_missing_date_is_rejected(write, read):
    """Plain text without a date line and without --date is rejected with the how-to."""
    path = write("plain.txt", BODY)
    rejection = only(read(path))
    assert rejection == Rejection(path, "no publication date (give --date or put the date on the first line)")


def test_ambiguous_numeric_date_is_rejected(write, read):
    """03/04/2025 could be March or April: rejected, not guessed."""
    rejection = only(read(write("plain.txt", f"03/04/2025\n{BODY}")))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("ambiguous date '03/04/2025'")


def test_cp1252_text_is_read(write, read):
    """A legacy Windows-1252 file decodes when UTF-8 does not."""
    doc = only(read(write("plain.txt", f"2025-05-06\nThe café minister’s {BODY}", encoding="cp1252")))
    assert "café minister’s" in doc.text


def test_utf8_bom_and_utf16_are_read(write, read):
    """A UTF-8 BOM is dropped; UTF-16 with a BOM is decoded."""
    one = only(read(write("a.txt", "\ufeffdate 2025-05-06 " + BODY)))
    two = only(read(write("b.txt", "date 2025-05-06 " + BODY, encoding="utf-16")))
    assert one.text == two.text == BODY
    assert one.date == two.date == "2025-05-06"
