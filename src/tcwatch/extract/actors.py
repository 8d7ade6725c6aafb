"""Actors: courts, UN agencies, NGOs, officials and governments, as written."""

from __future__ import annotations

import re

_GROUPS = (
    r"(?:UN\s+refugee\s+agency|UN\s+human\s+rights\s+(?:office|chief|commissioner)|UNHCR|United\s+Nations|UN|"
    r"Amnesty\s+International|Amnesty|Human\s+Rights\s+Watch|Refugee\s+Council|Refugee\s+Action|"
    r"Care4Calais|Freedom\s+from\s+Torture|Detention\s+Action|Asylum\s+Aid|Liberty|ACLU|"
    r"(?:international\s+|leading\s+)?(?:human\s+rights|rights|refugee|migrant|aid)\s+(?:groups|organi[sz]ations|campaigners|charities|advocates|lawyers|experts|monitors|defenders|observers|watchdogs|bodies)|"
    r"(?:charities|campaigners|critics|lawyers|activists|opponents|experts|MPs|peers|bishops|"
    r"the\s+Archbishop\s+of\s+Canterbury|Archbishop\s+of\s+Canterbury|archbishops|church\s+leaders|"
    r"Labour|the\s+opposition|Tory\s+(?:MPs|rebels|critics)|Conservatives|rebels|readers|officials|"
    r"international\s+observers(?:\s+and\s+human\s+rights\s+groups)?|whistleblower|watchdog|report|"
    r"independent\s+(?:monitoring\s+board|watchdog)|"
    r"(?:the\s+)?(?:former\s+|shadow\s+|new\s+|ex-)?(?:home|foreign|immigration)\s+(?:secretary|minister)|"
    r"(?:the\s+)?(?:former\s+|ex-)?(?:prime\s+minister|minister|archbishop|bishop|chief\s+executive)|"
    # a role named by the body it heads: "ex-Border Force chief", "former head of the Prison Service"
    r"(?:(?:former|ex-|retired)\s*)?(?:[A-Z][\w’'.-]+\s+){1,3}(?:chief|head|boss|director|commissioner|inspector|chair(?:man|woman)?)|"
    r"(?:(?:former|ex-|retired)\s*)?(?:head|chief|director)\s+of\s+(?:the\s+)?(?:[A-Z][\w’'.-]+\s*){1,4}))"
)
_NAME = r"(?:(?:[A-Z][\w’'.-]+|of|the|and|de|van|von|al)\s+){0,5}[A-Z][\w’'.-]+"
GROUP = re.compile(r"\b" + _GROUPS + r"\b", re.IGNORECASE)
NAME_END = re.compile(r"(" + _NAME + r")(?:\s*\([^)]{0,20}\))?\s*(?:,[^,]{0,80},\s*|,\s+(?:who|which)\s[^;]{0,160}?,\s*)?(?:has\s+|have\s+|had\s+|also\s+|previously\s+|reportedly\s+|publicly\s+|privately\s+|repeatedly\s+)*$")
NAME_START = re.compile(r"\s*(?:the\s+)?(" + _NAME + r")")
_ADVERBS = {"Previously", "Meanwhile", "Yesterday", "Today", "Now", "Last", "Earlier", "Instead", "Still", "Yet", "So", "Also", "While", "When", "If", "Even", "Speaking", "According", "Under", "With", "For", "From", "By", "At", "To", "Of", "In", "On", "After", "Following", "It", "This", "That", "He", "She", "They", "We", "I", "There"}
_STOP = {"Previously", "Meanwhile", "Yesterday", "Today", "Now", "Last", "Earlier", "Instead", "Still", "Yet", "So", "Also", "While", "When", "If", "Even", "Some", "Many", "Those", "These", "Speaking", "According", "Under", "With", "For", "From", "By", "At", "To", "Of", "The", "A", "An", "In", "On", "But", "And", "However", "It", "This", "That", "Mr", "Ms", "Mrs", "He", "She", "They", "We", "I", "As", "After", "Following", "Exclusive", "EXCLUSIVE"}


def _clean(name: str) -> str | None:
    name = name.strip(" ,")
    toks = name.split()
    while toks and toks[0] in _STOP:
        toks = toks[1:]
    if not toks:
        return None
    return " ".join(toks)


def find_actor_before(text: str, start: int, end: int) -> str | None:
    """The subject just before a verb at ``end``: a named person/body or a known group."""
    seg = text[start:end]
    groups = list(GROUP.finditer(seg))
    m = NAME_END.search(seg)
    if m:
        name = _clean(m.group(1))
        # a known body whose name the proper-name pattern cut short ("Freedom from Torture")
        if groups and groups[-1].start() < m.start(1) < groups[-1].end():
            return groups[-1].group(0)
        if name:
            return name
    if groups:
        g = groups[-1]
        return g.group(0)
    return None


def find_actor_after(text: str, start: int, end: int, strict: bool = False) -> str | None:
    """The speaker after a verb ("..., say MPs", "..., warns Amnesty")."""
    seg = text[start:end]
    g = GROUP.match(seg.lstrip()) if strict else GROUP.search(seg)
    if g and (not strict or _ENDS.match(seg.lstrip()[g.end():])):
        return g.group(0)
    m = NAME_START.match(seg)
    if m and (not strict or _ENDS.match(seg[m.end():])):
        return _clean(m.group(1))
    r = _ROLE_NAME.match(seg)
    if r and _ENDS.match(seg[r.end():]):
        return r.group("name")  # "..., says Italian opposition leader Elly Schlein"
    r = _SPEAKER_NP.match(seg)
    if r and _ENDS.match(seg[r.end():]):
        return r.group("np")  # "..., says former Tory minister", "..., top UN official warns"
    return None


# a speaker named by what they are: a few modifiers and a noun for a person or a body
_SPEAKER_NP = re.compile(
    r"\s*(?:(?:the|a|an|one|two|three|several|many|some)\s+)?(?P<np>(?:[\w’'-]+\s+){0,3}"
    r"(?:minister|judge|lawyer|MP|senator|official|leader|chief|commissioner|rapporteur|expert|group|charit(?:y|ie)|"
    r"campaigner|activist|bishop|archbishop|cardinal|[Pp]ope|priest|doctor|academic|researcher|professor|report|study|audit|"
    r"inquiry|committee|watchdog|agency|union|ombudsman|envoy|diplomat|mayor|lawmaker|congress(?:wo)?man|critic|opponent|"
    r"advis[eo]r|NGO|think[- ]tank|deportee|detainee|refugee|survivor|relative)(?:s|es)?)\b")


# a person named after their role: "Italian opposition leader Elly Schlein", "shadow home secretary Yvette Cooper"
_ROLE_NAME = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w’'-]+\s+)?(?:[a-z][\w-]*\s+){0,3}?(?:leader|minister|secretary|spokes(?:man|woman|person)|chief|head|"
                        r"MP|senator|president|commissioner|director|lawyer|campaigner|bishop)\s+(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,2})")


# after a speaker put last ("..., say MPs."), only the end of the sentence or a pause follows
_ENDS = re.compile(r"\s*(?:$|[.,;:!?)]|\s+(?:on|in|at|last|this|after|before|as|yesterday|today|told|who|said|has|have|"
                   r"says?|tells?|describes?|react|reacts|recounts?|recalls?|speaks?|warns?)\b)")


_GOVERNMENT = re.compile(r"^(?:[Tt]he\s+)?(?:White\s+House|Downing\s+Street|No\s*10|Home\s+Office|government|Government|administration|[A-Z][a-z]+\s+government)$")


def is_government_voice(actor: str) -> bool:
    """The executive speaking for itself (its defence of a scheme is not criticism)."""
    return bool(_GOVERNMENT.match(actor.strip()))


_QUOTE = re.compile(r"[\"“”‘]|(?<!s)['’](?!s\b)|(?<=s)['’](?!\s)")  # a quotation mark, not the apostrophe of "Europe's", "doctors' union"


def sentence_subject(text: str, start: int, verb: int, max_words: int = 12) -> str | None:
    """The words from the start of the sentence to a verb, when short: the subject as written."""
    seg = text[start:verb].strip(" ,")
    seg = re.sub(r"^(?:However|But|And|Meanwhile|Now|Still),?\s+", "", seg)
    seg = re.sub(r"\s+(?:has|have|had|also|previously|reportedly|publicly|is|are|was|were)$", "", seg)
    words = seg.split()
    if words and words[0] in _ADVERBS:
        return None
    if not words or len(words) > max_words or seg[:1].islower() or _QUOTE.search(seg):
        return None
    return seg
