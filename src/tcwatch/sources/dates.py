"""Publication dates: read as written (ISO, ISO datetime, "6 May 2025"), checked, normalised.

Every function here answers ``YYYY-MM-DD`` or raises :class:`DocumentRejected`
with a sentence saying what is wrong with the date.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

from dateutil import parser as _dateparser

from ..errors import DocumentRejected

#: Dates before this year are taken for a typo, not a publication date.
MIN_YEAR = 1900

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[T ]\d{1,2}:\d{2}\S*(?: ?[A-Za-z+-]\S*)?")
_PARTIAL = re.compile(r"\d{4}(-\d{1,2})?")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|2[0-9]{3})(?!\d)")
_MONTH_NAME = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])", re.IGNORECASE
)
#: A first-line label in front of a date: "Date: ...", "Published on ...".
_LABEL = re.compile(r"^(?:date|dated|published(?:\s+on)?|posted(?:\s+on)?)\s*:?\s*", re.IGNORECASE)
#: A line longer than this is a sentence, not a date.
_MAX_DATE_LINE = 60


def normalise_date(value: str, today: date | None = None) -> str:
    """``value`` as ``YYYY-MM-DD``, or :class:`DocumentRejected` saying why it is not a usable date."""
    text = value.strip()
    if not text:
        raise DocumentRejected("empty date")
    found = _parse(text)
    if found is None:
        if _PARTIAL.fullmatch(text) or (_YEAR.search(text) and len(text) <= _MAX_DATE_LINE and _partial_written(text)):
            raise DocumentRejected(f"incomplete date {text!r} (a publication date needs a year, month and day)")
        raise DocumentRejected(f"unreadable date {_short(text)!r} (expected YYYY-MM-DD)")
    return check_plausible(found, today)


def date_from_line(line: str, today: date | None = None) -> str | None:
    """The date a first line states (``YYYY-MM-DD``), or None when the line is not a date.

    A line that is plainly meant as a date but names no real day (``2025-02-30``,
    ``31 June 2025``) or an ambiguous one (``03/04/2025``) raises
    :class:`DocumentRejected` rather than being taken for text.
    """
    text = _LABEL.sub("", line.strip(), count=1).strip()
    if not text or len(text) > _MAX_DATE_LINE or not _YEAR.search(text):
        return None
    found = _parse(text)
    if found is None:
        return None
    return check_plausible(found, today)


def check_plausible(day: date, today: date | None = None) -> str:
    """``day`` as ``YYYY-MM-DD`` if it can be a publication date: from 1900 to a year from today."""
    today = today or date.today()
    iso = day.isoformat()
    if day.year < MIN_YEAR:
        raise DocumentRejected(f"implausible date {iso!r} (before {MIN_YEAR})")
    if day > _one_year_after(today):
        raise DocumentRejected(f"implausible date {iso!r} (more than a year in the future)")
    return iso


def _parse(text: str) -> date | None:
    """The day ``text`` names; None when it is not a full date; raises when it names no real day."""
    m = _ISO_DATE.fullmatch(text) or _ISO_DATETIME.fullmatch(text)
    if m:
        day = _make_date(text, int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m.re is _ISO_DATETIME and not _iso_datetime_ok(text):
            raise DocumentRejected(f"unreadable date {_short(text)!r} (expected YYYY-MM-DD)")
        return day
    m = _NUMERIC.fullmatch(text)
    if m:
        first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if first <= 12 and second <= 12 and first != second:
            raise DocumentRejected(f"ambiguous date {text!r} (day or month first? write it as YYYY-MM-DD)")
        if first > 12:  # day first
            return _make_date(text, year, second, first)
        return _make_date(text, year, first, second)
    if not _YEAR.search(text) or len(text) > _MAX_DATE_LINE:
        return None
    return _parse_written(text)


def _parse_written(text: str) -> date | None:
    """A written date such as ``6 May 2025`` or ``Tuesday, May 6, 2025 10:32 BST`` (python-dateutil)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            one = _dateparser.parse(text, default=datetime(2000, 1, 1))
            two = _dateparser.parse(text, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError) as exc:
        if "out of range" in str(exc) and _MONTH_NAME.search(text):
            raise DocumentRejected(f"impossible date {text!r} (no such day)") from None
        return None
    if (one.year, one.month, one.day) != (two.year, two.month, two.day):
        return None  # a part of the date was missing and filled in from the default
    return one.date()


def _iso_datetime_ok(text: str) -> bool:
    """True when ``text`` is a valid ISO datetime, or one with a zone name dateutil knows (``10:00 UTC``)."""
    try:
        datetime.fromisoformat(text)
        return True
    except ValueError:
        pass
    try:
        return _parse_written(text) is not None
    except DocumentRejected:
        return False


def _partial_written(text: str) -> bool:
    """True for a written year and month without a day (``May 2025``)."""
    if not _MONTH_NAME.search(text):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _dateparser.parse(text, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return False
    return True


def _make_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DocumentRejected(f"impossible date {_short(text)!r} (no such day)") from None


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
