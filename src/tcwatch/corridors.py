"""Corridors as users see them: the listing and one corridor's detail.

The CLI, the API and the dashboard all call these two functions, so a figure is
computed once, the same way, everywhere. They return JSON-ready dicts; every
figure names the events it rests on, every event its facts, every fact its
evidence and source (document or URL).

A corridor's figures need all its facts (100,000 of them on a busy corridor of
a large archive), so they are cached in the process, keyed by the database's
:meth:`~tcwatch.store.repository.Repository.data_version`: any fact stored,
review made or curated set replaced changes the key and the next read
recomputes them, exactly as they would be computed without a cache. The fact
list of a corridor is read a page at a time (a keyset cursor on timeline order).
"""

from __future__ import annotations

import base64
import gc
import threading
from collections import OrderedDict

from .analysis.events import event_order, link_events
from .analysis.figures import corridor_figures
from .analysis.relink import Linked, link, relink
from .errors import InvalidQuery, NotFound
from .model import corridor_label, fact_to_dict, is_partial_date
from .store import Store


#: stands for an end the sources do not name (ICAO's code for "unspecified")
UNKNOWN = "XXX"


def corridor_id(sender: str | None, receiver: str | None) -> str:
    """``USA-RWA``; an unknown end is ``XXX`` (``USA-XXX``: receiver not yet identified)."""
    return f"{sender or UNKNOWN}-{receiver or UNKNOWN}"


def parse_corridor_id(value: str) -> tuple[str | None, str | None]:
    """``USA-RWA``, ``USA->RWA``, ``usa rwa``, ``USA-XXX`` or ``USA->?`` -> (sender, receiver)."""
    cleaned = value.strip().replace("->", "-").replace(":", "-").replace(" ", "-").replace("/", "-")
    parts = [p for p in cleaned.split("-") if p]
    if len(parts) != 2 or not all((len(p) == 3 and p.isalpha()) or p == "?" for p in parts):
        raise InvalidQuery(f"corridor {value!r} is not SENDER-RECEIVER with ISO3 codes (e.g. USA-RWA)")
    ends = [None if p in ("?", UNKNOWN, UNKNOWN.lower()) else p.upper() for p in parts]
    if ends == [None, None]:
        raise InvalidQuery(f"corridor {value!r} names neither end")
    return ends[0], ends[1]


def _check_as_of(as_of: str | None) -> None:
    if as_of is not None and not is_partial_date(as_of):
        raise InvalidQuery(f"as-of {as_of!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def fact_view(fact, document: dict | None = None) -> dict:
    """A fact with its provenance and a way back to its source."""
    out = fact_to_dict(fact, provenance=True)
    out["id"] = fact.id
    out["event_id"] = fact.event_id
    out["review"] = fact.review
    out["published"] = fact.published
    out["money_kind"] = fact.money_kind
    out["note"] = fact.note
    if document is not None:
        out["document"] = {k: document.get(k) for k in ("id", "title", "url", "source", "date")}
    return out


def _usable(facts):
    """Facts that count: everything but those a reviewer rejected."""
    return [f for f in facts if f.review != "rejected"]


def _summary(sender, receiver, base: dict, as_of) -> dict:
    """A corridor's summary (on ``as_of``) from what :func:`_corridor_base` read of it."""
    figures = corridor_figures(base["events"], as_of=as_of).to_dict()
    return {
        "sender": sender,
        "receiver": receiver,
        "id": corridor_id(sender, receiver),
        "label": corridor_label(sender, receiver),
        "status": figures.get("status"),
        "people": figures.get("people"),
        "money": figures.get("money"),
        "rulings": figures.get("rulings"),
        "facts": base["facts"],
        "documents": base["documents"],
        "curated_facts": base["curated_facts"],
        "extracted_facts": base["extracted_facts"],
        "last_date": base["last_date"],
        "arrangements": [{"id": a.id, "name": a.name, "status": a.status} for a in base["arrangements"]],
        "figures": figures,
    }


class _Cache:
    """A small LRU of values keyed by what they describe, each valid for one data version.

    One build per key at a time: concurrent readers of a key being built wait for it."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict = {}

    def get(self, key, version: str, build):
        return self.update(key, version, lambda previous: build())

    def update(self, key, version: str, build):
        """The value of ``key`` at ``version``; when it is missing, ``build(previous)`` makes it, given
        ``(version, value)`` of what the cache held for ``key`` at another version (else None)."""
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                hit = self._items.get(key)
                if hit is not None and hit[0] == version:
                    return hit[1]
            value = build(hit)
            # a built value can be large (a busy corridor's events): move it, with everything alive now,
            # out of the cyclic collector's sight, so that a full collection does not walk it on every
            # later request (non-cyclic garbage is still freed by reference counting)
            gc.freeze()
            with self._lock:
                self._items[key] = (version, value)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._items

    def move(self, key, other: "_Cache") -> None:
        """Hand ``key`` (any version) over to ``other``."""
        with self._lock:
            hit = self._items.pop(key, None)
        if hit is not None:
            other.update(key, hit[0], lambda previous: hit[1])


#: corridor summaries (small: every corridor's is kept), corridor details with every event (a few),
#: and what both are computed from, once per corridor and data version whatever the date (a few dozen);
#: the edges' views (pages, fact listings and their counts, searches: a few hundred keys in use at once)
_SUMMARIES = _Cache(4096)
_DETAILS = _Cache(16)
_LISTS = _Cache(1024)
_BASES = _Cache(64)
#: a corridor's events of one type (a few per cached corridor)
_TYPE_EVENTS = _Cache(1024)
#: the linking state of busy corridors' types (analysis.relink), apart from the many small ones
_LINKED = _Cache(64)
#: a corridor's counts and timeline dates (every corridor's, as the listing reads them all)
_DATES = _Cache(1024)


def _db_key(store: Store) -> tuple:
    return (store.conn.target, id(store.conn.raw) if store.conn.target == ":memory:" else None)


def cached(store: Store, key: tuple, corridor: tuple[str | None, str | None] | None, build):
    """``build()``, computed once per data version of ``corridor`` (or of the whole database when
    None): for the edges' own views of a corridor (the dashboard's headline and charts)."""
    return cached_at(store, key, store.data_version(corridor), build, corridor)


def cached_at(store: Store, key: tuple, version: str, build, corridor: tuple[str | None, str | None] | None = None):
    """:func:`cached` with the data version already read (``store.data_version(corridor)``), for a
    page that keeps several views of one version."""
    return _LISTS.get((_db_key(store), "view", corridor, *key), version, build)


def clear_cache() -> None:
    """Forget every cached figure (the next read recomputes them)."""
    for cache in (_SUMMARIES, _DETAILS, _LISTS, _BASES, _TYPE_EVENTS, _LINKED, _DATES):
        cache.clear()
    with _LISTING_LOCK:
        _LISTING_JSON.clear()


def _corridor_base(store: Store, sender, receiver, version: str) -> dict:
    """What every view of a corridor is computed from, on any date: its events (linked from every
    fact but the rejected ones, which is the costly part), counts, arrangements and the timeline's
    dates. Cached per corridor and data version, so that the corridor on another ``as_of``, its
    summary and its detail link its facts into events only once.

    Events never join facts of two types, so they are linked one type at a time and each type's
    events cached by its own version (:meth:`~tcwatch.store.Store.corridor_type_versions`): after a
    write only the types it added facts to are read and linked again; the counts and dates are read
    as four columns of every fact. The events of all types, merged in :func:`event_order`, are the
    list :func:`link_events` of all the corridor's facts gives."""
    def build():
        dates = _corridor_dates(store, sender, receiver, version)
        events = []
        for type_, type_version in sorted(store.corridor_type_versions(sender, receiver).items()):
            events.extend(_corridor_type_events(store, sender, receiver, type_, type_version))
        events.sort(key=event_order)
        return {
            "facts": len(dates["whens"]),
            "documents": len(dates["documents"]),
            "last_date": dates["last_date"],
            "curated_facts": dates["curated_facts"],
            "extracted_facts": dates["extracted_facts"],
            "arrangements": store.arrangements((sender, receiver)),
            "events": events,
            "whens": dates["whens"],
        }

    return _BASES.get((_db_key(store), sender, receiver), version, build)


def _top(version: str) -> int | None:
    """The newest fact id a data version names (None when it names none)."""
    parts = version.split(":")
    return int(parts[1]) if len(parts) == 4 and parts[1].isdigit() else None


def _corridor_dates(store: Store, sender, receiver, version: str) -> dict:
    """A corridor's counts (facts, documents, curated, extracted), newest date and the timeline's
    dates, from four columns of its facts up to the version's newest; after facts were stored, only
    theirs are read and added to the last version's (cached per corridor and data version)."""
    def build(previous):
        top = _top(version)
        after = _added_since(previous[0], version) if previous is not None else None
        rows = store.corridor_fact_dates(sender, receiver, after_id=after, upto_id=top)
        if after is None:
            out = {"whens": [], "documents": set(), "last_date": None, "curated_facts": 0, "extracted_facts": 0}
        else:
            old = previous[1]
            out = {**old, "whens": list(old["whens"]), "documents": set(old["documents"])}
        out["whens"].extend(r[0] or r[1] or "" for r in rows)
        out["documents"].update(r[2] for r in rows if r[2])
        dated = [r[0] for r in rows if r[0]] + ([out["last_date"]] if out["last_date"] else [])
        out["last_date"] = max(dated, default=None)
        out["curated_facts"] += sum(1 for r in rows if r[3] == "curated")
        out["extracted_facts"] += sum(1 for r in rows if r[3] == "extracted")
        return out

    return _DATES.update((_db_key(store), sender, receiver), version, build)


#: a corridor's type with at least this many facts keeps what linking them again after new facts needs
#: (:mod:`.analysis.relink`); a smaller one is linked from scratch (it takes little) and keeps its events only
RELINK_MIN_FACTS = 2000


def _added_since(old: str, new: str) -> int | None:
    """The newest fact id of ``old`` when ``new`` (a later version of the same corridor and type, from
    :meth:`~tcwatch.store.Store.corridor_type_versions`) differs from it only by facts stored since
    (ids only grow; no review, no new curated set, the same database): those with a larger id are
    all that changed. Else None."""
    a, b = old.split(":"), new.split(":")
    if len(a) != 4 or len(b) != 4 or (a[0], a[2], a[3]) != (b[0], b[2], b[3]):
        return None
    if not (a[1].isdigit() and b[1].isdigit()) or int(b[1]) <= int(a[1]):
        return None
    return int(a[1])


def _corridor_type_events(store: Store, sender, receiver, type_: str, version: str) -> list:
    """The events of one corridor and type (cached per its version). After facts were stored on a
    busy one, only the events they can reach are linked again (:func:`~.analysis.relink.relink`: the
    same events as linking every fact)."""
    def build(previous):
        top = _top(version)  # facts stored since the version was read are left to the next version
        if previous is not None and previous[1].order:
            after = _added_since(previous[0], version)
            if after is not None:
                added = store.corridor_facts(sender, receiver, type_, after_id=after, upto_id=top)
                try:
                    return relink(previous[1], added, store.facts_by_ids)
                except ValueError:  # not facts new to the kept state (not expected): from scratch
                    pass
        facts = _usable(store.corridor_facts(sender, receiver, type_, upto_id=top))
        linked = link(facts, keep=len(facts) >= RELINK_MIN_FACTS)
        return linked if linked is not None else Linked(link_events(facts), [], {}, {}, {}, [], None)

    key = (_db_key(store), sender, receiver, type_)
    if key in _LINKED:
        return _LINKED.update(key, version, build).events
    linked = _TYPE_EVENTS.update(key, version, build)
    if linked.order:  # a busy type's state: kept where the listing of every corridor does not push it out
        _TYPE_EVENTS.move(key, _LINKED)
    return linked.events


def _corridor_summary(store: Store, sender, receiver, as_of, version: str) -> dict:
    return _SUMMARIES.get((_db_key(store), sender, receiver, as_of), version,
                          lambda: _summary(sender, receiver, _corridor_base(store, sender, receiver, version), as_of))


#: in the corridor listing, each list in a corridor's figures keeps only its latest this many entries
LISTING_ENTRIES = 5


def trim_lists(value, keep: int):
    """``value`` (JSON-ready) with every list of more than ``keep`` entries cut to its last ``keep``
    (figures list events, rulings, reports and status changes oldest first, so these are the latest);
    a dict holding a list also says how long it was in full, as ``<name>_total``. Country lists
    (``nationalities``) are kept whole: they are short and are the figure itself."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(item, list) and key != "nationalities":
                out[key] = [trim_lists(x, keep) for x in item[-keep:]] if keep else []
                out[f"{key}_total"] = len(item)
            else:
                out[key] = trim_lists(item, keep)
        return out
    if isinstance(value, list):
        return [trim_lists(x, keep) for x in value]
    return value


def listing_item(summary: dict, keep: int = LISTING_ENTRIES) -> dict:
    """One corridor of :func:`list_corridors` as the API lists it: small whatever the corridor's size.

    Every list in its figures is cut to the latest ``keep`` entries, with ``<name>_total`` for its full
    length (see :func:`trim_lists`); ``figures`` leaves out ``status``, ``people``, ``money`` and
    ``rulings``, which are the item's own keys; ``url`` is the corridor's detail, which has them all."""
    item = {k: v for k, v in summary.items() if k != "figures"}
    item["figures"] = {k: v for k, v in (summary.get("figures") or {}).items()
                       if k not in ("status", "people", "money", "rulings")}
    item = trim_lists(item, keep)
    item["url"] = f"/api/corridors/{summary['id']}"
    return item


#: summary id -> (summary, its listing item as JSON): kept while the summary is (a strong reference, so
#: the id is not another object's), a few thousand at most
_LISTING_JSON: OrderedDict = OrderedDict()
_LISTING_LOCK = threading.Lock()


def listing_json(summary: dict) -> str:
    """``json.dumps(listing_item(summary))`` as the API writes it (compact, UTF-8 as is), made once
    per summary: a summary is cached per data version of its corridor and never changed, so after a
    write the listing encodes again only the corridors the write touched."""
    import json

    with _LISTING_LOCK:
        hit = _LISTING_JSON.get(id(summary))
        if hit is not None and hit[0] is summary:
            _LISTING_JSON.move_to_end(id(summary))
            return hit[1]
    text = json.dumps(listing_item(summary), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    with _LISTING_LOCK:
        _LISTING_JSON[id(summary)] = (summary, text)
        while len(_LISTING_JSON) > _SUMMARIES.size:
            _LISTING_JSON.popitem(last=False)
    return text


def list_corridors(store: Store, as_of: str | None = None) -> list[dict]:
    """Every corridor with an end known that has a fact or a deal: status (on ``as_of``), people, money, counts."""
    _check_as_of(as_of)

    def build():
        out = []
        keys = set(store.corridor_keys())
        keys.update((a.sender, a.receiver) for a in store.arrangements())  # a deal with no facts yet is a corridor
        for sender, receiver in sorted(keys, key=lambda k: (k[0] or "~", k[1] or "~")):
            version = store.data_version((sender, receiver))
            summary = _corridor_summary(store, sender, receiver, as_of, version)
            if as_of and not summary["figures"].get("events"):
                continue  # nothing had happened on this corridor by then
            out.append(summary)
        return out

    return list(_LISTS.get((_db_key(store), "list", as_of), store.data_version(), build))


def _detail_base(store: Store, sender, receiver, as_of, version: str) -> dict:
    """What needs every fact of the corridor: summary, figures, events, counts (cached)."""
    base = _corridor_base(store, sender, receiver, version)
    arrangements = base["arrangements"]
    if not base["facts"] and not arrangements:
        raise NotFound(f"no corridor {corridor_label(sender, receiver)} (no facts on it)")
    events = base["events"]
    detail = _summary(sender, receiver, base, as_of)
    _SUMMARIES.get((_db_key(store), sender, receiver, as_of), version, lambda: dict(detail))
    detail["arrangements"] = [
        {
            "id": a.id,
            "name": a.name,
            "agreement_type": a.agreement_type,
            "status": a.status,
            "scope": a.scope,
            "additional_receivers": list(a.additional_receivers),
            "notes": list(a.notes),
        }
        for a in arrangements
    ]
    whens = base["whens"]
    if as_of:
        limit = as_of + "\uffff"
        events = [e for e in events if (e.date or "") <= limit]
        whens = [w for w in whens if w <= limit]
    detail["events"] = [_event_dict(e) for e in events]
    detail["conflicts"] = detail["figures"].get("conflicts", [])
    detail["as_of"] = as_of
    detail["timeline_total"] = len(whens)
    detail["events_total"] = len(events)
    # private to the cache: which event each fact is in, and the dates the timeline spans
    detail["_event_of"] = {fid: i for i, e in enumerate(detail["events"]) for fid in e["fact_ids"]}
    detail["_dates"] = sorted(set(whens))
    return detail


def _event_dict(event) -> dict:
    """``event.to_dict()``, made once per event: an event kept by :func:`~.analysis.relink.relink`
    is in the next version's detail as it was (cached values are shared and never changed)."""
    made = event.__dict__.get("_as_dict")
    if made is None:
        made = event.to_dict()
        object.__setattr__(event, "_as_dict", made)  # beside the frozen fields, not one of them
    return made


def encode_timeline_cursor(key: tuple[str, int]) -> str:
    return base64.urlsafe_b64encode(f"t:{key[1]}:{key[0]}".encode()).decode().rstrip("=")


def decode_timeline_cursor(cursor: str) -> tuple[str, int]:
    try:
        if len(cursor) > 100 or not cursor.isascii():
            raise ValueError
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, fact_id, when = raw.split(":", 2)
        if prefix != "t" or not fact_id.isdigit() or int(fact_id) > 2**63 - 1 or (when and not is_partial_date(when)):
            raise ValueError
        return when, int(fact_id)
    except (ValueError, UnicodeDecodeError):
        raise InvalidQuery(f"cursor {cursor[:60]!r} is not one this server gave out") from None


def corridor_events(store: Store, sender: str, receiver: str, as_of: str | None = None) -> list[dict]:
    """Every event of the corridor (up to ``as_of``), as :func:`corridor_detail` computes them."""
    _check_as_of(as_of)
    version = store.data_version((sender, receiver))
    return _DETAILS.get((_db_key(store), sender, receiver, as_of), version,
                        lambda: _detail_base(store, sender, receiver, as_of, version))["events"]


def corridor_dates(store: Store, sender: str, receiver: str, as_of: str | None = None) -> list[str]:
    """The distinct dates (else publication dates) of the corridor's facts on its timeline."""
    version = store.data_version((sender, receiver))
    return _DETAILS.get((_db_key(store), sender, receiver, as_of), version,
                        lambda: _detail_base(store, sender, receiver, as_of, version))["_dates"]


def corridor_detail(store: Store, sender: str, receiver: str, as_of: str | None = None, *,
                    limit: int | None = None, cursor: str | None = None, newest_first: bool = False) -> dict:
    """One corridor: summary, arrangements, timeline of facts with evidence, events, figures, conflicts.

    Without ``limit`` the timeline holds every fact (oldest first) and ``events`` every event. With
    ``limit`` it holds one page (``newest_first`` for the latest facts first) from ``cursor``, and
    ``next_cursor`` pages on; ``events`` then holds every event when the whole timeline fits on the
    page, else the events of the facts on it. ``timeline_total`` and ``events_total`` count them all.
    """
    _check_as_of(as_of)
    if limit is not None and limit < 1:
        raise InvalidQuery("limit must be at least 1")
    after = decode_timeline_cursor(cursor) if cursor else None
    version = store.data_version((sender, receiver))
    base = _DETAILS.get((_db_key(store), sender, receiver, as_of), version,
                        lambda: _detail_base(store, sender, receiver, as_of, version))
    detail = {k: v for k, v in base.items() if not k.startswith("_")}
    if limit is None and after is None:
        facts = store.corridor_facts(sender, receiver)
        timeline = sorted(facts, key=lambda f: (f.date or f.published or "", f.id or 0))
        if as_of:
            timeline = [f for f in timeline if (f.date or f.published or "") <= as_of + "\uffff"]
        next_key = None
    else:
        timeline, next_key = store.corridor_page(sender, receiver, as_of=as_of, limit=limit or 10**9, after=after,
                                                 newest_first=newest_first)
    documents = store.document_meta(f.document_id for f in timeline)
    detail["timeline"] = [fact_view(f, documents.get(f.document_id)) for f in timeline]
    detail["next_cursor"] = encode_timeline_cursor(next_key) if next_key else None
    if after is not None or next_key is not None:
        wanted = sorted({base["_event_of"][f.id] for f in timeline if f.id in base["_event_of"]})
        detail["events"] = [base["events"][i] for i in wanted]
    return detail
