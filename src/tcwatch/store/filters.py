"""What a query or a correction may say: the fact filter, page cursors, a corridor's SQL
condition, and the checks on a reviewer's corrections. Each bad value is an
:class:`~tcwatch.errors.InvalidQuery` that names it."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, replace

from ..errors import InvalidQuery
from ..model import (
    DATE_QUALIFIERS,
    FACT_TYPES,
    LEGISLATION_OUTCOMES,
    ORIGINS,
    QUANTITY_QUALIFIERS,
    RULING_OUTCOMES,
    is_partial_date,
)

REVIEW_STATES = ("unreviewed", "accepted", "rejected", "corrected")
#: Fields a reviewer may correct.
CORRECTABLE = (
    "type sender receiver date date_qualifier people people_qualifier nationalities amount currency "
    "amount_qualifier actor outcome"
).split()


@dataclass(frozen=True)
class FactFilter:
    """Which facts to list. Every field optional; dates are inclusive partial dates."""

    type: str | None = None
    sender: str | None = None
    receiver: str | None = None
    since: str | None = None
    until: str | None = None
    origin: str | None = None  # extracted | curated
    review: str | None = None  # unreviewed | accepted | rejected | corrected
    document_id: str | None = None
    event_id: int | None = None
    include_rejected: bool = True

    def validate(self) -> "FactFilter":
        if self.type is not None and self.type not in FACT_TYPES:
            raise InvalidQuery(f"unknown fact type {self.type!r} (one of {', '.join(FACT_TYPES)})")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not is_partial_date(value):
                raise InvalidQuery(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        if self.origin is not None and self.origin not in ORIGINS:
            raise InvalidQuery(f"origin: {self.origin!r} is not one of {', '.join(ORIGINS)}")
        if self.review is not None and self.review not in REVIEW_STATES:
            raise InvalidQuery(f"review: {self.review!r} is not one of {', '.join(REVIEW_STATES)}")
        for name in ("sender", "receiver"):
            value = getattr(self, name)
            if value is not None and not (len(value) == 3 and value.isascii() and value.isalpha()):
                raise InvalidQuery(f"{name}: {value!r} is not an ISO 3166 alpha-3 code")
        return replace(
            self,
            sender=self.sender.upper() if self.sender else None,
            receiver=self.receiver.upper() if self.receiver else None,
        )


def corridor_clause(sender: str | None, receiver: str | None) -> tuple[list[str], list]:
    """SQL conditions (and their values) for one corridor; a None end matches only NULL."""
    clauses, params = [], []
    for column, value in (("sender", sender), ("receiver", receiver)):
        if value is None:
            clauses.append(f"{column} IS NULL")
        else:
            clauses.append(f"{column} = ?")
            params.append(value)
    return clauses, params


def corridor_key(sender: str | None, receiver: str | None) -> str:
    """A corridor as one string for the ``corridor_reviews`` table (``?`` for an unknown end)."""
    return f"{sender or '?'}>{receiver or '?'}"


def _iso3(key: str, value):
    if value is None:
        return None
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isalpha()):
        raise InvalidQuery(f"{key} must be an ISO 3166 alpha-3 code, not {str(value)[:40]!r}")
    return value.upper()


def checked_changes(changes: dict) -> dict:
    """A reviewer's corrections, each value checked against FACTS.md (InvalidQuery names the field)."""
    out = {}
    for key, value in changes.items():
        if key == "type":
            if value not in FACT_TYPES:
                raise InvalidQuery(f"unknown fact type {str(value)[:40]!r}")
        elif key in ("sender", "receiver"):
            value = _iso3(key, value)
        elif key == "nationalities":
            if value is None:
                value = []
            if not isinstance(value, (list, tuple)):
                raise InvalidQuery("nationalities must be a list of ISO 3166 alpha-3 codes")
            value = [_iso3("nationalities", v) for v in value]
        elif key == "date":
            if value is not None and not is_partial_date(value):
                raise InvalidQuery(f"date {str(value)[:40]!r} is not YYYY, YYYY-MM or YYYY-MM-DD (a day that exists)")
        elif key == "date_qualifier":
            if value not in DATE_QUALIFIERS:
                raise InvalidQuery(f"date_qualifier must be one of {', '.join(DATE_QUALIFIERS)}")
        elif key in ("people_qualifier", "amount_qualifier"):
            if value not in QUANTITY_QUALIFIERS:
                raise InvalidQuery(f"{key} must be one of {', '.join(QUANTITY_QUALIFIERS)}")
        elif key == "outcome":
            if value is not None and value not in RULING_OUTCOMES + LEGISLATION_OUTCOMES:
                raise InvalidQuery(f"outcome {str(value)[:40]!r} is not a ruling or legislation outcome")
        elif key == "currency":
            if value is not None and not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isalpha()):
                raise InvalidQuery("currency must be an ISO 4217 code such as GBP")
            value = value.upper() if value else None
        elif key in ("people", "amount") and value is not None:
            if isinstance(value, bool):
                raise InvalidQuery(f"{key} must be a number")
            try:
                value = int(value) if key == "people" else float(value)
            except (TypeError, ValueError, OverflowError):
                raise InvalidQuery(f"{key} must be a number") from None
            if key == "people" and not 0 <= value <= 10**9:
                raise InvalidQuery("people must be between 0 and 1,000,000,000")
            if key == "amount" and not (math.isfinite(value) and 0 <= value <= 1e15):
                raise InvalidQuery("amount must be a finite number between 0 and 10^15")
        elif key == "actor" and value is not None:
            if not isinstance(value, str) or len(value) > 200:
                raise InvalidQuery("actor must be a name of at most 200 characters")
        out[key] = value
    return out


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"f:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, value = raw.split(":", 1)
        if prefix != "f" or not (value.isascii() and value.isdigit()) or int(value) > 2**63 - 1:
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise InvalidQuery(f"cursor {cursor!r} is not one this server gave out") from None
