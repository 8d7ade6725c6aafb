"""Geometry for the server-drawn SVG charts: corridor arrows on the world map,
a corridor's status timeline, and people and money over time.

These functions compute coordinates only; the templates write the SVG (with
autoescaping), so no text from a document is ever put into markup here.
"""

from __future__ import annotations

import calendar
import math
from functools import lru_cache
from itertools import groupby
from datetime import date as _date

from ..api.geo import centroid
from .format import fact_date, fact_summary, status_class

# the projection of static/world.svg (equirectangular, cropped to 84N .. 58S)
MAP_WIDTH = 1000.0
MAP_LAT_TOP = 84.0
MAP_LAT_BOTTOM = -58.0
MAP_HEIGHT = round((MAP_LAT_TOP - MAP_LAT_BOTTOM) / 360 * MAP_WIDTH, 1)


def project(lat: float, lon: float) -> tuple[float, float]:
    return ((lon + 180) / 360 * MAP_WIDTH, (MAP_LAT_TOP - lat) / 360 * MAP_WIDTH)


def map_arrows(corridors: list[dict]) -> list[dict]:
    """One curved arrow per corridor whose ends are on the map, coloured by status class."""
    arrows = []
    for c in corridors:
        a, b = centroid(c["sender"]), centroid(c["receiver"])
        if a is None or b is None or a == b:
            continue
        x1, y1 = project(*a)
        x2, y2 = project(*b)
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        # bend each arrow to its left, so that A->B and B->A do not overlap
        bend = min(0.25 * length, 60.0)
        mx, my = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
        # stop short of the receiver's point so that the head does not cover the dot
        end_gap = min(4.0, length / 3)
        tx, ty = x2 - mx, y2 - my
        tl = math.hypot(tx, ty) or 1.0
        ex, ey = x2 - tx / tl * end_gap, y2 - ty / tl * end_gap
        arrows.append({
            "id": c["id"],
            "label": c["label"],
            "status_class": status_class(c.get("status")),
            "d": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}",
            "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
            "corridor": c,
        })
    return arrows


def map_points(corridors: list[dict]) -> list[dict]:
    """A dot for every country at either end of a corridor."""
    seen: dict[str, dict] = {}
    for c in corridors:
        for role in ("sender", "receiver"):
            code = c[role]
            point = centroid(code)
            if point is None:
                continue
            x, y = project(*point)
            entry = seen.setdefault(code, {"code": code, "x": round(x, 1), "y": round(y, 1), "roles": set()})
            entry["roles"].add(role)
    out = []
    for entry in seen.values():
        roles = entry.pop("roles")
        entry["role"] = "both" if len(roles) == 2 else roles.pop()
        out.append(entry)
    return sorted(out, key=lambda e: e["code"])


# -- time ---------------------------------------------------------------------

@lru_cache(maxsize=1 << 14)
def year_fraction(value: str | None) -> float | None:
    """``2025`` -> 2025.5, ``2025-05`` -> mid-May, ``2025-05-06`` -> that day, as a fractional year.

    (Kept for the few thousand distinct dates a chart meets: a busy corridor asks it of each of
    thousands of status changes on every page.)"""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    year = parts[0]
    if len(parts) == 1:
        return year + 0.5
    month = min(max(parts[1], 1), 12)
    days = calendar.monthrange(year, month)[1]
    day = min(max(parts[2], 1), days) if len(parts) > 2 else days // 2
    day_of_year = (_date(year, month, day) - _date(year, 1, 1)).days
    return year + day_of_year / 365.25


#: the lanes of the status timeline, in the order a deal lives
LANES = (
    ("talks", "Talks", ("talks",)),
    ("agreement", "Agreement / law", ("agreement", "legislation")),
    ("transfers", "Transfers", ("transfer", "onward_removal")),
    ("money", "Money", ("payment", "cost", "compensation_demand")),
    ("rulings", "Rulings", ("ruling",)),
    ("suspension", "Suspension", ("suspension",)),
    ("termination", "Termination", ("termination",)),
    ("voices", "Criticism / denial", ("criticism", "denial")),
)
_LANE_OF = {t: i for i, (_, _, types) in enumerate(LANES) for t in types}


class TimeScale:
    """Fractional years -> x pixels over ``[left, right]``, with yearly ticks."""

    def __init__(self, values: list[float], left: float, right: float):
        lo, hi = (min(values), max(values)) if values else (2020.0, 2021.0)
        lo, hi = math.floor(lo), math.floor(hi) + 1
        if hi - lo < 1:
            hi = lo + 1
        self.lo, self.hi, self.left, self.right = lo, hi, left, right

    def x(self, value: float) -> float:
        return round(self.left + (value - self.lo) / (self.hi - self.lo) * (self.right - self.left), 1)

    def ticks(self) -> list[dict]:
        span = self.hi - self.lo
        step = 1 if span <= 12 else 2 if span <= 24 else 5
        return [{"x": self.x(y), "label": str(y)} for y in range(self.lo, self.hi + 1, step)]

    def minor_ticks(self) -> list[dict]:
        """Quarters (Apr, Jul, Oct) when the axis spans three years or less, so a short corridor is readable."""
        if self.hi - self.lo > 3:
            return []
        out = []
        for year in range(self.lo, self.hi):
            for month, label in ((4, "Apr"), (7, "Jul"), (10, "Oct")):
                out.append({"x": self.x(year_fraction(f"{year}-{month:02d}-01")), "label": label})
        return out


#: a stretch of the status band narrower than this (many changes in a few days) is drawn as one
#: segment, titled with how many changes it holds; the figures' timeline lists each of them
MIN_SEGMENT_PX = 4.0


class StatusBand:
    """The status band of a corridor's timeline chart: its changes (from the figures' timeline) as
    points in time, and the stretches drawn for them on a time scale, computed once per scale.

    Every page of a corridor draws the same band (thousands of changes on a busy corridor) over an
    axis that only its facts' first and last years can widen, so a band kept with the corridor's
    views (once per data version) draws each page without going over the changes again."""

    def __init__(self, status_changes: list[dict] | None):
        changes = []
        for change in status_changes or []:
            t = year_fraction(change.get("date"))
            if t is not None and change.get("status"):
                if changes and changes[-1][1]["status"] == change["status"]:
                    continue  # the same status again (another transfer): one segment
                changes.append((t, change))
        self.changes = changes
        self.times = [t for t, _ in changes]
        self.first, self.last = (min(self.times), max(self.times)) if changes else (None, None)
        self._stretches: dict[tuple, list[list]] = {}

    def scale(self, times: list[float], left: float, right: float) -> "TimeScale":
        """The chart's axis over these times (the page's facts) and the changes'."""
        if self.first is not None:
            times = times + [self.first, self.last]  # the axis depends only on the extremes
        return TimeScale(times, left, right)

    def stretches(self, scale: "TimeScale") -> list[list]:
        """``[x, end, status, first date, last date, changes, event ids]`` per stretch drawn (shared:
        not to be changed)."""
        key = (scale.lo, scale.hi, scale.left, scale.right)
        found = self._stretches.get(key)
        if found is None:
            found = self._stretches.setdefault(key, _stretches(self.changes, scale, scale.right))
        return found


def _stretches(changes: list, scale: "TimeScale", right: float) -> list[list]:
    # one pass over the changes with plain lists (a busy corridor has thousands): [x, end, status,
    # first date, last date, changes, event ids]; the dicts are made for the segments drawn
    stretches: list[list] = []
    for i, (t, change) in enumerate(changes):
        x1 = scale.x(t)
        x2 = scale.x(changes[i + 1][0]) if i + 1 < len(changes) else right
        if x2 <= x1 and i + 1 < len(changes):
            continue
        last = stretches[-1] if stretches else None
        if last is not None and last[1] - last[0] < MIN_SEGMENT_PX:
            # the stretch so far is too narrow to see: it takes this change in and ends with its status
            last[1], last[2], last[4] = x2, change["status"], change.get("date")
            last[5] += 1
            last[6].append(change.get("event_id"))
        elif last is not None and last[2] == change["status"] and last[5] == 1:
            last[1] = x2  # the same status again: one segment
        else:
            stretches.append([x1, x2, change["status"], change.get("date"), change.get("date"), 1,
                              [change.get("event_id")]])
    return stretches


def timeline_chart(timeline: list[dict], status_changes: list[dict] | None = None, width: int = 960,
                   event_facts: dict | None = None, band: StatusBand | None = None,
                   fact_events: dict | None = None) -> dict:
    """The corridor's status over time as a band of coloured segments (one per status change, from
    the analysis' figures), then every fact as a dot in its lane (talks -> ... -> termination) at its date.

    ``event_facts`` (event id -> fact ids) links each segment to the first fact of the event that began it.
    ``band`` (a :class:`StatusBand` of ``status_changes``) and ``fact_events`` (fact id -> event id, the
    inverse of ``event_facts``) may be given, kept from an earlier page: the chart is the same."""
    event_facts = event_facts or {}
    if band is None:
        band = StatusBand(status_changes)
    on_page = {f.get("id") for f in timeline}
    # the events with a fact on this page (None: not known, try each)
    events_on_page = None if fact_events is None else {fact_events[fid] for fid in on_page if fid in fact_events}
    left, right, lane_h = 150, width - 24, 26
    status_y, status_h = 8, 22
    top = status_y + status_h + 8
    dated = []
    for f in timeline:
        t = year_fraction(f.get("date") or f.get("published"))
        if t is not None and f["type"] in _LANE_OF:
            dated.append((t, f))
    scale = band.scale([t for t, _ in dated], left, right)
    segments: list[dict] = []
    for x1, x2, status, first, last_date, count, event_ids in band.stretches(scale):
        fact_id = None
        for event_id in reversed(event_ids):  # the latest change with a fact on this page
            if events_on_page is not None and event_id not in events_on_page:
                continue
            facts = [fid for fid in event_facts.get(event_id, []) if fid in on_page]
            if facts:
                fact_id = facts[0]
                break
        seg_w = x2 - x1  # (not ``width``: that is the chart's, which the viewBox takes)
        segments.append({
            "x": x1, "w": round(max(seg_w, 2.0), 1), "status": status, "status_class": status_class(status),
            "date": first, "last_date": last_date, "changes": count, "fact_id": fact_id,
            "label": status if count == 1 and seg_w > 7 * len(status) + 8 else "",
            "title": (f"{status} from {first}" if count == 1 else
                      f"{count} changes of status from {first} to {last_date}, the last to {status}"),
        })
    lanes = []
    for i, (key, label, _) in enumerate(LANES):
        lanes.append({"key": key, "label": label, "y": top + i * lane_h + lane_h / 2, "top": top + i * lane_h})
    height = top + len(LANES) * lane_h + (38 if scale.minor_ticks() else 24)
    dots = []
    stack: dict[tuple[int, float], int] = {}
    for t, f in dated:
        lane = _LANE_OF[f["type"]]
        x = scale.x(t)
        key = (lane, round(x / 6))
        n = stack.get(key, 0)
        stack[key] = n + 1
        offset = ((n + 1) // 2) * 5 * (1 if n % 2 else -1) if n else 0
        summary = fact_summary(f)
        evidence = f.get("evidence") or ""
        tip = (f"{f['type'].replace('_', ' ')} · {fact_date(f)}" + (f" · {summary}" if summary else "")
               + ": " + (evidence if len(evidence) <= 160 else evidence[:157] + "..."))
        cls = f"dot t-{f['type']}" + (" rejected" if f.get("review") == "rejected" else "") + (
            "" if f.get("date") else " undated")
        dots.append({
            "x": x, "y": lanes[lane]["y"] + max(min(offset, 10), -10), "fact": f, "id": f.get("id"),
            "undated": not f.get("date"), "rejected": f.get("review") == "rejected", "tip": tip, "cls": cls,
        })
    # the span of each lane from its first to its last fact
    bands = []
    for i, lane in enumerate(lanes):
        xs = [d["x"] for d in dots if _LANE_OF[d["fact"]["type"]] == i and not d["rejected"]]
        if len(xs) > 1:
            bands.append({"x": min(xs), "w": round(max(xs) - min(xs), 1), "y": lane["y"] - 3, "key": lane["key"]})
    ticks = scale.ticks()
    return {"width": width, "height": height, "left": left, "right": right, "lanes": lanes, "dots": dots,
            "minor": scale.minor_ticks(),
            "bands": bands, "ticks": ticks, "axis_y": top + len(LANES) * lane_h, "undated": len(timeline) - len(dated),
            "segments": segments, "status_y": status_y, "status_h": status_h}


def _step_path(points: list[tuple[float, float]]) -> str:
    """An SVG path of steps (across, then up) through ``points``, at most one step per pixel column.

    A busy corridor has thousands of dated transfers on a chart a few hundred pixels wide: the steps
    that fall in one pixel column are drawn as one (to the column's last value); a cumulative line
    only climbs, so what it covers on screen is the same, and the path stays the size of the chart."""
    if not points:
        return ""
    kept: list[tuple[float, float]] = [points[0]]
    for x, y in points[1:]:
        if len(kept) > 1 and int(x) == int(kept[-1][0]):
            kept[-1] = (kept[-1][0], y)  # the same pixel column: go on up to this value
        elif (x, y) != kept[-1]:
            kept.append((x, y))
    d = [f"M{kept[0][0]:.1f},{kept[0][1]:.1f}"]
    for (x0, y0), (x1, y1) in zip(kept, kept[1:]):
        d.append((f"H{x1:.1f}" if x1 != x0 else "") + (f"V{y1:.1f}" if y1 != y0 else ""))
    return "".join(d)


def series_chart(series: dict[str, list[tuple[float, float]]], width: int = 460, height: int = 160,
                 span: tuple[float, float] | None = None) -> dict:
    """Cumulative step lines, one per series name, over a shared time axis starting at zero."""
    left, right, top, bottom = 76, width - 20, 14, height - 24
    times = [t for pts in series.values() for t, _ in pts]
    if span:
        times += list(span)
    scale = TimeScale(times, left, right)
    peak = max((v for pts in series.values() for _, v in pts), default=0) or 1
    lines = []
    for name, pts in series.items():
        if not pts:
            continue
        coords = [(scale.x(scale.lo), bottom)]
        for t, v in sorted(pts):
            coords.append((scale.x(t), coords[-1][1]))
            coords.append((scale.x(t), bottom - v / peak * (bottom - top)))
        coords.append((scale.x(scale.hi), coords[-1][1]))
        last_t, last = max(pts)
        lines.append({"name": name, "d": _step_path(coords), "last": last, "last_t": last_t,
                      "label_y": round(bottom - last / peak * (bottom - top), 1)})
    # labels sit just above their line's end; push apart those that would overlap
    placed: list[float] = []
    for line in sorted(lines, key=lambda l: l["label_y"]):
        y = max(line["label_y"] - 4, top - 2 + 10)
        if placed and y - placed[-1] < 11:
            y = placed[-1] + 11
        placed.append(y)
        line["text_y"] = round(y, 1)
    return {"width": width, "height": height, "left": left, "right": right, "top": top, "bottom": bottom,
            "ticks": scale.ticks(), "peak": peak, "lines": lines}


def _people_series(events: list[dict]) -> list[tuple[float, float]]:
    """People moved by each transfer date, the way the corridor figure counts them.

    Transfers dated ``on`` a date add up; one dated ``before`` a date is a running
    total that covers the movements up to it (see :mod:`tcwatch.analysis.figures`).
    """
    transfers = []
    for e in events:
        t = year_fraction(e.get("date"))
        if e.get("type") == "transfer" and e.get("people") is not None and t is not None:
            transfers.append((t, e.get("date_qualifier") == "before", float(e["people"])))
    transfers.sort()
    out: list[tuple[float, float]] = []
    moves = 0.0  # people in distinct movements so far
    best_offset = None  # max over running totals seen of (running total - movements up to it)
    for t, same_time in groupby(transfers, key=lambda x: x[0]):
        group = list(same_time)
        moves += sum(p for _, running, p in group if not running)
        for _, running, people in group:
            if running:
                offset = people - moves
                best_offset = offset if best_offset is None else max(best_offset, offset)
        total = moves if best_offset is None else max(moves, moves + best_offset)
        out.extend((t, total) for _ in group)
    return out


def _money_series(money: dict) -> dict[str, list[tuple[float, float]]]:
    """Per ``category currency``: the largest total reported so far, at each report date."""
    out: dict[str, list[tuple[float, float]]] = {}
    if not isinstance(money, dict):
        return out
    for category in ("committed", "paid", "spent", "demanded"):
        for currency, fig in (money.get(category) or {}).items():
            if not isinstance(fig, dict):
                continue
            points = []
            for report in fig.get("reports") or []:
                t = year_fraction(report.get("date"))
                if t is not None and report.get("amount") is not None:
                    points.append((t, float(report["amount"])))
            best, series = 0.0, []
            for t, amount in sorted(points):
                best = max(best, amount)
                series.append((t, best))
            if series:
                out[f"{currency} {category}"] = series
    return out


def _upto(events: list[dict], as_of: str | None) -> list[dict]:
    """Events on or before ``as_of`` (a partial date covers its whole period), the way the figures count."""
    if not as_of:
        return events
    return [e for e in events if (e.get("date") or "") <= as_of + "\uffff"]


def people_and_money(detail: dict) -> dict:
    """People moved and money reported over time, from a corridor's events and money figures
    (up to the detail's ``as_of`` date when it has one, as the figures are)."""
    times = [year_fraction(f.get("date") or f.get("published")) for f in detail.get("timeline", [])]
    times = [t for t in times if t is not None]
    span = (min(times), max(times)) if times else None
    people = _people_series(_upto(detail.get("events") or [], detail.get("as_of")))
    money = _money_series((detail.get("figures") or {}).get("money") or {})
    by_currency: dict[str, dict[str, list]] = {}
    for name, series in money.items():
        by_currency.setdefault(name.split(" ")[0], {})[name] = series
    return {
        "people": series_chart({"people": people}, span=span) if people else None,
        "money": {cur: series_chart(group, span=span) for cur, group in sorted(by_currency.items())},
    }
