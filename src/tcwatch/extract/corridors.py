"""Known corridors and the resolution of a fact's sender and receiver.

The direction of a corridor is fixed by who deports and who receives, never by
grammar: a sentence naming Britain and Rwanda is about ``GBR -> RWA`` whether
Rwanda demands money from Britain or Britain pays Rwanda.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

from tcwatch.model import Mention

from .countries import DESCRIPTIONS, find_countries

# sender -> receivers of third-country transfer arrangements reported in the news
# (the first sender listed for a receiver is its default sender).
KNOWN: dict[str, tuple[str, ...]] = {
    "GBR": ("RWA", "FRA", "XKX", "SRB", "MKD", "BIH"),
    "USA": ("SLV", "RWA", "SWZ", "SSD", "GHA", "GNQ", "GTM", "HND", "PAN", "CRI", "PRY",
            "XKX", "UGA", "BLZ", "PLW", "LBY"),
    "AUS": ("NRU", "PNG", "KHM", "NZL"),
    "ITA": ("ALB",),
    "DNK": ("RWA", "XKX"),
    "ISR": ("RWA", "UGA"),
    "NLD": ("UGA",),
    "LBY": ("RWA",),
    "DEU": (),
    "AUT": (),
    # European states that have sought such deals ("return hubs") without one on record
    "GRC": (),
    "BEL": (),
    "SWE": (),
    "NOR": (),
    "CHE": (),
    "FIN": (),
    "EUU": (),
}
SENDERS = frozenset(KNOWN)
PAIRS = frozenset((s, r) for s, rs in KNOWN.items() for r in rs)
# receivers that take people from elsewhere only through such deals, in the
# order in which they are the usual receiver of their first sender
RECEIVERS = frozenset(r for rs in KNOWN.values() for r in rs) - {"FRA", "LBY"}
DEFAULT_SENDER: dict[str, str] = {}
for _s in ("GBR", "USA", "AUS", "ITA", "DNK", "ISR", "NLD", "LBY", "DEU", "AUT"):
    for _r in KNOWN[_s]:
        DEFAULT_SENDER.setdefault(_r, _s)

# words that refer back to the arrangement under discussion
ANAPHOR = re.compile(
    r"\b(?:scheme|plan|policy|policies|deal|pact|treaty|partnership|arrangement|agreement|"
    r"programme|program|bill|legislation|law|flights?|deportations?|removals?|offshore|expulsions?|"
    r"processing|detention|relocation|deportees?|asylum seekers?|asylum-seekers?|migrants?|refugees?|detainees|volunteers|men|women|"
    r"centres?|centers?|camps?|facilit(?:y|ies)|protocol|memorand(?:um|a)|MoU|hubs?|project|initiative|experiment|prisons?|jails?)\b",
    re.IGNORECASE,
)


# narrower: words that name the arrangement itself
SCHEME_ANAPHOR = re.compile(
    r"\b(?:scheme|plan|policy|deal|pact|treaty|partnership|arrangement|agreement|programme|"
    r"program|bill|legislation|flights?|offshore|memorand(?:um|a)|MoU)\b",
    re.IGNORECASE,
)


@dataclass
class DocCountries:
    """Country mentions of a whole document and its main corridor."""

    mentions: list[Mention]
    main: tuple[str | None, str | None]
    sender_counts: Counter = field(default_factory=Counter)
    receiver_counts: Counter = field(default_factory=Counter)
    descriptions: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions.sort(key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self.nationalities = tuple(dict.fromkeys(m.value for m in self.mentions if m.role == "nationality"))

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions starting in ``[start, end)`` (bisection: long documents stay linear)."""
        return self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def best_sender(self, receiver: str) -> str | None:
        cands = [(n, s) for s, n in self.sender_counts.items() if (s, receiver) in PAIRS]
        if cands:
            return max(cands)[1]
        return DEFAULT_SENDER.get(receiver)

    def best_receiver(self, sender: str) -> str | None:
        cands = [(n, r) for r, n in self.receiver_counts.items() if (sender, r) in PAIRS]
        if cands:
            return max(cands)[1]
        return None


def doc_countries(text: str, title_end: int = 0) -> DocCountries:
    mentions = find_countries(text)
    senders: Counter = Counter()
    receivers: Counter = Counter()
    for m in mentions:
        if m.role == "nationality":
            continue
        w = 2 if m.start < title_end else 1
        if m.value in RECEIVERS:
            receivers[m.value] += w
        if m.value in SENDERS:
            senders[m.value] += w
    main: tuple[str | None, str | None] = (None, None)
    if receivers:
        r = receivers.most_common(1)[0][0]
        cands = [(n, s) for s, n in senders.items() if (s, r) in PAIRS and s != r]
        s = max(cands)[1] if cands else DEFAULT_SENDER.get(r)
        main = (s, r)
    descs = [(m.start(), m.end()) for m in DESCRIPTIONS.finditer(text)]
    return DocCountries(mentions, main, senders, receivers, descs)


def _in(dc: DocCountries, start: int, end: int) -> list[Mention]:
    return [m for m in dc.within(start, end) if m.role != "nationality"]


def _pair(ms: list[Mention]) -> tuple[str, str] | None:
    isos = [m.value for m in ms]
    for s in isos:
        for r in isos:
            if s != r and (s, r) in PAIRS:
                return (s, r)
    return None


def resolve(dc: DocCountries, text: str, clause: tuple[int, int], sentence: tuple[int, int],
            allow_sender_only: bool = True) -> tuple[str | None, str | None] | None:
    """The corridor of a fact whose trigger lies in ``clause`` of ``sentence``.

    Looks in the clause, then the sentence, then falls back on the document's
    main corridor when the sentence refers back to the arrangement.  Returns
    None when no corridor with a third-country receiver can be found.
    """
    has_desc = any(sentence[0] <= a < sentence[1] for a, _ in dc.descriptions)
    for lo, hi in (clause, sentence):
        ms = _in(dc, lo, hi)
        p = _pair(ms)
        if p:
            return p
        recs = [m.value for m in ms if m.value in RECEIVERS]
        if recs:
            r = recs[0]
            s = None
            for m in ms:
                if (m.value, r) in PAIRS:
                    s = m.value
                    break
            if s is None:
                # a state with no deal on record yet exploring one ("Germany is examining ... Rwanda")
                newcomer = [m.value for m in ms if m.value in SENDERS and not KNOWN[m.value] and m.value != r]
                if newcomer:
                    return (newcomer[0], r)
            if s is None and any(m.value in SENDERS and m.value != r and m.role == "government"
                                 or m.value in ("GBR", "USA", "AUS", "ITA") and m.value != r for m in ms):
                return None  # a named state that has no such deal with this receiver
            return (s or dc.best_sender(r), r)
        senders = [m.value for m in ms if m.value in SENDERS]
        if senders and (lo, hi) == clause:
            s = senders[0]
            r = dc.best_receiver(s)
            # another clause of the sentence names a receiver: this clause is about something else
            elsewhere = any(m.value in RECEIVERS for m in _in(dc, sentence[0], sentence[1]))
            if r and not elsewhere and (has_desc or SCHEME_ANAPHOR.search(text, lo, hi) or ANAPHOR.search(text, lo, hi)):
                return (s, r)
            if allow_sender_only:
                return (s, None)
    main = dc.main
    if main[1]:
        # the document speaks of several senders' deals with this receiver: a sentence
        # naming none of them leaves the sender open
        senders = [s for s in dc.sender_counts if (s, main[1]) in PAIRS]
        if len(senders) > 1 and not _in(dc, sentence[0], sentence[1]):
            main = (None, main[1])
    if has_desc and main[1]:
        return main
    ms = _in(dc, sentence[0], sentence[1])
    if main[1] and ANAPHOR.search(text, sentence[0], sentence[1]):
        # a sentence about some other country's deal is not about ours
        if not any(m.value not in main and m.role == "government" for m in ms):
            return main
    return None
