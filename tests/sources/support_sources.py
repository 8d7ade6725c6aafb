"""Fixture text and record builders shared by the reader tests."""

from __future__ import annotations

import json
from datetime import date

#: Hand-written fixture text (no article text from ../shared is copied into the repo).
BODY = (
    "Officials of two governments said on Monday that talks on a transfer arrangement "
    "were continuing, and that no person had yet been moved under it."
)
#: A fixed clock for the "more than a year in the future" check.
TODAY = date(2026, 1, 15)


def jsonl(*records) -> str:
    """JSON Lines text from dicts (a str record is written as is, for malformed lines)."""
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def record(**changes) -> dict:
    """A good gold-format record, with ``changes`` applied (a value of ... drops the key)."""
    base = {
        "id": "n1",
        "date": "2025-05-06",
        "source": "Example Wire",
        "url": "https://example.org/n1",
        "title": "Talks continue",
        "text": "Talks continue\n\n" + BODY,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not ...}


def only(items):
    """The single item of ``items``."""
    assert len(items) == 1, items
    return items[0]
