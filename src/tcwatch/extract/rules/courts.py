"""``ruling``: a court or tribunal decided on transfers or on the arrangement."""

from __future__ import annotations

import re

from tcwatch.model import Fact

from ..folded import folded
from ..lexicon import lexicon
from .base import _EVENT_SPLIT, COURT, MAY, Sentence, gate
from .politics import _STRICT

DECISION = lexicon("decisions")
# a decision stated without naming the court
BARE = re.compile(
    r"\b(?:(?:was|were|is|been|being)\s+)?(?:ruled|deemed|declared|found)\s+(?:to\s+be\s+)?"
    r"(?:unlawful|illegal|lawful|legal|unsafe|not\s+safe)|\blegal\s+setback|"
    r"\b[Bb]locked\s+(?:Rwanda|removal|deportation)|\blegal\s+(?:defeats?|setbacks?|blows?|losses)\b|"
    r"\b(?:[Rr]uling|[Jj]udg(?:e)?ment|[Vv]erdict)\s+(?:that|which)\s+(?:killed|blocked|halted|sank|scuppered|torpedoed|struck\s+down|doomed|grounded|stopped)\b|"
    r"\bjudges\s+(?:blocked|ruled|halted)|\bsuccessfully\s+challenged|"
    r"\b(?:won|wins|win)\s+(?:(?:their|his|her|a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:challenges?|appeals?|cases?|bids?|injunctions?|reprieves?|stays?)\b|"
    r"\b(?:lost|loses|lose)\s+(?:its|their|his|her|an?|the)\s+(?:[\w-]+\s+){0,2}?(?:appeal|case|challenge|bid)\s+(?:against|over|on)\b|"
    r"\b(?:was|were|been|being|plan|policy|scheme)\s+(?:blocked|halted|grounded|stopped|struck\s+down|shot\s+down)\b(?=.*\b(?:ruling|court|judges?|legal|Strasbourg|Stradbourg)\b)",
)
_TOPIC = folded(
    r"deport|remov|asylum|migra|refugee|transfer|flights?\b|planes?\b|scheme|\bplan\b|polic|\bdeal\b|detention|detain|"
    r"third[- ]countr|safe\s+countr|(?:sent|flown|transferred)\s+to\b|expel|expuls|protocol|treaty|partnership|Rwanda|Nauru|Manus|CECOT|Alien Enemies|offshore",
    re.IGNORECASE,
)
# a decision word right before the court ("blocked by UK courts", "a ruling by the European court")
PRE_DECISION = re.compile(
    r"\b(?:ruling|ruled|rulings|decision|judgment|judgement|verdict|order|ordered|intervention|blocked|halted|barred|"
    r"overturned|grounded|struck\s+down|lost|fails?|failed|challenge|blow|setback|defeat|victory|win|loss)\s+(?:\w+\s+){0,2}?(?:by|from|of|in|at|before)\s+(?:the\s+|an?\s+(?:\w+\s+)?)?$|"
    # "suffered a legal defeat over the plan in the Supreme Court": the consequence earlier in the clause
    r"\b(?:suffer(?:s|ed)?|dealt|handed|inflicted)\s+(?:an?\s+|another\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:defeat|blow|setback|loss|victory|win)\b[^.;]{0,60}?\b(?:in|at|by|from)\s+(?:the\s+|an?\s+(?:\w+\s+)?)?$|"
    r"\b(?:ruling|decision|judgment|verdict)\s+(?:\w+\s+)?(?:by|from|of)\s+(?:the\s+)?$|"
    r"\b(?:lost|loses|lose|fails?|failed|won|wins)\s+(?:(?:his|her|their|its|a|an|the)\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
IRREALIS_NEAR = re.compile(r"\b(?:will|would|could|might|" + MAY + r"|to|shall|should)\s+(?:\w+\s+){0,2}$", re.I)
COUNTERFACTUAL = folded(r"\b(?:had|were|should)\s+the\s+(?:\w+\s+)?(?:courts?|judges)\b|\beven\s+if\b", re.I)
FUTURE = folded(
    r"\b(?:(?:will|shall|is\s+to|are\s+to|is\s+due\s+to|are\s+due\s+to)\s+(?:\w+\s+)?(?:hand\s+down|deliver|announce|issue|publish|give)|to\s+rule|will\s+rule|would\s+rule|to\s+decide|will\s+decide|will\s+give|"
    r"rules\s+on|rules\s+whether|decides?\s+(?:on|whether)|(?<!to\s)hears?|ruling\s+on\s+whether|due\s+to|set\s+to|expected\s+to|awaits?|awaiting|ahead\s+of|hearing\s+(?:on|into)|"
    r"will\s+be\s+pivotal|what\s+will|if\s+the|scrutiny|win\s+or\s+lose|mean\s+for)\b",
    re.IGNORECASE,
)
_UNLAWFUL = folded(r"\b(?:unlawful|unconstitutional|illegal(?!\s+(?:migra\w*|immigra\w*|entry|crossings?|arrivals?))|illegally|unlawfully|breach(?:es|ed)?\s+(?:of\s+)?(?:human\s+rights|the\s+law))\b", re.I)
_UNSAFE = folded(r"\b(?:unsafe|not\s+['‘’\"“]?(?:a\s+)?['‘’\"“]?safe|would\s+be\s+unsafe)", re.I)
_LAWFUL = folded(r"\b(?:(?:upheld|upholds|uphold|confirmed|confirms|affirmed|affirms|backed|backs)\s+the\s+(?:legality|lawfulness|legal\s+basis)|lawful|legal(?!\s+(?:setback|challenges?|battles?|fights?|action|bids?|case|advice|hurdles?|obstacles?|basis|grounds|aid|team|experts?|wrangl\w*|limbo|blow))|did\s+not\s+breach|does\s+not\s+breach|not\s+unlawful)\b", re.I)
_NOT_UNLAWFUL = folded(r"\b(?:not|n[’']t)\s+(?:be\s+)?(?:unlawful|illegal|breach)", re.I)
_SAFE = folded(r"\b(?:ruled|found|declared|deemed)\s+(?:that\s+)?(?:\w+\s+){0,3}(?:is|was)\s+(?:a\s+)?safe\b", re.I)
_ALLOWED = folded(
    r"\b(?:allow(?:s|ed)?|go\s+ahead|green-lit|greenlit|cleared|fail(?:s|ed)?\s+in|los[te]s?\s+(?:(?:a|his|her|their|the)\s+)?(?:[\w-]+\s+){0,3}?(?:bid|challenge|appeal|case|fight|battle)|"
    r"den(?:y|ies|ied|ying)\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}(?:injunction|bid|appeal|request)|"
    r"rejected\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}(?:bid|appeal|challenge|injunction|request|claim)|"
    r"dismiss(?:ed|es)\s+(?:an?\s+|the\s+)?(?:bid|appeal|challenge|case)|(?:refus(?:e|es|ed)|declin(?:e|es|ed))\s+to\s+(?:block|halt|stop|bar|pause)|lifted|lifts|"
    r"approv(?:ed|es)|upheld|upholds|cleared|green\s+light|go-ahead|validat(?:ed|es)|lets|let\s+\w+\s+resume|"
    r"compatible\s+with|sid(?:e|es|ed|ing)\s+with\s+(?:the\s+)?(?:Trump|government|administration|ministers|Home\s+Office|Biden|Meloni|state)|"
    r"(?:struck|strikes|strike|throws?|threw)\s+(?:down|out)\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?(?:challenges?|appeals?|bids?|lawsuits?|cases?|claims?)|clears|clear(?:s|ed)?\s+(?:the\s+)?way|pav(?:es|ed)\s+the\s+way)\b",
    re.I,
)
_BLOCKED = folded(
    r"\b(?:block(?:s|ed|ing)?|halt(?:s|ed)?|ground(?:s|ed)|freez(?:es|ing)|froze|frozen|(?:refus(?:e|es|ed)|declin(?:e|es|ed))\s+to\s+(?:validate|approve|allow|confirm|uphold)|stop(?:s|ped)?|struck\s+down|strikes\s+down|"
    r"shot\s+down|against|blow|setback|defeat|disarray|overturn(?:s|ed)?|injunction|prohibit\w*|ban|"
    r"barred|bars|could\s+not\s+take\s+place|challenged\s+their\s+removal|rejection)\b",
    re.I,
)


def awaited(text: str, start: int, court) -> bool:
    """"Halts transfers pending an EU court ruling", "... pending a ruling by the court": the
    decision of the court (the COURT match ``court``) is still to come."""
    return bool(re.search(r"(?i)\b(?:pending|awaiting|until)\s+(?:[\w-]+\s+){0,5}$", text[max(start, court.start() - 45):court.start()])
                # "lodged an application to take their case to the Supreme Court": the court is asked, it has not decided
                or re.search(r"(?i)\b(?:take|taking|took|bring|bringing|brought|refer|referring|escalat\w+|appeal\w*|lodg\w+|"
                             r"fil(?:e|es|ed|ing)|petition\w*)\s+(?:[\w’'-]+\s+){0,6}?(?:to|before|with|at|in)\s+(?:the\s+)?$",
                             text[max(start, court.start() - 70):court.start()]))


def speaks_for_no_court(text: str, start: int, court) -> bool:
    """A former or retired judge (the COURT match ``court``) speaks for themself, not for a court."""
    return bool(re.match(r"(?i)(?:former|retired|ex-)", court.group(0))
                or re.search(r"(?i)\b(?:former|retired|ex-)\s*(?:[\w-]+\s+)?$", text[max(start, court.start() - 25):court.start()]))


# "..., judges decide": the court's decision put last, what it decided before it
_SAID_LAST = re.compile(r"(?i)\s+(?:have\s+|has\s+)?(?:decide[sd]?|rule[sd]?|say|says|said|f(?:i|ou)nds?|found|order(?:s|ed)?)\s*(?:$|[.;:!?])")
# "suffered another setback in court": the idiom names a decision
_LOST_IN_COURT = re.compile(r"(?i)\b(?:setbacks?|defeats?|blows?|loss|victory|win)\s+in\s+$")
# "after court ruling", "court blocks ...": a bare "court" that decided
_COURT_DECIDED = re.compile(r"(?i)\s+(?:ruling|rulings|order|orders|ordered|decision|judg(?:e)?ment|verdict|rules|ruled|blocks|blocked|halts|halted|"
                            r"rejects|rejected|dismisses|dismissed|upholds|upheld|quashes|quashed|overturns|overturned|allows|allowed|grants|granted|"
                            r"refuses|refused|frees|freed|orders|finds|found|says|said|bars|barred|"
                            r"defeats?|setbacks?|strikes|struck|backs|sides|approves|clears|deals?\s+(?:an?\s+)?(?:\w+\s+)?blow)\b")


def _specific(text: str) -> str | None:
    if _NOT_UNLAWFUL.search(text):
        return "lawful"
    if _UNLAWFUL.search(text):
        return "unlawful"
    if _UNSAFE.search(text):
        return "unsafe"
    if _LAWFUL.search(text):
        return "lawful"
    if _SAFE.search(text):
        return "safe"
    return None


def _general(text: str) -> str | None:
    if _ALLOWED.search(text):
        return "allowed"
    if _BLOCKED.search(text):
        return "blocked"
    return None


_COURT_HINT = re.compile(r"[Aa]ppeals?\s+panel|[Aa]ppellate|[Cc]ourts?\b|COURT|[Jj]udges?\b|[Jj]ustices\b|[Tt]ribunal|[Mm]agistrates?\b|Strasbourg|ECHR|ECtHR|[Cc]hamber\b|Sala\s|Council\s+of\s+State|Conseil\s+d")


# a decision joined to what the court said first: "..., but ruled", "and ordered", "yet declined to halt"
_JOINED_DECISION = re.compile(r"(?i)(?:,\s*|\s)(?:but|and|then|yet)\s+(?:also\s+|later\s+|then\s+|nonetheless\s+)?"
                              r"(?:ruled|found|ordered|blocked|declined\s+to|refused\s+to|dismissed|rejected|granted|upheld|halted|barred|struck\s+down)\b")


_SAID_THEN = re.compile(r"(?i)\s+(?:[\w.’'-]+\s+){0,6}?(?:said|says|told|noted|wrote|remarked|warned)\b")


def _courts(text: str, start: int, end: int) -> list:
    """Court mentions: the costly COURT pattern runs only around cheap hints."""
    out, last_end = [], start
    for h in _COURT_HINT.finditer(text, start, end):
        if h.start() < last_end:
            continue
        for m in COURT.finditer(text, max(last_end, h.start() - 70), min(end, h.end() + 40)):
            if m.start() <= h.start() < m.end() and m.start() >= last_end:
                out.append(m)
                last_end = m.end()
                break
    return out


_GOV_SIDE = r"(?:[Gg]overnment|Home\s+Office|[Mm]inisters?|Sunak|Johnson|Patel|Braverman|Cleverly|Trump|[Aa]dministration|Meloni|Rome|Whitehall|Downing\s+Street|White\s+House)"
_GOV_LOST = re.compile(_GOV_SIDE + r"(?:[’']s?)?\s+(?:\w+\s+){0,2}?(?:lost|loses|lose|fails?|failed)\b")
_GOV_WON = re.compile(_GOV_SIDE + r"(?:[’']s?)?\s+(?:\w+\s+){0,2}?(?:won|wins|win)\b")


def outcome_of(text: str, wider: str | None = None) -> str:
    """The outcome said in ``text`` (the court's own segment), else in ``wider`` (the rest of the sentence)."""
    spec = _specific(text) or (wider and _specific(wider))
    if spec:
        return spec
    whole = wider or text
    if _GOV_LOST.search(whole):
        return "blocked"  # "Government loses Supreme Court appeal"
    if _GOV_WON.search(whole):
        return "allowed"  # "Government wins High Court battle"
    return _general(text) or (wider and _general(wider)) or "blocked"


def _court_class(actor: str | None) -> str:
    a = (actor or "").lower()
    for key in ("supreme", "top court", "appeal", "high court", "european", "strasbourg", "echr", "district", "federal"):
        if key in a:
            return {"top court": "supreme", "strasbourg": "european", "echr": "european"}.get(key, key)
    return "court"


@gate("court", "judge", "panel", "appellate", "legal defeat", "legal setback", "legal blow", "legal loss", "ruling", "verdict", "magistrate", "clears", "justice", "tribunal", "strasbourg", "stradbourg", "echr", "ruled", "lawful", "legal", "blocked", "halted",
      "grounded", "challeng", "verdict", "judgment", "judgement", "injunction", "chamber", "sala ", "council of state", "conseil d")
def ruling(s: Sentence) -> list[Fact]:
    text = s.doc.text
    if not (_TOPIC.search(s.text) or (not s.is_title and _TOPIC.search(text, 0, s.doc.title_end))) or not s.doc.has(_STRICT):
        return []  # a court deciding something else (a corruption trial, a genocide case); the headline may say what
    courts = _courts(text, s.start, s.end)
    out: list[Fact] = []
    seen = set()
    for i, c in enumerate(courts):
        if re.match(r"courts?$", c.group(0), re.I) and not re.search(r"\b(?:[Tt]he|[Aa]|UK|US|U\.S\.|EU|E\.U\.)\s+courts?$", text[max(s.start, c.start() - 6):c.end()]) \
                and not _COURT_DECIDED.match(text, c.end(), s.end) and not _LOST_IN_COURT.search(text, max(s.start, c.start() - 40), c.start()):
            continue
        if speaks_for_no_court(text, s.start, c):
            continue
        # the decision words near the court: after it up to the next court, or just before it
        seg_end = courts[i + 1].start() if i + 1 < len(courts) else s.end
        seg = text[c.start() : min(seg_end, c.end() + 110)]
        pre = text[max(s.start, c.start() - 80) : c.start()]
        joined = _JOINED_DECISION.search(text, c.end(), seg_end)
        if joined and not _SAID_THEN.match(text, c.end(), joined.start()):
            joined = None
        # "Judge X said the flights looked unlawful, but declined to halt them": what the court did, not what it said
        d = joined or DECISION.search(seg, c.end() - c.start())  # after the court's own name ("Constitutional Court")
        if not d and text.startswith(":", c.end()) and _specific(seg):
            d = re.compile(":").search(seg)  # "High Court: Rwanda plan lawful" (a headline's verdict)
        dpos = (d.start() if joined else c.start() + d.start()) if d else None
        if d and IRREALIS_NEAR.search(text[max(s.start, dpos - 22):dpos]) and PRE_DECISION.search(pre):
            d = joined = None  # "lose Court of Appeal bid to halt ...": the decision is the loss before the court, the halt was sought
        if not d:
            d = PRE_DECISION.search(pre)
            dpos = c.start() - len(pre) + d.start() if d else None
        if not d:
            # "Judge X said ..., but ruled the case fell outside her jurisdiction": the court's second verb, far on
            d = joined = _JOINED_DECISION.search(text, c.end(), seg_end)
            dpos = d.start() if d else None
        if not d:
            continue
        lead = text[max(s.start, c.start() - 50) : c.start()]
        for cut in _EVENT_SPLIT.finditer(lead):
            lead = lead[cut.end():]  # "set to go ahead after the court confirmed ...": the plan is another event
        window = lead + text[c.start() : c.end() + 60]
        if FUTURE.search(window) and not joined and not re.search(r"\b(?:ruled|found|blocked|upheld|overturned|struck)\b", seg):
            continue
        if COUNTERFACTUAL.search(text, s.start, s.end):
            continue
        if awaited(text, s.start, c):
            continue
        if re.search(r"(?i)\b(?:if|unless|whether|should|once)\s+(?:the\s+|a\s+)?(?:\w+\s+)?$", text[max(s.start, c.start() - 20):c.start()]):
            continue  # "if court decides against the government": a condition, not a decision
        said_last = _SAID_LAST.match(text, c.end(), s.end)
        if (s.irrealis(c.start(), 25) and not said_last) or (dpos > c.start() and IRREALIS_NEAR.search(text[max(s.start, dpos - 22):dpos])):
            continue  # "judges may block ..." is foretold; "... must return to Italy, judges decide" is their decision
        corridor = s.corridor(c.start())
        if corridor is None and not s.is_title and s.doc.countries.main[1] and _TOPIC.search(text, 0, s.doc.title_end):
            corridor = s.doc.countries.main  # the headline's topic and corridor ("the first Rwanda flight was grounded")
        if corridor is None and re.search(r"third[- ]countr", s.text, re.I) and s.doc.countries.sender_counts:
            corridor = (s.doc.countries.sender_counts.most_common(1)[0][0], None)
        if corridor is None or (corridor[1] is None and corridor[0] is None):
            continue
        if corridor[1] is None and not re.search(r"deport|removal|third[- ]countr|migrant|asylum|expel|expuls|alien enemies", s.text, re.I):
            continue
        if corridor[1] and re.search(r"\b(?:sent|deported|returned|removed)\s+back\s+to\s+(?:\w+\s+){0,2}$|\bback\s+to\s+$|\bpersecution\b", text[s.start:s.end]):
            continue  # a person's return to their own country, not a third-country transfer
        clause_nats = set(s.nationalities_in(c.start()))
        if corridor[1] and clause_nats == {corridor[1]}:
            continue  # a deportation to the person's own country
        actor = re.sub(r"^[Tt]he\s+", "", c.group(0))
        key = (_court_class(actor), corridor)
        if key in seen:
            continue
        seen.add(key)
        outcome = outcome_of(text[dpos:seg_end]) if joined else \
            outcome_of(seg if i + 1 < len(courts) else text[max(s.start, c.start() - 80) : s.end],
                       text[max(s.start, c.start() - 80) : s.end])
        p = s.people_near(c.start(), 200)
        lo, hi = s.clause_at(c.start())
        if p and (p.start < lo or p.start >= hi or (p.value[0] == 1 and p.end > c.start())
                  or (p.value[0] > 1 and p.start < c.start())):
            p = None  # people of another clause; "a man" is the claimant before the court, a count follows it
        # the date said with this court's decision ("a high court ruling last December")
        seg_dates = [dm for dm in s.dates if c.start() - 5 <= dm.start < min(seg_end, c.end() + 60)]
        date = seg_dates[0].value if seg_dates else s.date_at(c.start())
        out.append(s.fact(
            "ruling", c.start(), corridor, actor=actor, outcome=outcome, date=date,
            people=p.value[0] if p else None,
            people_qualifier=p.value[1] if p else "exact",
            nationalities=s.concerned(c.start(), corridor),
        ))
    if not out:
        m = BARE.search(s.text)
        if m and not FUTURE.search(s.text) and not COUNTERFACTUAL.search(s.text) and not s.irrealis(s.start + m.start(), 30):
            pos = s.start + m.start()
            corridor = s.corridor(pos)
            if corridor and corridor[1]:
                out.append(s.fact("ruling", pos, corridor, outcome=outcome_of(s.text),
                                  nationalities=s.nationalities))
    return out
