"""The cheap relevance prefilter: a keyword gate run before any costly analysis.

``is_candidate`` is two compiled regex searches; nearly all of a news stream
fails the first one.  ``relevance`` is the finer, sentence-level decision made
on candidates only.
"""

from __future__ import annotations

import re
import sys

from .folded import folded

# Every top-level alternative of PLACES and MIGRATION starts with a literal character: ``re``
# then skips ahead to the positions holding one of those characters, several times faster
# than trying each alternative at every position ("[Tt]hird" is written "Third|third").


def _w(word: str) -> str:
    """``word`` preceded by a word boundary, written literal-first: ``were(?<!\\wwere)``."""
    return f"{word}(?<!\\w{word})"


# places and phrases that stand for third-country transfer arrangements: names (capitalised,
# searched first and fast) and lower-case phrases (searched only when one of their words occurs)
_PLACE_NAMES = re.compile(
    r"Rwanda|Kigali|Salvador|CECOT|Cecot|Eswatini|Swaziland|South Sudan|Juba|Gjad[eë]r|Sh[eë]ngjin|Tirana|Mbabane|Kampala|Accra|"
    r"Matsapha|Kotoka|Entebbe|CATEM|Kagame|Bukele|Mswati|Museveni|"
    r"Tegucigalpa|Asunci[oó]n|Port Moresby|PNG|Malabo|Pristina|Alien Enemies Act|Nauru|Manus|Papua New Guinea|"
    r"Albania|Ghana|Uganda|Kosovo|Paraguay|Palau|Belize|Costa Rica|Panama|Equatorial Guinea|"
    r"Honduras|Guatemala|Libya|Cambodia|New Zealand|Mexico|"
    r"Third[- ][Cc]ountr|Offshore (?:processing|detention)|Return hubs?|Offshoring|Safe third"
)
_PLACE_PHRASES = re.compile(
    r"third[- ][Cc]ountr|offshore (?:processing|detention)|return hubs?|offshoring|safe third|eSwatini|"
    r"claims (?:outside|abroad|overseas|offshore)|asylum seekers (?:outside|abroad|overseas|offshore)|"
    r"migrants (?:outside|abroad|overseas|offshore)|refugees (?:outside|abroad|overseas|offshore)|outside (?:Europe|the EU)|"
    r"countries\b[^.]{0,30}\b(?:host|take|accept|receiv)\w*|nations\b[^.]{0,30}\b(?:host|take|accept|receiv)\w*|"
    r"states\b[^.]{0,30}\b(?:host|take|accept|receiv)\w*"
)
_PHRASE_WORDS = ("Swatini", "third", "offshor", "return hub", "outside", "abroad", "overseas", "countries", "nations", "states")


class _Places:
    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        m = _PLACE_NAMES.search(text, pos, endpos)
        if m is None and any(w in text for w in _PHRASE_WORDS):
            m = _PLACE_PHRASES.search(text, pos, endpos)
        return m


PLACES = _Places()

# "250 Venezuelans were sent to", "flew 238 Venezuelans to": people of a nationality moved
_MOVED_PASSIVE = re.compile(
    "|".join(_w(a) for a in ("were", "was")) + r"|" + _w("have") + r"\s+been|" + _w("had") + r"\s+been|" + _w("are") + r"\s+being"
)
_MOVED_TAIL = re.compile(r"\s+(?:\w+\s+)?(?:sent|flown|moved|transferred|taken|removed|expelled)\s+to\b")
_DEMONYM_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:ans|is|ese)\s+$")
# "Venezuelans sent to El Salvador", "the 12 men flown to Eswatini" (a reduced relative clause)
_MOVED_REDUCED = re.compile(r"\b(?:[A-Z][a-z]+(?:ans|is|ese)|men|women|man|woman|people|person|families|children|detainees|prisoners|migrants?|asylum[- ]seekers?|refugees?|deportees?)\s+"
                            r"(?:who\s+(?:was|were)\s+|(?:the\s+)?(?:US|U\.S\.|UK|Britain|Washington|Italy|Australia)\s+)?(?:(?:wrongly|mistakenly|illegally|unlawfully|forcibly|secretly|quietly|later|recently)\s+)?(?:sent|flown|deported|transferred|removed|expelled)\s+(?:to|by|from)\b")
_MOVED_ACTIVE = re.compile(
    "(?:" + "|".join(_w(v) for v in ("sent", "flew", "flown", "transferred", "moved")) + r")\s+(?:\w+\s+){0,2}?[A-Z][a-z]+(?:ans|is|ese)\s+to\b|"
    # the same move told as a noun: "the transfer of 238 Venezuelans to", "deportation of Cubans to"
    "(?:" + "|".join(_w(v) for v in ("transfer", "transfers", "deportation", "deportations", "removal", "removals", "expulsion", "relocation")) + r")"
    r"\s+of\s+(?:\w+\s+){0,2}?[A-Z][a-z]+(?:ans|is|ese)\s+to\b"
)


class _PeopleMoved:
    """A nationality's people moved somewhere ("Venezuelans were sent to", "sent 238 Venezuelans to")."""

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        hit = _MOVED_ACTIVE.search(text, pos, endpos)
        if hit:
            return hit
        if "sent" in text or "flown" in text or "deported" in text or "transferred" in text or "removed" in text or "expelled" in text:
            hit = _MOVED_REDUCED.search(text, pos, endpos)
            if hit:
                return hit
        for m in _MOVED_PASSIVE.finditer(text, pos, endpos):
            if _MOVED_TAIL.match(text, m.end(), endpos) and _DEMONYM_BEFORE.search(text, max(pos, m.start() - 60), m.start()):
                return m
        return None


class _Either:
    """The first of several patterns that matches (for yes/no tests)."""

    def __init__(self, *patterns):
        self.patterns = patterns

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        for p in self.patterns:
            m = p.search(text, pos, endpos)
            if m:
                return m
        return None


PEOPLE_MOVED = _PeopleMoved()
MIGRATION = _Either(re.compile(
    r"deport|Deport|Repatriat|repatriat|Alien Enemies|CECOT|Cecot|Gjad[eë]r|Sh[eë]ngjin|"
    r"(?:Rwanda|Eswatini|Albania|Nauru|Salvador|South Sudan|Uganda|Ghana) transfers|"
    r"(?:Albania|Albanian|Nauru|Manus) (?:centres?|centers?|camps?|facilit(?:y|ies)|protocol|processing)|"
    + "|".join(_w(a) for a in ("were", "was", "been")).join(("(?:", ")")) + r"\s+(?:returned|sent\s+back|flown\s+back)\s+to\b|"
    r"Asylum|asylum|Migra|migra|Refugee|refugee|Removal|removal|Relocat|relocat|Detain|detain|Detention|detention|"
    r"Resettl|resettl|Immigra|immigra|Offshore|offshore|Return hub|return hub|Safe (?:third )?countr|safe (?:third )?countr|"
    r"Transfer(?:s|red)?\s+(?:to|of)\s|transfer(?:s|red)?\s+(?:to|of)\s|"
    r"Flights?\s+to\s+(?:Rwanda|Kigali|Albania|El Salvador|Eswatini|South Sudan|Nauru)|"
    r"flights?\s+to\s+(?:Rwanda|Kigali|Albania|El Salvador|Eswatini|South Sudan|Nauru)|"
    r"Safety of Rwanda|Rwanda (?:[Aa]ct|[Rr]uling|[Ss]cheme|[Pp]lan|[Pp]olicy|[Bb]ill|[Ff]lights?|[Dd]eal|[Tt]reaty|[Vv]ote|[Ll]aw|[Rr]ow|[Rr]evolt|[Jj]udgment)",
), PEOPLE_MOVED)


# states that send people to third countries, as news names them
SENDER_HINT = re.compile(
    r"\b(?:UK|U\.K\.|Britain|British|U\.S\.|US|United States|America|American|Washington|White House|"
    r"Home Office|Australia|Australian|Canberra|Italy|Italian|Rome|Denmark|Danish|Netherlands|Dutch|Israel|"
    r"London|Trump administration|Biden administration|Trump|Sunak|Braverman|Patel|Cleverly|Starmer|Meloni|Albanese|Frederiksen)(?!\w)"
)  # (?!\w), not \b: "U.S. custody" ends in a full stop


def is_candidate(text: str) -> bool:
    """True when ``text`` may concern a third-country transfer (cheap, high recall).

    A receiving place or third-country phrase, and either a migration word or a
    sending state named with it.
    """
    if PLACES.search(text) is None:
        return False
    return MIGRATION.search(text) is not None or SENDER_HINT.search(text) is not None


# sentence-level evidence that a document is about such an arrangement
_STRONG_PLACES = re.compile(r"\b(?:Rwanda|Nauru|Manus|CECOT|Cecot|Eswatini|eSwatini|Papua New Guinea)\b(?!-style|-type|-like)")
_SCHEME_WORDS = folded(
    r"\b(?:scheme|plan|policy|bill|flights?|deal|treaty|partnership|pact|law|legislation|ruling|vote|judgment|"
    r"deport\w*|asylum|migrants?|refugees?|removals?|relocat\w+|offshore|detention|processing|"
    r"deportees?|resettl\w*|held|detained|detainees?)\b",
    re.IGNORECASE,
)
_TRANSFER_WORDS = folded(
    r"\b(?:deport\w*|third[- ]countr\w*+(?!\s+(?:nationals?|citizens?|residents?|students?|workers?))|offshore|asylum\s+(?:deal|agreement|partnership|plan|scheme|treaty|pact)|"
    r"migrants?\s+(?:deal|centres?|centers?|camps?)|(?:send|sent|sending|relocat\w+|transfer\w*)\s+(?:\w+\s+){0,3}?"
    r"(?:migrants|asylum[- ]seekers|refugees|deportees)|return\s+hubs?|[\w-]+-style|"
    # "a flight toward South Sudan", "migrants ... were transferred on Friday"
    r"(?:flights?|planes?)\s+(?:toward|towards|bound\s+for|headed\s+for|heading\s+(?:to|for))|"
    r"(?:Albania|Albanian|Nauru|Manus)\s+(?:centres?|centers?|camps?|facilit(?:y|ies)|protocol|processing)|"
    # a ship or plane landing people counted: "Cassiopea lands 49 men in Shengjin", "docked at Shengjin with 49 men"
    r"(?:lands?|landed|landing|docked|docks|disembarked|ferried|carrying)\s+(?:[\w-]+\s+){0,8}?(?:\d[\d,]*|dozens\s+of|hundreds\s+of)\s+"
    r"(?:[\w-]+\s+)?(?:men|women|migrants|people|asylum[- ]seekers|refugees|deportees|detainees)|"
    r"countries\s+(?:other\s+than|that\s+are\s+not)\s+their\s+own|"
    r"(?:migrants|asylum[- ]seekers|refugees|deportees|detainees)\b[^.;]{0,50}?\b(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?"
    r"(?:sent|flown|transferred|shipped|taken|moved|brought|relocated|deported))\b",
    re.IGNORECASE,
)
_NOISE = re.compile(r"\b(?:M23|Congo|Congolese|Burundian|Burundi|genocide\s+anniversary|Kagame\s+re-?elect\w*)\b")


_DEAL_WORDS = folded(
    r"\b(?:deal|agreement|arrangement|pact|treaty|divert\w*|send\w*|sent|deport\w*|transfer\w*|process\w*|"
    r"hold|held|host\w*|hous\w+|camps?|centres?|centers?|offshore|resettl\w*|relocat\w*|detention|detainees|"
    r"flights?|flown|flew|took|taken|moved|brought|shipped|ferried)\b",
    re.IGNORECASE,
)
ABROAD = folded(
    r"\b(?:third[- ]countr\w*+(?!\s+(?:nationals?|citizens?|residents?|students?|workers?))|offshore\s+processing|return\s+hubs?|"
    r"process\w*\s+(?:of\s+)?(?:asylum\s+)?(?:claims|applications|asylum[- ]seekers|migrants)\s+(?:outside|abroad|overseas|offshore))\b",
    re.IGNORECASE,
)


# "Italy-Albania", "UK–Rwanda": two states joined into the name of what binds them
_PAIR_COMPOUND = re.compile(r"\b[A-Z][\w.]+[-–][A-Z][a-z]+\b")
# a deal of another kind ("a defence treaty", "trade deal") is no scheme word
_OTHER_DEAL = folded(
    r"\b(?:defen[cs]e|security|trade|free[- ]trade|economic|military|energy|tax|investment|health|climate|aviation|"
    r"fisheries|mining|tourism|peace|ceasefire)\s+(?:treaty|deal|pact|agreement|partnership|cooperation|law|bill|policy|plan)\b"
)
# "Ghana deported 700 traders": the receiver is the one deporting, not receiving
_SUBJECT_BEFORE = re.compile(r"(?:[A-Z][\w’'.]*\s+){1,3}(?:has\s+|have\s+|had\s+|to\s+|will\s+|is\s+to\s+|plans\s+to\s+)?$")
_DEPORT_VERB = re.compile(r"(?i)deport(?:s|ed|ing)?$")


def _scheme_word(sent: str) -> bool:
    others = [(m.start(), m.end()) for m in _OTHER_DEAL.finditer(sent)]
    if not others:
        return _SCHEME_WORDS.search(sent) is not None
    return any(not any(a <= m.start() < b for a, b in others) for m in _SCHEME_WORDS.finditer(sent))


def _transfer_word(sent: str, start: int, receivers_in) -> bool:
    for m in _TRANSFER_WORDS.finditer(sent):
        if _DEPORT_VERB.match(sent, m.start(), m.end()):
            subj = _SUBJECT_BEFORE.search(sent, 0, m.start())
            if subj and receivers_in(start + subj.start(), start + m.start()):
                continue
        return True
    return False


def relevance(text: str, sentences: list[tuple[int, int]], receivers_in, paired_in=None, title_end: int = 0) -> bool:
    """Sentence-level decision: a sentence ties a receiving state to a transfer scheme."""
    for start, end in sentences:
        sent = text[start:end]
        hit = False
        if _STRONG_PLACES.search(sent) and _scheme_word(sent) and not _NOISE.search(sent):
            hit = True
        elif receivers_in(start, end) and (_transfer_word(sent, start, receivers_in) or PEOPLE_MOVED.search(sent)):
            hit = True
        elif ABROAD.search(sent) and MIGRATION.search(sent):
            hit = True
        elif paired_in is not None and MIGRATION.search(sent) and (_DEAL_WORDS.search(sent) or _PAIR_COMPOUND.search(sent)) \
                and paired_in(start, end):
            hit = True  # "Italy-Albania safe country list": a sender and its receiver joined into one name
        if hit:
            return True
    return False
