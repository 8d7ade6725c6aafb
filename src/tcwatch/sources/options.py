"""The one options object of the readers."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date
from typing import IO

from ..errors import ConfigError, DocumentRejected
from .dates import normalise_date
from .decode import MiB

#: The default cap on one input: files larger than this are rejected unread.
DEFAULT_MAX_BYTES = 50 * MiB
#: Text shorter than this (after trimming) is no document.
DEFAULT_MIN_CHARS = 20
#: Tried in order; a legacy encoding only counts when it yields no control characters.
DEFAULT_ENCODINGS = ("utf-8", "utf-8-sig", "cp1252")


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read.

    ``default_date`` (``--date``) is the publication date of documents that carry
    none of their own: a plain text file without a date line, a JSONL/CSV record
    without a date, a page without date metadata. A date the document states
    itself wins. It is checked and normalised here; a bad one is a
    :class:`~tcwatch.errors.ConfigError`.

    ``stdin`` is the stream read for ``-`` (text or binary; ``sys.stdin`` when
    None). ``today`` fixes the clock for the "more than a year in the future"
    check (tests); None means the real date.
    """

    default_date: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    stdin: IO | None = None
    encodings: tuple[str, ...] = DEFAULT_ENCODINGS
    min_chars: int = DEFAULT_MIN_CHARS
    today: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ConfigError(f"max_bytes must be a positive number of bytes, not {self.max_bytes!r}")
        if self.min_chars < 0:
            raise ConfigError(f"min_chars must not be negative, not {self.min_chars!r}")
        encodings = (self.encodings,) if isinstance(self.encodings, str) else tuple(self.encodings)
        if not encodings:
            raise ConfigError("encodings must name at least one encoding")
        for name in encodings:
            try:
                codecs.lookup(name)
            except LookupError:
                raise ConfigError(f"unknown encoding {name!r}") from None
        object.__setattr__(self, "encodings", encodings)
        if self.default_date is not None:
            if not str(self.default_date).strip():
                object.__setattr__(self, "default_date", None)
            else:
                try:
                    normal = normalise_date(str(self.default_date), self.today)
                except DocumentRejected as exc:
                    raise ConfigError(f"invalid default date: {exc}") from None
                object.__setattr__(self, "default_date", normal)
