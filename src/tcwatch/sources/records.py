"""Documents from text (seed or plain) and from records (a JSONL line, a CSV row).

``parse_text`` and ``parse_record`` turn one input into one :class:`Document`
or raise :class:`DocumentRejected`; ``jsonl_items`` and ``csv_items`` stream a
file line by line and yield a :class:`Rejection` for each bad record, so the
good ones around it are still read.
"""

from __future__ import annotations

import bisect
import csv
import json
import re
import sys
from typing import Iterable, Iterator

from ..errors import DocumentRejected
from ..model import Document, Rejection, content_hash
from .dates import date_from_line, normalise_date
from .decode import TooLarge, decode_text, encoding_names, size_label
from .options import ReadOptions

#: The seed format: the token ``date``, a date, then the text (all may share one line).
_SEED = re.compile(
    r"\A\s*date(?:\s*:\s*|\s+)(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:T\S*)?)(?:\s+|\Z)(?P<body>.*)\Z",
    re.IGNORECASE | re.DOTALL,
)
_TEXT_FIELDS = ("title", "url", "source")
#: The columns a CSV file must have (``date`` only when no default date is given).
CSV_REQUIRED = ("text", "date")
NO_DATE = "no publication date (give --date or put the date on the first line)"


#: UTF-16 halves on their own: JSON may spell them (``"\\ud800"``) but they are no text and
#: cannot be stored or hashed as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(value: str) -> str:
    """``value`` with every lone surrogate replaced by U+FFFD (the replacement character)."""
    return _LONE_SURROGATE.sub("\ufffd", value) if _LONE_SURROGATE.search(value) else value


def document_id(text: str) -> str:
    """The id of a document that came without one: ``sha-`` and 16 hex digits of its content hash."""
    return "sha-" + content_hash(text)[:16]


def check_text(text: str, options: ReadOptions) -> None:
    """Reject text that is empty, whitespace only or shorter than ``options.min_chars``."""
    stripped = text.strip()
    if not stripped:
        raise DocumentRejected("empty text (nothing but whitespace)" if text else "empty text")
    if len(stripped) < options.min_chars:
        raise DocumentRejected(
            f"text too short ({len(stripped)} characters; at least {options.min_chars} needed)"
        )


def parse_text(text: str, origin: str, options: ReadOptions) -> Document:
    """A document from a text file's content: seed format, or plain text with a date line.

    Seed: ``date YYYY-MM-DD`` then the text. Plain: the first non-blank line is
    the date when it is one (ISO, ISO datetime, "6 May 2025", "Date: ..."), else
    ``options.default_date`` is.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentRejected("empty text (the input is empty or whitespace only)")
    seed = _SEED.match(text)
    if seed:
        date = normalise_date(seed.group("date"), options.today)
        body = seed.group("body")
    else:
        first, _, rest = text.lstrip().partition("\n")
        date = date_from_line(first, options.today)
        if date is not None:
            body = rest
        elif options.default_date:
            date, body = options.default_date, text
        else:
            raise DocumentRejected(NO_DATE)
    body = body.strip()
    check_text(body, options)
    return Document(id=document_id(body), date=date, text=body, origin=origin)


def parse_record(record: dict, origin: str, options: ReadOptions) -> Document:
    """A document from a gold-format record (``id, date, title, text, url, source``; other keys ignored).

    The text is kept exactly as given (gold text already holds "title, blank
    line, description"); ``id`` defaults to :func:`document_id`.
    """
    record = {k: valid_unicode(v) if isinstance(v, str) else v for k, v in record.items()}
    text = record.get("text")
    if text is None:
        raise DocumentRejected("missing field 'text'")
    if not isinstance(text, str):
        raise DocumentRejected(f"field 'text' must be a string, not {_kind(text)}")
    check_text(text, options)
    date = record.get("date")
    if date is None or (isinstance(date, str) and not date.strip()):
        if not options.default_date:
            raise DocumentRejected("missing field 'date' (or give --date)")
        date = options.default_date
    elif not isinstance(date, str):
        raise DocumentRejected(f"field 'date' must be a string, not {_kind(date)}")
    else:
        date = normalise_date(date, options.today)
    values = {}
    for name in _TEXT_FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise DocumentRejected(f"field {name!r} must be a string, not {_kind(value)}")
        values[name] = value.strip() if value else ""
    doc_id = record.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int, type(None))):
        raise DocumentRejected(f"field 'id' must be a string, not {_kind(doc_id)}")
    doc_id = str(doc_id).strip() if doc_id is not None else ""
    return Document(
        id=doc_id or document_id(text),
        date=date,
        text=text,
        title=values["title"],
        url=values["url"] or None,
        source=values["source"] or None,
        origin=origin,
    )


def jsonl_items(lines: Iterable[bytes], origin: str, options: ReadOptions) -> Iterator[Document | Rejection]:
    """One document or rejection per non-blank line of a JSON Lines input (streamed)."""
    records = 0
    lineno = 0
    try:
        for lineno, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            records += 1
            where = f"{origin}:{lineno}"
            try:
                yield parse_record(_json_object(raw, options), where, options)
            except DocumentRejected as exc:
                yield Rejection(where, str(exc))
    except TooLarge as exc:
        yield Rejection(origin, _too_large(exc, lineno))
        return
    except DocumentRejected as exc:  # the line source itself failed (a broken UTF-16 file)
        yield Rejection(origin, str(exc))
        return
    if records == 0:
        yield Rejection(origin, "empty file (no JSON lines)" if lineno == 0 else "no JSON lines (only blank ones)")


def csv_items(lines: Iterable[bytes], origin: str, options: ReadOptions) -> Iterator[Document | Rejection]:
    """One document or rejection per row of a CSV file with a header row (streamed)."""
    raise_field_limit(options.max_bytes)
    bad_lines: set[int] = set()
    line_map = _LineMap()
    decoded = _decode_lines(lines, options, bad_lines, line_map)
    reader = csv.reader(decoded)
    at = line_map.physical
    end = 0
    try:
        try:
            header = next(reader, None)
        except csv.Error as exc:
            yield Rejection(origin, f"malformed CSV header ({exc})")
            return
        if header is None or not any(cell.strip() for cell in header):
            yield Rejection(origin, "empty file (no CSV header)")
            return
        columns = [cell.strip().lower().removeprefix("\ufeff") for cell in header]
        required = [c for c in CSV_REQUIRED if c not in columns and not (c == "date" and options.default_date)]
        if required:
            names = ", ".join(repr(c) for c in required)
            yield Rejection(
                origin,
                f"CSV header lacks the required column{'s' if len(required) > 1 else ''} {names}"
                f" (expected id,date,title,text,url,source; found {','.join(columns)})",
            )
            return
        end = reader.line_num
        rows = 0
        while True:
            start = end + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                end = reader.line_num
                yield Rejection(f"{origin}:{at(start)}", f"malformed CSV ({exc})")
                continue
            end = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            rows += 1
            where = f"{origin}:{at(start)}"
            if any(n in bad_lines for n in range(at(start), at(end) + 1)):
                yield Rejection(where, f"unreadable encoding (not {encoding_names(options.encodings)} text)")
            elif len(row) > len(columns):
                yield Rejection(where, f"CSV row has {len(row)} fields but the header has {len(columns)}")
            else:
                record = {name: value for name, value in zip(columns, row) if name}
                try:
                    yield parse_record(record, where, options)
                except DocumentRejected as exc:
                    yield Rejection(where, str(exc))
    except TooLarge as exc:
        yield Rejection(origin, _too_large(exc, at(end)))
        return
    except DocumentRejected as exc:
        yield Rejection(origin, str(exc))
        return
    if rows == 0:
        yield Rejection(origin, "no CSV rows (only a header)")


def _json_object(raw: bytes, options: ReadOptions) -> dict:
    if b"\x00" in raw:
        raise DocumentRejected("binary data (NUL bytes) in this line")
    line = decode_text(raw, options.encodings)
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DocumentRejected(f"malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise DocumentRejected("malformed JSON (nested too deeply)") from None
    if not isinstance(value, dict):
        raise DocumentRejected(f"not a JSON object (found {_kind(value)})")
    return value


_BARE_CR = re.compile(r"\r(?!\n)")


class _LineMap:
    """CSV lines (as the csv module counts them) -> the file's own line numbers.

    A bare CR ends a line for CSV, as the csv module expects of a file opened with
    ``newline=""``: a malformed row with one in an unquoted field then ends there, instead of
    leaving the rest of its record to be read as rows of its own (where a quote could swallow the
    good rows after it). The few lines split that way are noted, so that a message still names
    the line of the file."""

    def __init__(self):
        self.continued: list[int] = []  # CSV line numbers that go on the file line before them

    def physical(self, csv_line: int) -> int:
        return csv_line - bisect.bisect_right(self.continued, csv_line)


def _decode_lines(lines: Iterable[bytes], options: ReadOptions, bad: set[int], line_map: _LineMap) -> Iterator[str]:
    """Decode line by line; a line no encoding fits is replaced and its number noted in ``bad``.
    A line is also split after each bare CR (see :class:`_LineMap`)."""
    csv_line = 0
    for lineno, raw in enumerate(lines, start=1):
        try:
            text = decode_text(raw, options.encodings)
        except DocumentRejected:
            bad.add(lineno)
            text = raw.decode("utf-8", "replace")
        if "\r" not in text or not _BARE_CR.search(text):
            csv_line += 1
            yield text
            continue
        pieces = [piece + "\r" for piece in _BARE_CR.split(text)]
        pieces[-1] = pieces[-1][:-1]
        if not pieces[-1]:
            pieces.pop()  # the line ended with the bare CR: nothing after it
        for i, piece in enumerate(pieces):
            csv_line += 1
            if i:
                line_map.continued.append(csv_line)
            yield piece


def raise_field_limit(max_bytes: int) -> None:
    # csv refuses fields over 128 KiB by default; an article may be longer. Only ever raised.
    wanted = min(max_bytes, sys.maxsize)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _too_large(exc: TooLarge, lines: int) -> str:
    return f"input too large (more than {size_label(exc.cap)}; stopped reading after line {lines})"


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
