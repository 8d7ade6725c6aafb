"""``transfer`` (people actually moved) and ``onward_removal`` (the receiver sent them on)."""

from __future__ import annotations

import re

from tcwatch.model import Fact

from ..corridors import PAIRS, RECEIVERS
from ..folded import folded
from ..lexicon import lexicon
from ..people import subject_count
from .base import MAY, Sentence, gate
from .politics import _STRICT

MOVE = lexicon("moves")
# "plans to send", "could be sent", "will be flown", "are due to be removed"
_PLANNED = re.compile(
    r"\bto\s+(?:be\s+|get\s+|have\s+been\s+)?$|\bto\s+(?:send|take|fly|deport|remove|relocate|accept|receive|house|hold|host|admit)\s+(?:[\w’'-]+\s+){0,6}$|"
    r"\bawait(?:s|ing)?\s+(?:\w+\s+){0,2}$|\b(?:receiv|accept|host|tak|hous|hold)ing\s+(?:(?!(?:were|was|are|is|had|have|has|been)\s)[\w-]+\s+){0,3}$|\b(?:each|every|any|per)\s+(?:[\w-]+\s+){0,3}$|"
    r"\b(?:suspend\w*|halt\w*|block\w*|stop\w*|paus\w*|ban\w*|barr?\w*|resum\w*|freez\w*|froze)\s+(?:the\s+|all\s+|further\s+|any\s+)?(?:(?:migrant|asylum|deportation|refugee|removal|relocation)s?\s+)?$|"
    r"\b(?:will|would|could|might|" + MAY + r"|shall|should|must|can|plans?|planned|planning|"
    r"set|due|aims?|wants?|hopes?|intends?|expects?|expected|seeks?|threat\w*|pledge\w*|"
    r"promise\w*|vow\w*|propos\w*|if|whether|unless|being|risk|fears?|face|faces|facing|"
    r"threatened|ready|prepared|earmarked|listed|booked|scheduled|bound|"
    r"bid|effort|attempt\w*|policy|plan|scheme|offer(?:s|ed)?\s+to|agree(?:s|d)?\s+to)\b[^.;,]{0,25}$",
    re.IGNORECASE,
)
# "plan", "scheme", "policy" in _PLANNED name the arrangement; a finite auxiliary after them makes the verb done
# "had proposed that Equatorial Guinea receive migrants expelled from ...": asked for, not done
_PROPOSED_THAT = re.compile(r"(?i)\b(?:propos(?:ed|es|ing)|suggest(?:ed|s|ing)|ask(?:ed|s|ing)|request(?:ed|s|ing)|demand(?:ed|s|ing)|want(?:s|ed)?)\s+"
                            r"(?:that\s+)?(?:[\w’'-]+\s+){1,4}?(?:receive|accept|take(?:\s+in)?|host|admit|house)\s+[^.;]{0,60}$")
_SCHEME_NOUN = re.compile(r"(?i)(?:policy|plan|scheme|bid|effort|attempt\w*)\b")
_DONE_AUX = re.compile(r"(?i)\b(?:has|have|had)\s+(?:\w+\s+)?been\b|\b(?:was|were)\s+(?:\w+\s+)?$|\b(?:has|have|had)\s+(?:already\s+|now\s+|finally\s+)?$")
_AWAITED = re.compile(r"(?i)\b(?:for|await\w*|ahead\s+of|expect\w*|prepar\w*|ready|before|plann\w*|imminent|possible|"
                      r"potential|future|first|any|no)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?$")
_NOUN_USE = re.compile(r"(?i)transfers\s+of\b")
_STOPPED = re.compile(r"(?i)[^.;]{0,70}?\b(?:was|were|have\s+been|has\s+been|are|is)\s+(?:\w+\s+)?(?:halted|suspended|paused|blocked|stopped|frozen|put\s+on\s+hold)\b")
_NONE = folded(
    r"\b(?:none|no\s+one|nobody|not\s+(?:one|any)\s+of|no\s+(?:asylum|migrant|refugee|deportee|people|flights?)|not\s+a\s+single|"
    r"not\s+(?:yet\s+)?been|never|yet\s+to|has\s+not|have\s+not|hasn['’]t|haven['’]t|no\s+\w+\s+have)\b",
    re.IGNORECASE,
)
# the people a group noun refers back to: "the group arrived", "a second batch of ten"
_GROUP = r"(?:the|this|that|first|second|third|latest|another|new)\s+(?:group|batch|cohort|contingent)"
_MIGRANTS = re.compile(r"\b(?:(?i:migrants?|refugees?|asylum[- ]seekers?|deportees?|detainees?|deported|evacuees|volunteers?|claimants?|"
                       r"returnees|men|women|families|children|people|prisoners|nationals|(?:gang\s+)?(?:members|suspects)|" + _GROUP + r")|"
                       r"[A-Z][a-z]+ans|[A-Z][a-z]+is|Afghans)\b")
# what a state sends or receives that is not people moved: things, and people who visit ("received three ministers")
_GOODS = folded(r"\b(?:letters?|messages?|money|funds|payments?|aid|troops|weapons|signals?|invitations?|emails?|requests?|offers?|proposals?|applications?|"
                r"ministers?|officials?|delegations?|diplomats?|envoys?|ambassadors?|visitors?|guests?|leaders?|dignitaries|"
                r"investors?|investment|observers?|inspectors?|journalists?|reporters?)\b|[£$€]\s?\d", re.I)
_PEOPLEISH = re.compile(
    # lower-case words in any case ("US Deports Five Men To Eswatini"); demonyms by their capital
    r"\b(?:(?i:migrants?|refugees?|asylum[- ]seekers?|deportees?|detainees?|prisoners?|immigrants?|people|men|women|man|woman|"
    r"nationals|foreigners|gang\s+members|(?:gang\s+)?suspects|criminals|persons|individuals|famil(?:y|ies)|children|minors|" + _GROUP + r")|"
    r"[A-Z][a-z]+ans|[A-Z][a-z]+is|Afghans|Vietnamese|Sudanese|Chinese|[Hh]undreds|[Tt]housands|[Dd]ozens|"
    r"he|she|they|him|them|[Jj]ournalist|father|mother|son|daughter|teenagers?|students?|activists?|"
    r"volunteers?|claimants?|applicants?|arrivals)\b"
)


_HOLD = re.compile(r"\b(?:held|jailed|detained|imprisoned|land(?:s|ed|ings?)?|arriv(?:e|es|ed|als?)|housed|locked\s+up|kept|camps?|prisons?|jails?|hotels?|centres?|centers?|facilit\w+|transit)\b[^.;]{0,30}$", re.I)


def _destination(text: str, sent_start: int, pos: int) -> bool:
    """Is the country at ``pos`` where people were taken ("to Rwanda", "held in Panama")?"""
    pre = text[max(sent_start, pos - 14) : pos]
    if re.search(r"\b(?i:to|into|towards)\s+(?:(?i:the)\s+)?$", pre):
        return True
    if re.search(r"\breach(?:ed|es)\s+(?:the\s+)?(?:(?:port|airport|city|town|capital|island|shores?|coast)\s+of\s+)?$", text[max(sent_start, pos - 40) : pos]):
        return True  # "reached the Albanian port", "reached Lampedusa"
    if re.search(r"\b(?:to|into|in|at)\s+(?:the\s+)?(?:port|airport|city|town|capital|island|camp|prison|centre|center|facility)\s+(?:of\s+|in\s+)?$",
                 text[max(sent_start, pos - 40) : pos]):
        return True  # "docked at the port of Shengjin"
    if MOVE.search(text[max(sent_start, pos - 28) : pos]) and re.search(r"\b(?i:in|at|on)\s+(?:(?i:the)\s+)?$", pre):
        return True  # "resettled in New Zealand", "landed in Juba"
    if re.search(r"\b(?i:in|at|on)\s+(?:(?i:the)\s+)?$", pre):
        return bool(_HOLD.search(text[max(sent_start, pos - 50) : pos]))
    return text[max(sent_start, pos - 40) : pos].rstrip().lower().endswith(("where", "where the"))


@gate("deport", "sent", "send", "flown", "flew", "flies", "relocat", "transfer", "removed", "expel", "shipped", "landed", "lands",
      "arriv", "resettled", "taken", "goes to", "went to", "gone to", "accept", "receiv", "took in", "takes in", "takes", "took", "exiled",
      "evacuated", "flight", "land", "touched down", "docked", "disembarked", "transported", "ferried", "brought", "brings", "arrival", "ships", "resum", "began", "begin", "start",
      "touch", "deportees", "moved", "carried", "reach", "bused", "bussed", "delivered", "boarded")
def transfer(s: Sentence) -> list[Fact]:
    text = s.doc.text
    if not s.doc.has(_STRICT) and not any(m.role == "nationality" and m.text.endswith("s") for m in s.countries) \
            and not (s.people and s.names_pair):
        return []  # doctors or troops sent abroad are not a transfer of migrants
    for m in MOVE.finditer(text, s.start, s.end):
        pos = m.start()
        pre = text[s.clause_at(pos)[0] : pos]
        verb = m.group(0).lower()
        planned = _PLANNED.search(pre[-45:])
        if planned and _SCHEME_NOUN.match(planned.group(0)) and _DONE_AUX.search(planned.group(0)):
            planned = None  # "under the scheme has been flown": the noun names the scheme, the verb is done
        if planned and _SCHEME_NOUN.match(planned.group(0)) and re.fullmatch(r"(?i)\w+\s+(?:that|which)\s+(?:only\s+|ever\s+|so\s+far\s+)*", planned.group(0)) \
                and re.match(r"(?i)\w+ed\b", m.group(0)):
            planned = None  # "a scheme that relocated only four volunteers": the scheme did it
        if planned or _NONE.search(pre[-90:]) or _PROPOSED_THAT.search(pre[-130:]):
            continue
        if verb.startswith("arrival") and _AWAITED.search(pre[-40:]):
            continue  # "gears up for the arrival of migrants": expected, not done
        if _NOUN_USE.match(text, m.start(), s.end) or _STOPPED.match(text, m.end(), min(s.end, m.end() + 90)):
            continue  # "Transfers of migrants ... were halted": a noun, and what was stopped
        after = text[m.end() : min(s.end, m.end() + 90)]
        if re.match(r"\s*(?:back|home)\b", after) or _TO_OWN_LAND.match(after):
            continue  # "brings its last refugee ... to its mainland": back to the sender, not to a third country
        if _NOBODY_AFTER.match(after):
            continue  # "has received no asylum seekers": nobody was moved
        verb = m.group(0).lower()
        obj = re.split(r"[,;.]", text[m.end(): m.end() + 25], maxsplit=1)[0]  # the verb's object, not the next clause
        if _GOODS.search(obj) and not _PEOPLEISH.search(obj) and not verb.startswith("arrival"):
            continue  # letters, money, troops were sent or received
        # the moved people must be named near the verb
        near = text[max(s.start, pos - 130) : min(s.end, m.end() + 80)]
        if not _PEOPLEISH.search(near) and not any(abs(p.start - pos) < 60 for p in s.people):
            continue  # nobody moved is named: no word for people, no count of them
        if verb.startswith(("arriv", "land", "reach", "went", "goes", "flew", "flies", "flown")) and _OFFICIAL_SUBJECT.search(pre):
            continue  # "Home Secretary Suella Braverman arrived in Rwanda to discuss ...": a visit
        if verb == "land" and not _LANDING_PEOPLE.search(pre):
            continue  # "disputed land in Juba": the noun
        if verb.startswith(("goes", "went", "arriv", "land", "reach", "has gone", "have gone", "had gone")) and not _MIGRANTS.search(near):
            continue  # "she went to Costa Rica" is travel, not a transfer
        corridor = s.corridor(pos, allow_sender_only=False)
        if (not corridor or not corridor[1]) and not any(c.value in RECEIVERS and c.role != "nationality" for c in s.countries):
            # "had been brought into the country": the sentence names no receiver; the document's one receiver, if
            # the move names no other place (checked below, as for any move told without a place)
            only = s.only_receiver()
            corridor = (s.doc.countries.best_sender(only), only) if only else corridor
        if not corridor or not corridor[1] or corridor[1] not in RECEIVERS:
            continue
        # the receiver must be named where the people go ("to Rwanda", "held in Panama"),
        # or be the subject of a verb of receiving ("Eswatini accepts ...")
        # "Eswatini received ...": the receiver is the subject; "... landed in Juba": it follows
        receiving = (verb.startswith("took") and ("in" in verb.split() or verb == "took" and not re.search(r"\bto\b", text[m.end():m.end() + 60]))) \
            or verb.startswith(("accept", "receiv", "takes", "arrival", "hold", "held", "hous", "detain", "jail", "keep", "kept")) \
            or (verb.endswith("taken") and re.match(r"\s+in\b", text[m.end():m.end() + 4]))  # "Honduras has taken in 100 ..."
        lo = max(s.start, pos - 90) if receiving else pos
        hi = pos if receiving else min(s.end, m.end() + 100)
        anywhere = receiving
        if verb.startswith("arrival"):
            hi = min(s.end, m.end() + 100)  # "Nauru's first arrival", "the arrival of ten men on Nauru"
        if re.search(r"\bwhere\s+(?:\w+\s+){0,3}$", text[max(s.start, pos - 40):pos]):
            lo, anywhere = max(s.start, pos - 90), True  # "the prison where the US deported ..."
        if re.match(r"\s+(?:from|by)\s+(?:the\s+)?(?:U\.?S\.?|United States|America|UK|Britain|Australia|Italy)\b", text[m.end():m.end() + 25]):
            lo, hi, anywhere = s.start, s.end, True  # "Venezuelans deported from (by) US" held somewhere named in the sentence
        cands = [c for c in s.countries if c.value in RECEIVERS and c.role != "nationality" and lo <= c.start < hi
                 and (anywhere or not re.search(r"\bfrom\s+(?:the\s+)?$", text[max(s.start, c.start - 12):c.start]))
                 and (anywhere or _destination(text, s.start, c.start))]
        if not cands and re.match(r"\s+(?:\w+\s+)?there\b", text[m.end():m.end() + 20]):
            # "had already been sent there": the receiver named earlier in the sentence
            cands = [c for c in s.countries if c.value in RECEIVERS and c.role != "nationality" and c.start < pos]
        if cands:
            # the receiver is where the people go, not where they come from
            best = min(cands, key=lambda c: abs(c.start - pos))
            if best.value != corridor[1]:
                corridor = (corridor[0] if (corridor[0], best.value) in PAIRS else s.doc.countries.best_sender(best.value), best.value)
        elif not any(lo <= a < hi for a, _ in s.doc.countries.descriptions) and not _arrived_here(s, verb, m.end(), corridor):
            continue
        # a bare participle followed by a modal: "asylum seekers sent to Rwanda would be at risk"
        counted = subject_count(text, s.clause_at(pos)[0], pos)
        if not counted and not re.search(r"\b(?:was|were|been|be|is|are|has|have|had)\s+(?:\w+\s+)?$", pre[-25:]) and \
                re.search(r"\b(?:would|will|could|might|" + MAY + r")\s+(?:be|face|have)\b", text[m.end():min(s.end, m.end() + 70)]) and \
                not re.search(r"\b(?:has|have|had|was|were)\b", text[m.end():min(s.end, m.end() + 40)]):
            continue
        nats = tuple(n for n in s.nationalities_in(pos) if n not in corridor)
        if corridor[1] in s.nationalities_in(pos) and not nats:
            continue  # people sent to their own country
        doc_nats = set(s.doc.countries.nationalities)
        if not nats and doc_nats == {corridor[1]}:
            continue  # the document only speaks of the receiver's own nationals
        p = counted or s.people_near(pos, 150)
        if not nats and not s.nationalities_in(pos):
            nats = s.doc_nationality(corridor)
        return [s.fact(
            "transfer", pos, corridor,
            people=p.value[0] if p else None,
            people_qualifier=p.value[1] if p else "exact",
            nationalities=nats,
        )]
    return []


_OFFICIAL_SUBJECT = re.compile(r"\b(?:[Ss]ecretary|[Mm]inister|[Pp]resident|[Aa]mbassador|[Ee]nvoy|[Dd]elegation|[Pp]remier|[Cc]hancellor|[Ss]enator|"
                               r"[Cc]ommissioner|[Rr]apporteur|[Cc]zar|[Cc]hief)\s+(?:[A-Z][\w’'.-]+\s+){0,3}(?:has\s+|had\s+|have\s+)?$")
_LANDING_PEOPLE = re.compile(r"\b(?:(?i:deportees|migrants|refugees|detainees|asylum[- ]seekers|men|women|people|nationals|prisoners)|"
                             r"[A-Z][a-z]+(?:ans|is|ese))\s+$")
_TO_OWN_LAND = re.compile(r"(?i)[^.;]{0,70}?\bto\s+(?:its|their|his|her)\s+(?:own\s+)?(?:mainland|shores|soil|home(?:land)?)\b")
_HELD_AFTER = re.compile(r"(?i)\s+(?:from|by)\s[^.;]{0,80}?\b(?:are|were|is|was|being|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:held|housed|detained|kept|jailed|confined)\b")
_NOBODY_AFTER = re.compile(r"(?i)\s+(?:(?:in|from\s+\w+)\s+)?(?:no|zero|none\s+of|not\s+(?:a\s+single|one|any))\b")
_PLACE_AFTER = re.compile(r"\s+(?:\w+\s+){0,3}?(?:in|at|to|into|on)\s+(?:the\s+)?(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                         r"January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z]")
# words that stand for the document's receiver ("into the country", "in the capital")
_HERE = r"the\s+(?:country|kingdom|capital|island)\b"
# a move done in the passive: "were transferred", "have since been flown"
_DONE_PASSIVE = re.compile(r"\b(?:were|was|(?:have|has|had)\s+(?:\w+\s+)?been)\s+(?:\w+\s+)?$")
# no place named after the verb, or one that stands for the receiver
_NO_PLACE_AFTER = re.compile(r"(?i)\s*(?:$|[.;,]|(?:(?:on|in|at|during|last|this|early|late|overnight|aboard|by|under|with|from)\b[^.;]{0,60}?)?(?:$|[.;,])|"
                             r"(?:\w+\s+){0,2}?(?:in|into|to)\s+" + _HERE + ")")


def _arrived_here(s: Sentence, verb: str, end: int, corridor) -> bool:
    """"Fourteen deportees have arrived, the president says": an arrival that names no place
    is in the one receiving country the document speaks of; so are people deported from the
    sender who "are held in a hotel"."""
    held = verb.startswith(("deport", "expel", "sent", "flown")) and _HELD_AFTER.match(s.doc.text, end, s.end)
    # "Only four volunteers were ever relocated": moved, the place left to the document
    after = s.doc.text[end:s.end]
    moved = verb.startswith(("relocat", "deported", "flown", "transferred", "removed", "sent", "brought")) and \
        _DONE_PASSIVE.search(s.doc.text, max(s.start, end - len(verb) - 30), end - len(verb)) and \
        _NO_PLACE_AFTER.match(after) and not re.match(r"(?i)\s+(?:to|into|from)\s+(?!" + _HERE + ")", after)
    # "a scheme that relocated only four volunteers": the scheme's record, told as its own act
    record = verb.startswith(("relocat", "deported", "flown", "transferred", "removed", "sent", "moved")) and \
        re.search(r"(?i)\b(?:scheme|plan|deal|programme|program|policy|partnership|pilot)\s+(?:that|which)\s+(?:only\s+|ever\s+|has\s+|had\s+|so\s+far\s+)*$",
                  s.doc.text[max(s.start, end - len(verb) - 50):end - len(verb)])
    moved = moved or record
    # "flown in overnight", "brought in": the particle says they came to where the story is
    flown_in = verb.startswith(("flown", "brought", "ferried", "bused", "bussed")) and re.match(r"\s+in\b(?!\s+(?:the\s+)?[A-Z])", after)
    if not (verb.startswith(("arriv", "land", "touch")) or held or moved or flown_in) or \
            (_PLACE_AFTER.match(s.doc.text, end, s.end) and not re.match(r"(?i)(?:\w+\s+){0,2}?\s*(?:in|into|to)\s+" + _HERE, after.lstrip())):
        return False
    return s.only_receiver() == corridor[1]


_ONWARD_VERB = folded(
    r"\b(?:sends?|sent|sending|deport(?:s|ed|ing)|repatriat(?:es|ed|ing)|return(?:s|ed|ing)?|expel(?:s|led|ling)|remov(?:es|ed|ing)|"
    r"fl(?:ew|ies|own)|transferr?(?:ed|s)|moved|driven|bused|bussed|escorted|trucked)\b",
    re.IGNORECASE,
)
_ONWARD_DEST = re.compile(
    r"^[^.;]{0,80}?\b(?:(?:on(?:ward)?\s+)?to\s+(?:the\s+)?(?:their|his|her)\s+(?:home\s+)?countr(?:y|ies)(?:\s+of\s+origin)?|"
    r"(?:back\s+)?home\b|(?:on(?:ward)?\s+)?(?:to|(?:across\s+the\s+border\s+)?into)\s+(?P<to>(?:The\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*))"
)


_NOUN_BEFORE = re.compile(r"(?i)\b(?:the|of|with|for|on|to|migrant|forced|voluntary|assisted|mass|their|its|more|fewer|faster|speedy|quick)\s+$")


@gate("onward", "refoul", " from ", "sent on", "sends", "home", "repatriat", "on to", "returned", "sent back", "flown", "across the border")
def onward_removal(s: Sentence) -> list[Fact]:
    """The receiver sent transferred people on: "Ghana sent two deportees on to Gambia",
    "deportees were flown from Eswatini to Jamaica"."""
    text = s.doc.text
    for m in _ONWARD_VERB.finditer(text, s.start, s.end):
        pos = m.start()
        if s.irrealis(pos, 35) or s.negated(pos, 25):
            continue
        if re.match(r"(?i)returns|removes", m.group(0)) and _NOUN_BEFORE.search(text, max(s.start, pos - 20), pos):
            continue  # "help with migrant returns": a noun, not the receiver sending anyone on
        recs = [c for c in s.countries if c.value in RECEIVERS and c.role != "nationality"]
        src = None
        # the receiver is the subject ("Ghana sends ...") or the origin ("... from Eswatini to ...")
        for c in recs:
            if pos - 45 <= c.end <= pos and not re.search(r"\b(?:to|in|into)\s+(?:the\s+)?$", text[max(s.start, c.start - 8):c.start]):
                src = c
            elif m.end() <= c.start <= m.end() + 60 and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(s.start, c.start - 8):c.start]):
                src = c
        if src is None and re.search(r"\b(?:were|was|(?:have|has|had)\s+(?:since\s+|now\s+|already\s+|reportedly\s+|also\s+|then\s+)?been)\s+(?:\w+\s+)?$", text[max(s.start, pos - 40):pos]):
            # "the men held in CECOT were returned to Venezuela": moved on from where they were held
            held = [c for c in recs if c.end <= pos and re.search(r"\b(?:(?:held|detained|jailed|imprisoned|kept)\s+(?:\w+\s+){0,3}(?:in|at)|"
                                                                   r"(?:sent|deported|flown|transferred|taken|removed)\s+(?:\w+\s+){0,4}to)\s+(?:the\s+)?$",
                                                                   text[max(s.start, c.start - 40):c.start])]
            src = held[-1] if held else None
        if src is None and re.match(r"\s+on(?:ward)?\b", text[m.end():m.end() + 10]):
            before = [c for c in recs if c.end <= pos]
            src = before[-1] if before else None  # "... deported to Eswatini were later sent on to ..."
        if src is None and not recs and s.only_receiver() and \
                _DONE_PASSIVE.search(text, max(s.start, pos - 40), pos) and \
                re.match(r"\s+(?:on\s+|back\s+|home\s+)?(?:to\s+(?:their|his|her)\s+(?:home\s+)?countr(?:y|ies)|home\b|on\s+to\b)", text[m.end():m.end() + 40]):
            # "eight of the nine have since been flown back to their countries": from the document's one receiver
            origin = s.only_receiver()
        else:
            origin = src.value if src is not None else None
        if origin is None:
            continue
        dest = _ONWARD_DEST.match(text[m.end():s.end])
        if not dest and not m.group(0).lower().startswith("repatriat"):
            continue  # "repatriates" says where to: home
        sender = s.doc.countries.best_sender(origin)
        if dest and dest.group("to"):
            to = [c for c in s.countries if c.start >= m.end() and c.text in dest.group("to")]
            if not to or to[0].value in (origin, sender):
                continue
        p = s.people_near(pos)
        return [s.fact("onward_removal", pos, (sender, origin),
                       people=p.value[0] if p else None, people_qualifier=p.value[1] if p else "exact",
                       nationalities=s.nationalities_in(pos))]
    return []
