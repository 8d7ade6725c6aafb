"""The records every stage shares: documents, mentions, facts, arrangements.

Frozen dataclasses, passed between stages as plain values. Field names follow
``FACTS.md`` (the fact contract) so that a fact serialises straight into the
gold/prediction format with :func:`fact_to_dict`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date as _date
from dataclasses import dataclass, fields, replace
from functools import cached_property

FACT_TYPES: tuple[str, ...] = (
    "talks",
    "agreement",
    "transfer",
    "payment",
    "cost",
    "compensation_demand",
    "ruling",
    "suspension",
    "termination",
    "criticism",
    "denial",
    "legislation",
    "onward_removal",
)

DATE_QUALIFIERS = ("on", "before", "after", "approx")
QUANTITY_QUALIFIERS = ("exact", "up_to", "at_least", "less_than", "about")
RULING_OUTCOMES = ("blocked", "allowed", "unsafe", "safe", "unlawful", "lawful", "other")
LEGISLATION_OUTCOMES = ("passed", "defeated", "amended", "other")

#: Where a fact came from: found by the extractor in a document, or curated
#: by hand in the bundled reference dataset.
ORIGINS = ("extracted", "curated")

_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def content_hash(text: str) -> str:
    """The identity of a document's content: SHA-256 of its whitespace-folded text."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def is_partial_date(value: str | None) -> bool:
    """True for ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a month or day that exists
    (ASCII digits only: no 2025-13-45, no 2025-02-30)."""
    if not isinstance(value, str):
        return False
    m = _DATE_RE.fullmatch(value)
    if not m:
        return False
    year, month, day = m.groups()
    if int(year) < 1 or (month is not None and not 1 <= int(month) <= 12):
        return False
    if day is not None:
        try:
            _date(int(year), int(month), int(day))
        except ValueError:
            return False
    return True


@dataclass(frozen=True)
class Document:
    """A dated text: a news item, a ruling, a page, a seed article."""

    id: str
    date: str  # publication date, YYYY-MM-DD
    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    origin: str | None = None  # where it was read from: a path (and line) or a feed

    @cached_property
    def hash(self) -> str:
        """:func:`content_hash` of the text, computed once (the text of a frozen document never changes)."""
        return content_hash(self.text)


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` into a document's text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Mention:
    """A typed piece of a sentence: a country, money, a count of people, a date, an actor."""

    kind: str  # country | money | people | date | actor
    text: str  # as written
    start: int  # offsets into the document text
    end: int
    value: object = None  # ISO3 / (amount, currency, qualifier) / (n, qualifier) / (date, qualifier) / name
    role: str | None = None  # for countries: "government" | "nationality" | "place"


@dataclass(frozen=True)
class Fact:
    """One event on one corridor, with the sentence that states it (see FACTS.md)."""

    type: str
    sender: str | None = None
    receiver: str | None = None
    date: str | None = None
    date_qualifier: str = "on"
    people: int | None = None
    people_qualifier: str = "exact"
    nationalities: tuple[str, ...] = ()
    amount: float | None = None
    currency: str | None = None
    amount_qualifier: str = "exact"
    actor: str | None = None
    outcome: str | None = None
    evidence: str = ""
    # provenance
    id: int | None = None  # set by the store
    event_id: int | None = None  # the real-world event this fact is a mention of (set by the store)
    review: str | None = None  # None (unreviewed) | accepted | rejected | corrected
    published: str | None = None  # publication date of the document it came from
    span: Span | None = None  # evidence offsets into the document text
    document_id: str | None = None
    extractor_version: str | None = None
    origin: str = "extracted"
    # curated facts only
    arrangement_id: str | None = None
    source_urls: tuple[str, ...] = ()
    uncertain: bool = False
    note: str | None = None
    money_kind: str | None = None  # reference money kind (paid, committed, estimate, ...)
    per_person: bool = False

    @property
    def corridor(self) -> tuple[str | None, str | None]:
        return (self.sender, self.receiver)

    def with_(self, **changes) -> "Fact":
        return replace(self, **changes)


#: The keys of a fact in the gold / prediction format, in FACTS.md order.
FACT_FIELDS: tuple[str, ...] = (
    "type",
    "sender",
    "receiver",
    "date",
    "date_qualifier",
    "people",
    "people_qualifier",
    "nationalities",
    "amount",
    "currency",
    "amount_qualifier",
    "actor",
    "outcome",
    "evidence",
)


def fact_to_dict(fact: Fact, provenance: bool = False) -> dict:
    """A fact as FACTS.md writes it; with ``provenance`` also its span, document and origin."""
    out = {}
    for name in FACT_FIELDS:
        value = getattr(fact, name)
        if name == "nationalities":
            value = list(value)
        elif name == "amount" and value is not None and float(value).is_integer():
            value = int(value)
        out[name] = value
    if provenance:
        out["span"] = [fact.span.start, fact.span.end] if fact.span else None
        out["document_id"] = fact.document_id
        out["extractor_version"] = fact.extractor_version
        out["origin"] = fact.origin
        out["arrangement_id"] = fact.arrangement_id
        out["source_urls"] = list(fact.source_urls)
        out["uncertain"] = fact.uncertain
    return out


def fact_from_dict(data: dict) -> Fact:
    """Read a fact written in the gold / prediction format (unknown keys ignored)."""
    names = {f.name for f in fields(Fact)}
    kwargs = {k: v for k, v in data.items() if k in names and v is not None}
    if "nationalities" in kwargs:
        kwargs["nationalities"] = tuple(kwargs["nationalities"] or ())
    if "source_urls" in kwargs:
        kwargs["source_urls"] = tuple(kwargs["source_urls"] or ())
    if isinstance(kwargs.get("span"), (list, tuple)):
        kwargs["span"] = Span(*kwargs["span"])
    return Fact(**kwargs)


@dataclass(frozen=True)
class Extraction:
    """What the extractor says of one document."""

    document_id: str
    relevant: bool
    facts: tuple[Fact, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Arrangement:
    """A deal on a corridor (a corridor can hold several over time)."""

    id: str
    sender: str
    receiver: str | None
    name: str
    agreement_type: str | None = None
    status: str | None = None
    scope: str | None = None
    additional_receivers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """An input that could not be ingested, and why."""

    origin: str  # file path, with ``:LINE`` for a line of a JSONL/CSV file
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def corridor_label(sender: str | None, receiver: str | None) -> str:
    """``USA -> RWA`` (an unknown end is ``?``)."""
    return f"{sender or '?'} -> {receiver or '?'}"

