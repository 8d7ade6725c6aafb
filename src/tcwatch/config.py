"""The options object: shipped defaults, then a config file, then the environment, then flags.

The core never sees argparse or click: each edge builds one :class:`Options`
with :func:`load_options` and passes it in.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .errors import ConfigError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Options:
    """Everything a command may need to know, with its default."""

    db: str = "tcwatch.db"
    #: token that every write over HTTP must carry; without one the server is read-only
    token: str | None = None
    #: let feeds and webhooks reach private and loopback addresses (tests, intranets)
    allow_private: bool = False
    #: networks feeds and webhooks may reach although private (comma-separated CIDRs, e.g. "10.1.0.0/16")
    allow_networks: str = ""
    #: largest input file, feed response or page accepted
    max_bytes: int = 50 * MiB
    #: publication date for plain text files that carry none
    default_date: str | None = None
    #: Jaccard similarity above which two documents are syndicated copies
    near_duplicate_threshold: float = 0.8
    #: HTTP timeout in seconds for feeds, pages and webhooks
    timeout: float = 20.0
    #: user agent for feed and page requests
    user_agent: str = "tcwatch/0.1 (+https://github.com/tcwatch/tcwatch)"
    #: writes over HTTP each client may make per second, on average (0 turns the limit off)
    write_rate: float = 5.0
    #: writes a client may make at once before the rate applies (the token bucket's size)
    write_burst: int = 50
    #: on the bulk ingest path, a transaction commits once it has been open this many milliseconds
    #: (or holds ``bulk_commit_docs`` documents), so other writers (reviews) wait at most about this long
    bulk_commit_ms: float = 100.0
    #: on the bulk ingest path, documents one transaction holds at most
    bulk_commit_docs: int = 100


_ENV = {
    "db": "TCWATCH_DB",
    "token": "TCWATCH_TOKEN",
    "allow_private": "TCWATCH_ALLOW_PRIVATE",
    "max_bytes": "TCWATCH_MAX_BYTES",
    "timeout": "TCWATCH_TIMEOUT",
    "allow_networks": "TCWATCH_ALLOW_NETWORKS",
    "write_rate": "TCWATCH_WRITE_RATE",
    "write_burst": "TCWATCH_WRITE_BURST",
    "bulk_commit_ms": "TCWATCH_BULK_COMMIT_MS",
    "bulk_commit_docs": "TCWATCH_BULK_COMMIT_DOCS",
}


def _coerce(name: str, value, origin: str):
    kind = {f.name: f.type for f in fields(Options)}[name]
    try:
        if "bool" in str(kind):
            if isinstance(value, bool):
                return value
            return str(value).strip().lower() in ("1", "true", "yes", "on")
        if "int" in str(kind):
            value = int(value)
        elif "float" in str(kind):
            value = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{origin}: {name} = {value!r} is not a valid {kind}") from None
    if name == "bulk_commit_docs" and value < 1:
        raise ConfigError(f"{origin}: bulk_commit_docs = {value!r} must be at least 1")
    if name == "bulk_commit_ms" and not value >= 0:
        raise ConfigError(f"{origin}: bulk_commit_ms = {value!r} must be 0 or more")
    if name == "allow_networks":
        for part in str(value).split(","):
            try:
                if part.strip():
                    ipaddress.ip_network(part.strip(), strict=False)
            except ValueError:
                raise ConfigError(f"{origin}: allow_networks: {part.strip()!r} is not a network (CIDR)") from None
    return value


def load_options(config_file: str | Path | None = None, env: dict | None = None, **flags) -> Options:
    """Build the options: defaults < config file (``tcwatch.toml`` or ``$TCWATCH_CONFIG``) < environment < flags."""
    env = os.environ if env is None else env
    values: dict = {}
    path = Path(config_file) if config_file else Path(env.get("TCWATCH_CONFIG", "tcwatch.toml"))
    if config_file or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        section = data.get("tcwatch", data)
        known = {f.name for f in fields(Options)}
        for key, value in section.items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[key] = _coerce(key, value, str(path))
    for name, var in _ENV.items():
        if env.get(var):
            values[name] = _coerce(name, env[var], var)
    for name, value in flags.items():
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    return replace(Options(), **values)
