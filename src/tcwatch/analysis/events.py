"""Link facts that describe the same real-world event.

Several documents (and the curated dataset) report the same transfer, ruling or
payment; each report is a :class:`~tcwatch.model.Fact`. This module decides
when two facts are one event (:func:`same_event`), clusters a corridor's facts
into :class:`Event` records (:func:`link_events`), and assigns one new fact to
an existing event at ingest (:func:`assign_event`).

Two facts are the same event when :func:`~tcwatch.analysis.matching.same_event`
says so: same corridor and type, overlapping dates, compatible figures,
outcomes and courts (the rules are in :mod:`tcwatch.analysis.matching`).

Facts a reviewer rejected (``review == "rejected"``) are left out; corrected facts
already carry the corrected values. Clustering is complete-linkage: a fact joins
an event only if it is compatible with every fact already in it.

Where an event's facts disagree on a field, the chosen value follows one rule,
in order: curated, then reviewed (accepted/corrected), over extracted; then the
most precise date; then the most sources (documents and URLs); then the latest
report. Each :class:`Conflict` lists every value, the facts giving it, the
chosen value and the step of the rule that decided.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from ..model import Fact

from .matching import (  # noqa: F401  (re-exported: the matching rules are part of this API)
    AFTER_WINDOW_DAYS,
    APPROX_DAYS,
    BEFORE_WINDOW_DAYS,
    CHOSEN_FIELDS,
    NEGATIVE_OUTCOMES,
    POSITIVE_OUTCOMES,
    ROUNDING,
    actors_compatible,
    date_precision,
    date_span,
    dates_compatible,
    details_compatible,
    fact_span,
    figures_compatible,
    outcomes_compatible,
    same_event,
    _IN_FORCE_RE,
)


@dataclass(frozen=True)
class ConflictValue:
    value: object
    fact_ids: tuple

    def to_dict(self) -> dict:
        return {"value": _jsonable(self.value), "fact_ids": list(self.fact_ids)}


@dataclass(frozen=True)
class Conflict:
    """Facts of one event that disagree on ``field``: every value, and which was chosen and why."""

    field: str
    values: tuple[ConflictValue, ...]
    chosen: object
    reason: str

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "values": [v.to_dict() for v in self.values],
            "chosen": _jsonable(self.chosen),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Event:
    """One real-world event on a corridor and the facts that report it."""

    id: object  # the smallest fact id in it (an int), or a stable key (a str) when its facts have no id
    type: str
    sender: str | None
    receiver: str | None
    date: str | None = None
    date_qualifier: str = "on"
    people: int | None = None
    people_qualifier: str = "exact"
    amount: float | None = None
    currency: str | None = None
    amount_qualifier: str = "exact"
    outcome: str | None = None
    actor: str | None = None
    nationalities: tuple[str, ...] = ()
    money_kind: str | None = None
    per_person: bool = False
    in_force: bool = False  # an agreement reported as in force (ratified, took effect)
    uncertain: bool = False  # a curated fact in it is flagged uncertain
    fact_ids: tuple = ()
    origins: frozenset = frozenset()
    arrangement_ids: tuple[str, ...] = ()
    document_ids: tuple[str, ...] = ()
    source_urls: tuple[str, ...] = ()
    store_event_ids: tuple[int, ...] = ()  # ``Fact.event_id`` values of its facts, as the store assigned them
    conflicts: tuple[Conflict, ...] = ()

    @property
    def corridor(self) -> tuple[str | None, str | None]:
        return (self.sender, self.receiver)

    @property
    def sources(self) -> int:
        """How many distinct sources report it (documents and URLs)."""
        return len(self.document_ids) + len(self.source_urls)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "sender": self.sender,
            "receiver": self.receiver,
            "date": self.date,
            "date_qualifier": self.date_qualifier,
            "people": self.people,
            "people_qualifier": self.people_qualifier,
            "amount": _jsonable(self.amount),
            "currency": self.currency,
            "amount_qualifier": self.amount_qualifier,
            "outcome": self.outcome,
            "actor": self.actor,
            "nationalities": list(self.nationalities),
            "money_kind": self.money_kind,
            "per_person": self.per_person,
            "in_force": self.in_force,
            "uncertain": self.uncertain,
            "fact_ids": list(self.fact_ids),
            "origins": sorted(self.origins),
            "arrangement_ids": list(self.arrangement_ids),
            "document_ids": list(self.document_ids),
            "source_urls": list(self.source_urls),
            "store_event_ids": list(self.store_event_ids),
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


def _jsonable(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def fact_key(fact: Fact):
    """A fact's identity: its store id, or a stable key made from its content."""
    if fact.id is not None:
        return fact.id
    raw = "|".join(
        str(x)
        for x in (
            fact.origin, fact.arrangement_id, fact.document_id, fact.type, fact.sender, fact.receiver,
            fact.date, fact.date_qualifier, fact.people, fact.amount, fact.currency, fact.money_kind,
            fact.per_person, fact.outcome, fact.actor, fact.evidence,
        )
    )
    return "f" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def _trust(fact: Fact) -> int:
    if fact.origin == "curated":
        return 2
    if fact.review in ("accepted", "corrected"):
        return 1
    return 0


def _source_ids(fact: Fact) -> set[str]:
    out = set(fact.source_urls)
    if fact.document_id:
        out.add("doc:" + fact.document_id)
    if not out:
        out.add(f"fact:{fact_key(fact)}")
    return out


def _report_date(fact: Fact) -> str:
    return fact.published or fact.date or ""


_REASONS = ("curated over extracted", "reviewed over extracted", "most precise date", "most sources", "latest report")


def _choose(field_name: str, facts: Sequence[Fact], keys: Sequence) -> tuple[object, Conflict | None]:
    """The value of ``field_name`` for an event, and a Conflict when its facts disagree."""
    by_value: dict = {}
    for fact, key in zip(facts, keys):
        value = getattr(fact, field_name)
        if field_name == "date":
            value = (fact.date, fact.date_qualifier) if fact.date else None
        if value is None:
            continue
        by_value.setdefault(value, []).append((fact, key))
    if not by_value:
        return None, None
    if len(by_value) == 1:  # the facts agree (nearly always): nothing to rank
        return next(iter(by_value)), None

    def rank(value):
        members = [f for f, _ in by_value[value]]
        trust = max(_trust(f) for f in members)
        precision = max(
            (date_precision(f.date) * 2 + (1 if f.date_qualifier == "on" else 0)) for f in members
        )
        if field_name == "date":
            precision = date_precision(value[0]) * 2 + (1 if value[1] == "on" else 0)
        sources = len(set().union(*(_source_ids(f) for f in members)))
        latest = max(_report_date(f) for f in members)
        return (1 if trust == 2 else 0, 1 if trust >= 1 else 0, precision, sources, latest)

    ordered = sorted(by_value, key=lambda v: (rank(v), str(v)), reverse=True)
    chosen = ordered[0]
    if len(ordered) == 1 or not _disagree(field_name, ordered):
        return chosen, None
    first, second = rank(chosen), rank(ordered[1])
    reason = "tie (first by value)"
    for i, (x, y) in enumerate(zip(first, second)):
        if x != y:
            reason = _REASONS[i]
            break
    values = tuple(
        ConflictValue(
            value=v if field_name != "date" else f"{v[0]} ({v[1]})",
            fact_ids=tuple(sorted((k for _, k in by_value[v]), key=_sort_key)),
        )
        for v in ordered
    )
    shown = chosen if field_name != "date" else f"{chosen[0]} ({chosen[1]})"
    return chosen, Conflict(field=field_name, values=values, chosen=shown, reason=reason)


def _disagree(field_name: str, values: Sequence) -> bool:
    """Whether distinct values really contradict each other (and so are shown as a conflict).

    Dates: two exact dates that differ at their shared precision, or an event
    said to have happened by D while another source dates it after D. Outcomes:
    one source says blocked/unsafe/unlawful and another allowed/safe/lawful.
    Actors are never a conflict: "judge", "Judge Boasberg" and "the court" name
    one court in more or fewer words. Figures (people, amounts) always are.
    """
    if field_name == "date":
        exact = [d for d, q in values if q in ("on", "approx")]
        bounds = [d for d, q in values if q == "before"]
        for i, a in enumerate(exact):
            for b in exact[i + 1 :]:
                n = min(len(a), len(b))
                if a[:n] != b[:n]:
                    return True
        return any(d[: len(b)] > b[: len(d)] for d in exact for b in bounds)
    if field_name == "actor":
        return False
    if field_name == "outcome":
        kinds = {("neg" if v in NEGATIVE_OUTCOMES else "pos" if v in POSITIVE_OUTCOMES else v) for v in values}
        return len(kinds) > 1
    return True


def _sort_key(key):
    return (0, key, "") if isinstance(key, int) else (1, 0, str(key))


def make_event(facts: Sequence[Fact]) -> Event:
    """One event from facts already known to describe it."""
    if not facts:
        raise ValueError("an event needs at least one fact")
    keys = [fact_key(f) for f in facts]
    order = sorted(range(len(facts)), key=lambda i: _sort_key(keys[i]))
    facts = [facts[i] for i in order]
    keys = [keys[i] for i in order]
    first = facts[0]
    chosen, conflicts = {}, []
    for name in CHOSEN_FIELDS:
        value, conflict = _choose(name, facts, keys)
        chosen[name] = value
        if conflict is not None:
            conflicts.append(conflict)
    date_value, qualifier = chosen["date"] if chosen["date"] else (None, "on")
    if date_value is None:
        # no fact dates it: fall back to the latest publication date, as FACTS.md does
        published = [f.published for f in facts if f.published]
        if published:
            date_value, qualifier = max(published), "before"

    def qualifier_of(name, value, qfield):
        for f in facts:
            if getattr(f, name) == value and value is not None:
                return getattr(f, qfield)
        return "exact"

    nationalities = sorted({n for f in facts for n in f.nationalities})
    ints = [k for k in keys if isinstance(k, int)]
    return Event(
        id=min(ints) if ints else min(keys, key=str),
        type=first.type,
        sender=first.sender,
        receiver=first.receiver,
        date=date_value,
        date_qualifier=qualifier,
        people=chosen["people"],
        people_qualifier=qualifier_of("people", chosen["people"], "people_qualifier"),
        amount=chosen["amount"],
        currency=chosen["currency"],
        amount_qualifier=qualifier_of("amount", chosen["amount"], "amount_qualifier"),
        outcome=chosen["outcome"],
        actor=chosen["actor"],
        nationalities=tuple(nationalities),
        money_kind=chosen["money_kind"],
        per_person=any(f.per_person for f in facts if f.amount == chosen["amount"]) if chosen["amount"] is not None else any(f.per_person for f in facts),
        in_force=first.type == "agreement" and any(_IN_FORCE_RE.search(f.evidence or "") for f in facts),
        uncertain=any(f.uncertain for f in facts),
        fact_ids=tuple(keys),
        origins=frozenset(f.origin for f in facts),
        arrangement_ids=tuple(sorted({f.arrangement_id for f in facts if f.arrangement_id})),
        document_ids=tuple(sorted({f.document_id for f in facts if f.document_id})),
        source_urls=tuple(dict.fromkeys(u for f in facts for u in f.source_urls)),
        store_event_ids=tuple(sorted({f.event_id for f in facts if f.event_id is not None})),
        conflicts=tuple(conflicts),
    )


def _link_order(fact: Fact):
    """Who seeds events first: curated, reviewed, the most precise date, then by id."""
    key = fact_key(fact)
    return (-_trust(fact), -date_precision(fact.date), 0 if fact.date_qualifier == "on" else 1, _sort_key(key))


class _Bucket:
    """The events of one (type, sender, receiver) being built, in the order they were made, with an
    index of the days their windows can cover: a fact is only tried against events whose window
    can overlap its own days, the others could not take it. A window only narrows as facts join,
    so the days an event was first indexed under keep covering it."""

    BLOCK_DAYS = 32  # the index's unit of time
    MAX_BLOCKS = 16  # a longer window (or fact) is tried against (by) every event

    def __init__(self):
        #: (window, members, the distinct detail kinds of the members: see :func:`cluster`)
        self.events: list[tuple[list, list[Fact], list[int]]] = []
        self.wide: list[int] = []  # events whose window was open or long when made: always tried
        self.blocks: dict[int, list[int]] = {}

    def _range(self, span) -> range | None:
        first, last = span[0].toordinal() // self.BLOCK_DAYS, span[1].toordinal() // self.BLOCK_DAYS
        return range(first, last + 1) if last - first < self.MAX_BLOCKS else None

    def add(self, span, members: list[Fact], kinds: list[int]) -> None:
        index = len(self.events)
        self.events.append((list(span) if span is not None else [], members, kinds))
        blocks = self._range(span) if span is not None else None
        if blocks is None:
            self.wide.append(index)
        else:
            for block in blocks:
                self.blocks.setdefault(block, []).append(index)

    def candidates(self, span):
        """The events that may take a fact of these days, in the order they were made."""
        blocks = self._range(span) if span is not None else None
        if blocks is None:
            return self.events
        found = set(self.wide)
        for block in blocks:
            found.update(self.blocks.get(block, ()))
        return [self.events[i] for i in sorted(found)]


def _details(fact: Fact) -> tuple:
    """Every field :func:`details_compatible` reads: two facts with equal details are compatible with
    the same facts."""
    return (fact.origin == "curated", fact.arrangement_id, fact.people, fact.people_qualifier, fact.amount,
            fact.currency, fact.amount_qualifier, fact.money_kind, fact.per_person, fact.nationalities, fact.type,
            fact.outcome, fact.actor)


def cluster(facts: Iterable[Fact]) -> list[list[Fact]]:
    """Group facts into events (complete linkage on :func:`same_event`).

    Each fact, most trusted first, joins the first event made before it that it fits, else starts
    one. The first test is the days: a fact must overlap the days every member allows (for
    intervals, overlapping each member means overlapping what they share), looked up in an index
    so that a corridor of 100,000 facts is grouped in a time close to linear. The rest of the test
    (:func:`details_compatible`) depends only on a few fields, which repeat across a busy corridor
    (the same counts, amounts, courts): facts are numbered by those fields (their detail kind), an
    event keeps the kinds of its members, and each pair of kinds is tested once."""
    usable = [f for f in facts if f.review != "rejected"]
    groups: dict[tuple, _Bucket] = {}
    kinds: dict[tuple, int] = {}
    sample: list[Fact] = []  # a fact of each kind
    fits: dict[tuple[int, int], bool] = {}
    for fact in sorted(usable, key=_link_order):
        bucket = groups.get((fact.type, fact.sender, fact.receiver))
        if bucket is None:
            bucket = groups[(fact.type, fact.sender, fact.receiver)] = _Bucket()
        details = _details(fact)
        kind = kinds.get(details)
        if kind is None:
            kind = kinds[details] = len(sample)
            sample.append(fact)
        span = fact_span(fact)
        for window, members, member_kinds in bucket.candidates(span):
            if span is not None and window and (span[1] < window[0] or window[1] < span[0]):
                continue
            # same corridor and type (the bucket), none rejected, dates overlapping every member's
            # (the window): what is left of same_event is the rest, the same for members of one kind
            for other in member_kinds:
                fit = fits.get((kind, other))
                if fit is None:
                    fit = fits[(kind, other)] = details_compatible(fact, sample[other])
                if not fit:
                    break
            else:
                members.append(fact)
                if kind not in member_kinds:
                    member_kinds.append(kind)
                if span is not None:
                    window[:] = [max(window[0], span[0]), min(window[1], span[1])] if window else list(span)
                break
        else:
            bucket.add(span, [fact], [kind])
    return [members for bucket in groups.values() for _, members, _ in bucket.events]


def event_order(event: Event):
    """The order :func:`link_events` lists events in: by date (undated last), then id (ids are unique,
    so events linked apart, one corridor and type at a time, merge into the same order)."""
    return (event.date is None, (date_span(event.date) or (date.max, date.max))[0], event.date or "",
            _sort_key(event.id))


def link_events(facts: Iterable[Fact]) -> list[Event]:
    """Cluster facts into events, sorted by date (undated last), then id."""
    events = [make_event(members) for members in cluster(facts)]
    return sorted(events, key=event_order)


def _event_as_fact(event: Event) -> Fact:
    return Fact(
        type=event.type,
        sender=event.sender,
        receiver=event.receiver,
        date=event.date,
        date_qualifier=event.date_qualifier,
        people=event.people,
        people_qualifier=event.people_qualifier,
        nationalities=event.nationalities,
        amount=event.amount,
        currency=event.currency,
        amount_qualifier=event.amount_qualifier,
        actor=event.actor,
        outcome=event.outcome,
        origin="extracted",
        arrangement_id=event.arrangement_ids[0] if len(event.arrangement_ids) == 1 else None,
        money_kind=event.money_kind,
        per_person=event.per_person,
    )


def assign_event(fact: Fact, existing_events) -> object | None:
    """The id of the existing event ``fact`` belongs to, or ``None`` for a new event.

    ``existing_events`` is either a list of :class:`Event` or a list of stored
    facts (each with its ``event_id``), as the store passes them; a fact joins a
    stored event only if it fits every (unrejected) fact of it. When several
    events fit, the one with the most facts wins, then the smallest id.
    """
    if fact.review == "rejected":
        return None
    items = list(existing_events or ())
    if not items:
        return None
    if isinstance(items[0], Event):
        fits = [e for e in items if e.type == fact.type and same_event(fact, _event_as_fact(e))
                and not (fact.origin == "curated" and "curated" in e.origins)]
        if not fits:
            return None
        best = sorted(fits, key=lambda e: (-len(e.fact_ids), _sort_key(e.id)))[0]
        return best.id
    groups: dict = {}
    for other in items:
        if other.event_id is None or other.review == "rejected":
            continue
        groups.setdefault(other.event_id, []).append(other)
    fits = [(eid, members) for eid, members in groups.items() if all(same_event(fact, m) for m in members)]
    if not fits:
        return None
    fits.sort(key=lambda item: (-len(item[1]), _sort_key(item[0])))
    return fits[0][0]


__all__ = [
    "AFTER_WINDOW_DAYS",
    "APPROX_DAYS",
    "BEFORE_WINDOW_DAYS",
    "Conflict",
    "ConflictValue",
    "Event",
    "ROUNDING",
    "actors_compatible",
    "assign_event",
    "cluster",
    "date_precision",
    "date_span",
    "dates_compatible",
    "event_order",
    "fact_key",
    "fact_span",
    "figures_compatible",
    "link_events",
    "make_event",
    "outcomes_compatible",
    "same_event",
]
