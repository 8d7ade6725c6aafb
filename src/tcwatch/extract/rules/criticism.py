"""``criticism``: a named or quoted actor criticised the arrangement or warned of its risks."""

from __future__ import annotations

import re

from tcwatch.model import Fact

from ..actors import (
    GROUP,
    find_actor_after,
    find_actor_before,
    is_government_voice,
    sentence_subject,
)
from ..corridors import RECEIVERS, SENDERS
from ..folded import folded
from ..lexicon import lexicon
from .base import Sentence, gate
from .politics import _CRITICS, _STRICT

# the migration words of the document, a person "detained" (arrested) aside
_ABOUT_MOVING = folded(r"(?!detain(?:s|ed|ing)?\b)" + _STRICT.pattern, re.I)
_THIRD = re.compile(r"\b(?:third[- ]countr(?:y|ies)|return\s+hubs?|outside\s+(?:Europe|the\s+EU)|offshore\s+processing)\b", re.I)

# verbs that are criticism in themselves
CRIT_VERB = lexicon("criticism_verbs")
SPEECH = folded(r"(?<!was\s)(?<!were\s)(?<!been\s)(?<!being\s)\b(?:says?|said|claimed|claims\s+that|told|tells|(?<!to\s)(?<!will\s)(?<!would\s)tell(?=\s+(?:the\s+)?(?:government|ministers?|parliament|MPs|reporters|journalists|[A-Z]))|argu(?:es|ed)|(?<!will\s)(?<!to\s)(?<!would\s)(?<!could\s)(?<!may\s)(?<!might\s)argue|insist(?:s|ed)|wr(?:ote|ites)|warns?|warned|reports|alleg(?:es|ed)|according\s+to|"
                r"(?:found|finds|concluded|concludes)\s+that|(?:finds|found|concludes|concluded|shows|showed|reveals|revealed)(?=\s*(?:$|[.,;:!?])))\b", re.I)
NEGATIVE = lexicon("judgements")
# the arrangement must be what is criticised
TARGET = folded(
    r"\b(?:scheme|plan|policy|deal|pact|treaty|partnership|arrangements?|agreements?|accords?|protocols?|memorand(?:um|a)|programme|program|bill|"
    r"legislation|law|flights?|deportations?|removals?|transfers?|expulsions?|offshore|detention|processing|relocat\w+|"
    r"hubs?|camps?|Rwanda|Nauru|Manus|El\s+Salvador|CECOT|Albania|Eswatini|South\s+Sudan|facilit\w+|centres?|"
    r"centers?|deportees|regime|sent\s+to|deported\s+to|project|initiative|experiment|prisons?|jails?)\b",
    re.I,
)
_WHERE_HELD = re.compile(r"\b(?:in|to|at|into)\s+(?:the\s+)?$")
_RULING_WORDS = re.compile(r"^\W*(?:\w+\W+){0,6}?(?:ruled|ruling|verdict|judgment|judgement|decision)\b", re.I)
_PASSIVE = re.compile(r"^(?:been|was|were|is|are)\s+accused|under\s+fire|faced?\s+criticism", re.I)
_OPINION_TITLE = re.compile(r"\|\s*(?:Observer\s+)?(?:editorial|Letters?|The\s+Guardian\s+view)\b", re.I)


@gate("critic", "must", "condemn", "blast", "slam", "lambast", "brand", "denounc", "decr", "attack", "castigat", "savag",
      "hit out", "hits out", "rail", "accus", "question", "warn", "urg", "oppos", "concern", "challeng", "letter",
      "call", "describ", "issue", "uncomfortable", "disappoint", "say", "said", "claim", "told", "tell", "argu",
      "insist", "wrote", "write", "report", "alleg", "alarm", "dismay", "deplor", "appalled", "horrified", "troubled",
      "raise", "sound", ": ", "label", "according to", "lash", "round", "lectur", "tore", "tear", "rebuk", "assail",
      "pillor", "derid", "ridicul", "mock", "pour", "scorn", "excoriat", "berat", "chastis", "censur", "disparag",
      "object", "protest", "hit back", "sue", "suing", "suit", "complaint", "petition", "reject", "demand", "doubt", "legal action", "seek", "sought", "push", "show", "reveal", "find", "found", "conclud", "outcry", "backlash", "voic", "spoke out", "speak", "came out", "come out", "fear")
def criticism(s: Sentence) -> list[Fact]:
    text = s.doc.text
    has_desc = any(s.start <= a < s.end for a, _ in s.doc.countries.descriptions)
    if not TARGET.search(s.text) and not has_desc and not any(
            c.value in RECEIVERS and c.role != "nationality" and _WHERE_HELD.search(text, max(s.start, c.start - 12), c.start)
            for c in s.countries) and not _it_refers_back(s):
        return []  # the arrangement, or where the people were taken ("held in Juba"), is what is criticised
    if not s.doc.has(_ABOUT_MOVING):
        return []  # Rwanda criticised over a war, Albania over corruption, a politician detained: not about a transfer deal
    if s.is_title and _PRESS_REVIEW.match(s.text):
        return []  # "The Papers: ...": what newspapers print, their own opinion (FACTS.md)
    verbs = list(CRIT_VERB.finditer(text, s.start, s.end))
    for m in verbs:
        # the first verb of criticism that holds: "X warns Y ... open letter calling for the scheme to be scrapped"
        found = _by_verb(s, m)
        if found:
            return found
    if verbs:
        return []
    sp = SPEECH.search(text, s.start, s.end)
    quoted = _QUOTE_COLON.match(text, s.start, s.end)
    if quoted and NEGATIVE.search(quoted.group("q")):
        # "'A stain on our country': charities react to ...": the quote first, its speaker after the colon
        actor = find_actor_after(text, quoted.end(), min(s.end, quoted.end() + 60))
        if actor and not is_government_voice(actor):
            found = _stated(s, quoted.end(), actor)
            if found:
                return found
    if not sp:
        # "UNHCR: deportations to Eswatini violate international law" (a speaker before a colon)
        head = _SPEAKER_COLON.match(text, s.start, s.end)
        neg = head and NEGATIVE.search(text, head.end(), s.end)
        if not neg or re.search(r"\b(?:if|unless|whether|once|until)\b", text[max(head.end(), neg.start() - 40):neg.start()], re.I):
            return []  # "X: Tories face oblivion if the bill fails" is a forecast
        actor = head.group("who")
        if not (GROUP.fullmatch(actor) or _PERSON.fullmatch(actor) or _GROUP_NOUN_END.search(actor) or _ACRONYM.fullmatch(actor)
                or _CAMEL.fullmatch(actor)) or any(
                c.start == head.start("who") and c.end == head.end("who") for c in s.countries):
            return []  # "Rwanda: ..." names a topic, not a speaker
        corridor = s.corridor(head.end(), allow_sender_only=False)
        if not corridor or not corridor[1] or is_government_voice(actor) or re.search(r"\b(?:court|judges?|justices|tribunal)\b", actor, re.I):
            return []
        return [s.fact("criticism", head.end(), corridor, actor=actor, nationalities=s.concerned(head.end(), corridor))]
    if not any(not _COUNTERS.search(text, max(s.start, n.start() - 30), n.start())
               for n in NEGATIVE.finditer(text, s.start, s.end)):
        return []  # "would deter dangerous crossings": the harm is what the scheme is said to stop
    if re.search(r"\b(?:ruled|ruling|verdict|judgment|judgement|court|judges?|justices|tribunal)\b", s.text, re.I):
        return []  # the negative word is the court's finding, not the speaker's
    pos = sp.start()
    actor = (find_actor_after(text, sp.end(), min(s.end, sp.end() + 60), strict=True)
             or find_actor_before(text, max(s.start, pos - 220), pos)
             or sentence_subject(text, s.start, pos, max_words=10))
    if not actor:
        return []
    return _stated(s, pos, actor)


_THE_SCHEME = re.compile(r"(?i)\b(?:the|this|that)\s+(?:programme|program|scheme|deal|plan|policy|partnership|arrangement|agreement|pact|treaty|"
                         r"protocol|project|camps?|centres?|centers?|facilit(?:y|ies))\b")


def _it_refers_back(s: Sentence) -> bool:
    """"The opposition called it a betrayal": "it" is the arrangement the sentence before (or the headline) names."""
    prev = s.doc.text[max(0, s.start - 300):s.start]
    return bool(TARGET.search(prev) and any(re.match(r"\s+(?:it|them|this)\b", s.doc.text[m.end():m.end() + 8], re.I)
                                           or re.search(r"(?i)\b(?:it|them)$", m.group(0))
                                           for m in CRIT_VERB.finditer(s.doc.text, s.start, s.end)))


def _by_verb(s: Sentence, m) -> list[Fact]:
    """The criticism that the verb of criticism ``m`` states, if it holds."""
    text = s.doc.text
    pos = m.start()
    despite = re.search(r"\bdespite\s+(?:\w+\s+)?$", text[max(s.start, pos - 20):pos])
    if despite and _NOMINAL_FROM.search(m.group(0)):
        despite = None  # "despite objections from human rights monitors": the monitors objected
    if s.negated(pos, 15) or s.irrealis(pos, 30) or despite:
        return []
    if re.match(r"accus", m.group(0), re.I) and re.match(r"\s+(?:in|by|of|at|on|over)\b", text[m.end():m.end() + 6]):
        return []  # "accused in US courts of ...": no one named as accused
    if re.match(r"accus", m.group(0), re.I) and not SCHEME_SIDE.search(text, m.end(), min(s.end, m.end() + 40)) and \
            not any((c.role == "government" or (c.value in SENDERS or c.value in RECEIVERS) and c.role != "nationality")
                    and m.end() <= c.start < m.end() + 40 for c in s.countries):
        return []  # who is accused must be the scheme's side
    if re.match(r"(?:warn|urg|question|oppos|describ|label|branded\s+as|characteri|fear|calling|calls?\s+(?!the\s|it\s|them\s))", m.group(0), re.I) and not NEGATIVE.search(s.text) and not \
            re.match(r"\s+(?:the\s+|\w+[’']s\s+)?(?:\w+\s+of\s+(?:the\s+)?(?:\w+\s+)?)?(?:\w+\s+)?(?:deal|plan|scheme|policy|legality|treaty|pact|agreement|deportations?|bill|legislation|law|flights?|"
                     r"centres?|centers?|camps?|hubs?|facilit(?:y|ies)|detention|transfers?|protocol|programme)\b",
                     text[m.end():m.end() + 50], re.I) and not _TO_UNDO.match(text, m.end(), s.end) \
            and not (re.match(r"(?i)question", m.group(0)) and re.match(r"(?i)\s+(?:why|whether|how)\b", text[m.end():m.end() + 10])) \
            and not _UNDOING.search(m.group(0)) \
            and not (re.match(r"(?i)(?:describ|label|brand|call|characteri)", m.group(0)) and re.match(r"(?:[^.;'‘\"“]{0,40}?\bas)?\s*['‘\"“]", text[m.end():m.end() + 50])):
        # (a quoted label is a judgement in itself: "described the programme as 'deportation disguised as a choice'")
        return []
    if re.match(r"(?i)reject", m.group(0)) and not _CRITICS.search(text, max(s.start, pos - 60), pos):
        return []  # a party rejecting a deal denies or refuses it; critics rejecting it criticise it
    if _LOST_CHALLENGE.search(text, max(s.start, pos - 25), pos) and re.match(r"legal\s+challenge", m.group(0), re.I):
        return []  # "Government loses legal challenge": a court decided (a ruling), nobody is quoted
    if _CRITICS_AS_OBJECT.match(text, m.end(), s.end):
        return []  # "Patel blasts 'left-wing activists and lawyers'": it is the critics who are attacked
    if _RULING_WORDS.search(text[m.end() : s.end]):
        return []  # what is attacked is a court's decision
    if re.search(r"\bgovernment[’']?s?,?\s+(?:which|that|who)\s+$", text[max(s.start, pos - 40):pos], re.I):
        return []  # a government judging its own (or its predecessor's) scheme
    if _NOMINAL_FROM.search(m.group(0)) or (re.fullmatch(r"(?i)criticism|condemnation|opposition", m.group(0))
                                            and re.match(r"\s+(?:from|by)\b", text[m.end():m.end() + 6])):
        # "drew fierce criticism from human rights groups": the critic follows "from"
        actor = find_actor_after(text, m.end(), s.end)
        return _stated(s, pos, actor) if actor else []
    by = _PASSIVE_BY.match(text, m.end(), s.end)
    passive = (_AUX_BEFORE.search(text, max(s.start, pos - 25), pos) and re.match(r"\w+ed\b", m.group(0))) \
        or re.match(r"subject\s+of", m.group(0), re.I)
    if by and passive:
        # "has been criticised by Amnesty": the critic follows "by"
        actor = find_actor_after(text, by.end(), s.end)
        if not actor:
            return []
    elif _PASSIVE.search(m.group(0)) or passive:
        # "UK ministers have been accused of ...", "the Home Office was warned that ...": the one
        # criticised or warned must be the scheme's side; the critic is not named
        # "UK ministers have been accused of ...": the criticised party must be the scheme's side
        before = text[s.start : pos]
        if not (SCHEME_SIDE.search(before) or any(c.start < pos and c.role != "nationality" for c in s.countries)):
            return []
        actor = None
    else:
        actor = (find_actor_before(text, max(s.start, pos - 120), pos)
                 or sentence_subject(text, s.start, pos)
                 or find_actor_after(text, m.end(), s.end)
                 or _joined_sayer(s, pos))
        if not actor:
            return []
    return _stated(s, pos, actor)


def _joined_sayer(s: Sentence, pos: int) -> str | None:
    """"The UN refugee agency said ..., and voiced concern": a verb joined by "and" to the first verb of
    saying shares its subject."""
    text = s.doc.text
    if not re.search(r",?\s+and\s+(?:also\s+|later\s+|then\s+)?$", text[max(s.start, pos - 15):pos]):
        return None
    sp = SPEECH.search(text, s.start, pos)
    return sentence_subject(text, s.start, sp.start()) if sp else None


def _stated(s: Sentence, pos: int, actor: str | None) -> list[Fact]:
    """The criticism said at ``pos`` by ``actor``, once its corridor is found (and the critic is not the scheme's side)."""
    if actor and ((re.search(r"\b(?:court|judges?|justices)\b", actor, re.I) and not _FORMER.search(actor))
                  or is_government_voice(actor)):
        return []
    corridor = s.corridor(pos, allow_sender_only=False)
    if (not corridor or not corridor[1]) and s.doc.countries.main[1] and (_it_refers_back(s) or _THE_SCHEME.search(s.text)) \
            and not any(c.role != "nationality" for c in s.countries):
        corridor = s.doc.countries.main  # "called it a disgrace": the arrangement of the sentences before
    if actor and corridor and corridor[0] and _speaks_for(s, actor, corridor[0]):
        return []  # "US says it has deported five 'barbaric' migrants": the sending state on its own scheme
    if (not corridor or not corridor[1]) and _THIRD.search(s.text):
        # "warns against US deportations to third countries": the receiver is not named
        corridor = s.corridor(pos, allow_sender_only=True)
        if corridor and corridor[0] and not corridor[1]:
            return [s.fact("criticism", pos, corridor, actor=actor, nationalities=s.concerned(pos, corridor))]
    if not corridor or not corridor[1]:
        return []
    return [s.fact("criticism", pos, corridor, actor=actor, nationalities=s.concerned(pos, corridor))]


_PASSIVE_BY = re.compile(r"\s+(?:[\w’'-]+\s+){0,3}?(?:by|from)\s+(?:the\s+)?(?=[A-Z]|UN\b|human|rights|refugee|charities|campaigners|lawyers|critics|"
                         r"MPs|peers|bishops|international|observers|experts|activists|opponents|aid\s+groups|doctors|medical)")
_AUX_BEFORE = re.compile(r"\b(?:was|were|been|is|are|being)\s+(?:\w+\s+)?$")
_QUOTE_COLON = re.compile(r"\W{0,3}['‘\"“](?P<q>[^'‘’\"“”]{3,160})['’\"”]\s*[:–—-]\s+")
# who speaks before a headline's colon: "Rights group: ...", "Church leaders: ..."
_SPEAKER_NOUN = (r"(?:bishops?|leaders?|charit(?:y|ies)|groups?|campaigners?|lawyers?|MPs?|experts?|officials?|activists?|"
                 r"chief|head|agency|watchdog|body|union|monitors?|observers?|doctors?|medics?|academics?|report)")
_SPEAKER_COLON = re.compile(r"[\'\"‘“]?(?P<who>[A-Z][\w’'.&-]*(?:\s+(?:[A-Z][\w’'.&-]*|of|for|the)){0,4}"
                            r"(?:\s+" + _SPEAKER_NOUN + r")?)\s*:\s+")
# "MSF: ...": a body known by its initials (not a label of the page)
_ACRONYM = re.compile(r"(?!(?:LIVE|WATCH|VIDEO|NEWS|UPDATE|AUDIO|PHOTOS?|FACT|EXCLUSIVE|BREAKING|OPINION|ANALYSIS|EDITORIAL|REVIEW|POLL|QUIZ)$)[A-Z]{2,6}")
_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]+")  # "ActionAid", "OpenDemocracy": an organisation's one-word name
_GROUP_NOUN_END = re.compile(r"\s" + _SPEAKER_NOUN + r"$")
_PERSON = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][\w’'-]+){1,2}")
# "urged parliament to reject the deal": asking someone to undo the arrangement
_TO_UNDO = re.compile(r"(?i)\s+(?:[\w’'-]+\s+){0,4}?to\s+(?:reject|scrap|abandon|end|drop|halt|stop|suspend|cancel|rethink|reconsider|"
                      r"block|vote\s+against|withdraw\s+from|pull\s+out)\b")
# "calls on Italy to scrap ...": the verb matched asks for the arrangement to be undone
_UNDOING = re.compile(r"(?i)\bto\s+(?:be\s+)?(?:scrap|end|abandon|halt|stop|drop|suspend|cancel|rethink|reconsider|ditch|axe)")
_COUNTERS = re.compile(r"(?i)\b(?:deter\w*|stop\w*|tackl\w*|break\w*|combat\w*|curb\w*|prevent\w*|reduc\w*|cut\w*|end(?:s|ing)?|"
                       r"fight\w*|crack\w*\s+down\s+on|sav\w*)\s+(?:\w+\s+){0,2}$")
_CRITICS_AS_OBJECT = re.compile(r"(?i)\s+['‘\"“]?(?:[\w-]+,?\s+){0,3}?(?:activists|lawyers|campaigners|critics|opponents|protesters|"
                                r"do-gooders|lefties|judges)\b")
_PRESS_REVIEW = re.compile(r"(?i)\W*(?:the\s+papers|newspaper\s+headlines|what\s+the\s+papers\s+say|press\s+review|front\s+pages?)\s*[:|,-]")
_LOST_CHALLENGE = re.compile(r"(?i)\b(?:los(?:e|es|t|ing)|w[io]ns?|won|winning|fac(?:e|es|ed|ing)|surviv(?:e|es|ed|ing)|defeat(?:s|ed)?)\s+(?:a\s+|the\s+|its\s+|their\s+)?(?:\w+\s+)?$")


_NOMINAL_FROM = re.compile(r"(?i)(?:from|by)$")
_FORMER = re.compile(r"(?i)\b(?:former|retired|ex-)\s*(?:\w+\s+)?(?:judges?|justices?)\b")  # no longer a court


def _speaks_for(s: Sentence, actor: str, sender: str) -> bool:
    """The critic named is the sending country itself ("US says ...", "Britain warned ...")."""
    a = actor.strip()
    return any(m.value == sender and m.role != "nationality" and s.doc.text[m.start:m.end] == a for m in s.countries)


SCHEME_SIDE = folded(r"\b(?:ministers?|government|Home\s+Office|scheme|plan|policy|deal|Tories|Tory|officials|"
                     r"king|president|prime\s+minister|premier|authorities|regime|administration)\b", re.I)
