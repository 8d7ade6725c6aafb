"""Case-insensitive patterns searched fast.

Python's ``re`` is several times slower on large ``IGNORECASE`` alternations
than on case-sensitive ones.  A :class:`Folded` pattern is compiled twice: as
written, and case-sensitive with its literals lower-cased.  A search runs the
second over the lower-cased text (computed once per string and kept while the
same string is searched again), so offsets are those of the original text.
When lower-casing changes the length of a text (a few non-ASCII letters do),
the original ``IGNORECASE`` pattern is used instead.

The match object then holds the lower-cased text: callers must read offsets,
group presence, or group text compared without regard to case.
"""

from __future__ import annotations

import re
import sys
import threading

_local = threading.local()  # per thread: (text, lowered) of the most recent strings
_KEEP = 8  # a document's text and the sentence-level strings searched between two uses of it


def lowered(text: str) -> str | None:
    """``text.lower()`` when it has the same length (same offsets), else None; cached per thread.

    The cache keeps the last few strings by identity, so that a long document's text is
    lowered once however many smaller strings are searched in between (a two-entry cache
    lowered a 50,000-word judgment again for every sentence: quadratic time)."""
    try:
        last = _local.last
    except AttributeError:
        last = _local.last = []
    for i, (t, low) in enumerate(last):
        if t is text:
            if i:
                last.insert(0, last.pop(i))
            return low
    low = text.lower()
    if len(low) != len(text):
        low = None
    last.insert(0, (text, low))
    del last[_KEEP:]
    return low


def _lower_literals(pattern: str) -> str:
    """Lower-case the literal characters of a pattern; escapes (``\\S``, ``\\B``, ``\\W``) keep their case."""
    out = []
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "(" and pattern.startswith("(?P<", i):
            j = pattern.index(">", i)
            out.append(pattern[i : j + 1])  # group names keep their case
            i = j + 1
            continue
        if ch == "(" and pattern.startswith("(?P=", i):
            j = pattern.index(")", i)
            out.append(pattern[i : j + 1])
            i = j + 1
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


class Folded:
    """A compiled case-insensitive pattern with the ``search``/``match``/``finditer`` of ``re``."""

    __slots__ = ("ci", "cs", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0):
        self.ci = re.compile(pattern, flags | re.IGNORECASE)
        self.cs = re.compile(_lower_literals(pattern), flags & ~re.IGNORECASE)
        self.pattern = self.ci.pattern
        self.flags = self.ci.flags

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        low = lowered(text)
        if low is None:
            return self.ci.search(text, pos, endpos)
        return self.cs.search(low, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        low = lowered(text)
        if low is None:
            return self.ci.match(text, pos, endpos)
        return self.cs.match(low, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        low = lowered(text)
        if low is None:
            return self.ci.finditer(text, pos, endpos)
        return self.cs.finditer(low, pos, endpos)


def folded(pattern: str, flags: int = 0) -> Folded:
    return Folded(pattern, flags)
