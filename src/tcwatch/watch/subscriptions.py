"""Subscriptions: to a corridor, a country (either end) or a fact type; with a webhook, or Atom only."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..corridors import corridor_id, parse_corridor_id
from ..errors import InvalidQuery, NotFound
from ..model import FACT_TYPES
from ..store import Store
from ..store import watching as sql
from .clock import Clock, SystemClock, iso

KINDS = ("corridor", "country", "type")


@dataclass(frozen=True)
class Subscription:
    id: int
    kind: str  # corridor | country | type
    value: str  # USA-RWA | RWA | ruling
    webhook_url: str | None
    created_at: str
    has_secret: bool = False
    #: webhook deliveries per status (pending, sending, delivered, failed)
    deliveries: dict = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: dict, deliveries: dict | None = None) -> Subscription:
        return cls(
            id=row["id"], kind=row["kind"], value=row["value"], webhook_url=row["webhook_url"],
            created_at=row["created_at"], has_secret=bool(row.get("secret")), deliveries=dict(deliveries or {}),
        )

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _iso3(value: str, what: str) -> str:
    value = value.strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise InvalidQuery(f"{what} {value!r} is not an ISO 3166 alpha-3 code")
    return value


def normalise(kind: str, value: str) -> str:
    """The stored form of a subscription's value (``USA-RWA``, ``RWA``, ``ruling``)."""
    if kind == "corridor":
        return corridor_id(*parse_corridor_id(value))
    if kind == "country":
        return _iso3(value, "country")
    if kind == "type":
        value = value.strip().lower()
        if value not in FACT_TYPES:
            raise InvalidQuery(f"unknown fact type {value!r} (one of {', '.join(FACT_TYPES)})")
        return value
    raise InvalidQuery(f"subscription kind {kind!r} is not one of {', '.join(KINDS)}")


def subscribe(
    store: Store,
    kind: str,
    value: str,
    *,
    webhook_url: str | None = None,
    secret: str | None = None,
    clock: Clock | None = None,
) -> Subscription:
    """Add a subscription; alerts stored from now on that match it are POSTed to ``webhook_url``."""
    value = normalise(kind, value)
    if webhook_url:
        parts = urlsplit(webhook_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidQuery(f"webhook {webhook_url!r} is not an http(s) URL")
        if not secret:
            raise InvalidQuery("a webhook needs a --secret to sign its deliveries with")
    clock = clock or SystemClock()
    sub_id = sql.insert_subscription(
        store.conn, kind=kind, value=value, webhook_url=webhook_url or None, secret=secret or None,
        created_at=iso(clock.now()),
    )
    return Subscription.from_row(sql.subscription_by_id(store.conn, sub_id))


def list_subscriptions(store: Store) -> list[Subscription]:
    """Every subscription, with its webhook deliveries counted by status."""
    counts = sql.delivery_counts(store.conn)
    return [Subscription.from_row(r, counts.get(r["id"])) for r in sql.list_subscriptions(store.conn)]


def unsubscribe(store: Store, subscription_id: int) -> None:
    if not sql.delete_subscription(store.conn, subscription_id):
        raise NotFound(f"no subscription {subscription_id}")
