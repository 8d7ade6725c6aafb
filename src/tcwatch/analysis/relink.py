"""The events of one corridor and type, linked again after facts were added: only the events the new
facts can reach are recomputed, and the result is exactly what :func:`~tcwatch.analysis.events.link_events`
gives for all the facts.

:func:`~tcwatch.analysis.events.cluster` takes the facts one at a time in link order; each joins the
first event made before it (in the order events were made) whose window of days overlaps its own days
and whose members' details are all compatible with its own, else starts an event. An event's window
only narrows as facts join it, and it never leaves the days of the fact that started it (its seed),
unless that fact is undated.

:func:`relink` runs the same loop over the old and new facts together, keeping for each fact the
event (named by its seed) it joined last time. An event is *dirty* once its members so far differ from
last time's (a new fact joined or started it, an old fact left it or joined it instead of another);
every other event is *clean*: its window and members so far are last time's. A fact whose days
overlap no dirty event's seed days (so no dirty event's window) meets only clean events, in the same
order, with the same windows and members: it takes last time's decision, unchanged, without a test.
Every other fact (and every new one) is decided as :func:`cluster` decides, on the state so far, which
is by induction the state of a run from scratch. An undated seed among the dirty events (its window is
not bounded by its days), or an undated fact while any event is dirty, is decided in full. At the
end a clean event has last time's members, so its :class:`~tcwatch.analysis.events.Event` is reused;
the dirty ones are made again from their facts.

Only additions are handled this way: a review (which may change or move a fact) or a replaced
curated set links from scratch (:func:`link`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, Iterable

from ..model import Fact
from .events import Event, _Bucket, _details, _link_order, event_order, fact_key, make_event
from .matching import details_compatible, fact_span

#: the unit of days in which dirty events' seed days are kept (a coarser unit only decides more facts)
BLOCK_DAYS = 8


@dataclass(frozen=True)
class Linked:
    """The events of one corridor and type, and what :func:`relink` needs to link them again."""

    events: list  # as link_events gives them (event_order)
    order: list  # (link order key, fact key, span, detail kind) of every fact, in link order
    seed_of: dict  # fact key -> the key of the fact that started its event
    by_seed: dict  # seed key -> its Event
    kinds: dict  # details -> detail kind
    samples: list  # a fact of each detail kind
    bucket: tuple  # (type, sender, receiver)


class _Stale(Exception):
    """The kept state does not describe the facts (not expected): link from scratch."""


def _entry(fact: Fact, kinds: dict, samples: list) -> tuple:
    details = _details(fact)
    kind = kinds.get(details)
    if kind is None:
        kind = kinds[details] = len(samples)
        samples.append(fact)
    return (_link_order(fact), fact_key(fact), fact_span(fact), kind)


def _blocks(span) -> range:
    return range(span[0].toordinal() // BLOCK_DAYS, span[1].toordinal() // BLOCK_DAYS + 1)


def _run(order: list, samples: list, prev: Linked | None):
    """The loop of :func:`~tcwatch.analysis.events.cluster` over ``order``, taking ``prev``'s decision
    for each fact it provably does not change (see the module doc). Returns the events as
    ``(seed, member keys)`` in the order they were made, each fact's seed, and the dirty seeds."""
    bucket = _Bucket()
    made: dict = {}  # seed -> the bucket's (window, members, kinds) of its event
    fits: dict = {}
    seed_of: dict = {}
    dirty: set = set()
    dirty_blocks: set = set()
    all_dirty = False
    spans = {key: span for _, key, span, _ in order} if prev is not None else None

    def mark(seed) -> None:
        nonlocal all_dirty
        if seed in dirty:
            return
        dirty.add(seed)
        span = spans[seed]
        if span is None:
            all_dirty = True  # an undated seed's window is not within its days
        else:
            dirty_blocks.update(_blocks(span))

    for _, key, span, kind in order:
        old = prev.seed_of.get(key) if prev is not None else None
        if prev is None or old is None or all_dirty or (dirty and (
                span is None or not dirty_blocks.isdisjoint(_blocks(span)))):
            target = None
            for event in bucket.candidates(span):
                window, members, member_kinds = event
                if span is not None and window and (span[1] < window[0] or window[1] < span[0]):
                    continue
                for other in member_kinds:
                    fit = fits.get((kind, other))
                    if fit is None:
                        fit = fits[(kind, other)] = details_compatible(samples[kind], samples[other])
                    if not fit:
                        break
                else:
                    target = event
                    break
            seed = key if target is None else target[1][0]
            if prev is not None and seed != old:
                mark(seed)
                if old is not None:
                    mark(old)
        else:  # only clean events can take it: last time's decision stands
            seed = old
            target = None
            if seed != key:
                target = made.get(seed)
                if target is None:
                    raise _Stale(f"fact {key!r} joined event {seed!r}, not made yet")
        if target is None:
            bucket.add(span, [key], [kind])
            made[key] = bucket.events[-1]
        else:
            window, members, member_kinds = target
            members.append(key)
            if kind not in member_kinds:
                member_kinds.append(kind)
            if span is not None:
                window[:] = [max(window[0], span[0]), min(window[1], span[1])] if window else list(span)
        seed_of[key] = seed
    return [(members[0], members) for _, members, _ in bucket.events], seed_of, dirty


def _finish(order, samples, kinds, bucket_key, groups, seed_of, dirty, facts_of: Callable, prev: Linked | None,
            keep: bool) -> Linked:
    by_seed: dict = {}
    wanted = [k for seed, members in groups if prev is None or seed in dirty or seed not in prev.by_seed
              for k in members]
    facts = facts_of(wanted)
    for seed, members in groups:
        if prev is not None and seed not in dirty and seed in prev.by_seed:
            by_seed[seed] = prev.by_seed[seed]  # the same members as last time: the same event
        else:
            by_seed[seed] = make_event([facts[k] for k in members])
    events = sorted(by_seed.values(), key=event_order)
    if not keep:
        return Linked(events, [], {}, {}, {}, [], bucket_key)
    return Linked(events, order, seed_of, by_seed, kinds, samples, bucket_key)


def link(facts: Iterable[Fact], keep: bool = True) -> Linked | None:
    """The events of facts of one corridor and type (those a reviewer rejected left out), as
    :func:`~tcwatch.analysis.events.link_events` gives them, with the state :func:`relink` needs (when
    ``keep``). None when the facts span several corridors or types."""
    usable = [f for f in facts if f.review != "rejected"]
    buckets = {(f.type, f.sender, f.receiver) for f in usable}
    if len(buckets) > 1:
        return None
    kinds: dict = {}
    samples: list = []
    order = sorted((_entry(f, kinds, samples) for f in usable), key=itemgetter(0))
    by_key = {fact_key(f): f for f in usable}
    groups, seed_of, dirty = _run(order, samples, None)
    return _finish(order, samples, kinds, next(iter(buckets), None), groups, seed_of, dirty,
                   lambda keys: by_key, None, keep)


def relink(prev: Linked, added: Iterable[Fact], load: Callable[[list], dict]) -> Linked:
    """``prev`` with the facts ``added`` (none of them linked before; rejected ones left out): the
    events :func:`link` of all the facts gives, recomputing only those the new facts reach (module
    doc). ``load(keys)`` returns ``{key: Fact}`` of earlier facts, for the events made again."""
    new = [f for f in added if f.review != "rejected"]
    if not new:
        return prev
    if not prev.order and prev.events:
        raise ValueError("this Linked kept no state (link(..., keep=False))")
    if any(fact_key(f) in prev.seed_of for f in new) or any(
            prev.bucket is not None and (f.type, f.sender, f.receiver) != prev.bucket for f in new):
        raise ValueError("relink takes facts new to this corridor and type")
    kinds, samples = dict(prev.kinds), list(prev.samples)
    entries = sorted((_entry(f, kinds, samples) for f in new), key=itemgetter(0))
    if len(entries) <= 32:
        order = list(prev.order)
        for entry in entries:
            order.insert(bisect.bisect_left(order, entry[0], key=itemgetter(0)), entry)
    else:
        order = sorted(prev.order + entries, key=itemgetter(0))
    bucket_key = prev.bucket or (new[0].type, new[0].sender, new[0].receiver)
    new_by_key = {fact_key(f): f for f in new}

    def facts_of(keys: list) -> dict:
        found = dict(new_by_key)
        missing = [k for k in keys if k not in found]
        if missing:
            found.update(load(missing))
        return found

    try:
        groups, seed_of, dirty = _run(order, samples, prev)
    except _Stale:
        everything = facts_of([key for _, key, _, _ in order])
        return link([everything[key] for _, key, _, _ in order])
    return _finish(order, samples, kinds, bucket_key, groups, seed_of, dirty, facts_of, prev, True)


__all__ = ["BLOCK_DAYS", "Linked", "link", "relink"]
