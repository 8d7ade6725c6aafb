"""ReadOptions and date normalisation."""

from __future__ import annotations

import pytest
from support_sources import TODAY

from tcwatch.errors import ConfigError, DocumentRejected
from tcwatch.sources import DEFAULT_MAX_BYTES, ReadOptions, normalise_date


def test_defaults():
    """50 MiB cap, UTF-8 then cp1252, no default date, 20 characters minimum."""
    options = ReadOptions()
    assert options.max_bytes == DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert options.encodings == ("utf-8", "utf-8-sig", "cp1252")
    assert options.default_date is None and options.min_chars == 20


def test_default_date_is_normalised():
    """--date may be written any way a document's date may."""
    assert ReadOptions(default_date="May 6, 2025").default_date == "2025-05-06"
    assert ReadOptions(default_date="  ").default_date is None


@pytest.mark.parametrize(
    "changes",
    [{"default_date": "2025-02-30"}, {"default_date": "soon"}, {"max_bytes": 0}, {"encodings": ("klingon",)},
     {"min_chars": -1}],
)
def test_bad_options_are_a_config_error(changes):
    """Invalid options fail at once, as a ConfigError with a message."""
    with pytest.raises(ConfigError):
        ReadOptions(**changes)


def test_options_are_frozen():
    """One immutable options object."""
    with pytest.raises(AttributeError):
        ReadOptions().max_bytes = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-06", "2025-05-06"),
        ("2025-5-6", "2025-05-06"),
        (" 2025-05-06T23:59:59-07:00 ", "2025-05-06"),
        ("6 May 2025", "2025-05-06"),
        ("Tue, 06 May 2025 10:00:00 GMT", "2025-05-06"),
        ("25.12.2025", "2025-12-25"),
        ("2025-05-06 10:00 UTC", "2025-05-06"),
    ],
)
def test_normalise_date(value, expected):
    """Written, ISO and RFC 822 dates become YYYY-MM-DD."""
    assert normalise_date(value, TODAY) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2025-02-30", "impossible date '2025-02-30' (no such day)"),
        ("1899-12-31", "implausible date '1899-12-31' (before 1900)"),
        ("2027-01-16", "implausible date '2027-01-16' (more than a year in the future)"),
        ("May 2025", "incomplete date 'May 2025' (a publication date needs a year, month and day)"),
        ("01/02/2025", "ambiguous date '01/02/2025' (day or month first? write it as YYYY-MM-DD)"),
        ("yesterday", "unreadable date 'yesterday' (expected YYYY-MM-DD)"),
        ("2025-05-06T25:00", "unreadable date '2025-05-06T25:00' (expected YYYY-MM-DD)"),
    ],
)
def test_bad_dates(value, reason):
    """Each kind of bad date says what is wrong with it."""
    with pytest.raises(DocumentRejected, match=None) as caught:
        normalise_date(value, TODAY)
    assert str(caught.value) == reason


def test_a_year_ahead_is_still_plausible():
    """Up to a year from today is accepted (embargoed or scheduled items)."""
    assert normalise_date("2027-01-15", TODAY) == "2027-01-15"
