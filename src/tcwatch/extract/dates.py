"""Time expressions resolved against the publication date.

Returns ``(date, qualifier)`` with date ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``:
"on Sunday" -> latest Sunday on or before publication; "in July 2024" ->
``2024-07``; "last month" -> the previous month; "recently", "last week",
"previously" -> publication date with ``before``.  No expression at all ->
publication date with ``before`` (see :func:`default_date`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from tcwatch.model import Mention

from .folded import folded

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_NUMS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}

_MONTH = r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![a-z])"
_FUTURE = r"(?P<fut>next|until|till|by|from|this\s+coming|coming|due\s+(?:in|on|by)|expected\s+(?:in|on|by))\s+"

DATE_RE = folded(
    r"(?:" + _FUTURE + r")?(?:"
    # 6 November 2023 / November 6, 2023 / November 2023 / November 6 / in November
    r"(?P<d1>\d{1,2})(?!\d)(?:st|nd|rd|th)?\s+" + _MONTH + r"(?:,?\s+(?P<y1>(?:19|20)\d{2}))?"
    r"|" + _MONTH.replace("month", "month2") + r"(?:\s+(?P<d2>\d{1,2})(?!\d)(?:st|nd|rd|th)?)?(?:,?\s+(?P<y2>(?:19|20)\d{2}))?(?P<ly>\s+last\s+year)?"
    r"|(?P<yago>(?:exactly\s+)?(?P<yagon>a|one|two|three|four|five)\s+years?\s+ago\s+today)"
    r"|\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<wdpl>s)?"
    r"|\b(?P<yesterday>yesterday)|(?P<today>today|tonight|this\s+morning|this\s+afternoon)"
    r"|(?P<lastmonth>last\s+month)|(?P<lastyear>last\s+year)"
    r"|(?P<lastmon>last)\s+" + _MONTH.replace("month", "month3") +
    r"|(?P<ago>(?P<agon>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\s+(?P<agou>years?|months?|weeks?|days?)\s+(?:[-–—][^-–—]{0,40}[-–—]\s+)?ago)"
    r"|(?P<recent>recently|previously|last\s+week|this\s+week|past\s+week|earlier\s+this\s+(?:week|month|year)|in\s+recent\s+(?:days|weeks)|days\s+ago|last\s+night|so\s+far)"
    r"|(?:in|since|during|of)\s+(?:(?:early|mid|late)[- ]?\s*)?(?P<year>(?:19|20)\d{2})\b"
    r")",
    re.IGNORECASE,
)


# a cheap test that a span may hold a time expression at all
_HINT = re.compile(
    r"\d|[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Mm]ay|[Jj]un|[Jj]ul|[Aa]ug|[Ss]ep|[Oo]ct|[Nn]ov|[Dd]ec|[Mm]onday|[Tt]uesday|"
    r"[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday|[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his\s|"
    r"[Ll]ast\s|\bago\b|[Rr]ecent|[Pp]revious|[Pp]ast\s|[Ee]arlier|[Ss]o\s+far|[Dd]ays"
)


def _month(tok: str | None) -> int | None:
    if not tok:
        return None
    return MONTHS.get(tok.lower().rstrip("."))


def parse_pub(pub: str) -> date:
    return date.fromisoformat(pub[:10])


def default_date(pub: str) -> tuple[str | None, str]:
    """A fact with no time expression: the publication date, ``before``."""
    pub = (pub or "")[:10]
    return (pub if _ISO.match(pub) else None), "before"


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def resolve(m: re.Match, pub: date, source: str | None = None) -> tuple[str, str] | None:
    """``(date, qualifier)`` for one match of :data:`DATE_RE`, or None (future / unusable).

    ``source`` is the text as written when ``m`` was found in a lower-cased copy of it."""
    g = m.groupdict()
    source = m.string if source is None else source
    if g.get("fut"):
        return None
    if g.get("yago"):
        n = _NUMS.get(g["yagon"].lower(), 1)
        try:
            return pub.replace(year=pub.year - n).isoformat(), "on"
        except ValueError:  # 29 February
            return (pub - relativedelta(years=n)).isoformat(), "on"
    if g["month"] or g["month2"]:
        month = _month(g["month"] or g["month2"])
        if g["month2"] and g["month2"].lower().rstrip(".") == "may" and not (g["d2"] or g["y2"]):
            return None  # the verb "may"
        if g["month2"] and not (g["d2"] or g["y2"]) and not source[max(0, m.start() - 6) : m.start()].lower().strip().endswith(("in", "since", "of", "early", "late", "mid", "during", "until", "by", "and")):
            # a bare month name must be introduced ("in June")
            if source[m.start() : m.start() + 1].islower():
                return None
        day = g["d1"] or g["d2"]
        year = g["y1"] or g["y2"]
        if year:
            y = int(year)
        else:
            y = pub.year
            if (month, int(day or 1)) > (pub.month, pub.day if day else pub.month and 31):
                y -= 1
            if g.get("ly"):
                y = pub.year - 1
        if day:
            try:
                return date(y, month, int(day)).isoformat(), "on"
            except ValueError:
                return None
        return f"{y:04d}-{month:02d}", "on"
    if g["wd"]:
        if g["wdpl"]:
            return None
        back = (pub.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        if back == 0 and source[max(0, m.start() - 5) : m.start()].lower() == "last ":
            back = 7  # "last Thursday" said on a Thursday
        return (pub - timedelta(days=back)).isoformat(), "on"
    if g["yesterday"]:
        return (pub - timedelta(days=1)).isoformat(), "on"
    if g["today"]:
        return pub.isoformat(), "on"
    if g["lastmonth"]:
        d = pub - relativedelta(months=1)
        return f"{d.year:04d}-{d.month:02d}", "on"
    if g["lastyear"]:
        return f"{pub.year - 1:04d}", "on"
    if g["lastmon"]:
        month = _month(g["month3"])
        y = pub.year if month < pub.month else pub.year - 1
        return f"{y:04d}-{month:02d}", "on"
    if g["ago"]:
        n = _NUMS.get(g["agon"].lower()) or (int(g["agon"]) if g["agon"].isdigit() else 1)
        unit = g["agou"].lower().rstrip("s")
        if unit == "year":
            return f"{pub.year - n:04d}", "approx"
        if unit == "month":
            d = pub - relativedelta(months=n)
            return f"{d.year:04d}-{d.month:02d}", "approx"
        return pub.isoformat(), "before"
    if g["recent"]:
        return pub.isoformat(), "before"
    if g["year"]:
        y = int(g["year"])
        if y > pub.year:
            return None
        return f"{y:04d}", "on"
    return None


def find_dates(text: str, pub: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Resolved time expressions in ``text[start:end]``; value = (date, qualifier)."""
    end = len(text) if end is None else end
    try:
        p = parse_pub(pub)
    except (ValueError, TypeError):
        return []  # no usable publication date: nothing can be resolved against it
    out = []
    if not _HINT.search(text, start, end):
        return out
    for m in DATE_RE.finditer(text, start, end):
        r = resolve(m, p, text)
        if r is not None:
            out.append(Mention("date", text[m.start() : m.end()], m.start(), m.end(), r))
    return out


def pick_date(mentions: list[Mention], pub: str, anchor: int, window: int = 90) -> tuple[str, str]:
    """The date nearest to ``anchor`` (a trigger offset) within ``window`` characters, else the default."""
    best = None
    for m in mentions:
        dist = m.start - anchor if m.start >= anchor else anchor - m.end
        if dist <= window and (best is None or dist < best[0]):
            best = (dist, m.value)
    return best[1] if best else default_date(pub)
