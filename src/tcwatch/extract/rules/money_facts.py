"""``cost``, ``payment`` and ``compensation_demand``: money tied to an arrangement."""

from __future__ import annotations

import re

from tcwatch.model import Fact

from ..corridors import RECEIVERS
from ..filter import _OTHER_DEAL
from ..folded import folded
from .base import MAY, Sentence, gate
from .politics import _STRICT

_PAY_BEFORE = re.compile(r"\b(?i:pa(?:y|ys|id|ying)|pledge[ds]?|hand(?:ed|s)?(?:\s+over)?)\s+(?i:to\s+)?(?i:the\s+)?(?:[A-Z][a-z]+\s+)?$")  # "handed Paul Kagame's government"

# "has paid a further £100m to Kigali": the money named between the verb and its receiver
_PAID_TO = re.compile(r"\b(?:pa(?:ys|id|ying)|gave|given|handed|transferr?ed|sent|wired|went|gone|goes)\b[^.;]{0,40}?[£$€]\s?\d(?:[\d.,]*\d)?[^.;]{0,25}?\bto\s+(?:the\s+)?"
                      r"(?:(?:government|authorities|treasury)\s+(?:in|of)\s+)?$", re.I)
_MONEY_WENT_TO = re.compile(r"[£$€]\s?\d(?:[\d.,]*\d)?[^.;]{0,30}?\b(?:went|gone|goes|paid|sent|handed)\s+(?:directly\s+|straight\s+)?to\s+(?:the\s+)?$", re.I)
# the sender paying the amount that follows: "is paying about $6m", "will hand over A$150m", "wired $2.5m"
_PAYS_AMOUNT = re.compile(r"\b(?:(?:is|are|was|were|has\s+been|have\s+been)\s+(?:paying|providing|committing|pledging)|"
                          r"(?:will|to|has|have|had)\s+(?:pay|paid|hand\s+over|handed\s+over|transfer|transferred|provide|provided|commit|committed|pledge|pledged|give|given)|"
                          r"pays|(?<!be\s)(?<!been\s)(?<!being\s)(?<!was\s)(?<!were\s)(?<!is\s)(?<!are\s)paid|hands\s+over|handed\s+over|wired|transferred|"
                          r"committing|committed|pledging|pledged|provides|providing|(?:will|to)\s+put|puts)\s+"
                          r"(?:(?:roughly|about|around|nearly|almost|some|up\s+to|more\s+than|over|at\s+least|a\s+further|another|an\s+(?:extra|additional)|"
                          r"the\s+first|a\s+first|an\s+initial|an?)\s+)?$", re.I)
# "agreed to take up to 160 deportees for $5.1m": the receiver takes people for the money
_TAKES_FOR = re.compile(r"(?i)\b(?:take|takes|took|taking|accept\w*|host\w*|receiv\w*|hous\w+|resettl\w+|admit\w*)\b[^.;]{0,70}?\b(?:for|in\s+(?:exchange|return)\s+for)\s+(?:about\s+|some\s+|roughly\s+)?$")
# "$7.85m to help Costa Rica deport migrants": money to help the receiver
_TO_HELP = re.compile(r"(?i)\s+(?:[\w-]+\s+){0,3}?to\s+(?:help|assist|support|enable)\s+(?:the\s+(?:government\s+of\s+)?)?$")
# "will pay $350m a year to keep the centre open": what the money buys, not whom it goes to
_PURPOSE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?to\s+(?!(?:the|a|an|its|their|his|her|this|that|each|every|all|some|any)\b)[a-z]+\b")
# "a further £100m was paid in April": paid, to whom the document says
_WAS_PAID = re.compile(r"(?i)\s+(?:was|were|had\s+been|has\s+been|have\s+been)\s+(?:already\s+|also\s+)?(?:paid|handed\s+over|transferred|disbursed)\b")
# money counted per person moved is what each move costs
_PER_PERSON = re.compile(r"(?i)\s*(?:a|per|for\s+each|for\s+every|each|for\s+each)\s+(?:person|head|migrant|asylum[- ]seeker|deportee|detainee|individual|man|refugee)\b")
# money that went to the receiver's government: "£120m went directly to the Rwandan government"
_WENT_TO = re.compile(r"(?i)\s+(?:\w+\s+){0,4}?(?:went|gone|goes|go|paid|sent|handed)\s+(?:directly\s+|straight\s+)?to\s+(?:the\s+)?$")

COMPENSATION = folded(r"\b(?:compensation|refund\w*|reimburs\w*|money\s+back|repay\w*|pay\s+back|return\s+the\s+money)\b", re.I)
DEMAND = folded(r"\b(?:demand\w*|ask\w*\s+for|(?:ask|urg|press|call)\w*\s+(?:\w+\s+){0,3}?to\s+(?:refund|repay|return|reimburse|pay)|claim\w*|seek\w*|want\w*|request\w*)\b", re.I)
PAYMENT = folded(
    r"\b(?:payments?|paid|transferred|handed\s+over|had\s+(?:already\s+)?been\s+sent|has\s+been\s+sent|"
    r"have\s+been\s+sent|was\s+sent|received\s+from|gave|given)\b",
    re.I,
)
COST = folded(
    r"\b(?:costs?|costing|costed|spent|spend|spending|price|bill|expensive|budget\w*|"
    r"per\s+(?:person|head|migrant|asylum\s+seeker|deportee)|a\s+(?:person|head)|each|"
    r"scheme|deal|plan|programme|program|trial|policy|partnership|contract|fund\w*|"
    r"pay|pays|paying|hand|handed|received|receive|million|billion|annually|a\s+year|"
    r"taxpayers?|waste)\b",
    re.I,
)
# money that is obviously about something else
_OTHER = folded(r"\b(?:salary|salaries|fine[ds]?|bail|ticket|tickets|(?:a|the|his|her|their|new)\s+house|mortgage|tax\s+cut|donation|bonus)\b", re.I)  # "to house deportees" is what the money pays for
_SCHEMEISH = folded(r"\b(?:scheme|deal|plan|policy|partnership|programme|program|trial|treaty|agreement|memorand(?:um|a)|MoU|protocol|arrangement|deport\w*|removals?|flights?|offshore|detention|processing|facilit\w+|centres?|centers?|camps?|asylum|migra\w*|deportees?|refugees?|resettl\w*|relocat\w*|(?:sent|flown|taken|transferred|moved)\s+to)\b", re.I)


@gate("£", "$", "€", "euro", "pound", "dollar", "kron", "aud", "usd", "gbp", "eur", "dkk")
def money_facts(s: Sentence) -> list[Fact]:
    if not s.money:
        return []
    text = s.text
    has_desc = any(s.start <= a < s.end for a, _ in s.doc.countries.descriptions)
    paid_receiver = any(c.value in RECEIVERS and (_PAY_BEFORE.search(s.doc.text, max(s.start, c.start - 30), c.start)
                                                  or _PAID_TO.search(s.doc.text, max(s.start, c.start - 60), c.start)
                                                  or _MONEY_WENT_TO.search(s.doc.text, max(s.start, c.start - 60), c.start)
                                                  or re.match(r"\s+(?:has\s+|had\s+)?(?:received|receives|got|was\s+paid)\b", s.doc.text[c.end:c.end + 25]))
                        for c in s.countries)
    if not s.doc.has(_STRICT) and not (paid_receiver and s.names_pair and not s.doc.has(_OTHER_DEAL)):
        return []  # aid for health or trade is not money for a transfer deal ("UK handed Rwanda £240m" names the deal's two sides)
    pays = s.only_receiver() and any(_PAYS_AMOUNT.search(s.doc.text, max(s.start, m.start - 40), m.start)
                                     or _WAS_PAID.match(s.doc.text, m.end, s.end) for m in s.money)
    if not _SCHEMEISH.search(text) and not has_desc and not COMPENSATION.search(text) and not paid_receiver and not pays:
        return []
    out: list[Fact] = []
    for m in s.money:
        amount, currency, qual = m.value
        if amount < 1000:
            continue
        pos = m.start
        corridor = s.corridor(pos, allow_sender_only=False)
        if (not corridor or not corridor[1]) and s.only_receiver() and (_PAYS_AMOUNT.search(s.doc.text, max(s.start, pos - 40), pos)
                                                                       or _WAS_PAID.match(s.doc.text, m.end, s.end)):
            # "Canberra will hand over A$408 million up front": paid to the document's one receiver
            corridor = (s.doc.countries.best_sender(s.only_receiver()), s.only_receiver())
        if not corridor or not corridor[1]:
            continue
        local = s.doc.text[max(s.start, pos - 70) : min(s.end, m.end + 60)]
        if _OTHER.search(local):
            continue
        date = s.date_at(pos)
        if date[1] == "on" and re.search(r"\b(?:had|has|have)\s+(?:already\s+)?\w+\s*$", s.doc.text[max(s.start, pos - 25):pos]):
            date = (date[0], "before")
        fields = dict(amount=amount, currency=currency, amount_qualifier=qual, date=date)
        demanded = False
        for c in s.countries:
            if c.value == corridor[1] and c.start < pos and c.role != "nationality":
                between = s.doc.text[c.end:pos]
                if len(between) < 60 and re.search(r"\b(?:demand\w*|claim\w*|seek\w*|sue\w*|su(?:ing|ed)|ask\w*\s+for|wants?|(?:is|are|was|were)\s+(?:still\s+)?owed|"
                                                   r"(?:ask|press|urg|call)\w*\s+(?:\w+\s+){0,3}?to\s+(?:pay|refund|repay|return|hand\s+over))\b", between, re.I):
                    demanded = True  # "Rwanda demands £50m from UK"
        if re.search(r"(?i)\b(?:press(?:es|ed|ing)?\s+(?:\w+\s+){0,2}?for|arbitration\s+over|(?:claim|lawsuit|suit)\s+(?:over|for))\s+(?:the\s+)?$",
                     s.doc.text[max(s.start, pos - 40):pos]) or \
                (m.text.lower().startswith("over") and re.search(r"(?i)\b(?:arbitration|claim|lawsuit|suit|legal\s+action)\s+$", s.doc.text[max(s.start, pos - 40):pos])) or \
                re.match(r"(?i)\s+(?:(?:it|that|which)\s+)?(?:\w+\s+){0,3}?(?:is|are|was|were)\s+(?:still\s+)?(?:owed|outstanding)\b", s.doc.text[m.end:m.end + 40]) or \
                re.match(r"(?i)[^.;]{0,30}?\b(?:it|they|kigali)\s+(?:says?|said|claims?)\s+(?:the\s+)?(?:\w+\s+)?(?:still\s+)?owe[sd]?\b", s.doc.text[m.end:m.end + 60]):
            demanded = True  # "Kigali presses London for £50m it says is still owed"
        if re.search(r"\b(?:still\s+|yet\s+)?owes?\s+(?:(?:Rwanda|Kigali|it|them|us)\s+)?(?:about\s+|some\s+|another\s+)?$", s.doc.text[max(s.start, pos - 30):pos], re.I) \
                and any(c.value == corridor[0] and c.start < pos for c in s.countries):
            demanded = True  # "UK still owes £50m a year, Kigali says": the receiver claims money from the sender
        if demanded or (COMPENSATION.search(text) and DEMAND.search(text)):
            actor = None
            recv = [c for c in s.countries if c.value == corridor[1]]
            if recv:
                actor = recv[0].text
            out.append(s.fact("compensation_demand", pos, corridor, actor=actor, **fields))
            continue
        pre = s.doc.text[max(s.start, pos - 60) : pos]
        post = s.doc.text[m.end : min(s.end, m.end + 60)]
        # "will pay Nauru A$2bn", "pledged £20m to Rwanda": money to the receiver itself (a pledge counts)
        # where the receiver is named in the sentence: by name, capital, or a description ("the kingdom")
        rec_at = [c.start for c in s.countries if c.value == corridor[1] and c.role != "nationality"]
        rec_at += [a for a, _ in s.doc.countries.descriptions if s.start <= a < s.end]
        to_receiver = any(re.search(r"\b(?i:pa(?:y|ys|id|ying)|pledge[ds]?|promised|committed|hand(?:ed|s)?(?:\s+over)?|give[ns]?|gave|transferr?ed)\s+(?i:to\s+)?(?i:the\s+)?(?:[A-Z][a-z]+\s+)?$",
                                    s.doc.text[max(s.start, at - 30):at]) and at < pos for at in rec_at) or \
            any(re.match(r"\s+(?:\w+\s+){0,2}to\s+(?:the\s+(?:government\s+(?:of|in)\s+)?)?$", s.doc.text[m.end:at])
                or _WENT_TO.fullmatch(s.doc.text, m.end, at) or _TO_HELP.fullmatch(s.doc.text, m.end, at)
                for at in rec_at if at > m.end) or \
            (_TAKES_FOR.search(pre) and any(at < pos for at in rec_at))
        hedged = re.search(r"\b(?:could|would|might|" + MAY + r"|set\s+to|due\s+to|expected\s+to|likely\s+to|poised\s+to)\b", pre, re.I)
        if re.search(r"\b(?:in\s+(?:exchange|return)\s+for|receiv(?:ed|es|e)|got|been\s+paid|was\s+paid)\s+(?:\w+\s+){0,2}$", pre, re.I) and any(at < pos for at in rec_at):
            to_receiver = True  # "Nauru agreed to resettle them in exchange for A$408m"
        if to_receiver and not hedged:
            out.append(s.fact("payment", pos, corridor, **fields))
            continue
        if re.search(r"\b(?:spent|spend|spends|spending|cost|costs|costing)\s+(?:\w+\s+){0,2}$", pre, re.I) and not to_receiver:
            out.append(s.fact("cost", pos, corridor, **fields))  # "Britain spent £715m, including £290m paid to Kigali"
            continue
        if _PAYS_AMOUNT.search(pre) and not hedged and not _PER_PERSON.match(post) and not _PURPOSE.match(post):
            out.append(s.fact("payment", pos, corridor, **fields))  # "Washington is paying about $6 million for the arrangement"
            continue
        if (PAYMENT.search(pre) or PAYMENT.search(post)) and not re.search(r"\b(?:cost|could|would|will|" + MAY + r")\b", pre[-30:], re.I) and not re.match(r"\s*(?:cost|scheme|deal|plan)", post, re.I):
            out.append(s.fact("payment", pos, corridor, **fields))
            continue
        if COST.search(local) or _SCHEMEISH.search(local):
            out.append(s.fact("cost", pos, corridor, **fields))
    return out


# "how much it is paying to Papua New Guinea": a payment whose amount is not said
# finite forms only: "to pay PNG" and ", paying the PNG government to ..." describe a deal's terms
_PAYS_RECEIVER = folded(r"\b(?:(?:is|are|was|were|been)\s+(?:\w+\s+)?paying|paid|pays|(?:handed|transferred)\s+(?:over\s+)?(?:money|funds|cash))\s+"
                        r"(?:to\s+)?(?:the\s+(?:government\s+of\s+)?)?$")


@gate("paying", "paid", "pays", "pay ", "money", "funds", "cash")
def payment_unstated(s: Sentence) -> list[Fact]:
    """Money paid to the receiver with no amount given."""
    if s.money or not s.doc.has(_STRICT):
        return []
    for c in s.countries:
        if c.value not in RECEIVERS or c.role == "nationality":
            continue
        v = _PAYS_RECEIVER.search(s.doc.text, max(s.start, c.start - 40), c.start)
        if not v or s.negated(v.start(), 25) or re.search(r"\b(?:could|would|might|" + MAY + r"|if|whether|unless)\b", s.before(v.start(), 30), re.I):
            continue
        if re.match(r"\s+(?:a\s+)?(?:visit|tribute|homage|respects|attention)\b", s.doc.text[c.end:c.end + 15], re.I):
            continue
        corridor = s.corridor(v.start(), allow_sender_only=False)
        if not corridor or corridor[1] != c.value:
            continue
        return [s.fact("payment", v.start(), corridor)]
    return []


_DEMAND_VERB = folded(
    r"\b(?:demand(?:s|ed|ing)?|seek(?:s|ing)?|sought|ask(?:s|ed|ing)?\s+for|want(?:s|ed)?|"
    r"claim(?:s|ed|ing)?|su(?:es|ed|ing)\s+for|call(?:s|ed|ing)?\s+for|press(?:es|ed|ing)?\s+for|request(?:s|ed|ing)?)\b"
)


@gate("compensation", "refund", "reimburs", "money back", "repay", "pay back")
def compensation_claim(s: Sentence) -> list[Fact]:
    """A demand for money over the arrangement that names no amount: "Kigali is seeking compensation"."""
    if any(m.value[0] >= 1000 for m in s.money) or not s.doc.has(_STRICT):
        return []  # an amount is handled with the other money facts
    c = COMPENSATION.search(s.doc.text, s.start, s.end)
    if not c:
        return []
    d = None
    for d in _DEMAND_VERB.finditer(s.doc.text, max(s.start, c.start() - 60), c.start()):
        pass  # the demand verb nearest before the compensation noun
    if d is None or not re.fullmatch(r"[\w\s’'-]{0,40}", s.doc.text[d.end():c.start()]):
        return []
    pos = d.start()
    if s.irrealis(pos, 30) or s.negated(pos, 25):
        return []
    corridor = s.corridor(pos, allow_sender_only=False)
    if not corridor or not corridor[1]:
        return []
    recv = [m for m in s.countries if m.value == corridor[1] and m.role != "nationality" and m.start < pos]
    return [s.fact("compensation_demand", pos, corridor, actor=recv[0].text if recv else None)]
