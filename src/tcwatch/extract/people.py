"""Counts of people: "seven men", "more than 200 migrants", "up to 8", "a deported Iraqi refugee" = 1."""

from __future__ import annotations

import re

from tcwatch.model import Mention

from .folded import folded
from .money import qualifier_of

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "one hundred": 100,
}
_NUMWORD = r"(?:%s)" % "|".join(sorted((re.escape(k) for k in _UNITS), key=len, reverse=True))
_NUMBER = (r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s?(?:million|thousand))?|"
           r"(?:a|one|two|three|four|five|six|seven|eight|nine)\s+(?:hundred|thousand)(?:\s+and\s+%s(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)?|"
           r"%s(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)") % (_NUMWORD, _NUMWORD)
_QUAL = (
    r"(?:(?P<qual>up\s+to|about|around|roughly|approximately|an\s+estimated|some|nearly|almost|"
    r"just\s+under|under|less\s+than|fewer\s+than|more\s+than|over|at\s+least|as\s+many\s+as)\s+)?"
)
_NOUN = (
    r"(?:people|persons|individuals|migrants|refugees|asylum[- ]seekers|men|women|deportees|"
    r"detainees|prisoners|immigrants|children|foreigners|foreign\s+nationals|nationals|adults|"
    r"inmates|criminals|convicts|offenders|gang\s+members|members|passengers|boys|girls|families|volunteers|claimants|applicants|Venezuelans|Salvadorans|"
    r"Afghans|Iraqis|Iranians|Syrians|Eritreans|Sudanese|Vietnamese|Cubans|Haitians|"
    r"Mexicans|Guatemalans|Hondurans|Nicaraguans|Colombians|Ecuadorians|Indians|Chinese|"
    r"[A-Z][a-z]+ans|[A-Z][a-z]+is)"
)
_ADJ = r"(?:(?!(?:hundred|thousand|million)\b)(?:[a-zA-Z’'-]+)\s+){0,3}?"

PEOPLE = folded(
    r"\b" + _QUAL + _NUMBER + r"\s+(?:more\s+)?" + _ADJ + _NOUN + r"\b",
    re.IGNORECASE,
)
# "seven of the 16 migrants": the part counted is the first number
PARTITIVE = folded(
    r"\b" + _QUAL + _NUMBER + r"\s+of\s+(?:(?:the|those|these)\s+(?:(?:\d+|[a-z]+)\s+)?" + _ADJ + _NOUN + r"|them)\b",
    re.IGNORECASE,
)
# "a deported Iraqi refugee", "one man", "the first failed asylum seeker"
SINGLE = re.compile(
    r"(?<![\d£$€])\b(?:(?:[Aa]n?|[Oo]ne|[Tt]he\s+first|First|[Tt]he\s+only|[Aa]\s+single)\s+(?:[a-zA-Z’'-]+\s+){0,3}?"
    r"|(?<!\bthe\s)(?<!\bThe\s)(?<!\bof\s)(?<!\band\s)(?<!,\s)[A-Z][a-z]+(?:an|ian|ese|i)\s+)"  # "repatriates Mexican deportee" (a headline drops the article)
    r"(?:refugee|migrant|asylum[- ]seeker|man|woman|deportee|detainee|person|prisoner|"
    r"immigrant|father|mother|teenager|national|citizen|individual)\b"
    r"(?!\s*(?:policy|scheme|plan|deal|crisis|rights|status|camp|centre|center|hotel|claims?|system|agency|council|charity|groups?|law|bill|flights?|"
    r"swaps?|exchanges?|releases?|transfers?|numbers|population|visas?|routes?|boats?|smuggl\w*|advocates?|organi[sz]ations?|lawyers?))"
)
# "Man fails in bid", "Asylum seeker goes to Rwanda" at the start of a title
TITLE_SINGLE = re.compile(
    r"^(?:[A-Z][\w’'-]*(?:\s+\w+){0,3}:\s+)?(?:First\s+(?:failed\s+)?)?(?:Man|Woman|[Aa]sylum seeker|[Mm]igrant|[Rr]efugee|[Dd]eportee)\b(?!s)"
)
# "believed to be 11 people", "a group of 20"
_COUNTLIKE = folded(r"\b(?:group|total|flight|plane|batch|cohort)\s+of\s+" + _QUAL + _NUMBER + r"\b", re.IGNORECASE)
# "were among five deported to": the group the named people belong to
_AMONG = folded(r"\bamong\s+(?:the\s+)?" + _QUAL + _NUMBER + r"(?=\s+(?:\w+\s+)?(?:deported|sent|flown|removed|expelled|transferred|taken|moved)\b)", re.IGNORECASE)
_BARE = re.compile(r"\b(?:[Uu]p\s+to|[Aa]t\s+least|[Mm]ore\s+than|[Nn]early|[Aa]bout)\s+" + r"(?P<num>\d{1,3}(?:,\d{3})+|\d+|%s)\b(?!\s*(?:%%|per|years?|months?|weeks?|days?|hours?|miles|km|pounds|euros|dollars|million|billion))" % _NUMWORD)

NOT_PEOPLE_AFTER = re.compile(r"\s*(?:%|per\s*cent|percent|years?|months?|weeks?|days?)", re.IGNORECASE)


def _number(token: str) -> int | None:
    t = token.lower().replace(",", "").strip()
    m = re.match(r"^(\d+(?:\.\d+)?)\s?(million|thousand)?$", t)
    if m:
        n = float(m.group(1)) * {"million": 1e6, "thousand": 1e3}.get(m.group(2) or "", 1)
        return int(n)
    t = t.replace("-", " ")
    if t in _UNITS:
        return _UNITS[t]
    m = re.match(r"^(a|one|two|three|four|five|six|seven|eight|nine)\s+(hundred|thousand)(?:\s+and\s+(.+))?$", t)
    if m:  # "two hundred", "a thousand", "two hundred and twenty"
        n = (1 if m.group(1) == "a" else _UNITS[m.group(1)]) * (100 if m.group(2) == "hundred" else 1000)
        rest = _number(m.group(3)) if m.group(3) else 0
        return n + (rest or 0)
    parts = t.split()
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


# "only four were relocated": a bare count as the subject of a passive verb of moving
SUBJECT_COUNT = folded(r"\b" + _QUAL + _NUMBER + r"\s+(?:more\s+)?(?:were|have\s+been|had\s+been|was)\s+(?:\w+\s+)?$", re.IGNORECASE)


def subject_count(text: str, start: int, verb: int) -> Mention | None:
    """The count right before a passive verb at ``verb`` ("... but only four were relocated")."""
    m = SUBJECT_COUNT.search(text, max(start, verb - 60), verb)
    if not m:
        return None
    n = _number(m.group("num"))
    if not n or (1900 <= n <= 2100 and m.group("num").isdigit()):
        return None
    return Mention("people", text[m.start("num"):m.end("num")], m.start(), m.end("num"), (n, qualifier_of(m.group("qual"))))


def find_people(text: str, start: int = 0, end: int | None = None, singles: bool = True) -> list[Mention]:
    """Counts of people in ``text[start:end]``; value = (n, qualifier)."""
    end = len(text) if end is None else end
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for rx in (PARTITIVE, PEOPLE, _COUNTLIKE, _AMONG):
        for m in rx.finditer(text, start, end):
            n = _number(m.group("num"))
            if n is None or n < 1:
                continue
            # a year ("2013 refugees") is not a count
            if 1900 <= n <= 2100 and m.group("num").isdigit() and len(m.group("num")) == 4:
                continue
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Mention("people", text[m.start() : m.end()], m.start(), m.end(), (n, qualifier_of(m.group("qual")))))
    if not out:
        for m in _BARE.finditer(text, start, end):
            n = _number(m.group("num"))
            if n:
                q = m.group(0).split()[0] + (" " + m.group(0).split()[1] if m.group(0).split()[1] in ("to", "least", "than") else "")
                out.append(Mention("people", m.group(0), m.start(), m.end(), (n, qualifier_of(q))))
    if singles and not out:
        for m in SINGLE.finditer(text, start, end):
            out.append(Mention("people", m.group(0), m.start(), m.end(), (1, "exact")))
        m = TITLE_SINGLE.match(text[start:end])
        if m and not out:
            out.append(Mention("people", m.group(0), start + m.start(), start + m.end(), (1, "exact")))
    out.sort(key=lambda x: x.start)
    # "Seven people, including two women": a count inside the group already counted is a part of it
    # "Seven people, three of them women": a count followed by "of them" is a part, too
    out = [m for i, m in enumerate(out) if i == 0 or not (_SUBSET.search(text, max(out[i - 1].end, m.start - 25), m.start)
                                                          or _OF_THEM.match(text, m.start, end))]
    return _summed(text, out)


_OF_THEM = re.compile(r"(?i)[\w-]+\s+of\s+(?:them|whom|those)\b")
_SUBSET = re.compile(r"(?i)\b(?:including|among\s+them|of\s+whom|among\s+whom|such\s+as|notably)\s+(?:some\s+|about\s+|around\s+)?$")


_AND = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")


def _summed(text: str, found: list[Mention]) -> list[Mention]:
    """"238 Venezuelans and 23 Salvadorans": counts joined by "and" are one group, their sum."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if prev is not None and _AND.fullmatch(text, prev.end, m.start) and prev.value[1] == m.value[1] == "exact" \
                and not re.search(r"(?i)\bof\b", text[prev.start:m.end]):
            out[-1] = Mention("people", text[prev.start:m.end], prev.start, m.end, (prev.value[0] + m.value[0], "exact"))
            continue
        out.append(m)
    return out
