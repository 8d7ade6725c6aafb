"""Liberal candidates: every (type, corridor) a sentence could state, for the verifier to judge.

The rules (``rules/``) propose precise facts with all their fields.  Here a wide net of
trigger stems per type proposes the facts the rules did not: a sentence naming a
corridor and a word of a type's family ("the blow from the court", "lashed out",
"close to finalising") becomes a candidate of that type, its fields filled by the same
mention finders the rules use.  Nothing here decides; :mod:`.verify` does, from the
sentence's grammar and words, with weights learned from the gold files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tcwatch.model import Fact

from .filter import ABROAD, MIGRATION
from .rules.base import COURT, Sentence
from .rules.courts import DECISION, IRREALIS_NEAR, awaited, outcome_of, speaks_for_no_court

# lower-case stems of each type's words (matched at a word start)
TRIGGERS: dict[str, tuple[str, ...]] = {
    "talks": ("talk", "negotiat", "discuss", "explor", "approach", "visit", "meet", "met ", "seeks", "seek ", "seeking",
              "sought", "consider", "draft", "finalis", "finaliz", "in touch", "examin", "mulls", "mulling", "weigh"),
    "agreement": ("agree", "deal", "sign", "pact", "accord", "memorandum", "treaty", "partnership", "struck", "strike",
                  "reach", "approv", "unveil", "announc", "arrangement"),
    "transfer": ("deport", "sent ", "send", "flown", "flew", "flight", "relocat", "transfer", "remov", "expel", "arriv",
                 "land", "receiv", "accept", "took in", "taken", "bused", "bussed", "held", "hold", "detain", "jail",
                 "shipped", "brought", "exile"),
    "payment": ("pay", "paid", "fund", "financ", "handed", "gave", "given", "grant"),
    "cost": ("cost", "spent", "spend", "bill", "price", "expens", "taxpayer", "per person", "each", "financ"),
    "compensation_demand": ("compensat", "demand", "refund", "claim", "owe", "reimburs"),
    "ruling": ("court", "judge", "magistrate", "justice", "tribunal", "ruling", "ruled", "rule", "verdict", "injunction", "appeal",
               "lawful", "unlawful", "illegal", "legal", "judgment", "judgement", "overturn", "upheld", "uphold",
               "strike down", "struck down", "quash"),
    "suspension": ("suspend", "pause", "halt", "on hold", "freez", "froze", "delay", "postpon", "grounded"),
    "termination": ("scrap", "cancel", "abandon", "dead", "withdr", "axe", "ditch", "drop", "terminat", "end ",
                    "ended", "ends", "kill", "shelv", "bin ", "binned"),
    "criticism": ("critic", "condemn", "warn", "concern", "slam", "blast", "attack", "brutal", "cruel", "illegal",
                  "unlawful", "inhumane", "unworkable", "accus", "oppos", "object", "denounc", "decr", "outrage",
                  "shame", "immoral", "gimmick", "lash", "round on", "lectur", "breach", "violat", "abus", "fear",
                  "alarm", "appall", "appal", "disgrace", "unethical", "dangerous", "failed", "failure", "wrong",
                  "inhuman", "cruelty", "risk", "harm", "torture", "zoo", "cages", "unsafe", "reckless", "costly",
                  "waste", "expensive", "impractical", "divisive", "\u201c", "\""),
    "denial": ("deni", "deny", "reject", "dismiss", "no such", "not agreed", "never"),
    "legislation": ("bill", "law", "vote", "voted", "parliament", "commons", "lords", "senate", "congress", " act",
                    "assent", "ratif", "amend", "passed", "pass ", "legislat", "mps", "lawmakers", "decree"),
    "onward_removal": ("onward", "repatriat", "back to", "returned to", "sent on", "expelled to", "deported to"),
}
_STEMS = {t: re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in ws) + ")") for t, ws in TRIGGERS.items()}
MONEY_TYPES = ("payment", "cost", "compensation_demand")
_LEGIS_DEFEAT = re.compile(r"(?i)\b(?:defeat\w*|reject\w*|voted\s+down|vote\s+against|voted\s+against|blocked|thrown\s+out)\b")
_LEGIS_AMEND = re.compile(r"(?i)\bamend\w*\b")


@dataclass
class Candidate:
    """A fact a sentence may state, with where its trigger is and who proposed it."""

    fact: Fact
    sentence: Sentence
    pos: int  # character offset of the trigger word in the document
    origin: str  # "rule" or "trigger"
    rule_types: frozenset = frozenset()  # the types the rules found in this sentence


def trigger_positions(sent: Sentence) -> dict[str, int]:
    """The first trigger of each type in ``sent`` (document offsets)."""
    out = {}
    low = sent.lower
    for t, rx in _STEMS.items():
        m = rx.search(low)
        if m:
            out[t] = sent.start + m.start()
    return out


def _fields(sent: Sentence, type_: str, pos: int, corridor) -> dict | None:
    fields: dict = {"nationalities": tuple(n for n in sent.nationalities_in(pos) if n not in corridor)}
    if type_ in ("transfer", "onward_removal", "ruling"):
        p = sent.people_near(pos)
        if p is not None:
            fields["people"], fields["people_qualifier"] = p.value
    if type_ in MONEY_TYPES:
        money = sorted(sent.money, key=lambda m: abs(m.start - pos))
        if not money:
            return None
        amount, currency, qualifier = money[0].value
        fields.update(amount=amount, currency=currency, amount_qualifier=qualifier)
    if type_ == "ruling":
        court = COURT.search(sent.doc.text, sent.start, sent.end)
        if court is None or speaks_for_no_court(sent.doc.text, sent.start, court) or awaited(sent.doc.text, sent.start, court):
            return None  # a ruling is a court's: "unlawful" said by anyone else (a former judge) is no ruling
        low = sent.text
        if not any(not IRREALIS_NEAR.search(low, max(0, d.start() - 22), d.start()) for d in DECISION.finditer(low)):
            # no word of deciding ("the journey to the top court"), or only one asked for or
            # foretold ("asks the court to halt", "would be cleared by the court"): no decision
            return None
        fields["actor"] = court.group(0)
        fields["outcome"] = outcome_of(sent.text)
    if type_ == "legislation":
        fields["outcome"] = ("defeated" if _LEGIS_DEFEAT.search(sent.text)
                             else "amended" if _LEGIS_AMEND.search(sent.text) else "passed")
    return fields


_BACK = re.compile(r"(?i)\b(?:back|home|returned|return)\s+(?:home\s+)?to\s+(?:the\s+)?$")


def _sent_back(sent: Sentence, receiver: str) -> bool:
    """The receiver is where people are sent *back* to: their own country."""
    text = sent.doc.text
    return any(m.value == receiver and m.role != "nationality" and _BACK.search(text, max(sent.start, m.start - 20), m.start)
               for m in sent.countries)


def propose(sent: Sentence, rule_facts: list[Fact], shadows: list[Candidate] | None = None) -> list[Candidate]:
    """The rules' facts of ``sent`` and a candidate for every other type its words suggest.

    Given a ``shadows`` list (training only), the trigger candidates the rules' facts hide are
    added to it: what a trigger word proposes where a rule found the same fact.  Rules were
    written on the development news, so there they leave triggers only the hard negatives;
    on other news they miss more, and a trigger candidate is a fact more often.  Learning
    from the shadows too, the verifier judges a trigger candidate on its grammar and cues alone."""
    found = frozenset(f.type for f in rule_facts)
    triggers = trigger_positions(sent)
    out = [Candidate(f, sent, triggers.get(f.type, sent.start), "rule", found) for f in rule_facts]
    if not (sent.doc.has(MIGRATION) or sent.doc.has(ABROAD)):
        return out  # a deal, a visit or a court with no word of migration in the document: no transfer arrangement
    have = {(f.type, f.sender, f.receiver) for f in rule_facts}
    for type_, pos in triggers.items():
        corridor = sent.corridor(pos)
        if not corridor or not corridor[1] and not corridor[0]:
            continue
        if not corridor[1] and not sent.has(ABROAD):
            continue  # a sender alone is a corridor only for transfers to third countries it leaves unnamed
        hidden = (type_, corridor[0], corridor[1]) in have
        if hidden and shadows is None:
            continue
        if corridor[1] in sent.nationalities_in(pos) or _sent_back(sent, corridor[1]):
            continue  # people sent to their own country ("sent back to El Salvador"): no third country
        fields = _fields(sent, type_, pos, corridor)
        if fields is None:
            continue  # the fields this type needs are not in the sentence
        fact = sent.fact(type_, pos, corridor, **fields)
        if hidden:
            shadows.append(Candidate(fact, sent, pos, "trigger", found - {type_}))
        else:
            out.append(Candidate(fact, sent, pos, "trigger", found))
    return out
