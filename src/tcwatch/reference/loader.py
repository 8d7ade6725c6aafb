"""Read the bundled reference dataset (``deals.yaml``) into arrangements and curated facts.

Every curated fact keeps its sources (``source_urls``), the ``uncertain`` flag
and note of its entry, and the arrangement it belongs to. Its ``evidence`` is the
dataset's own one-line summary of the entry.

How reference entries become facts (types as in FACTS.md):

=========================  ==========================================================
reference entry            fact
=========================  ==========================================================
event ``signed``           ``agreement``
event ``in_force``         ``agreement``; evidence starts ``In force:`` so that figures
                           can tell an agreement in force from one only signed
event ``court_block``      ``ruling``, outcome ``blocked``
event ``court_allow``      ``ruling``, outcome ``allowed``
event ``ruling_unsafe``    ``ruling``, outcome ``unsafe``
event ``suspended``        ``suspension``
event ``scrapped``         ``termination``
event ``proposed/talks``   ``talks``
event ``transfer``         ``transfer`` (people count, nationalities); ``onward: true``
                           gives ``onward_removal``; ``people.cumulative: true`` (a
                           running total) gives date qualifier ``before``
event ``payment``          one fact per money entry it references (below), none of its
                           own (a payment event with no money entry gives one fact)
event                      one fact per money entry it references, plus one of its own
``compensation_demand``    (no amount) only if none of those entries is ``demanded``
other events with money    the event's fact, plus the money entries' facts
money entry (each once)    by ``kind``:
                           ``paid``/``committed``/``grant`` to the receiving state
                           -> ``payment``; the same to anyone else (contractors,
                           IOM, operations) -> ``cost``;
                           ``incentive``/``settlement``/``estimate``/``reported_cost``
                           -> ``cost``; ``demanded`` -> ``compensation_demand``;
                           ``cancelled`` -> ``payment`` with ``money_kind
                           'cancelled'`` so that totals can leave it out
people total               ``transfer`` with date qualifier ``before`` (everyone moved
                           by ``as_of`` / the end of ``period``); totals with
                           ``measure: held`` and zero or unknown counts give no fact
=========================  ==========================================================

Dates keep their precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) with the
qualifier ``on``. A money fact carries its ``money_kind`` and ``per_person``.
Count qualifiers ``more_than``/``just_over`` become ``at_least``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ConfigError
from ..model import Arrangement, Fact

EVENT_TYPES = {
    "signed": ("agreement", None),
    "in_force": ("agreement", None),
    "court_block": ("ruling", "blocked"),
    "court_allow": ("ruling", "allowed"),
    "ruling_unsafe": ("ruling", "unsafe"),
    "suspended": ("suspension", None),
    "scrapped": ("termination", None),
    "proposed": ("talks", None),
    "talks": ("talks", None),
    "transfer": ("transfer", None),
    "payment": ("payment", None),
    "compensation_demand": ("compensation_demand", None),
}

#: money kind -> fact type when the money goes to the receiving state
MONEY_TYPES = {
    "paid": "payment",
    "committed": "payment",
    "grant": "payment",
    "cancelled": "payment",
    "incentive": "cost",
    "settlement": "cost",
    "estimate": "cost",
    "reported_cost": "cost",
    "demanded": "compensation_demand",
}
#: kinds that are a payment only when the payee is the receiving state
_TO_RECEIVER = {"paid", "committed", "grant"}

_QUALIFIERS = {"more_than": "at_least", "just_over": "at_least", "at_least": "at_least", "about": "about",
               "up_to": "up_to", "less_than": "less_than", "exact": "exact"}

_COURT_RE = re.compile(
    r"European Court of Human Rights|CJEU|Court of Justice of the EU"
    r"|(?:UK |US |PNG )?Supreme Court|High Court of (?:Justice|Australia)"
    r"|(?:Rome )?Court of Appeal|High Court|(?:[A-Z][a-z]+'s )?Constitutional Court"
    r"|(?:[A-Z][\w']*\s){0,2}District Court|Rome (?:court|tribunal)|Judge [A-Z][a-z]+"
)


@dataclass(frozen=True)
class Reference:
    """The bundled dataset: arrangements and the curated facts drawn from them."""

    arrangements: tuple[Arrangement, ...]
    facts: tuple[Fact, ...]

    def corridors(self) -> set[tuple[str, str | None]]:
        return {(a.sender, a.receiver) for a in self.arrangements}


def reference_path() -> Path:
    """The bundled ``deals.yaml``."""
    return Path(__file__).with_name("deals.yaml")


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        import pycountry

        c = pycountry.countries.get(alpha_3=code)
        if c is not None:
            return getattr(c, "common_name", None) or c.name
    except Exception:  # pragma: no cover - pycountry missing or odd code
        pass
    return code


def court_actor(text: str) -> str | None:
    """The court or judge named in a summary, as written (first one named)."""
    m = _COURT_RE.search(text or "")
    return m.group(0).strip() if m else None


def _notes(*parts) -> str | None:
    parts = [p for p in parts if p]
    return " ".join(parts) if parts else None


def _money_type(kind: str, payee, receivers: set[str]) -> str:
    if kind not in MONEY_TYPES:
        raise ConfigError(f"reference: unknown money kind {kind!r}")
    if kind in _TO_RECEIVER:
        words = set(re.findall(r"[A-Z]{3}", str(payee or "")))
        return "payment" if words & receivers else "cost"
    return MONEY_TYPES[kind]


def _money_fact(m: dict, corridor: dict, receiver) -> Fact:
    receivers = {r for r in [corridor.get("receiver"), *(corridor.get("additional_receivers") or [])] if r}
    kind = m["kind"]
    amount = m.get("amount")
    return Fact(
        type=_money_type(kind, m.get("payee"), receivers),
        sender=corridor["sender"],
        receiver=receiver,
        date=str(m["date"]) if m.get("date") else None,
        amount=float(amount) if amount is not None else None,
        currency=m.get("currency"),
        actor=_country_name(receiver) if kind == "demanded" else None,
        evidence=m.get("purpose") or "",
        origin="curated",
        arrangement_id=corridor["id"],
        source_urls=tuple(m.get("sources") or ()),
        uncertain=bool(m.get("uncertain")),
        note=m.get("note"),
        money_kind=kind,
        per_person=bool(m.get("per_person")),
    )


def _event_fact(e: dict, corridor: dict) -> Fact:
    if e["type"] not in EVENT_TYPES:
        raise ConfigError(f"reference: unknown event type {e['type']!r} in {corridor['id']}")
    ftype, outcome = EVENT_TYPES[e["type"]]
    receiver = e.get("receiver") or corridor.get("receiver")
    people = e.get("people") or {}
    qualifier = "on"
    if ftype == "transfer" and e.get("onward"):
        ftype = "onward_removal"
    if people.get("cumulative"):
        qualifier = "before"
    summary = e.get("summary") or ""
    evidence = f"In force: {summary}" if e["type"] == "in_force" else summary
    actor = None
    if ftype == "ruling":
        actor = court_actor(summary)
    elif ftype == "compensation_demand":
        actor = _country_name(receiver)
    count = people.get("count")
    return Fact(
        type=ftype,
        sender=corridor["sender"],
        receiver=receiver,
        date=str(e["date"]) if e.get("date") else None,
        date_qualifier=qualifier,
        people=int(count) if count is not None else None,
        nationalities=tuple(people.get("nationalities") or ()),
        actor=actor,
        outcome=outcome,
        evidence=evidence,
        origin="curated",
        arrangement_id=corridor["id"],
        source_urls=tuple(e.get("sources") or ()),
        uncertain=bool(e.get("uncertain")),
        note=_notes(e.get("note"), people.get("note")),
    )


def _total_date(total: dict) -> str | None:
    if total.get("as_of"):
        return str(total["as_of"])
    period = str(total.get("period") or "")
    found = re.findall(r"\d{4}(?:-\d{2}(?!\d)(?:-\d{2}(?!\d))?)?", period)
    return found[-1] if found else None


def _total_fact(total: dict, corridor: dict) -> Fact | None:
    count = total.get("count")
    if total.get("measure", "transferred") != "transferred" or not count:
        return None
    return Fact(
        type="transfer",
        sender=corridor["sender"],
        receiver=corridor.get("receiver"),
        date=_total_date(total),
        date_qualifier="before",
        people=int(count),
        people_qualifier=_QUALIFIERS.get(total.get("count_qualifier") or "exact", "exact"),
        nationalities=tuple(total.get("nationalities") or ()),
        evidence=total.get("note") or f"{count} people moved in all",
        origin="curated",
        arrangement_id=corridor["id"],
        source_urls=tuple(total.get("sources") or ()),
        uncertain=bool(total.get("uncertain")),
        note=f"cumulative total ({total['period']})" if total.get("period") else "cumulative total",
    )


def facts_of(corridor: dict) -> list[Fact]:
    """The curated facts of one arrangement entry (see the module doc for the mapping)."""
    money = {m["id"]: m for m in corridor.get("money") or []}
    out: list[Fact] = []
    money_facts: dict[str, Fact] = {}
    for mid, m in money.items():
        money_facts[mid] = _money_fact(m, corridor, corridor.get("receiver"))
    emitted: set[str] = set()
    for e in corridor.get("events") or []:
        fact = _event_fact(e, corridor)
        ids = [i for i in e.get("money_ids") or [] if i in money_facts]
        unknown = [i for i in e.get("money_ids") or [] if i not in money_facts]
        if unknown:
            raise ConfigError(f"reference: {corridor['id']} event refers to unknown money {unknown}")
        if e.get("receiver"):
            for i in ids:
                money_facts[i] = money_facts[i].with_(receiver=e["receiver"])
        if fact.type == "payment":
            covered = bool(ids)
        elif fact.type == "compensation_demand":
            covered = any(money_facts[i].type == fact.type for i in ids)
        else:
            covered = False
        if not covered:
            out.append(fact)
        else:
            # the money facts stand for the event: they inherit its doubt and its sources
            for i in ids:
                mf = money_facts[i]
                if mf.type != fact.type:
                    continue
                urls = tuple(dict.fromkeys(mf.source_urls + fact.source_urls))
                note = mf.note if not fact.uncertain or fact.note in (mf.note or "") else _notes(mf.note, fact.note)
                money_facts[i] = mf.with_(uncertain=mf.uncertain or fact.uncertain, source_urls=urls, note=note)
        for i in ids:
            if i not in emitted:
                out.append(money_facts[i])
                emitted.add(i)
    for mid, f in money_facts.items():
        if mid not in emitted:
            out.append(f)
    for total in corridor.get("people_totals") or []:
        f = _total_fact(total, corridor)
        if f is not None:
            out.append(f)
    return out


def _arrangement(c: dict) -> Arrangement:
    return Arrangement(
        id=c["id"],
        sender=c["sender"],
        receiver=c.get("receiver"),
        name=c.get("name") or c["id"],
        agreement_type=c.get("agreement_type"),
        status=c.get("status"),
        scope=c.get("scope"),
        additional_receivers=tuple(c.get("additional_receivers") or ()),
        notes=tuple(c.get("notes") or ()),
    )


def load_reference(path: str | Path | None = None) -> Reference:
    """Read ``deals.yaml`` (the bundled one by default) into arrangements and curated facts."""
    path = Path(path) if path else reference_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read reference data {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("corridors"), list):
        raise ConfigError(f"reference data {path}: no 'corridors' list")
    arrangements, facts = [], []
    seen = set()
    for c in data["corridors"]:
        if c["id"] in seen:
            raise ConfigError(f"reference data {path}: duplicate arrangement {c['id']}")
        seen.add(c["id"])
        arrangements.append(_arrangement(c))
        facts.extend(facts_of(c))
    return Reference(arrangements=tuple(arrangements), facts=tuple(facts))
