"""Sentence splitting with character offsets.

News texts glue sentences together ("fled.The UK"), put a title before a blank
line, and use curly quotes.  The splitter works on offsets only, so every
sentence is an exact slice of the document text.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets)
# when the next non-space character starts a new sentence.
_BOUNDARY = re.compile(
    r"""
    (?:
        (?<=[a-z0-9%\)])[.!?]["”’'\)]*(?=\s*["“‘']?[A-Z])        # fled. The / fled.The
      | (?<=[.!?])["”’']+(?=\s*[A-Z“"‘])                           # ...made.”The
      | [.!?]["”’'\)]*(?=\s+["“‘']?[A-Z])                          # generic
    )
    """,
    re.VERBOSE,
)
_NEWLINES = re.compile(r"\n+")
# Abbreviations after which a full stop does not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|No|vs|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"|\b[A-Z](?:\.[A-Z])*|\bU\.S|\bU\.K|\bU\.N|\bE\.U)$"
)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``[(start, end), ...]`` of the sentences of ``text`` (exact slices, stripped)."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        block = text[block_start:block_end]
        for m in _BOUNDARY.finditer(block):
            cut = block_start + m.end()
            # do not cut after an abbreviation or an initial ("U.S. President")
            head = text[max(start, cut - 12) : block_start + m.start()]
            if text[block_start + m.start()] == "." and _ABBREV.search(head):
                continue
            if cut - start < 2:
                continue
            span = _trim(text, start, cut)
            if span:
                spans.append(span)
            start = cut
        span = _trim(text, start, block_end)
        if span:
            spans.append(span)
    return spans


def _wrapped(text: str, m: re.Match) -> bool:
    """A single line break inside a sentence (hard-wrapped text): the line does not end a
    sentence and the next one goes on in lower case."""
    if m.end() - m.start() != 1 or m.start() == 0 or m.end() >= len(text):
        return False
    before, after = text[m.start() - 1], text[m.end()]
    return before not in ".!?:;\"”’'" and not before.isspace() and after.islower()


def _blocks(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for m in _NEWLINES.finditer(text):
        if _wrapped(text, m):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [b for b in out if b[1] > b[0]]


_CLAUSE = re.compile(r";|, (?:and|but|while|whereas|as|after|before|which|who)\b|\bbut\b| — | – | - ")


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rough clause spans inside a sentence (cut at ';', ', and', dashes ...)."""
    out = []
    pos = start
    for m in _CLAUSE.finditer(text, start, end):
        if m.start() - pos >= 12:
            out.append((pos, m.start()))
            pos = m.start()
    out.append((pos, end))
    return out
