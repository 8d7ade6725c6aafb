"""The geometry behind the server-drawn charts, and the template helpers."""

from __future__ import annotations

import pytest

from tcwatch.web import charts
from tcwatch.web.format import money_parts, people_total, split_marks, status_class


def test_people_series_ends_at_the_corridor_total(web):
    """The people chart's last value is the corridor's people figure (running totals not added twice)."""
    detail = web.get("/api/corridors/USA-RWA").json()
    series = charts._people_series(detail["events"])
    assert series[-1][1] == detail["people"]["total"] == 12


def test_people_series_with_a_running_total():
    """A running total covers the movements before it; later movements add to it."""
    events = [
        {"type": "transfer", "date": "2024-01-10", "people": 5},
        {"type": "transfer", "date": "2024-02-10", "people": 3},
        {"type": "transfer", "date": "2024-03", "people": 100, "date_qualifier": "before"},
        {"type": "transfer", "date": "2024-04-02", "people": 4},
        {"type": "talks", "date": "2024-05-01"},
    ]
    assert [v for _, v in charts._people_series(events)] == [5, 8, 100, 104]


def test_map_arrows_skip_unknown_ends_and_go_sender_to_receiver():
    """Arrows start at the sender's point and end near the receiver's; an unknown end draws nothing."""
    corridors = [
        {"id": "USA-RWA", "sender": "USA", "receiver": "RWA", "label": "USA -> RWA", "status": {"status": "transfers"}},
        {"id": "XXX-RWA", "sender": None, "receiver": "RWA", "label": "? -> RWA", "status": None},
    ]
    [arrow] = charts.map_arrows(corridors)
    assert arrow["status_class"] == "transfers"
    assert arrow["x1"] < arrow["x2"] and arrow["y1"] < arrow["y2"]  # west and north of Rwanda
    assert arrow["d"].startswith(f"M{arrow['x1']:.1f},{arrow['y1']:.1f} Q")


@pytest.mark.parametrize("value, expected", [("2025", 2025.5), ("2025-01-01", 2025.0), ("2025-07", None), ("soon", None)])
def test_year_fraction(value, expected):
    """Partial dates fall in the middle of their period."""
    got = charts.year_fraction(value)
    if value == "2025-07":
        assert 2025.5 < got < 2025.6
    else:
        assert got == expected


@pytest.mark.parametrize(
    "status, cls",
    [("talks", "talks"), ("in force", "agreement"), ("transfers", "transfers"), ("blocked by court", "contested"),
     ("suspended", "suspended"), ("terminated", "ended"), ({"status": "agreement", "date": "2020"}, "agreement"),
     (None, "unknown"), ("something new", "unknown")],
)
def test_status_class(status, cls):
    """Every status word the analysis gives has a colour class."""
    assert status_class(status) == cls


def test_figure_helpers_read_the_analysis_shapes():
    """People and money figures are read in the shapes the analysis returns."""
    assert people_total({"total": 12, "rule": "x"}) == 12 and people_total(None) is None
    money = {"spent": {"GBP": {"amount": 700000000, "currency": "GBP"}},
             "demanded": {"GBP": {"amount": 50000000, "currency": "GBP"}}}
    assert money_parts(money) == ["GBP 700m spent", "GBP 50m demanded"]


def test_split_marks_keeps_text_for_escaping():
    """A search snippet is cut into plain and matched pieces, so the template escapes both."""
    assert split_marks("a [b<c] d") == [{"text": "a ", "hit": False}, {"text": "b<c", "hit": True},
                                        {"text": " d", "hit": False}]
