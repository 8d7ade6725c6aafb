"""The source list: feeds to poll, each with a name and an interval; the shipped defaults; import and export.

Sources live in the database (table ``sources``). The default list
(``default_sources.yaml``) is loaded once, the first time the list is read
while the table is empty; the ``meta`` table records that it happened, so
defaults the user removed never come back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..errors import InputError, InvalidQuery, NotFound
from ..store import Store
from ..store import watching as sql
from .clock import Clock, SystemClock, iso, parse_iso

DEFAULT_EVERY = 900
#: Shortest poll interval accepted.
MIN_EVERY = 10
#: A source failing n times in a row waits every * 2**n (n at most this), but never past MAX_BACKOFF.
FAILURE_BACKOFF_STEPS = 4
MAX_BACKOFF = 6 * 3600

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(\d+)\s*([smhd])")


def parse_interval(value: str | int) -> int:
    """``"15m"`` -> 900; also ``30s``, ``1h``, ``1h30m``, ``2d`` and plain seconds."""
    if isinstance(value, int):
        seconds = value
    else:
        text = str(value).strip().lower()
        if text.isdigit():
            seconds = int(text)
        else:
            parts = _INTERVAL.findall(text)
            if not parts or _INTERVAL.sub("", text).strip():
                raise InvalidQuery(f"interval {value!r} is not like 30s, 15m, 1h or 1h30m")
            seconds = sum(int(n) * _UNITS[u] for n, u in parts)
    if seconds < MIN_EVERY:
        raise InvalidQuery(f"interval {value!r} is shorter than {MIN_EVERY} seconds")
    return seconds


def format_interval(seconds: int) -> str:
    """900 -> ``15m``; 5400 -> ``1h30m``."""
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            n, seconds = divmod(seconds, size)
            out += f"{n}{unit}"
    return out or "0s"


def check_source_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidQuery(f"{url!r} is not an http(s) URL")
    return url


@dataclass(frozen=True)
class Source:
    """A feed to poll, with its polling state."""

    id: int
    url: str
    name: str
    every_seconds: int = DEFAULT_EVERY
    fetch_pages: bool = False
    is_default: bool = False
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    last_polled: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    items_seen: int = 0
    failures: int = 0
    created_at: str | None = None

    @classmethod
    def from_row(cls, row: dict) -> Source:
        return cls(**{k: row[k] for k in cls.__dataclass_fields__ if k in row})

    @property
    def every(self) -> str:
        return format_interval(self.every_seconds)

    def due_at(self) -> datetime | None:
        """When the next poll is due (None: never polled, due now); a failing source waits longer."""
        last = parse_iso(self.last_polled)
        if last is None:
            return None
        backoff = 2 ** min(self.failures, FAILURE_BACKOFF_STEPS)
        return last + timedelta(seconds=min(self.every_seconds * backoff, max(self.every_seconds, MAX_BACKOFF)))

    def is_due(self, now: datetime) -> bool:
        due = self.due_at()
        return due is None or due <= now

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["every"] = self.every
        return out

    def to_entry(self) -> dict:
        """The form the import/export file and the default list use."""
        entry = {"url": self.url, "name": self.name, "every": self.every}
        if self.fetch_pages:
            entry["pages"] = True
        return entry


# -- the list ---------------------------------------------------------------
def default_entries() -> list[dict]:
    """The shipped default list."""
    text = resources.files("tcwatch.watch").joinpath("default_sources.yaml").read_text(encoding="utf-8")
    return read_entries(text, "default_sources.yaml")


def ensure_defaults(store: Store, clock: Clock | None = None) -> int:
    """Load the default list once (only into an empty table); return how many were added."""
    if store.get_meta(sql.DEFAULTS_SEEDED):
        return 0
    clock = clock or SystemClock()
    added = 0
    with store.conn.transaction():  # one process loads them, even when two start together
        if store.get_meta(sql.DEFAULTS_SEEDED):
            return 0
        if sql.count_sources(store.conn) == 0:
            for entry in default_entries():
                add_source(store, entry["url"], name=entry.get("name"), every=entry.get("every", DEFAULT_EVERY),
                           pages=bool(entry.get("pages")), is_default=True, clock=clock)
                added += 1
        store.set_meta(sql.DEFAULTS_SEEDED, iso(clock.now()))
    return added


def add_source(
    store: Store,
    url: str,
    *,
    name: str | None = None,
    every: str | int = DEFAULT_EVERY,
    pages: bool = False,
    is_default: bool = False,
    clock: Clock | None = None,
) -> Source:
    """Add a feed (or update the name, interval and page setting of one already listed)."""
    url = check_source_url(url)
    seconds = parse_interval(every)
    name = (name or "").strip() or (urlsplit(url).hostname or url)
    existing = sql.source_by_url(store.conn, url)
    if existing is not None:
        sql.update_source_settings(store.conn, existing["id"], name=name, every_seconds=seconds, fetch_pages=pages)
        return get_source(store, existing["id"])
    clock = clock or SystemClock()
    source_id = sql.insert_source(
        store.conn, url=url, name=name, every_seconds=seconds, fetch_pages=pages, is_default=is_default,
        created_at=iso(clock.now()),
    )
    return get_source(store, source_id)


def get_source(store: Store, ref: int | str) -> Source:
    """A source by id or URL; :class:`NotFound` otherwise."""
    row = None
    if isinstance(ref, int) or str(ref).isdigit():
        row = sql.source_by_id(store.conn, int(ref))
    if row is None:
        row = sql.source_by_url(store.conn, str(ref))
    if row is None:
        raise NotFound(f"no source {ref!r} (see `tcwatch sources list`)")
    return Source.from_row(row)


def list_sources(store: Store, enabled_only: bool = False) -> list[Source]:
    return [Source.from_row(r) for r in sql.list_sources(store.conn, enabled_only)]


def remove_source(store: Store, ref: int | str) -> Source:
    """Remove a source by id or URL; its stored documents stay."""
    source = get_source(store, ref)
    sql.delete_source(store.conn, source.id)
    return source


# -- import / export ----------------------------------------------------------
def read_entries(text: str, origin: str) -> list[dict]:
    """Entries of a source file: a YAML (or JSON) list of ``{url, name, every, pages}``, or one URL a line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{origin}: not valid YAML ({exc})") from None
    if isinstance(data, dict) and "sources" in data:
        data = data["sources"]
    if isinstance(data, str) or data is None:
        data = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not isinstance(data, list):
        raise InputError(f"{origin}: expected a list of sources")
    entries = []
    for i, item in enumerate(data, 1):
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not item.get("url"):
            raise InputError(f"{origin}: entry {i} has no url")
        unknown = set(item) - {"url", "name", "every", "pages"}
        if unknown:
            raise InputError(f"{origin}: entry {i} has unknown keys {', '.join(sorted(unknown))}")
        entries.append(item)
    return entries


def import_sources(store: Store, path: str | Path, clock: Clock | None = None) -> list[Source]:
    """Add (or update) every source listed in a file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    entries = read_entries(text, str(path))
    for i, entry in enumerate(entries, 1):  # check them all before adding any
        try:
            check_source_url(str(entry["url"]))
            parse_interval(entry.get("every", DEFAULT_EVERY))
        except InvalidQuery as exc:
            raise InputError(f"{path}: entry {i}: {exc}") from None
    return [
        add_source(store, str(e["url"]), name=e.get("name"), every=e.get("every", DEFAULT_EVERY),
                   pages=bool(e.get("pages")), clock=clock)
        for e in entries
    ]


def export_sources(store: Store) -> str:
    """The source list as YAML, in the form ``import_sources`` reads."""
    entries = [s.to_entry() for s in list_sources(store)]
    return yaml.safe_dump(entries, sort_keys=False, allow_unicode=True)
