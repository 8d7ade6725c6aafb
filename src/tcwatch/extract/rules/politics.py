"""Government acts on an arrangement: ``talks``, ``agreement``, ``termination``,
``suspension``, ``legislation`` and ``denial``."""

from __future__ import annotations

import re

from tcwatch.model import Fact

from ..corridors import RECEIVERS, SENDERS
from ..folded import folded
from ..lexicon import lexicon
from .base import Sentence, gate

_DEALNOUN = r"(?:deal|agreement|accord|treaty|pact|memorandum|MoU|MOU|protocol|partnership|arrangement|scheme|plan|policy|programme|program)"
_PACT = r"(?:deals?|agreements?|accords?|treat(?:y|ies)|pacts?|memorand(?:um|a)|MoU|MOU|protocols?|partnerships?|arrangements?|letters?\s+of\s+intent|joint\s+declarations?|pilots?|(?:return|deportation|processing)\s+hubs?)"

TALKS = folded(
    r"\b(?:in\s+(?:preliminary\s+|early\s+|advanced\s+|secret\s+|informal\s+|formal\s+|fresh\s+|new\s+)?(?:talks|discussions|negotiations)\s+(?:with|over|about|on)|"
    r"(?:held|holding|hold|began|opened|started)\s+(?:preliminary\s+)?(?:talks|discussions|negotiations)|"
    r"(?:talks|discussions|negotiations)\s+(?:with|between)\s+|negotiating|"
    r"(?:talks|discussions|negotiations)\s+(?:are|were|have\s+been|had\s+been)\s+(?:still\s+)?(?:ongoing|under\s*way|continuing|progressing|advanced|at\s+an\s+advanced\s+stage)|"
    r"(?:ongoing|continuing|advanced|early|preliminary|initial|exploratory|informal|secret)\s+(?:talks|discussions|negotiations|contacts)|negotiates?\s+with|"
    r"approach(?:ed|es|ing)(?=\s+(?:[\w’'-]+\s+){1,4}?(?:about|over|on|to\s+(?:take|host|accept|receive)))|approached|in\s+contact\s+with|reach(?:ed|es|ing)\s+out\s+to|contacted|sound(?:s|ed|ing)?\s+out|sound(?:s|ed|ing)\s+(?:[\w’'-]+\s+){1,3}?out\s+(?:on|about|over)|(?:raised|floated|broached|mooted)\s+(?:the\s+)?(?:idea|prospect|possibility)\s+of|working\s+on\s+(?:a|an|the)\s+(?:new\s+|\w+\s+)?(?:deal|treaty|agreement|pact)|offer(?:ed|s)?\s+to\s+(?:take|accept|host|house|receive|hold|jail|imprison|detain|incarcerate)|"
    r"offered\s+by|has\s+offered|proposed\s+taking|open\s+to\s+(?:discussing|talks|considering|hosting|taking)|willing\s+to\s+(?:accept|take|host|receive|house)|(?:propos(?:ed|es|ing)|suggest(?:ed|s|ing)|ask(?:ed|s|ing)|request(?:ed|s|ing))\s+that\s+(?:[\w’'-]+\s+){1,4}?(?:receive|accept|take(?:\s+in)?|host|admit|house)\b|"
    r"discuss(?:es|ing|ed)?\s+(?:\w+\s+){0,3}(?:return\s+hubs?|" + _PACT + r"|plans?|proposals?|schemes?|offshore|processing|third[- ]countr\w*|"
    r"(?:sending|deporting|transferring|relocating|moving|returning|removing|taking|hosting|housing|accepting)\b)|"
    # a deal not yet done: "close to finalising a deal", "on the verge of signing an agreement"
    r"(?:close|closer|near|nearing|poised|on\s+the\s+verge\s+of|within\s+reach\s+of)\s+(?:to\s+)?(?:finali[sz]\w*|agree\w*|sign\w*|reach\w*|seal\w*|conclud\w*|strik\w+)\s+(?:\S+\s+){0,3}?" + _PACT + r"|"
    r"(?:examining|examines|studying|weighing|mulling|assessing)\s+(?:whether|how|a|an|the|plans?|proposals?|options?)\b|"
    r"(?:explor(?:e|es|ed|ing)|consider(?:s|ed|ing)?|look(?:s|ed|ing)?\s+into|investigat(?:e|es|ed|ing))\s+(?:whether|how|ways|options|the\s+(?:possibility|option|idea)|"
    r"(?:an?\s+|the\s+|such\s+an?\s+)?(?:[\w-]+\s+){0,2}?(?:mechanism|arrangement|model|partnership|cooperation|scheme|solutions?|hubs?|centres?|centers?))\b|"
    r"(?:examine|explore|consider|study|weigh|look\s+into)\s+(?:whether|how|processing|offshore|outsourcing|sending|deporting|moving|"
    r"relocating|transferring|the\s+(?:possibility|option|idea)|ways|options|plans?|proposals?|deals?|agreements?)\b|"
    r"look(?:s|ing|ed)?\s+(?:at|to)\s+(?:[A-Z][\w-]+\s+){1,3}(?:for|as)\s+(?:an?\s+|possible\s+|potential\s+)*(?:return\s+hubs?|deals?|partners?|hosts?|processing|offshore|deportation|migrant|asylum)|"
    r"eye(?:s|ing|d)?\s+(?:\w+\s+){0,2}?(?:deals?|agreements?|partners?|pacts?|third[- ]countr\w*|offshore|return\s+hubs?)\b|"
    r"(?:ask|press|lobb(?:y|ie)|pressur)(?:s|es|ed|ing|ured|uring)?\s+(?:[\w’'-]+\s+){0,3}?to\s+(?:take|accept|receive|host|house|hold|jail)\b|"
    r"(?:seek|seeking|seeks|sought|explore|exploring|explores|explored|consider|considering|considers|considered|looking\s+at|"
    r"look(?:s|ing)?\s+to\s+adopt|in\s+search\s+of)\s+(?:to\s+adopt\s+)?(?:a\s+|an\s+|similar\s+|its\s+own\s+)?"
    r"(?:[\w-]+-style\s+)?(?:deals?|agreements?|arrangements?|partners|third[- ]countr\w*|"
    r"offshore|processing|(?:removing|sending|deporting)\b))",
    re.IGNORECASE,
)
AGREEMENT = folded(
    # every form of each verb ("signs", "signing", "announcing"): the event is the verb's, whatever its tense
    r"\b(?:sign(?:s|ed|ing)?|struck(?!\s+(?:it\s+|them\s+)?down)|strik(?:es|ing)(?!\s+down)|agreed|agrees|agree|agreeing|seal(?:s|ed|ing)?|"
    r"conclud(?:ed|es|ing)|ink(?:s|ed|ing)?|reached|reach(?:es|ing)?|"
    r"announc(?:e|es|ed|ing)|unveil(?:s|ed|ing)?|finali[sz](?:e|ed|es|ing))\s+(?:(?!letter|petition|off\b|up\b)\S+\s+){0,6}?" + _PACT + r"\b|"
    r"\b" + _PACT + r"\b[^.;]{0,80}?\b(?:was|were|has\s+been|had\s+been)\s+(?:signed|agreed|announced|struck|sealed|concluded|reached|inked|finali[sz]ed)|"
    r"\b" + _PACT + r"\s+(?:announced|signed|agreed|struck|reached|sealed|concluded|inked|finali[sz]ed)\s+(?:last|this|in|on|between|with|by)\b|"
    # "The Asylum Cooperative Agreement between Honduras and the United States, signed on March 10"
    r"\b" + _PACT + r"\b[^.;]{0,80}?,\s+(?:which\s+was\s+|that\s+was\s+)?(?:signed|sealed|concluded|inked)\s+(?:on|in|last|by|at)\b|"
    r"\bscheme\s+was\s+announced\b|"
    r"\bconfirm(?:s|ed|ing)?\s+(?:(?:a|the|its|new)\s+)?(?:[\w-]+\s+){0,2}?" + _PACT + r"\s+(?:to|with|for)\b|"
    r"\bput(?:s|ting)?\s+(?:their\s+|his\s+|her\s+|its\s+)?pens?\s+to\s+paper\b|"
    r"\baccept(?:s|ed)\s+(?:[\w’'-]+\s+){0,3}?(?:offer|request|proposal)\b|"
    # the receiver's consent: "agreed with Washington to admit", "voted on Tuesday to accept", "says yes to hosting"
    r"\b(?:agreed|agrees|has\s+agreed|have\s+agreed|decided|decides|has\s+decided|voted|votes|approved|approves|consented|consents)\s+"
    r"(?:with\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\s+|(?:on|last|this|in)\s+\w+\s+|in\s+principle\s+|formally\s+|temporarily\s+|unanimously\s+){0,2}"
    r"to\s+(?:temporarily\s+)?(?:accept|admit|take(?:\s+in)?|receive|host|house|hold|resettle)\b|"
    r"\b(?:says?|said|saying)\s+yes\s+to\s+(?:hosting|taking|accepting|receiving|admitting|housing)\b|"
    r"\b(?:reach(?:ed|es)?|struck|strikes|came\s+to|come\s+to)\s+(?:an?\s+)?(?:\w+\s+)?understanding\s+(?:with\s+[^.;]{0,40}?\s+)?to\s+(?:accept|admit|take|receive|host|house|resettle)\b",
    re.IGNORECASE,
)
TERMINATION = folded(
    r"\b(?:scrapped|scraps|scrapping|cancel(?:l)?ed|cancels|axed|axes|abandoned|abandons|"
    r"ditched|ditches|terminated|terminates|(?<=decision\sto\s)terminate|(?<=decided\sto\s)(?:terminate|scrap|end|abandon|drop|cancel)|"
    r"(?:would|will)\s+not\s+go\s+ahead|won[’']t\s+go\s+ahead|"
    r"killed\s+off|dead\s+and\s+buried|(?:declared|pronounced)\s+dead|(?:confirm\w*|announc\w*|says?|said|admit\w*)\s+(?:that\s+)?(?:the\s+|its\s+)?(?:[\w’'-]+\s+){0,4}?(?:is|was)\s+(?:now\s+)?dead|torn\s+up|"
    r"tore\s+up|binned|bins|shelved|shelves|ended|ends|formally\s+ended|withdrew\s+from|dropped|drops|"
    r"end(?=\s+(?:the\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}(?:deal|scheme|partnership|agreement|plan|policy|arrangement|pact|treaty)\b)|"
    r"pulled\s+the\s+plug|closes|closed|closure|shut\s+down|shuts\s+down|"
    # "ending the partnership", "the withdrawal from the treaty took effect", "the partnership was over"
    r"ending(?=\s+(?:the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,5}?(?:deal|scheme|partnership|agreement|plan|policy|arrangement|pact|treaty|protocol)\b)|"
    r"(?:withdrawal|exit|pull-?out)\s+from\s+[^.;]{0,60}?\b(?:took|takes|has\s+taken|had\s+taken|came\s+into|comes\s+into)\s+(?:effect|force)|"
    r"(?:deal|scheme|partnership|agreement|plan|policy|arrangement|treaty)\s+(?:is|was|had\s+been|has\s+been|were)\s+(?:now\s+|finally\s+|officially\s+)?over)\b",
    re.IGNORECASE,
)
SUSPENSION = folded(r"\b(?:paused|pauses|suspended|suspends|put\s+on\s+hold|on\s+hold|on\s+ice|froze|frozen|freezes|halted|halts|stopped|stops)\b", re.I)
# "halted", "stopped" are a suspension only when the government does it (a court's halt is a ruling)
_STOP_VERB = re.compile(r"(?i)halt|stop")
_COURT_WORD = re.compile(r"(?i)\b(?:court|judge|judges|justices|tribunal|council\s+of\s+state|conseil\s+d\W\w+|"
                         r"(?:constitutional|criminal|civil|appeals?|grand)\s+chamber|sala\s+(?:iv|constitucional))\b")
_LEGAL = folded(r"\b(?:courts?|judges?|justices|tribunal|ruling|ruled|injunction|legal|lawsuit|ECHR|Strasbourg|appeal|Council\s+of\s+State|Conseil\s+d[’']\w+|(?:Constitutional|Criminal|Civil|Appeals?|Grand)\s+Chamber|Sala\s+(?:IV|Constitucional))\b")
_GOV_AGENT = folded(r"\b(?:government|ministers?|administration|Home\s+Office|interior\s+ministry|authorities|premier|"
                    r"prime\s+minister|president|home\s+secretary)\b")
LEGISLATION = folded(
    r"\b(?P<passed>passed|passes|passage|approved|approves|gave\s+(?:its\s+)?(?:final\s+)?(?:approval|green\s+light|assent)|"
    r"voted\s+\d+\s*(?:to|-|–)\s*\d+\s+(?:[\w,]+\s+){0,4}?to\s+(?:ratify|approve|pass|adopt|back|endorse)|"
    r"(?<=senate\s)seals|(?<=senate\s)sealed|(?<=parliament\s)seals|(?<=parliament\s)sealed|became\s+law|becomes\s+law|to\s+become\s+law|"
    r"royal\s+assent|ratifie[sd]|ratification|vote\s+victory|won\s+(?:(?:a|the)\s+)?(?:[\w’'-]+\s+){0,3}?vote|"
    r"win(?:s|ning)?\s+(?:(?:a|the)\s+)?(?:[\w’'-]+\s+){0,2}?vote|squeak(?:s|ed)?\s+through|sail(?:s|ed)?\s+through|"
    r"(?:got|gets|get)\s+through|sees?\s+off|saw\s+off|"
    # every form of "vote", a day or a tally between it and what it does: "voted Tuesday to support", "vote 320 to 276 in favour of"
    r"vot(?:e|es|ed|ing)\s+(?:(?:\d+\s*(?:-|–|to)\s*\d+|on\s+\w+|\w+day|overwhelmingly|narrowly|heavily|again|last\s+\w+)\s+)?"
    r"(?:for\b|through|in\s+favou?r|to\s+(?:pass|approve|adopt|ratify|back|support|endorse))|"
    r"(?:gives?|gave|granted?)\s+(?:its\s+)?(?:final\s+)?(?:approval|green\s+light|assent)|"
    r"(?:Parliament|parliament|Commons|Lords|Senate|Congress|Folketing|Knesset|lawmakers|MPs|senators|deputies|legislators)\s+(?:backs?|backed|approves?|approved|adopts?|adopted)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}(?:bill|law|legislation|act|treaty|amendment|protocol|deal|agreement)|"
    r"clear(?:s|ed)\s+(?:its|the)\s+(?:final\s+|last\s+)?(?:hurdle|stage|vote)|"
    r"(?:backed|approved|passed|adopted|ratified|endorsed)\s+by\s+(?:the\s+)?(?:House\s+of\s+)?(?:Lords|Commons|[Pp]arliament|Senate|Congress|MPs|peers|lawmakers|senators|Folketing|Knesset)|"
    r"clear(?:s|ed)\s+(?:the\s+)?(?:House\s+of\s+)?(?:Commons|Lords|Senate|[Pp]arliament|House|Congress|Folketing)|"
    r"receiv(?:es|ed)\s+(?:royal\s+)?assent|"
    r"(?:MPs|lawmakers|legislators|senators|deputies|parliamentarians|[Pp]arliament|Senate|Congress|Lords|Commons|Folketing|Knesset)\s+"
    r"(?:narrowly\s+|finally\s+|overwhelmingly\s+|formally\s+)?(?:pass|approve|ratify|adopt|back|endorse)\b(?!\s+(?:to|from|in|on|at|into|down|off|out|up|away)\b))|"
    r"(?P<defeated>defeated|(?:(?<=Senate\s)|(?<=[Pp]arliament\s)|(?<=Congress\s)|(?<=lawmakers\s)|(?<=MPs\s)|(?<=senators\s))rejects?|fail(?:s|ed)?\s+to\s+(?:ratify|pass|approve|adopt|back)|(?<=Lords\s)defeats?|(?<=peers\s)defeat|(?<=MPs\s)defeat|(?<=Senate\s)defeats|rejected|throws?\s+out|threw\s+out|vot(?:e|es|ed|ing)\s+(?:down|against))|"
    r"(?P<amended>amended|vote[sd]?\s+(?:\d+\s*[-–to]+\s*\d+\s+)?to\s+amend|amendments?\s+(?:passed|backed|approved)|inflict\w*\s+(?:\w+\s+){0,4}defeats?)\b",
    re.IGNORECASE,
)
LAWNOUN = re.compile(r"\b(?:[Uu]pper\s+[Hh]ouse|[Ll]ower\s+[Hh]ouse|[Bb]ills?|BILL|[Ll]aws?|[Ll]egislation|[Dd]ecrees?|Act|[Aa]ssembly|Storting|Riksdag|Sejm|Bundesrat|[Tt]reaty|[Vv]otes?|Commons|Lords|[Pp]arliament|Senate|Congress|Folketing|Knesset|"
                     r"[Ll]awmakers|[Ll]egislators|[Ss]enators|MPs|[Dd]eputies)\b")
DENIAL = lexicon("denials")
_DENIED_THING = folded(r"\b(?:deal|agreement|arrangement|accept|take|receive|talks|agreed|third\s+country|deport\w*|migrants?|flights?|deportees?)\b", re.I)
_SCHEME = folded(r"\b" + _DEALNOUN + r"s?\b|\b(?:flights?|transfers?|deportations?|removals?|relocations?)\b", re.I)
_ACTOR_BEFORE = re.compile(r"((?:[A-Z][\w’'.-]*\s+){1,5})(?:has\s+|have\s+|had\s+)?$")


def _actor_before(s: Sentence, pos: int) -> str | None:
    m = _ACTOR_BEFORE.search(s.doc.text[max(s.start, pos - 60) : pos])
    if not m:
        return None
    # "The memorandum ...": a determiner or a sentence's first word before the noun is nobody
    words = m.group(1).split()
    while words and words[0].lower() in _NOT_ACTOR:
        words.pop(0)
    return " ".join(words) or None


_NOT_ACTOR = frozenset("the a an this that these those its their his her our under after before in on at by for "
                       "with from as while when since but and or".split())


_STRICT = lexicon("migration_words")


def _migration(s: Sentence) -> bool:
    """The sentence speaks of moving people (a treaty or "third country" alone may be about trade)."""
    return s.has(_STRICT)


@gate("talks", "open to", "willing", "raised the", "floated", "broached", "mooted", "sound", "discussion", "negotiat", "approach", "contact", "reach", "sounded out", "offer", "propos", "suggest", "request", "seek", "sought", "explor",
      "consider", "looking", "working on", "adopt", "search", "discuss", "examin", "studying", "weighing", "mulling", "assessing",
      "eye", "ask", "press", "lobb", "pressur", "study", "weigh", "look into", "close", "near", "poised", "verge", "within reach")
def talks(s: Sentence) -> list[Fact]:
    m = TALKS.search(s.doc.text, s.start, s.end)
    named_receiver = any(c.value in RECEIVERS and c.role != "nationality" for c in s.countries)
    if not m or not (_migration(s) or (named_receiver and s.doc.has(_STRICT))):
        return []
    if s.negated(m.start(), 25) or re.search(r"\b(?:rules?\s+out|ruled\s+out|denie[sd]|deny)\b", s.before(m.start(), 60), re.I):
        return []
    if re.search(r"(?i)\b(?:stop(?:s|ped|ping)?|end(?:s|ed|ing)?|halt(?:s|ed|ing)?|suspend(?:s|ed|ing)?|paus(?:e|es|ed|ing)|"
                 r"br(?:eak|eaks|oke|oken)\s+off|abandon(?:s|ed|ing)?|quit(?:s|ting)?|walk(?:s|ed)?\s+away\s+from)\s+(?:the\s+|its\s+|all\s+)?$",
                 s.before(m.start(), 30)):
        return []  # "would stop negotiating with Kigali": talks ended, not held
    if _COURT_WORD.search(m.group(0)) or re.match(r"(?i)\s+(?:the\s+)?(?:[A-Z]\w+\s+)?(?:court|judges?|justices)\b", s.doc.text[m.end():m.end() + 40]):
        return []  # "asks the Supreme Court to take on the case": a court is asked, no government is talked to
    court = _COURT_WORD.search(s.before(m.start(), 70))
    if court and not re.search(r"(?i)\b(?:after|following|since|despite|before|when)\b", s.before(m.start(), 70)[:court.start()]) \
            and not _GOV_AGENT.search(s.before(m.start(), 70)[court.end():]):
        return []  # "five justices will sit to consider whether ...": a court weighs a case, governments hold talks
    corridor = s.corridor(m.start())
    third = re.search(r"third[- ]countr|offshore|outside|abroad|return\s+hubs?|(?:Balkan|African|Latin\s+American|other|partner|safe|several|some|third)\s+(?:[A-Z]\w+\s+)?(?:countries|nations|states|governments)", s.text, re.I)
    if not corridor and third and s.doc.countries.sender_counts:
        corridor = (s.doc.countries.sender_counts.most_common(1)[0][0], None)
    if not corridor or (corridor[1] is None and not third):
        return []
    return [s.fact("talks", m.start(), corridor, actor=_actor_before(s, m.start()))]


@gate("sign", "confirm", "pen to paper", "struck", "strike", "agree", "seal", "conclud", "inked", "ink ", "reach", "announc", "unveil", "finali", "force", "effect", "offer", "accept", "decid", "vote", "approv", "consent", "says yes", "said yes", "saying yes", "came to", "come to")
def agreement(s: Sentence) -> list[Fact]:
    m = AGREEMENT.search(s.doc.text, s.start, s.end) or _in_force(s)
    if not m or not (_migration(s) or s.doc.has(_STRICT)):
        return []
    pos = m.start()
    if s.irrealis(pos, 30) or s.negated(pos, 25):
        return []
    if re.search(r"\b(?:(?:ready|close|closer|near|nearing|poised|set|expected|hopes?)\s+to|on\s+the\s+verge\s+of|within\s+reach\s+of)\s+$", s.before(pos, 30), re.I):
        return []
    corridor = s.corridor(pos, allow_sender_only=False)
    if (not corridor or not corridor[1]) and (_CONSENT.match(m.group(0)) or re.match(r"(?i)sign", m.group(0))) and s.only_receiver() \
            and not any(c.role != "nationality" and c.value in RECEIVERS and c.value != s.only_receiver() for c in s.countries):
        # "the government said it had agreed to receive them": the document's one receiver consents
        corridor = (s.doc.countries.best_sender(s.only_receiver()), s.only_receiver())
        return [s.fact("agreement", pos, corridor, actor=_actor_before(s, pos))]  # its parties are the document's
    if not corridor or not corridor[1]:
        return []
    other = _OTHER_PARTIES.search(s.doc.text, pos, s.end)
    if other and not _names_receiver(s, corridor[1]) and not (other.group(0).startswith("with") and any(
            c.value == corridor[0] and other.end() - 1 <= c.start < other.end() + 3 for c in s.countries)):
        return []  # "an agreement reached between Sunak and the European Commission": its parties are named, the receiver is not one
    if _LEGISLATURE.search(s.doc.text, max(s.start, pos - 40), pos):
        return []  # "Italian Senate seals Albania pact": a legislature's vote (legislation), not the governments' signature
    return [s.fact("agreement", pos, corridor, actor=_actor_before(s, pos))]


_LEGISLATURE = re.compile(r"\b(?:Senate|[Pp]arliament|Commons|Lords|Congress|Folketing|Knesset|Assembly|[Uu]pper\s+[Hh]ouse|[Ll]ower\s+[Hh]ouse|"
                          r"[Ll]awmakers|[Ll]egislators|[Ss]enators|MPs|[Dd]eputies)\s+(?:\w+\s+)?$")
_CONSENT = re.compile(r"(?i)(?:agreed|agrees|has\s+agreed|have\s+agreed|decided|decides|has\s+decided|voted|votes|approved|approves|consented|consents)\b"
                      r".*\bto\s+(?:temporarily\s+)?(?:accept|admit|take|receive|host|house|hold|resettle)\b")
_OTHER_PARTIES = re.compile(r"\b(?:between|with)\s+(?:the\s+)?[A-Z]")


def _names_receiver(s: Sentence, receiver: str) -> bool:
    """The sentence names the receiving country (by name, capital or description)."""
    return any(m.value == receiver and m.role != "nationality" for m in s.countries) or \
        any(s.start <= a < s.end for a, _ in s.doc.countries.descriptions)


_FORCE = folded(r"\b(?:came|comes|entered|enters|took|takes|has\s+come|has\s+entered|has\s+taken|have\s+come)\s+(?:into\s+force|effect)\b")
_PACT_BEFORE = folded(r"\b(?:" + _PACT + r"|deal|scheme|plan|law)\b[^.;]{0,50}$")


def _in_force(s: Sentence):
    """"the deal comes into force": the verb is the event."""
    m = _FORCE.search(s.doc.text, s.start, s.end)
    if m and re.search(r"(?i)\b(?:withdrawal|exit|pull-?out|termination|repeal|notice|suspension)\b", s.doc.text[max(s.start, m.start() - 70):m.start()]):
        return None  # "the withdrawal from the partnership took effect": an end, not an agreement
    if m and _PACT_BEFORE.search(s.doc.text, max(s.start, m.start() - 60), m.start()):
        return m
    return None


_DOC_MIGRATION = folded(r"\b(?:migra\w*|immigra\w*|asylum|deport\w*|refugees?|offshore\s+processing|third[- ]countr\w*|detention|detainees?)\b", re.I)


@gate("scrap", "cancel", "axe", "abandon", "ditch", "termin", "killed off", "dead", "torn", "tore up", "binned", "bins",
      "shelve", "end", "withdrew", "plug", "drop", "clos", "shut", "withdrawal", "exit", "pull", " over", "go ahead")
def termination(s: Sentence) -> list[Fact]:
    if not (_migration(s) or s.doc.has(_DOC_MIGRATION) or s.doc.has(_STRICT)):
        return []  # talks on energy that "ended without a deal" end nothing of ours
    for m in TERMINATION.finditer(s.doc.text, s.start, s.end):
        pos = m.start()
        win = s.doc.text[max(s.start, pos - 70) : min(s.end, m.end() + 60)]
        if not re.search(r"\b(?:(?:deal|scheme|plan|polic(?:y|ie)|partnership|agreement|treat(?:y|ie)|arrangement|programme|program|protocol|pact)s?|it)\b", win, re.I):
            if not (re.match(r"clos|shut|end|formally", m.group(0), re.I) and re.search(r"\b(?:detention|processing|offshore|centres?|centers?|camps?|facilit\w+|transfers|deportations|relocations)\b", win, re.I)):
                continue
        if re.search(r"\bflights?\s+(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been)\s+)?(?:\w+\s+)?$", s.doc.text[max(s.start, pos - 30):pos], re.I):
            continue  # "Rwanda flights cancelled": flights, not the scheme (a verb joined by "and" acts on its own object)
        if re.match(r"\s+(?:\w+\s+)?(?:asylum\s+|migration\s+|migrant\s+|deportation\s+)?(?:deal|scheme|plan|policy|partnership|agreement|treaty|pact)s?\b", s.doc.text[m.end():m.end() + 40], re.I) \
                and re.search(r"\b(?:the|a|an|its|their|his|her|over|of|after|since|following|now|under|from)\s+$", s.doc.text[max(s.start, pos - 12):pos], re.I):
            continue  # "over the scrapped deal": a past state named in passing
        decided = re.search(r"(?i)\b(?:decision|decided|decides|voted|votes)\s+to\s+$", s.doc.text[max(s.start, pos - 20):pos])
        if (s.irrealis(pos, 40) and not decided) or s.negated(pos, 25):
            continue  # "plans to scrap" is to come; "the decision to terminate" is taken
        if m.group(0).endswith("over") and re.search(r"(?i)\b(?:row|dispute|debate|talks|standoff|argument|saga|fight|battle|uncertainty|wait)\s+"
                                                      r"(?:over|about|on|around)\s+(?:\w+\s+){0,4}$", s.doc.text[max(s.start, pos - 60):pos]):
            continue  # "the row over the plan is over": the row ended, not the plan
        corridor = s.corridor(pos, allow_sender_only=False)
        if not corridor or not corridor[1]:
            continue
        return [s.fact("termination", pos, corridor, actor=_actor_before(s, pos))]
    return []


@gate("pause", "suspend", "hold", "on ice", "froze", "frozen", "freez", "halt", "stop")
def suspension(s: Sentence) -> list[Fact]:
    m = SUSPENSION.search(s.doc.text, s.start, s.end)
    if not m or not _SCHEME.search(s.text):
        return []
    pos = m.start()
    # "put its plan to send asylum seekers to Rwanda on hold": the verb is "put"
    put = m.group(0).lower().startswith("on") and re.search(
        r"\bput(?:s|ting)?\s+(?:(?:the|its|their|his|her|a)\s+)?(?:[\w’'-]+\s+){0,3}?(?:" + _SCHEME.pattern + ")", s.doc.text[s.start:pos], re.I)
    if put:
        pos = s.start + put.start()
    if s.irrealis(pos, 40) or s.negated(pos, 25) or _COURT_WORD.search(s.doc.text[s.start:pos]):
        return []  # a court's suspension is a ruling
    if _STOP_VERB.match(m.group(0)):
        # "halted", "stopped": the government's act when a government is its subject and no court comes
        # before it ("Italy halted transfers after the court rulings"); a court's halt is a ruling
        gov = s.has(_GOV_AGENT) or any((c.role == "government" or c.value in SENDERS) and c.start < pos for c in s.countries)
        court_agent = re.match(r"\s+by\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s+){0,3}?(?:courts?|judges?|justices|tribunal)\b",
                               s.doc.text[m.end():min(s.end, m.end() + 50)], re.I)
        if not gov or court_agent or _LEGAL.search(s.doc.text, s.start, pos):
            return []
    obj = s.doc.text[m.end():min(s.end, m.end() + 40)]
    subj = s.doc.text[max(s.start, pos - 90):pos]
    direct = re.match(r"\s+(?:the\s+|all\s+|its\s+|their\s+|further\s+|a\s+)?(?:[\w’'-]+\s+){0,2}?(?:" + _SCHEME.pattern + ")", obj, re.I)
    passive = re.search("(?:" + _SCHEME.pattern + r")(?:\s+[\w’'-]+){0,8}\s+(?:was|were|has\s+been|have\s+been|is|are)\s+$", subj, re.I)
    # "Danish Rwanda plan on ice": the arrangement named right before the state it is in
    state = m.group(0).lower().startswith("on") and re.search("(?:" + _SCHEME.pattern + r")\s+(?:now\s+|left\s+|put\s+)?$", subj, re.I)
    if not (direct or passive or put or state):
        return []  # what is paused must be the arrangement or its transfers, not staff or talks
    corridor = s.corridor(pos, allow_sender_only=False)
    if not corridor or not corridor[1]:
        return []
    return [s.fact("suspension", pos, corridor)]


@gate("pass", "approv", "seal", "law", "assent", "ratif", "vote", "through", "see", "saw off", "defeat", "reject", "throw", "endorse",
      "threw", "amend", "back", "adopt", "clear", "inflict")
def legislation(s: Sentence) -> list[Fact]:
    for m in LEGISLATION.finditer(s.doc.text, s.start, s.end):
        pos = m.start()
        win = s.doc.text[max(s.start, pos - 120) : min(s.end, m.end() + 60)]
        if not LAWNOUN.search(win) and not (not s.is_title and not s.countries and LAWNOUN.search(s.doc.text, 0, s.doc.title_end)):
            continue  # (the headline may name the law: "Royal assent was granted on Thursday")
        if re.search(r"\b(?:court|judge|judges)\b", win, re.I) and not re.search(r"\b(?:bill|legislation)\b", win, re.I):
            continue
        pre = s.before(pos, 40)
        if (m.group("passed") or m.group("amended")) and re.match(r"to become|voted|\w+\s+(?:back|approv|adopt)", m.group(0), re.I):
            pass
        elif s.irrealis(pos, 30) or s.negated(pos, 20):
            continue
        if m.group(0).lower() == "rejected" and not re.search(r"\b(?:bill|legislation|law)\b[^.;]{0,30}$", pre, re.I):
            continue
        corridor = s.corridor(pos, allow_sender_only=False)
        if (not corridor or not corridor[1]) and re.search(r"third[- ]countr|partner\s+countr|outside\s+(?:Europe|the\s+EU)|offshore|abroad|overseas", s.text, re.I):
            corridor = s.corridor(pos)  # a law enabling transfers to a country not yet named
        if (not corridor or (not corridor[1] and not corridor[0])) and not s.is_title and not s.countries \
                and s.doc.countries.main[1] and LAWNOUN.search(s.doc.text, 0, s.doc.title_end):
            corridor = s.doc.countries.main  # "Royal assent was granted on Thursday" under a headline on the Rwanda law
        if not corridor or (not corridor[1] and not corridor[0]):
            continue
        # the law must be about the arrangement: said in the sentence or in the title
        title = s.doc.text[: s.doc.title_end]
        if not (_migration(s) or (s.doc.has(_STRICT) and (
                any(corridor[1] and c.value == corridor[1] for c in s.countries)
                or (LAWNOUN.search(title) and any(c.value == corridor[1] and c.start < s.doc.title_end for c in s.doc.countries.mentions))))):
            continue
        outcome = "passed" if m.group("passed") else "defeated" if m.group("defeated") else "amended"
        actor = None
        a = re.search(r"\b(?:House\s+of\s+Commons|House\s+of\s+Lords|Commons|Lords|[A-Z][\w’']+\s+(?:Parliament|Assembly)|Parliament|Senate|Congress|"
                      r"[A-Z][\w’']+(?:[’']s)?\s+(?:parliament|assembly|senate))\b", win)
        if a:
            actor = a.group(0)
        return [s.fact("legislation", pos, corridor, outcome=outcome, actor=actor)]
    return []


_CRITICS = folded(r"\b(?:opposition|critics|campaigners|activists|rights\s+groups|(?:civil\s+society|advocacy|church|faith)\s+(?:groups|organi[sz]ations)|NGOs|charities|protesters|MPs|lawmakers|senators|"
                  r"legislators|unions?|bishops|lawyers)\b[^.;,]{0,25}$", re.I)


@gate("den", "won", "refus", "reject", "dismiss", "never", "no such", "no agreement", "no deal", "no arrangement", "not agreed",
      "not accept", "not signed", "not reached", "signed no", "not sign", "not received", "not yet received", "not taken",
      "not admitted", "received no", "accepted no", "taken in no", "admitted no")
def denial(s: Sentence) -> list[Fact]:
    m = DENIAL.search(s.doc.text, s.start, s.end)
    if not m or not _migration(s):
        return []
    win = s.doc.text[m.start() : min(s.end, m.end() + 60)]
    if not _DENIED_THING.search(win):
        return []
    if s.irrealis(m.start(), 30) or re.search(r"\b(?:courts?|judges?|justices)\s+$", s.doc.text[max(s.start, m.start() - 20):m.start()], re.I):
        return []  # "if judges reject her Rwanda deal" is neither a denial nor done
    if re.search(r"\b(?:defy\w*|order|court|judge|injunction|bid|appeal|application|permission|bail)\b", win, re.I):
        return []
    if _CRITICS.search(s.doc.text, max(s.start, m.start() - 60), m.start()) or \
            re.search(r"\b(?:Senate|[Pp]arliament|Congress|Lords|Commons)\b[^.;,]{0,25}$", s.doc.text[max(s.start, m.start() - 60):m.start()]):
        return []  # "opposition MPs rejected the deal", "the Senate rejects it": critics or a vote, not a party denying it exists
    corridor = s.corridor(m.start(), allow_sender_only=False)
    if not corridor or not corridor[1]:
        return []
    actor = _actor_before(s, m.start())
    return [s.fact("denial", m.start(), corridor, actor=actor)]
