"""Word lists of the rules, kept as data in ``lexicons/*.txt`` beside this module.

Each file holds one regular expression per line (``#`` starts a comment line), tried in
order as alternatives of one case-insensitive pattern between word boundaries:
``\\b(?:line1|line2|...)\\b``.  A rule reads *what it does* in its module and *which words
say it* here, so that adding a word of English is a one-line change that a reviewer can
read, and the rule modules hold logic only.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from .folded import Folded, folded


@cache
def entries(name: str) -> tuple[str, ...]:
    """The regular expressions of lexicon ``name`` (``lexicons/<name>.txt``), in order."""
    text = resources.files(__package__).joinpath("lexicons", f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            re.compile(line)
        except re.error as exc:  # a broken line names itself, not the whole pattern
            raise ValueError(f"lexicons/{name}.txt line {n}: {exc}: {line!r}") from None
        out.append(line)
    return tuple(out)


def lexicon(name: str) -> Folded:
    """Lexicon ``name`` as one case-insensitive pattern: ``\\b(?:e1|e2|...)\\b``."""
    return folded(r"\b(?:" + "|".join(entries(name)) + r")\b", re.IGNORECASE)
