"""Per-fact-type rules, all with one signature: ``rule(sentence) -> list[Fact]``.

Adding a fact type means writing one callable and listing it in :data:`RULES`.
"""

from __future__ import annotations

from .base import DocContext, Sentence
from .courts import ruling
from .criticism import criticism
from .money_facts import compensation_claim, money_facts, payment_unstated
from .politics import agreement, denial, legislation, suspension, talks, termination
from .transfers import onward_removal, transfer

RULES = [
    ruling,
    transfer,
    onward_removal,
    money_facts,
    compensation_claim,
    payment_unstated,
    talks,
    agreement,
    termination,
    suspension,
    legislation,
    denial,
    criticism,
]

__all__ = ["RULES", "DocContext", "Sentence"]
