"""What every rule sees: one sentence with its document context, and helpers
to test grammar (modality, negation) and to build facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from tcwatch.model import Fact, Mention, Span

from .. import corridors as cor
from ..dates import find_dates, pick_date
from ..folded import folded
from ..money import find_money
from ..people import find_people
from ..sentences import split_clauses


@dataclass
class DocContext:
    id: str
    text: str
    pub: str
    countries: cor.DocCountries
    dollar: str = "USD"
    title_end: int = 0
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def only_receiver(self) -> str | None:
        """The one receiving state the document speaks of (other than as people's nationality), if one:
        where "the group arrived" or what "it had agreed to receive" refers to."""
        receivers = [r for r in self.countries.receiver_counts if r not in self.countries.nationalities]
        return receivers[0] if len(receivers) == 1 else None

    def has(self, rx: re.Pattern) -> bool:
        """``rx.search(text)`` over the whole document, computed once per document."""
        try:
            return self._memo[rx]
        except KeyError:
            hit = self._memo[rx] = rx.search(self.text) is not None
            return hit


@dataclass
class Sentence:
    doc: DocContext
    start: int
    end: int
    facts: list[Fact] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def has(self, rx: re.Pattern) -> bool:
        """``rx.search`` over the sentence, computed once per sentence."""
        try:
            return self._memo[rx]
        except KeyError:
            hit = self._memo[rx] = rx.search(self.doc.text, self.start, self.end) is not None
            return hit

    @cached_property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_title(self) -> bool:
        return self.start < self.doc.title_end

    @cached_property
    def clauses(self) -> list[tuple[int, int]]:
        return split_clauses(self.doc.text, self.start, self.end)

    def clause_at(self, pos: int) -> tuple[int, int]:
        for c in self.clauses:
            if c[0] <= pos < c[1]:
                return c
        return (self.start, self.end)

    @cached_property
    def countries(self) -> list[Mention]:
        return self.doc.countries.within(self.start, self.end)

    @cached_property
    def nationalities(self) -> tuple[str, ...]:
        out = []
        for m in self.countries:
            if m.role == "nationality" and m.value not in out:
                out.append(m.value)
        return tuple(out)

    @cached_property
    def dates(self) -> list[Mention]:
        return find_dates(self.doc.text, self.doc.pub, self.start, self.end)

    @cached_property
    def money(self) -> list[Mention]:
        return find_money(self.doc.text, self.start, self.end, dollar=self.doc.dollar)

    @cached_property
    def people(self) -> list[Mention]:
        return find_people(self.doc.text, self.start, self.end)

    @cached_property
    def names_pair(self) -> bool:
        """The sentence names a sender and its receiver ("Washington sent seven men to Rwanda")."""
        isos = {m.value for m in self.countries if m.role != "nationality"}
        return any((a, b) in cor.PAIRS for a in isos for b in isos)

    # -- grammar ---------------------------------------------------------

    def before(self, pos: int, width: int = 60) -> str:
        """The text of the clause before ``pos`` (at most ``width`` characters)."""
        lo = max(self.clause_at(pos)[0], pos - width)
        return self.doc.text[lo:pos]

    def after(self, pos: int, width: int = 60) -> str:
        return self.doc.text[pos : min(self.end, pos + width)]

    def irrealis(self, pos: int, width: int = 45) -> bool:
        """True when the verb at ``pos`` is a plan, threat, condition or prediction."""
        seg = self.before(pos, width)
        cut = None
        for cut in _EVENT_SPLIT.finditer(seg):
            pass
        if cut is not None:
            seg = seg[cut.end():]  # "vows to appeal after judges blocked ...": the plan is another event
        for m in IRREALIS.finditer(seg):
            if seg.startswith("May", m.start()):
                continue  # "Theresa May called ...": a name, not the modal
            if m.end() == len(seg) and _FIRST_TO.search(seg):
                continue  # "the latest country to sign", "the first to be flown": done, not planned
            return True
        return False

    def negated(self, pos: int, width: int = 30) -> bool:
        return bool(NEGATION.search(self.before(pos, width)))

    def corridor(self, pos: int, allow_sender_only: bool = True):
        return cor.resolve(self.doc.countries, self.doc.text, self.clause_at(pos), (self.start, self.end),
                           allow_sender_only=allow_sender_only)

    def only_receiver(self) -> str | None:
        """The document's one receiving state (:meth:`DocContext.only_receiver`)."""
        return self.doc.only_receiver

    def date_at(self, pos: int) -> tuple[str, str]:
        lo, hi = self.clause_at(pos)
        # a time expression belongs to its own event: "relocated ... before the scheme was scrapped in July"
        for m in _TIME_SPLIT.finditer(self.doc.text, lo, hi):
            if m.start() < pos:
                lo = max(lo, m.start())
            else:
                hi = min(hi, m.start())
                break
        # "officials said on Sunday that ... had been sent": the date is the saying's; what it
        # reports in the past perfect happened before (a state, "was in talks", keeps the date)
        reported = [m for m in self.dates if m.end <= pos and _SAID_BEFORE.search(self.doc.text, max(self.start, m.start - 30), m.start)
                    and _THAT.search(self.doc.text, m.end, max(pos, hi))]
        inside = [m for m in self.dates if lo <= m.start < hi and m not in reported]
        if inside:
            return pick_date(inside, self.doc.pub, pos, window=10_000)
        return pick_date([m for m in self.dates if m not in reported], self.doc.pub, pos)

    def doc_nationality(self, corridor) -> tuple[str, ...]:
        """The foreign nationalities a document speaks of, if there are few (at most five)."""
        nats = [n for n in self.doc.countries.nationalities if n not in corridor]
        return tuple(nats) if len(nats) <= 5 else ()

    def concerned(self, pos: int, corridor) -> tuple[str, ...]:
        """The nationalities of the people an arrangement moved, for a fact about the arrangement
        (a ruling, a criticism): said in the clause, else the few the document speaks of when
        it speaks of this receiver alone."""
        said = tuple(n for n in self.nationalities_in(pos) if n not in corridor)
        if said or set(self.doc.countries.receiver_counts) - {corridor[1]} - set(self.doc.countries.nationalities):
            return said
        return self.doc_nationality(corridor)

    def nationalities_in(self, pos: int) -> tuple[str, ...]:
        lo, hi = self.clause_at(pos)
        out = []
        for m in self.countries:
            if m.role == "nationality" and lo <= m.start < hi and m.value not in out:
                out.append(m.value)
        return tuple(out)

    def people_near(self, pos: int, window: int = 120) -> Mention | None:
        best = None
        for m in self.people:
            d = abs(m.start - pos)
            if d <= window and (best is None or d < best[0]):
                best = (d, m)
        return best[1] if best else None

    def fact(self, type_: str, pos: int, corridor, **fields) -> Fact:
        date, q = fields.pop("date", None) or self.date_at(pos)
        return Fact(
            type=type_,
            sender=corridor[0],
            receiver=corridor[1],
            date=date,
            date_qualifier=q,
            evidence=self.text,
            span=Span(self.start, self.end),
            published=self.doc.pub,
            **fields,
        )


def gate(*words: str):
    """Run the rule only on sentences containing one of ``words`` (lower case substrings)."""

    def wrap(rule):
        def gated(s: "Sentence"):
            low = s.lower
            for w in words:
                if w in low:
                    return rule(s)
            return []

        gated.__name__ = rule.__name__
        gated.__doc__ = rule.__doc__
        gated.__wrapped__ = rule
        return gated

    return wrap


_EVENT_SPLIT = re.compile(r"\s(?:after|because|as|since|when)\s")
_SAID_BEFORE = re.compile(r"(?i)\b(?:said|says|told|announced|confirmed|reported|added|disclosed|revealed)\s+(?:\w+\s+){0,2}$")
_THAT = re.compile(r"\bthat\b[^.;]*?\bhad\b")
_TIME_SPLIT = re.compile(r"\s(?:before|after|until|since|when|while|once)\s")

# the modal "may", not the month ("in May", "on May 5", "May 2024", "last May") nor Theresa May
MAY = (r"(?<!in\s)(?<!on\s)(?<!of\s)(?<!by\s)(?<!since\s)(?<!last\s)(?<!early\s)(?<!late\s)(?<!mid-)(?<!until\s)"
       r"(?<!from\s)(?<!next\s)(?<!this\s)(?<!end\s)(?<!before\s)(?<!after\s)(?<!during\s)(?<!till\s)(?<!theresa\s)(?<!Theresa\s)(?<!\d\s)(?<!\dth\s)(?<!\dst\s)may(?![\s-]+\d)(?![’']s)")
# "the first (latest, only) country to ...": an infinitive that tells what was done
_FIRST_TO = re.compile(r"(?i)\b(?:first|latest|last|only|second|third|fourth|fifth|newest)\s+(?:[\w’'-]+\s+){0,2}to\s+(?:be\s+|have\s+been\s+)?$")
IRREALIS = folded(
    r"\b(?:will|would|could|might|" + MAY + r"|shall|should|must|can|cannot|won't|wouldn't|couldn't|"
    r"(?:plans?|planned|planning|plot(?:s|ting)?|aims?|aiming|wants?|wanted|hopes?|hoping|intends?|"
    r"intending|expects?|expected|set|due|bid|attempts?|attempted|trying|tries|tried|seeks?|"
    r"seeking|ready|going|threat(?:en)?s?|threatened|pledged?|pledges|promised?|promises|"
    r"vow(?:ed|s)?|prepares?|preparing|poised|likely|able|eligible|proposes|proposed|"
    r"move|moves|moving|push(?:es|ing)?|fight(?:s|ing)?|effort|efforts|bids)\s+to|"
    r"proposal|if|whether|unless|until|ahead\s+of|once|"
    r"calls?\s+for|called\s+for|calling\s+for|urged?|urging|demands?\s+that|"
    r"prospect|chance|hypothetical|risk\s+of|risk\s+that)\b|\bto\s+(?:be\s+|get\s+|have\s+(?:been\s+)?)?$|\bbeing\s+$",
    re.IGNORECASE,
)
NEGATION = folded(
    r"\b(?:not|never|no|none|nobody|no\s+one|n't|neither|nor|yet\s+to|fail(?:ed|s)?\s+to|"
    r"without|refus(?:ed|es|e)\s+to|instead\s+of)\b|n[’']t\b",
    re.IGNORECASE,
)

COURT = re.compile(
    r"(?:(?:[Tt]he\s+)?(?:(?!(?:If|When|As|But|And|After|Before|While|Unless|Once|Should|Although|Though|Because|Since|Until|Whether|Then|So|Now|Yet|Or)\s)"
    r"(?:U\.?S\.?|UK|U\.K\.|Britain[’']s|UK[’']s|country[’']s|[A-Z][a-z]+[’']s|"
    r"European|Italian|Albanian|Australian|Salvadoran|British|American|[Ff]ederal|[Dd]istrict|"
    r"[Aa]ppeals?|[Tt]op|[Hh]igh|[Ss]upreme|[Ll]ower|[Cc]hief|[Ss]enior|[Tt]hree|five|[Aa]nother|"
    r"[Ii]mmigration|[Cc]onstitutional|[Aa]dministrative|[A-Z][a-z]+)\s+){0,3}"
    r"(?:Supreme Court|supreme court|High Court|high court|Court of Appeals?|court of appeals?|"
    r"appeals? court|Appeal Court|Court of Human Rights|court of human rights|European [Cc]ourt|"
    r"top court|Top court|District Court|district court|federal court|[Cc]onstitutional [Cc]ourt|"
    r"[Tt]ribunal|(?:[Aa]ppeals?|[Aa]ppellate|three-judge)\s+panel|[Aa]ppellate\s+court|judges?|Judges?|justices|Justices|[Mm]agistrates?|ECHR|ECtHR|Strasbourg(?:\s+(?:court|judges))?|"
    # courts named in other languages' terms: a chamber of a supreme court, a council of state
    r"(?:[Cc]onstitutional|[Cc]riminal|[Cc]ivil|[Aa]ppeals?|[Gg]rand)\s+[Cc]hamber|Sala\s+(?:IV|Constitucional)|Council\s+of\s+State|Conseil\s+d['’][EÉ]tat|"
    r"[Cc]ourts?)(?:\s+(?:in|of)\s+(?:London|Strasbourg|Justice|Human Rights))?)\b"
    # "court papers", "court filings": documents, not a court deciding
    r"(?!\s+(?:papers|documents|filings?|records|files|fees|dates?|reporters?|transcripts?|officials|staff|clerks?)\b)"
)
