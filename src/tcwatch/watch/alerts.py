"""Alerts: a change on a corridor, found among newly stored facts, kept with its evidence; Atom out.

The rules (one alert per fact at most, the first that applies):

- ``new_corridor``: the first fact ever on a corridor (curated facts count as known);
- ``first_transfer``: the first transfer on a corridor;
- ``ruling``: a ruling that is a new event (not another report of a known one);
- ``status``: a new agreement, suspension or termination event;
- ``money``: a payment, cost or compensation figure not given before on the corridor.

Curated reference facts never raise alerts. Each alert is stored in the same
transaction as the webhook deliveries it needs, so a delivery is never lost
between the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape as _escape

from ..corridors import corridor_id
from ..model import Fact, corridor_label
from ..store import Store
from ..store import watching as sql
from .clock import Clock, SystemClock, iso
from .fetch import web_url

STATUS_TYPES = ("agreement", "suspension", "termination")
MONEY_TYPES = ("payment", "cost", "compensation_demand")
ALERT_KINDS = ("new_corridor", "first_transfer", "ruling", "status", "money")


@dataclass(frozen=True)
class Alert:
    """A change on a corridor, with the evidence sentence and the document it came from."""

    id: int
    kind: str
    sender: str | None
    receiver: str | None
    fact_type: str | None
    title: str
    summary: str
    evidence: str | None
    document_id: str | None
    created_at: str
    fact_id: int | None = None
    event_id: int | None = None
    document_url: str | None = None
    document_title: str | None = None
    document_date: str | None = None

    @classmethod
    def from_row(cls, row: dict) -> Alert:
        return cls(**{k: row.get(k) for k in cls.__dataclass_fields__})

    @property
    def corridor(self) -> str:
        """``USA-RWA``; an unknown end is ``XXX``."""
        return corridor_id(self.sender, self.receiver)

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["corridor"] = self.corridor
        return out


def _money(fact: Fact) -> str:
    if fact.amount is None:
        return ""
    amount = float(fact.amount)
    text = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"
    return f"{fact.currency or ''} {text}".strip()


def classify(store: Store, fact: Fact) -> str | None:
    """The alert kind a newly stored fact raises, or None."""
    if fact.origin == "curated" or fact.id is None:
        return None
    conn = store.conn
    if fact.sender and fact.receiver and not sql.earlier_corridor_facts(conn, fact.id, fact.sender, fact.receiver):
        return "new_corridor"
    if fact.type == "transfer" and not sql.earlier_corridor_facts(conn, fact.id, fact.sender, fact.receiver, "transfer"):
        return "first_transfer"
    if fact.type == "ruling" or fact.type in STATUS_TYPES:
        if not sql.earlier_event_facts(conn, fact.id, fact.event_id):
            return "ruling" if fact.type == "ruling" else "status"
        return None
    new_figure = fact.type in MONEY_TYPES and fact.amount is not None and not sql.earlier_money_facts(
        conn, fact.id, fact.sender, fact.receiver, fact.type, fact.amount, fact.currency
    )
    return "money" if new_figure else None


_HEADLINES = {
    "new_corridor": "New corridor",
    "first_transfer": "First transfer",
    "ruling": "New ruling",
    "status": "Status change",
    "money": "New money figure",
}


def describe(kind: str, fact: Fact) -> tuple[str, str]:
    """The title and one-line summary of an alert."""
    label = corridor_label(fact.sender, fact.receiver)
    details = [fact.type]
    if fact.outcome:
        details.append(fact.outcome)
    if fact.people is not None:
        details.append(f"{fact.people} people")
    if fact.amount is not None:
        details.append(_money(fact))
    if fact.actor:
        details.append(f"by {fact.actor}")
    if fact.date:
        details.append(f"dated {fact.date}")
    title = f"{_HEADLINES[kind]}: {label} ({fact.type})"
    summary = f"{label}: " + ", ".join(details)
    return title, summary


def alerts_from_facts(store: Store, facts: Iterable[Fact], clock: Clock | None = None) -> list[Alert]:
    """Store an alert for each newly stored fact that changes a corridor, with its deliveries; return them."""
    clock = clock or SystemClock()
    created: list[Alert] = []
    conn = store.conn
    for fact in sorted((f for f in facts if f.id is not None), key=lambda f: f.id):
        kind = classify(store, fact)
        if kind is None:
            continue
        title, summary = describe(kind, fact)
        at = iso(clock.now())
        row = {
            "kind": kind,
            "sender": fact.sender,
            "receiver": fact.receiver,
            "fact_type": fact.type,
            "fact_id": fact.id,
            "event_id": fact.event_id,
            "title": title,
            "summary": summary,
            "evidence": fact.evidence,
            "document_id": fact.document_id,
            "created_at": at,
        }
        with conn.transaction():
            if sql.alert_exists_for_fact(conn, fact.id):
                continue
            alert_id = sql.insert_alert(conn, row)
            row["id"] = alert_id
            for sub in sql.matching_webhook_subscriptions(conn, row):
                sql.queue_delivery(conn, alert_id, sub["id"], at)
        created.append(get_alert(store, alert_id))
    return created


def get_alert(store: Store, alert_id: int) -> Alert:
    from ..errors import NotFound

    row = sql.alert_by_id(store.conn, alert_id)
    if row is None:
        raise NotFound(f"no alert {alert_id}")
    return Alert.from_row(row)


def list_alerts(
    store: Store, corridor: tuple[str | None, str | None] | None = None, limit: int | None = 100
) -> list[Alert]:
    """Alerts newest first, all or on one corridor (``(sender, None)``: receiver unknown)."""
    rows = sql.list_alerts(store.conn, corridor=corridor, limit=limit)
    return [Alert.from_row(r) for r in rows]


# -- Atom ---------------------------------------------------------------------
ATOM_TYPE = "application/atom+xml"
#: Characters XML 1.0 does not allow (evidence comes from untrusted feeds).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(value: str, entities: dict | None = None) -> str:
    """Text safe inside an XML element or attribute: forbidden characters dropped, markup escaped."""
    return _escape(_NOT_XML.sub("", value), entities or {})


def _atom_time(value: str | None, fallback: str) -> str:
    value = value or fallback
    if len(value) == 10:  # a bare date
        return value + "T00:00:00Z"
    return value


def render_atom(
    alerts: list[Alert],
    *,
    title: str,
    feed_id: str,
    self_url: str | None = None,
    updated: datetime | None = None,
) -> str:
    """An Atom 1.0 feed of alerts (newest first), each entry with its evidence and document link."""
    now = iso(updated) if updated else None
    newest = alerts[0].created_at if alerts else (now or "1970-01-01T00:00:00+00:00")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <updated>{escape(_atom_time(newest, newest))}</updated>",
        "  <author><name>Third-Country Watch</name></author>",
        '  <generator uri="https://github.com/tcwatch/tcwatch">tcwatch</generator>',
    ]
    if self_url:
        out.append(f'  <link rel="self" type="{ATOM_TYPE}" href="{escape(self_url, {chr(34): "&quot;"})}"/>')
    for alert in alerts:
        body = [alert.summary]
        if alert.evidence:
            body.append(f"Evidence: \u201c{alert.evidence}\u201d")
        if alert.document_title or alert.document_id:
            body.append(f"Source: {alert.document_title or alert.document_id}"
                        + (f" ({alert.document_date})" if alert.document_date else ""))
        out.append("  <entry>")
        out.append(f"    <id>urn:tcwatch:alert:{alert.id}</id>")
        out.append(f"    <title>{escape(alert.title)}</title>")
        out.append(f"    <updated>{escape(_atom_time(alert.created_at, newest))}</updated>")
        if alert.document_date:
            out.append(f"    <published>{escape(_atom_time(alert.document_date, newest))}</published>")
        if web_url(alert.document_url):  # a javascript: or data: URL is never a link, here either
            out.append(f'    <link rel="alternate" href="{escape(web_url(alert.document_url), {chr(34): "&quot;"})}"/>')
        out.append(f'    <category term="{escape(alert.kind)}" label="{escape(_HEADLINES.get(alert.kind, alert.kind))}"/>')
        if alert.fact_type:
            out.append(f'    <category term="{escape(alert.fact_type)}" scheme="urn:tcwatch:fact-type"/>')
        out.append(f'    <category term="{escape(alert.corridor)}" scheme="urn:tcwatch:corridor"/>')
        out.append(f"    <summary>{escape(alert.summary)}</summary>")
        out.append(f'    <content type="text">{escape(chr(10).join(body))}</content>')
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"
