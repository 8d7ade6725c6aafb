"""Rows of the core tables as the shared records of :mod:`tcwatch.model`, and back."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..model import Document, Fact, Span

#: the largest row id either database stores
MAX_ID = 2**63 - 1

FACT_COLUMNS = (
    "document_id origin type sender receiver date date_qualifier people people_qualifier nationalities "
    "amount currency amount_qualifier actor outcome evidence span_start span_end extractor_version "
    "arrangement_id source_urls uncertain note money_kind per_person published event_id review created_at"
).split()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _fact_row(fact: Fact, document_id: str | None, event_id: int | None) -> tuple:
    values = {
        "document_id": document_id,
        "origin": fact.origin,
        "type": fact.type,
        "sender": fact.sender,
        "receiver": fact.receiver,
        "date": fact.date,
        "date_qualifier": fact.date_qualifier or "on",
        "people": fact.people,
        "people_qualifier": fact.people_qualifier or "exact",
        "nationalities": json.dumps(list(fact.nationalities)),
        "amount": fact.amount,
        "currency": fact.currency,
        "amount_qualifier": fact.amount_qualifier or "exact",
        "actor": fact.actor,
        "outcome": fact.outcome,
        "evidence": fact.evidence,
        "span_start": fact.span.start if fact.span else None,
        "span_end": fact.span.end if fact.span else None,
        "extractor_version": fact.extractor_version,
        "arrangement_id": fact.arrangement_id,
        "source_urls": json.dumps(list(fact.source_urls)),
        "uncertain": int(bool(fact.uncertain)),
        "note": fact.note,
        "money_kind": fact.money_kind,
        "per_person": int(bool(fact.per_person)),
        "published": fact.published,
        "event_id": event_id,
        "review": fact.review,
        "created_at": now(),
    }
    return tuple(values[c] for c in FACT_COLUMNS)


def _json_tuple(raw: str | None) -> tuple:
    """A JSON list column as a tuple (most are empty: no parse for those)."""
    return tuple(json.loads(raw)) if raw and raw != "[]" else ()


def fact_from_row(row: dict) -> Fact:
    span = Span(row["span_start"], row["span_end"]) if row.get("span_start") is not None else None
    amount = row["amount"]
    return Fact(
        type=row["type"],
        sender=row["sender"],
        receiver=row["receiver"],
        date=row["date"],
        date_qualifier=row["date_qualifier"],
        people=row["people"],
        people_qualifier=row["people_qualifier"],
        nationalities=_json_tuple(row["nationalities"]),
        amount=float(amount) if amount is not None else None,
        currency=row["currency"],
        amount_qualifier=row["amount_qualifier"],
        actor=row["actor"],
        outcome=row["outcome"],
        evidence=row["evidence"],
        id=row["id"],
        event_id=row["event_id"],
        review=row["review"],
        published=row["published"],
        span=span,
        document_id=row["document_id"],
        extractor_version=row["extractor_version"],
        origin=row["origin"],
        arrangement_id=row["arrangement_id"],
        source_urls=_json_tuple(row["source_urls"]),
        uncertain=bool(row["uncertain"]),
        note=row["note"],
        money_kind=row["money_kind"],
        per_person=bool(row["per_person"]),
    )


def document_from_row(row: dict) -> Document:
    return Document(
        id=row["id"],
        date=row["date"],
        text=row["text"],
        title=row["title"] or "",
        url=row["url"],
        source=row["source"],
        origin=row["origin"],
    )
