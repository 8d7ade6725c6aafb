"""Corridors as users see them: the listing and one corridor's detail.

The CLI, the API and the dashboard all call these two functions, so a figure is
computed once, the same way, everywhere. They return JSON-ready dicts; every
figure names the events it rests on, every event its facts, every fact its
evidence and source (document or URL).
"""

from __future__ import annotations

from .analysis.events import link_events
from .analysis.figures import corridor_figures
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


def _summary(sender, receiver, facts, arrangements, as_of, counts, events=None) -> dict:
    if events is None:
        events = link_events(_usable(facts))
    figures = corridor_figures(events, as_of=as_of).to_dict()
    return {
        "sender": sender,
        "receiver": receiver,
        "id": corridor_id(sender, receiver),
        "label": corridor_label(sender, receiver),
        "status": figures.get("status"),
        "people": figures.get("people"),
        "money": figures.get("money"),
        "rulings": figures.get("rulings"),
        "facts": counts.get("facts", len(facts)),
        "documents": counts.get("documents", 0),
        "curated_facts": sum(1 for f in facts if f.origin == "curated"),
        "extracted_facts": sum(1 for f in facts if f.origin == "extracted"),
        "last_date": counts.get("last_date"),
        "arrangements": [{"id": a.id, "name": a.name, "status": a.status} for a in arrangements],
        "figures": figures,
    }


def list_corridors(store: Store, as_of: str | None = None) -> list[dict]:
    """Every corridor with both ends known: status (on ``as_of``), people, money, counts."""
    _check_as_of(as_of)
    out = []
    arrangements = store.arrangements()
    rows = {(r["sender"], r["receiver"]): r for r in store.corridor_counts()}
    for a in arrangements:  # a deal with no facts yet is still a corridor
        rows.setdefault((a.sender, a.receiver), {"sender": a.sender, "receiver": a.receiver, "facts": 0, "documents": 0})
    for (sender, receiver), row in sorted(rows.items(), key=lambda kv: (kv[0][0] or "~", kv[0][1] or "~")):
        facts = store.corridor_facts(sender, receiver)
        mine = [a for a in arrangements if a.sender == sender and a.receiver == receiver]
        summary = _summary(sender, receiver, facts, mine, as_of, row)
        if as_of and not summary["figures"].get("events"):
            continue  # nothing had happened on this corridor by then
        out.append(summary)
    return out


def corridor_detail(store: Store, sender: str, receiver: str, as_of: str | None = None) -> dict:
    """One corridor: summary, arrangements, timeline of facts with evidence, events, figures, conflicts."""
    _check_as_of(as_of)
    facts = store.corridor_facts(sender, receiver)
    if not facts and not store.arrangements((sender, receiver)):
        raise NotFound(f"no corridor {corridor_label(sender, receiver)} (no facts on it)")
    counts = {
        "facts": len(facts),
        "documents": len({f.document_id for f in facts if f.document_id}),
        "last_date": max((f.date for f in facts if f.date), default=None),
    }
    arrangements = store.arrangements((sender, receiver))
    events = link_events(_usable(facts))
    detail = _summary(sender, receiver, facts, arrangements, as_of, counts, events)
    documents = store.document_meta(f.document_id for f in facts)
    timeline = sorted(facts, key=lambda f: (f.date or f.published or "", f.id or 0))
    if as_of:
        timeline = [f for f in timeline if (f.date or f.published or "") <= as_of + "\uffff"]
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
    detail["timeline"] = [fact_view(f, documents.get(f.document_id)) for f in timeline]
    if as_of:
        limit = as_of + "\uffff"
        events = [e for e in events if (e.date or "") <= limit]
    detail["events"] = [e.to_dict() for e in events]
    detail["conflicts"] = detail["figures"].get("conflicts", [])
    detail["as_of"] = as_of
    return detail
