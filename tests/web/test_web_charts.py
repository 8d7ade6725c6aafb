"""The geometry behind the server-drawn charts, and the template helpers."""

from __future__ import annotations

import itertools

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


def test_money_labels_never_overlap():
    """Two kinds of money with the same total get their labels one above the other, not on top."""
    chart = charts.series_chart({"GBP committed": [(2022.3, 120e6)], "GBP spent": [(2022.3, 120e6)],
                                 "GBP paid": [(2023.0, 119e6)]})
    ys = sorted(line["text_y"] for line in chart["lines"])
    assert all(b - a >= 11 for a, b in itertools.pairwise(ys))
    assert all(y >= chart["top"] for y in ys)


def test_short_spans_get_quarter_ticks():
    """A corridor whose facts fit in a year shows April, July and October, not just two year labels."""
    scale = charts.TimeScale([2025.1, 2025.8], 0, 100)
    assert [t["label"] for t in scale.minor_ticks()] == ["Apr", "Jul", "Oct"]
    assert charts.TimeScale([2010.0, 2025.0], 0, 100).minor_ticks() == []
    chart = charts.timeline_chart([{"type": "talks", "date": "2025-03-01", "id": 1, "evidence": "x"}])
    assert chart["minor"] and chart["height"] > chart["axis_y"] + 30  # room for the year labels under the months


def test_people_chart_stops_at_the_as_of_date():
    """On a past date the people line ends with the corridor total of that date."""
    events = [{"type": "transfer", "date": "2025-05-01", "people": 7},
              {"type": "transfer", "date": "2025-06-18", "people": 5}]
    detail = {"timeline": [], "events": events, "figures": {}, "as_of": "2025-05"}
    assert charts.people_and_money(detail)["people"]["lines"][0]["last"] == 7
    detail["as_of"] = None
    assert charts.people_and_money(detail)["people"]["lines"][0]["last"] == 12


def test_status_segments_link_to_the_fact_that_began_them():
    """Each band of the status timeline links to a fact of the event that changed the status."""
    timeline = [{"type": "agreement", "date": "2025-03-08", "id": 11, "evidence": "x"},
                {"type": "ruling", "date": "2025-06-19", "id": 12, "evidence": "y"}]
    changes = [{"date": "2025-03-08", "status": "agreement", "event_id": 1},
               {"date": "2025-06-19", "status": "blocked by court", "event_id": 2}]
    chart = charts.timeline_chart(timeline, changes, event_facts={1: [11], 2: [12, 99]})
    assert [s["fact_id"] for s in chart["segments"]] == [11, 12]
    # the chart keeps its own width (the viewBox), whatever its last segment's
    assert chart["width"] == 960 and charts.timeline_chart(timeline, changes, width=700)["width"] == 700



def test_a_status_band_kept_across_pages_draws_each_page_as_a_fresh_chart():
    """The corridor page keeps one StatusBand per data version: every page drawn with it (and the
    inverse of event_facts) is the chart drawn from scratch, including pages whose facts widen the
    axis beyond the status changes' years (another scale: another set of stretches)."""
    import random

    rng = random.Random(5)
    statuses = ["talks", "agreement", "transfers", "blocked by court", "suspended", "transfers"]
    changes, event_facts, fact_id = [], {}, 1
    for i in range(2500):  # thousands of changes, many a few days apart (narrow stretches merge)
        day = f"2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if i < 1500 else f"2024-0{rng.randint(1, 9)}"
        event_facts[i] = list(range(fact_id, fact_id + rng.randint(1, 4)))
        fact_id += len(event_facts[i])
        changes.append({"date": day, "status": rng.choice(statuses), "event_id": i})
    changes.sort(key=lambda c: c["date"])
    changes.append({"date": None, "status": "talks", "event_id": 9999})  # undated: not drawn
    fact_events = {f: e for e, fs in event_facts.items() for f in fs}
    band = charts.StatusBand(changes)
    all_ids = sorted(fact_events)
    pages = [all_ids[i:i + 100] for i in range(0, len(all_ids), 700)]
    pages.append([])
    linked = 0
    for n, ids in enumerate(pages):
        year = [2019, 2022, 2024, 2027][n % 4]  # some pages reach years the changes do not
        timeline = [{"id": fid, "type": "transfer", "date": f"{year}-0{1 + fid % 9}-1{fid % 9}", "evidence": "e"}
                    for fid in ids]
        fresh = charts.timeline_chart(timeline, changes, event_facts=event_facts)
        kept = charts.timeline_chart(timeline, changes, event_facts=event_facts, band=band, fact_events=fact_events)
        assert kept == fresh
        linked += sum(s["fact_id"] is not None for s in fresh["segments"])
    assert linked > 10  # segments link to facts on their pages
    assert len(band._stretches) >= 3  # the scales of the pages differ, each drawn once


def test_headline_reads_the_figures_with_their_evidence():
    """The corridor headline: cost per person is an upper bound when the people count is a minimum;
    undisclosed money comes after the amounts; the blocking ruling cites its facts."""
    from tcwatch.web.format import corridor_headline

    detail = {
        "events": [{"id": 1, "fact_ids": [10]}, {"id": 2, "fact_ids": [20, 21]}, {"id": 3, "fact_ids": [30]},
                   {"id": 4, "fact_ids": [40]}],
        "figures": {
            "status": {"status": "blocked by court", "date": "2025-04-19", "event_id": 3},
            "timeline": [{"date": "2025-03-01", "status": "transfers", "event_id": 2},
                         {"date": "2025-04-19", "status": "blocked by court", "event_id": 3}],
            "people": {"total": 300, "qualifier": "at_least", "event_ids": [2], "rule": "r"},
            "money": {"committed": {"?": {"amount": None, "currency": None, "undisclosed": [4], "event_ids": []}},
                      "spent": {"USD": {"amount": 6e6, "currency": "USD", "event_ids": [1]}}},
            "cost_per_person": {"USD": {"amount": 20000.0, "basis": "spent", "money": 6e6, "people": 300,
                                        "people_qualifier": "at_least", "event_ids": [1, 2]}},
            "rulings": {"items": [{"event_id": 3, "date": "2025-04-19", "outcome": "blocked", "actor": "Supreme Court"}],
                        "blocking": {"event_id": 3, "date": "2025-04-19", "outcome": "blocked", "actor": "Supreme Court"},
                        "blocked": True},
        },
    }
    head = corridor_headline(detail)
    assert head["status"]["text"] == "blocked by court" and head["status"]["facts"] == [30]
    assert head["people"]["qualifier"] == "at least" and head["people"]["facts"] == [20, 21]
    assert [m["text"] for m in head["money"]] == ["USD 6m spent", "committed (amount not disclosed)"]
    assert head["money"][1]["facts"] == [40]
    [cost] = head["cost"]
    assert cost["bound"] == "at most" and cost["text"] == "USD 20k" and cost["facts"] == [10, 20, 21]
    assert cost["how"] == "USD 6m spent ÷ at least 300 people moved"
    assert head["ruling"]["blocked"] and head["ruling"]["blocking"]["facts"] == [30]


def test_dense_series_draw_one_step_per_pixel_column():
    """Thousands of transfers on a chart a few hundred pixels wide: the path has at most a step per
    pixel column and ends at the same height; a sparse series keeps every step."""
    import re as _re

    dense = [(2024 + i / 5000, float(i + 1)) for i in range(5000)]
    chart = charts.series_chart({"people moved": dense})
    d = chart["lines"][0]["d"]
    steps = _re.findall(r"[HV]", d)
    assert len(steps) <= 2 * chart["width"]
    assert float(_re.findall(r"V([\d.]+)", d)[-1]) == chart["top"]  # climbs to the peak, as the full line does
    sparse = charts.series_chart({"people moved": [(2024.2, 5.0), (2024.6, 12.0)]})
    assert sparse["lines"][0]["d"].count("V") == 2


def test_status_band_folds_changes_too_close_to_see():
    """Hundreds of status changes in a year: the band has segments wide enough to see, each narrow
    stretch drawn as one that says how many changes it holds, ending with the corridor's last status."""
    from datetime import date, timedelta

    statuses = ["transfers", "blocked by court", "suspended", "agreement"]
    changes = [{"date": (date(2024, 1, 1) + timedelta(days=i)).isoformat(), "status": statuses[i * 7 % 4],
                "event_id": i} for i in range(360)]
    chart = charts.timeline_chart([], changes)
    segs = chart["segments"]
    assert len(segs) <= (chart["right"] - chart["left"]) / charts.MIN_SEGMENT_PX + 1
    assert all(s["w"] >= charts.MIN_SEGMENT_PX for s in segs[:-1])
    assert segs[-1]["status"] == changes[-1]["status"] and segs[0]["date"] == "2024-01-01"
    assert sum(s["changes"] for s in segs) == len(changes)
    folded = next(s for s in segs if s["changes"] > 1)
    assert folded["title"].startswith(f"{folded['changes']} changes of status from {folded['date']} to ")
    few = charts.timeline_chart([], changes[:3:2] + [{"date": "2024-09-01", "status": "terminated", "event_id": 9}])
    assert [s["changes"] for s in few["segments"]] == [1, 1, 1]
