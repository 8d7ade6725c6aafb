"""A corridor's figures from its events (curated and extracted together).

:func:`corridor_figures` answers, on a date (``as_of``, default: everything known):

status
    From the latest status-bearing event up to that date, in date order:
    ``talks`` -> "talks"; ``agreement`` -> "agreement", or "in force" when
    reported as in force/ratified; ``transfer`` -> "transfers"; ``suspension``
    -> "suspended"; ``termination`` -> "terminated"; a ruling
    ``blocked``/``unsafe``/``unlawful`` -> "blocked by court", until a later
    ruling ``allowed``/``lawful``/``safe`` lifts it (the status goes back to
    what it was before the block). The positive statuses only climb (talks <
    agreement < in force < transfers: talks after a signed deal do not undo
    it), except after a suspension, termination or court block, when a new
    agreement or transfer starts things again -- but not talks, and not an
    event dated ``before`` (a later report of what had already happened). A
    suspension does not follow a termination. Partial dates sort at their
    middle. The result names the event it rests on (and the ruling that
    lifted a block).
people
    Transfers with a count. Events dated ``on`` a date are distinct movements
    and add up. An event dated ``before`` a date (a running total such as "a
    total of 200 people" or a reference people total) says how many had been
    moved by then, so it supersedes the movements up to its date: the total is
    the largest of (a) the sum of all movements and (b) for each running total,
    it plus the movements after it. The result names the events it rests on and
    those superseded. Nationalities are those of all transfers.
money
    By category and currency: ``committed`` (pledged, granted), ``paid``,
    ``spent`` (``cost`` facts: spending, estimates, settlements, incentives)
    and ``demanded`` (``compensation_demand``). Money figures are mostly
    reported as running totals, so the figure is the largest total reported
    (amounts reported on one date are parts and add up), not a sum over dates;
    every report is listed with its events. Per-person amounts are kept apart,
    and ``cancelled`` payments are listed but never counted.
cost per person
    Per currency: the ``spent`` figure (else ``paid``) divided by the people
    transferred, when both are known.
rulings
    Every ruling with outcome and actor, and the one that currently blocks
    transfers: the latest blocking ruling when no later ruling allowed them,
    no transfer happened after it (a running total dated ``before`` does not
    count) and the deal was not terminated after it.
conflicts
    Every field on which an event's facts disagree (see :mod:`.events`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from .events import NEGATIVE_OUTCOMES, POSITIVE_OUTCOMES, Event, date_span

STATUS_OF_TYPE = {
    "talks": "talks",
    "agreement": "agreement",
    "transfer": "transfers",
    "suspension": "suspended",
    "termination": "terminated",
}
BLOCKED = "blocked by court"
MONEY_CATEGORIES = ("committed", "paid", "spent", "demanded")


def _jsonable(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: the days of a date (a busy corridor's tens of thousands of events share a few thousand dates)
_span_of = lru_cache(maxsize=1 << 16)(date_span)


def _start(event: Event) -> date:
    span = _span_of(event.date)
    return span[0] if span else date.min


def _end(event: Event) -> date:
    span = _span_of(event.date)
    return span[1] if span else date.min


@lru_cache(maxsize=1 << 16)
def _mid_of(value: str | None) -> date:
    span = _span_of(value)
    if not span:
        return date.min
    return span[0] + (span[1] - span[0]) / 2


def _mid(event: Event) -> date:
    return _mid_of(event.date)


class _Chrono(list):
    """Events already in :func:`_chrono` order (each figure of a corridor sorts them once, not again)."""


def _chrono(events):
    """Date order; a partial date sorts at its middle ("2025-08" after "2025-08-04")."""
    if isinstance(events, _Chrono):
        return events
    return _Chrono(sorted(events, key=lambda e: (_mid_of(e.date), _start(e), str(e.id))))


def _chrono_where(events, keep) -> list[Event]:
    """``_chrono`` of the events ``keep`` keeps: of events already in that order, those kept in their
    order (the same list: the order is a stable sort)."""
    if isinstance(events, _Chrono):
        return _Chrono(e for e in events if keep(e))
    return _chrono(e for e in events if keep(e))


def _upto(events, as_of: str | None) -> list[Event]:
    if as_of is None:
        return events if isinstance(events, _Chrono) else list(events)
    span = date_span(as_of)
    if span is None:
        raise ValueError(f"as_of {as_of!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    limit = span[1]
    kept = [e for e in events if e.date and _start(e) <= limit]
    return _Chrono(kept) if isinstance(events, _Chrono) else kept


# ---------------------------------------------------------------------------
# status


@dataclass(frozen=True)
class Status:
    status: str
    date: str | None
    event_id: object
    event_type: str
    lifted_by: object = None  # the ruling that lifted a court block, when the status came back after one
    since: str | None = None  # when the corridor last entered this status (the lifting ruling's date after a block)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "date": self.date,
            "since": self.since or self.date,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "lifted_by": self.lifted_by,
        }


#: positive statuses only move up this ladder (talks after a deal do not undo it) ...
_LEVEL = {"talks": 1, "agreement": 2, "in force": 3, "transfers": 4, "court allowed": 2}
#: ... except after one of these, when any positive status starts things again
_NEGATIVE = {"suspended", "terminated", BLOCKED}


def _walk_status(events) -> list[tuple[Status, Event]]:
    """Every status change, in date order (the rules are in the module doc)."""
    changes: list[tuple[Status, Event]] = []
    current: Status | None = None
    before_block: Status | None = None
    for ev in _chrono(events):
        new: Status | None = None
        if ev.type == "ruling":
            if ev.outcome in NEGATIVE_OUTCOMES:
                if current is not None and current.status == "terminated":
                    continue  # a ruling reported after a deal ended does not revive it as "blocked"
                if current is None or current.status != BLOCKED:
                    before_block = current
                new = Status(BLOCKED, ev.date, ev.id, ev.type)
            elif ev.outcome in POSITIVE_OUTCOMES and current is not None and current.status == BLOCKED:
                if before_block is not None:
                    new = Status(before_block.status, before_block.date, before_block.event_id,
                                 before_block.event_type, lifted_by=ev.id, since=ev.date)
                else:
                    new = Status("court allowed", ev.date, ev.id, ev.type)
        elif ev.type in STATUS_OF_TYPE:
            status = STATUS_OF_TYPE[ev.type]
            if ev.type == "agreement" and ev.in_force:
                status = "in force"
            now = current.status if current else None
            if status in _LEVEL:
                if now in _NEGATIVE:
                    # a report of what had happened by then does not restart a stopped deal
                    if ev.date_qualifier == "before" or status == "talks":
                        continue
                elif now in _LEVEL and _LEVEL[status] < _LEVEL[now]:
                    continue
            elif status == "suspended" and now == "terminated":
                continue
            new = Status(status, ev.date, ev.id, ev.type)
        if new is not None and (current is None or (new.status, new.event_id, new.lifted_by)
                                != (current.status, current.event_id, current.lifted_by)):
            changes.append((new, ev))
            current = new
    return changes


def status_timeline(events) -> list[tuple[str | None, str, object]]:
    """``(date, status, event_id)`` for every change of status, in date order."""
    out = []
    for status, ev in _walk_status(events):
        out.append((ev.date, status.status, ev.id))
    return out


def status_on(events, as_of: str | None = None) -> Status | None:
    changes = _walk_status(_upto(events, as_of))
    return changes[-1][0] if changes else None


# ---------------------------------------------------------------------------
# people


@dataclass(frozen=True)
class PeopleFigure:
    total: int | None
    qualifier: str  # exact | at_least
    rule: str
    event_ids: tuple = ()  # the events the total rests on
    superseded: tuple = ()  # movements covered by a running total
    uncounted: tuple = ()  # transfers reported without a count
    nationalities: tuple[str, ...] = ()
    onward_removed: int | None = None
    onward_event_ids: tuple = ()

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "qualifier": self.qualifier,
            "rule": self.rule,
            "event_ids": list(self.event_ids),
            "superseded": list(self.superseded),
            "uncounted": list(self.uncounted),
            "nationalities": list(self.nationalities),
            "onward_removed": self.onward_removed,
            "onward_event_ids": list(self.onward_event_ids),
        }


def people_figure(events) -> PeopleFigure:
    transfers = _chrono_where(events, lambda e: e.type == "transfer")
    counted = [e for e in transfers if e.people is not None]
    uncounted = tuple(e.id for e in transfers if e.people is None)
    nationalities = tuple(sorted({n for e in transfers for n in e.nationalities}))
    onward = _chrono_where(events, lambda e: e.type == "onward_removal")
    onward_total = sum(e.people for e in onward if e.people is not None) if any(e.people for e in onward) else None
    onward_ids = tuple(e.id for e in onward)
    if not counted:
        return PeopleFigure(
            total=None, qualifier="at_least" if uncounted else "exact",
            rule="no transfer with a count" if uncounted else "no transfers",
            uncounted=uncounted, nationalities=nationalities,
            onward_removed=onward_total, onward_event_ids=onward_ids,
        )
    moves = [e for e in counted if e.date_qualifier != "before"]
    totals = [e for e in counted if e.date_qualifier == "before"]
    best_total = sum(e.people for e in moves)
    best_ids = tuple(e.id for e in moves)
    superseded: tuple = ()
    rule = "sum of distinct transfers" if len(moves) != 1 else "one transfer"
    best_running = None
    # each running total counts the moves that start after it, and covers the counted transfers that
    # end by then: sorted days and sums over them make that a lookup, not a pass over every transfer
    move_starts = [_start(e) for e in moves]
    starts_sorted = sorted(move_starts)
    people_by_start = [e.people for _, e in sorted(zip(move_starts, moves), key=lambda pair: pair[0])]
    after = [0] * (len(moves) + 1)  # after[k]: the people of the moves from the k-th start on
    for k in range(len(moves) - 1, -1, -1):
        after[k] = after[k + 1] + people_by_start[k]
    ends_sorted = sorted(_end(e) for e in counted)
    for running in totals:
        limit = _end(running)
        value = running.people + after[bisect.bisect_right(starts_sorted, limit)]
        covers = bisect.bisect_right(ends_sorted, limit) > 1  # running itself ends by its own date
        key = (value, limit)
        if value > best_total or (value == best_total and best_running is not None and key > best_running[0]) or (
            value == best_total and best_running is None and covers
        ):
            best_total = value
            best_running = (key, running)
    if best_running is not None:
        running = best_running[1]
        limit = _end(running)
        later = [e for e, start in zip(moves, move_starts) if start > limit]
        covered = [e for e in counted if e is not running and _end(e) <= limit]
        best_ids = (running.id,) + tuple(e.id for e in later)
        superseded = tuple(e.id for e in covered)
        earlier = f"{len(covered)} earlier transfer{'s' if len(covered) != 1 else ''}"
        rule = (f"a total of {running.people} reported by {running.date}"
                + (f" (it includes the {earlier}, not added again)" if covered else "")
                + (f", plus {len(later)} transfer{'s' if len(later) != 1 else ''} since" if later else ""))
    qualifier = "exact"
    best = set(best_ids)
    used = [e for e in counted if e.id in best]
    if uncounted or any(e.people_qualifier not in ("exact",) for e in used):
        qualifier = "at_least"
    return PeopleFigure(
        total=best_total, qualifier=qualifier, rule=rule, event_ids=best_ids, superseded=superseded,
        uncounted=uncounted, nationalities=nationalities, onward_removed=onward_total, onward_event_ids=onward_ids,
    )


# ---------------------------------------------------------------------------
# money


@dataclass(frozen=True)
class MoneyReport:
    date: str | None
    amount: float
    event_ids: tuple

    def to_dict(self) -> dict:
        return {"date": self.date, "amount": _jsonable(self.amount), "event_ids": list(self.event_ids)}


@dataclass(frozen=True)
class MoneyFigure:
    category: str
    currency: str | None
    amount: float | None
    rule: str
    event_ids: tuple  # the events the figure rests on
    reports: tuple[MoneyReport, ...] = ()  # every total reported, by date
    per_person: tuple[MoneyReport, ...] = ()  # amounts per person, never added up
    undisclosed: tuple = ()  # events of this category that give no amount

    def to_dict(self) -> dict:
        return {
            "undisclosed": list(self.undisclosed),
            "category": self.category,
            "currency": self.currency,
            "amount": _jsonable(self.amount),
            "rule": self.rule,
            "event_ids": list(self.event_ids),
            "reports": [r.to_dict() for r in self.reports],
            "per_person": [r.to_dict() for r in self.per_person],
        }


def money_category(event: Event) -> str | None:
    """committed | paid | spent | demanded | cancelled, or None for an event that is not money."""
    if event.type == "payment":
        kind = event.money_kind
        if kind == "cancelled":
            return "cancelled"
        if kind in ("committed", "grant"):
            return "committed"
        return "paid"  # paid, or an extracted payment (paid or pledged: FACTS.md does not tell them apart)
    if event.type == "cost":
        return "spent"
    if event.type == "compensation_demand":
        return "demanded"
    return None


def money_figures(events) -> tuple[dict, list]:
    """``{category: {currency: MoneyFigure}}`` and the cancelled payments (as dicts)."""
    groups: dict[tuple[str, str | None], list[Event]] = {}
    cancelled = []
    for ev in _chrono(events):
        cat = money_category(ev)
        if cat is None:
            continue
        if cat == "cancelled":
            cancelled.append({"event_id": ev.id, "date": ev.date, "amount": _jsonable(ev.amount), "currency": ev.currency})
            continue
        groups.setdefault((cat, ev.currency), []).append(ev)
    out: dict = {}
    for (cat, currency), evs in groups.items():
        undisclosed = tuple(e.id for e in evs if e.amount is None)
        evs = [e for e in evs if e.amount is not None]
        whole = [e for e in evs if not e.per_person]
        per_person = tuple(MoneyReport(e.date, e.amount, (e.id,)) for e in evs if e.per_person)
        by_date: dict[str | None, list[Event]] = {}
        for e in whole:
            by_date.setdefault(e.date, []).append(e)
        reports = tuple(
            MoneyReport(d, sum(e.amount for e in es), tuple(e.id for e in es)) for d, es in by_date.items()
        )
        if reports:
            best = max(reports, key=lambda r: (r.amount, r.date or ""))
            amount, ids = best.amount, best.event_ids
            rule = ("one report" if len(reports) == 1 and len(ids) == 1 else
                    f"largest total reported ({best.date})" + (f", sum of {len(ids)} parts reported together" if len(ids) > 1 else ""))
        else:
            amount, ids = None, ()
            rule = "only per-person amounts" if per_person else "amount not disclosed"
        out.setdefault(cat, {})[currency or "?"] = MoneyFigure(
            cat, currency, amount, rule, ids, reports, per_person, undisclosed)
    return out, cancelled


# ---------------------------------------------------------------------------
# rulings


@dataclass(frozen=True)
class Ruling:
    event_id: object
    date: str | None
    outcome: str | None
    actor: str | None

    def to_dict(self) -> dict:
        return {"event_id": self.event_id, "date": self.date, "outcome": self.outcome, "actor": self.actor}


def blocking_ruling(events) -> Event | None:
    """The ruling that currently blocks transfers, if any (see the module doc)."""
    ordered = _chrono(events)
    block = None
    for ev in ordered:
        if ev.type == "ruling" and ev.outcome in NEGATIVE_OUTCOMES:
            block = ev
        elif block is not None and ev.type == "ruling" and ev.outcome in POSITIVE_OUTCOMES and _start(ev) >= _start(block):
            block = None
        elif (block is not None and ev.type in ("transfer", "termination") and ev.date_qualifier != "before"
              and _start(ev) > _end(block)):
            block = None
    return block


# ---------------------------------------------------------------------------
# the whole corridor


@dataclass(frozen=True)
class CorridorFigures:
    as_of: str | None
    status: Status | None
    people: PeopleFigure
    money: dict  # {category: {currency: MoneyFigure}}
    cancelled: tuple = ()
    cost_per_person: dict = field(default_factory=dict)  # {currency: {...}}
    rulings: tuple[Ruling, ...] = ()
    blocking: Ruling | None = None
    conflicts: tuple = ()  # dicts: event_id, type, field, values, chosen, reason
    events: int = 0
    timeline: tuple = ()  # (date, status, event_id) for every change of status

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of,
            "status": self.status.to_dict() if self.status else None,
            "people": self.people.to_dict(),
            "money": {cat: {cur: fig.to_dict() for cur, fig in by_cur.items()} for cat, by_cur in self.money.items()},
            "cancelled": list(self.cancelled),
            "cost_per_person": self.cost_per_person,
            "rulings": {
                "items": [r.to_dict() for r in self.rulings],
                "blocking": self.blocking.to_dict() if self.blocking else None,
                "blocked": self.blocking is not None,
            },
            "conflicts": list(self.conflicts),
            "events": self.events,
            "timeline": [{"date": d, "status": st, "event_id": i} for d, st, i in self.timeline],
        }


def _cost_per_person(money: dict, people: PeopleFigure) -> dict:
    out = {}
    if not people.total:
        return out
    for basis in ("spent", "paid"):
        for currency, fig in (money.get(basis) or {}).items():
            if fig.amount is None or currency in out:
                continue
            out[currency] = {
                "amount": round(fig.amount / people.total, 2),
                "basis": basis,
                "money": _jsonable(fig.amount),
                "people": people.total,
                "people_qualifier": people.qualifier,
                "event_ids": list(fig.event_ids) + list(people.event_ids),
            }
    return out


def corridor_figures(events, as_of: str | None = None) -> CorridorFigures:
    """Status, people, money, cost per person, rulings and conflicts of one corridor's events."""
    events = _upto(_chrono(events), as_of)  # sorted once: every figure below reads them in this order
    changes = _walk_status(events)  # the status (the last change) and the timeline (every change) at once
    status = changes[-1][0] if changes else None
    people = people_figure(events)
    money, cancelled = money_figures(events)
    rulings = tuple(Ruling(e.id, e.date, e.outcome, e.actor) for e in _chrono(events) if e.type == "ruling")
    block = blocking_ruling(events)
    conflicts = tuple(
        {"event_id": e.id, "type": e.type, **c.to_dict()} for e in _chrono(events) for c in e.conflicts
    )
    return CorridorFigures(
        as_of=as_of,
        status=status,
        people=people,
        money=money,
        cancelled=tuple(cancelled),
        cost_per_person=_cost_per_person(money, people),
        rulings=rulings,
        blocking=Ruling(block.id, block.date, block.outcome, block.actor) if block else None,
        conflicts=conflicts,
        events=len(events),
        timeline=tuple((ev.date, change.status, ev.id) for change, ev in changes),
    )


__all__ = [
    "BLOCKED",
    "CorridorFigures",
    "MONEY_CATEGORIES",
    "MoneyFigure",
    "MoneyReport",
    "PeopleFigure",
    "Ruling",
    "Status",
    "blocking_ruling",
    "corridor_figures",
    "money_category",
    "money_figures",
    "people_figure",
    "status_on",
    "status_timeline",
]
