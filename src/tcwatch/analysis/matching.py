"""When two facts describe the same real-world event.

Two facts are the same event when all of these hold:

- same type and the same corridor (``None`` matches only ``None``);
- compatible dates: each fact stands for a span of days -- ``2025-08`` is the
  whole month, ``before D`` is the :data:`BEFORE_WINDOW_DAYS` up to ``D``,
  ``after D`` the same window from ``D``, ``approx D`` widens ``D`` by
  :data:`APPROX_DAYS` -- and the spans overlap. A fact with no date but a
  publication date counts as ``before`` that date; with neither it fits any date;
- compatible figures: people (and amount, in the same currency) equal, or one
  missing, or within :data:`ROUNDING` of each other when either is approximate
  (a qualifier other than ``exact``, or a round number such as 200);
- nationalities: not two non-empty, disjoint sets;
- money facts: the same ``money_kind`` and ``per_person`` when both say;
- rulings: outcomes of the same direction (``blocked``/``unsafe``/``unlawful``
  against ``allowed``/``safe``/``lawful``; ``other`` fits either) and actors that
  can name the same court ("Supreme Court" fits "UK Supreme Court"; "Judge
  Murphy" fits "Judge Brian Murphy");
- two curated facts are never the same event: the reference dataset lists each
  event once (and facts of different arrangements are different events).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from ..model import Fact
#: how far back a ``before`` date reaches ("the men sent in August", reported in October)
BEFORE_WINDOW_DAYS = 180
#: how far an ``after`` date reaches forward
AFTER_WINDOW_DAYS = 180
#: slack on each side of an ``approx`` date
APPROX_DAYS = 31
#: relative difference allowed between approximate figures ("about 200" and 196)
ROUNDING = 0.1

NEGATIVE_OUTCOMES = frozenset({"blocked", "unsafe", "unlawful"})
POSITIVE_OUTCOMES = frozenset({"allowed", "safe", "lawful"})

#: fields an event takes one value of, chosen among its facts
CHOSEN_FIELDS = (
    "date",
    "people",
    "amount",
    "currency",
    "outcome",
    "actor",
    "money_kind",
)

_IN_FORCE_RE = re.compile(
    r"\b(?:in force|into force|takes? effect|took effect|ratif\w*|royal assent|entered into)\b", re.I
)


# ---------------------------------------------------------------------------
# dates


@lru_cache(maxsize=8192)
def date_span(value: str | None) -> tuple[date, date] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the first and last day it covers."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
        d = date(parts[0], parts[1], parts[2])
        return d, d
    except (ValueError, IndexError):
        return None


def date_precision(value: str | None) -> int:
    """3 for a day, 2 for a month, 1 for a year, 0 for none."""
    if not value or date_span(value) is None:
        return 0
    return value.count("-") + 1


def fact_span(fact: Fact) -> tuple[date, date] | None:
    """The days a fact's date (with its qualifier) can stand for; ``None`` = any."""
    return _span(fact.date, fact.date_qualifier, fact.published)


@lru_cache(maxsize=1 << 16)
def _span(raw: str | None, qualifier: str | None, published: str | None) -> tuple[date, date] | None:
    # grouping a busy corridor asks this of the same few thousand dates millions of times
    qualifier = qualifier or "on"
    if not raw and published:
        raw, qualifier = published, "before"
    span = date_span(raw)
    if span is None:
        return None
    start, end = span
    if qualifier == "before":
        return end - timedelta(days=BEFORE_WINDOW_DAYS), end
    if qualifier == "after":
        return start, start + timedelta(days=AFTER_WINDOW_DAYS)
    if qualifier == "approx":
        return start - timedelta(days=APPROX_DAYS), end + timedelta(days=APPROX_DAYS)
    return start, end


def dates_compatible(a: Fact, b: Fact) -> bool:
    sa, sb = fact_span(a), fact_span(b)
    if sa is None or sb is None:
        return True
    return sa[0] <= sb[1] and sb[0] <= sa[1]


# ---------------------------------------------------------------------------
# figures


def _is_round(n: float) -> bool:
    n = abs(n)
    if n < 20:
        return False
    for step in (1_000_000, 100_000, 10_000, 1000, 100, 10):
        if n >= step * 2 and n % step == 0:
            return True
    return False


def figures_compatible(a, b, qa: str = "exact", qb: str = "exact") -> bool:
    """Equal, one missing, or within rounding when either is approximate."""
    if a is None or b is None:
        return True
    if a == b:
        return True
    approximate = (qa or "exact") != "exact" or (qb or "exact") != "exact" or _is_round(a) or _is_round(b)
    if not approximate:
        return False
    big = max(abs(a), abs(b))
    return abs(a - b) <= max(1.0, ROUNDING * big)


_ACTOR_DROP = {"the", "of", "uk", "us", "u", "s", "usa", "british", "american", "united", "states", "kingdom",
               "s", "s.", "u.s.", "justice", "hon", "honourable", "mr", "ms", "mrs"}
#: names that could be any court ("a federal judge", "the court")
_GENERIC_ACTOR = {"a", "an", "court", "courts", "judge", "judges", "federal", "tribunal", "justices", "one", "two"}
_ACTOR_ALIASES = {
    "echr": "european court of human rights",
    "ecthr": "european court of human rights",
    "strasbourg court": "european court of human rights",
    "cjeu": "court of justice of the european union",
    "ecj": "court of justice of the european union",
    "eu court of justice": "court of justice of the european union",
    "european court of justice": "court of justice of the european union",
    "scotus": "supreme court",
    "top court": "supreme court",
    "highest court": "supreme court",
}


@lru_cache(maxsize=4096)
def _actor_tokens(actor: str) -> frozenset[str]:
    text = actor.lower().strip()
    for alias, full in _ACTOR_ALIASES.items():
        text = re.sub(rf"\b{re.escape(alias)}\b", full, text)
    return frozenset(re.findall(r"[a-z]+", text)) - _ACTOR_DROP


def actors_compatible(a: str | None, b: str | None) -> bool:
    """Either unknown, or the words of one name are all in the other."""
    if not a or not b:
        return True
    ta, tb = _actor_tokens(a), _actor_tokens(b)
    if ta <= _GENERIC_ACTOR or tb <= _GENERIC_ACTOR:
        return True
    return ta <= tb or tb <= ta


def outcomes_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b or "other" in (a, b):
        return True
    return (a in NEGATIVE_OUTCOMES and b in NEGATIVE_OUTCOMES) or (a in POSITIVE_OUTCOMES and b in POSITIVE_OUTCOMES)


# ---------------------------------------------------------------------------
# same event


def same_event(a: Fact, b: Fact) -> bool:
    """True when ``a`` and ``b`` can be two reports of one real-world event (rules in the module doc)."""
    if a.type != b.type or a.sender != b.sender or a.receiver != b.receiver:
        return False
    if a.review == "rejected" or b.review == "rejected":
        return False
    if not dates_compatible(a, b):
        return False
    return details_compatible(a, b)


def details_compatible(a: Fact, b: Fact) -> bool:
    """The rules of :func:`same_event` past corridor, type, review and dates: for a caller that
    has checked those already (grouping checks the dates of a whole event at once)."""
    if a.origin == "curated" and b.origin == "curated":
        return False
    if a.arrangement_id and b.arrangement_id and a.arrangement_id != b.arrangement_id:
        return False
    if not figures_compatible(a.people, b.people, a.people_qualifier, b.people_qualifier):
        return False
    if a.amount is not None and b.amount is not None:
        if a.currency and b.currency and a.currency != b.currency:
            return False
        if not figures_compatible(a.amount, b.amount, a.amount_qualifier, b.amount_qualifier):
            return False
    if a.money_kind and b.money_kind and a.money_kind != b.money_kind:
        return False
    if (a.money_kind or b.money_kind) and a.per_person != b.per_person and a.amount is not None and b.amount is not None:
        return False
    if a.nationalities and b.nationalities and not set(a.nationalities) & set(b.nationalities):
        return False
    if a.type in ("ruling", "legislation", "criticism", "denial"):
        if not outcomes_compatible(a.outcome, b.outcome):
            return False
        if not actors_compatible(a.actor, b.actor):
            return False
    return True
