"""Money amounts: "£700 million", "$47.3m", "€1bn", "50,000 euros", "£169k".

Each amount is returned in whole units with an ISO 4217 currency and a
qualifier (exact, up_to, about, at_least, less_than).
"""

from __future__ import annotations

import re

from tcwatch.model import Mention

from .folded import folded

_QUAL = (
    r"(?P<qual>up\s+to|as\s+much\s+as|about|around|roughly|approximately|an\s+estimated|some|"
    r"nearly|almost|just\s+under|under|less\s+than|fewer\s+than|more\s+than|(?<!hand\s)(?<!hands\s)(?<!handed\s)(?<!handing\s)(?<!turn\s)(?<!turns\s)(?<!turned\s)(?<!signed\s)(?<!sign\s)over|at\s+least|"
    r"upwards\s+of|in\s+excess\s+of)\s+"
)
_SYMBOL = r"(?P<sym>US\$|A\$|AU\$|AUD\s?|USD\s?|GBP\s?|EUR\s?|DKK\s?|NZ\$|£|\$|€)"
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULT = r"(?:\s?(?P<mult>billion|bn|million|mn|m|thousand|k|trillion|tn)\b)?"
_WORD_CUR = (
    r"\s*(?P<mult2>billion|million|thousand|bn|mn|m)?\s*"
    r"(?P<word>euros?|dollars?|pounds(?:\s+sterling)?|kroner|krone|Australian\s+dollars|US\s+dollars)\b"
)

MONEY = folded(
    r"(?:%s)?(?:%s%s%s|%s%s)" % (_QUAL, _SYMBOL, _NUM, _MULT, _NUM.replace("<num>", "<num2>"), _WORD_CUR),
    re.IGNORECASE,
)

_MULTIPLIERS = {
    "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3,
    "trillion": 1e12, "tn": 1e12,
}
_SYMBOLS = {
    "£": "GBP", "€": "EUR", "us$": "USD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "usd": "USD",
    "gbp": "GBP", "eur": "EUR", "dkk": "DKK", "nz$": "NZD",
}
_WORDS = {
    "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP",
    "kroner": "DKK", "krone": "DKK", "australian dollars": "AUD", "us dollars": "USD",
}

_HINT = re.compile(r"[£$€]|[Ee]uro|[Pp]ound|[Dd]ollar|[Kk]ron|AUD|USD|GBP|EUR|DKK")

QUALIFIERS = {
    "up to": "up_to", "as much as": "up_to",
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "an estimated": "about", "some": "about",
    "nearly": "less_than", "almost": "less_than", "just under": "less_than", "under": "less_than",
    "less than": "less_than", "fewer than": "less_than",
    "more than": "at_least", "over": "at_least", "at least": "at_least", "upwards of": "at_least",
    "in excess of": "at_least",
}


def qualifier_of(word: str | None) -> str:
    if not word:
        return "exact"
    return QUALIFIERS.get(" ".join(word.lower().split()), "exact")


def find_money(text: str, start: int = 0, end: int | None = None, dollar: str = "USD") -> list[Mention]:
    """Money mentions in ``text[start:end]``; value = (amount, currency, qualifier).

    ``dollar`` is the currency a bare ``$`` means in this document (USD, or AUD
    for Australian news).
    """
    end = len(text) if end is None else end
    out = []
    if not _HINT.search(text, start, end):
        return out
    for m in MONEY.finditer(text, start, end):
        num = float((m.group("num") or m.group("num2")).replace(",", ""))
        sym = m.group("sym")
        if sym is not None:
            s = sym.strip().lower()
            currency = dollar if s == "$" else _SYMBOLS.get(s, "USD")
            mult = (m.group("mult") or "").lower()
            # "$5 m" is fine, but "£3 more" is not a multiplier
            factor = _MULTIPLIERS.get(mult, 1.0)
        else:
            word = " ".join(m.group("word").lower().split())
            currency = _WORDS.get(word, dollar if "dollar" in word else "USD")
            factor = _MULTIPLIERS.get((m.group("mult2") or "").lower(), 1.0)
        amount = round(num * factor, 2)
        if amount.is_integer():
            amount = int(amount)
        out.append(Mention("money", text[m.start() : m.end()], m.start(), m.end(), (amount, currency, qualifier_of(m.group("qual")))))
    return out
