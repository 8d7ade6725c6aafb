"""The extractor: a document in, its relevance, facts and mentions out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tcwatch.model import Document, Extraction, Fact, Mention

from . import corridors as cor
from .candidates import Candidate, propose as propose_candidates
from .grammar import parse
from .filter import ABROAD, MIGRATION, is_candidate, relevance
from .people import find_people
from .rules import RULES, DocContext, Sentence
from .sentences import split_sentences
from .verify import Verifier, grammar_features, shipped, surface_features

EXTRACTOR_VERSION = "rules+verifier-0.9"

# each rule is gated by its own cheap keyword test (rules.base.gate)
_HYPOTHETICAL = re.compile(r"[\"“‘']?(?:Imagine|Suppose|Supposing|What\s+if|Picture\s+this)\b")
_AUSTRALIA = re.compile(r"\b(?:Australia|Australian|Nauru|Manus|Papua New Guinea|Canberra|A\$)")


CRITICS_BY_ACTOR = True  # one criticism per corridor and speaker


@dataclass(frozen=True)
class ExtractOptions:
    """Knobs of the extractor (defaults are what the evaluation uses)."""

    prefilter: bool = True  # skip documents that fail :func:`is_candidate`
    mentions: bool = True  # return mentions: countries, and money/people/dates/actors of fact sentences
    dedupe: bool = True  # one fact per (type, corridor) per document, save distinct amounts / courts
    learned: bool = True  # liberal candidates judged by the learned verifier (False: the rules alone)
    verifier: Verifier | None = None  # None: the model shipped with the package


@dataclass
class Proposal:
    """What a document may state, before the verifier decides: its candidates and their features."""

    doc: Document
    relevant: bool
    title_end: int = 0
    sentences: list = field(default_factory=list)
    countries: cor.DocCountries | None = None
    candidates: list[Candidate] = field(default_factory=list)
    features: list[list[str]] = field(default_factory=list)
    decided: list[bool | None] = field(default_factory=list)  # decisions taken without a parse
    unparsed: list[int] = field(default_factory=list)  # candidates still waiting for their grammar
    # training only: trigger candidates hidden by a rule's fact of the same type and corridor
    shadows: list[Candidate] = field(default_factory=list)
    shadow_features: list[list[str]] = field(default_factory=list)


_SPECIFIC = {"unlawful": 3, "unsafe": 3, "lawful": 3, "safe": 3, "allowed": 2, "defeated": 2, "amended": 2, "passed": 2, "blocked": 1, "other": 0}


def _detail(f: Fact) -> int:
    """How much of an event a statement gives: a count, a date of its own, an amount."""
    return (f.people is not None) + (f.date_qualifier != "before") + (f.amount is not None)


def _merge(kept: Fact, dup: Fact) -> Fact:
    """Two statements of one event: keep the first (the second when it says more of the event:
    its evidence is then the sentence that states the figures), filled in from the other."""
    if kept.type in _COUNTED_TYPES and _detail(dup) > _detail(kept):
        kept, dup = dup, kept
    if _SPECIFIC.get(dup.outcome or "", 0) > _SPECIFIC.get(kept.outcome or "", 0):
        kept = dup.with_(date=kept.date, date_qualifier=kept.date_qualifier, people=kept.people,
                         people_qualifier=kept.people_qualifier) if kept.date_qualifier == "before" else kept.with_(outcome=dup.outcome)
    changes = {}
    if kept.date_qualifier == "before" and kept.date == (kept.published or kept.date) and dup.date_qualifier != "before":
        changes.update(date=dup.date, date_qualifier=dup.date_qualifier)
    if kept.people is None and dup.people is not None:
        changes.update(people=dup.people, people_qualifier=dup.people_qualifier)
    if not kept.nationalities and dup.nationalities:
        changes.update(nationalities=dup.nationalities)
    if changes:
        kept = kept.with_(**changes)
    return kept


_LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?:(?:in|to|on|with)\s+)?(?:the\s+)?$")
_LISTABLE = ("talks", "agreement", "termination", "suspension", "denial", "legislation", "criticism", "ruling", "transfer")


def _spread_lists(sent: Sentence, found: list[Fact]) -> list[Fact]:
    """"agreements with El Salvador, Guatemala and Honduras": one fact per listed receiver."""
    if not found:
        return found
    out = list(found)
    ms = [m for m in sent.countries if m.role != "nationality"]
    for f in found:
        if f.type not in _LISTABLE or not f.receiver or not f.sender:
            continue
        idx = [i for i, m in enumerate(ms) if m.value == f.receiver]
        if not idx:
            continue
        chain = {f.receiver}
        for step in (-1, 1):
            i = idx[0]
            while 0 <= i + step < len(ms):
                a, b = (ms[i + step], ms[i]) if step < 0 else (ms[i], ms[i + step])
                if not _LIST_SEP.match(sent.doc.text[a.end : b.start]):
                    break
                i += step
                chain.add(ms[i].value)
        spread = [r for r in sorted(chain - {f.receiver})
                  if (f.sender, r) in cor.PAIRS and not any(g.type == f.type and g.receiver == r for g in out)]
        if spread and f.type == "transfer" and f.people is not None:
            # "deported 20 men to South Sudan, Eswatini and Rwanda": the count is of all, not of each
            out[out.index(f)] = f = f.with_(people=None, people_qualifier="exact")
        out.extend(f.with_(receiver=r) for r in spread)
    return out


def _dedupe(facts: list[Fact]) -> list[Fact]:
    out: list[Fact] = []
    seen: dict = {}
    # a ruling by an unnamed court ("judges", "the court") is the same as a named one
    named = {(f.sender, f.receiver) for f in facts if f.type == "ruling" and _court_key(f.actor)}
    critics = {(f.sender, f.receiver) for f in facts if f.type == "criticism" and _named(f.actor)}
    for f in facts:
        if f.type == "criticism" and f.actor and not _named(f.actor) and (f.sender, f.receiver) in critics:
            continue  # "the ex-minister" is most likely a critic already named
        if f.type == "ruling" and not _court_key(f.actor) and (f.sender, f.receiver) in named:
            for i, k in enumerate(out):
                if k.type == "ruling" and (k.sender, k.receiver) == (f.sender, f.receiver):
                    out[i] = _merge(k, f)
                    break
            continue
        if f.type in ("cost", "payment", "compensation_demand"):
            # amounts within 2% of each other are one figure ("£169k", "nearly £170,000")
            key = (f.type, f.sender, f.receiver, f.currency, round(float(f.amount or 0), -len(str(int(f.amount or 0))) + 2))
        elif f.type == "ruling":
            key = (f.type, f.sender, f.receiver, _court_key(f.actor))
        elif f.type == "criticism" and CRITICS_BY_ACTOR:
            # "David Pocock" and "Pocock" are one critic
            key = (f.type, f.sender, f.receiver, ((f.actor or "").split() or [""])[-1].lower().strip("’'s"))
        else:
            key = (f.type, f.sender, f.receiver)
        if key in seen:
            i = seen[key]
            out[i] = _merge(out[i], f)
            continue
        seen[key] = len(out)
        out.append(f)
    return out


# "the men", "these deportees", "the group": people counted in an earlier sentence
_GROUP_REF = re.compile(
    r"\b(?:the|these|those)\s+(?:\w+\s+){0,2}?(?P<noun>men|women|migrants|deportees|detainees|asylum[- ]seekers|"
    r"refugees|people|prisoners|group|individuals)\b",
    re.IGNORECASE,
)
# "X was deported / was sent to ...": one person
_ONE_MOVED = re.compile(
    r"\bwas\s+(?:\w+\s+)?(?:sent|deported|flown|removed|relocated|transferred|expelled|put on a (?:plane|flight))\b",
    re.IGNORECASE,
)
_COUNTED_TYPES = ("transfer", "ruling", "onward_removal")
# a count of people being moved: "the removal of 261 people", "12 men were deported"
_MOVED_COUNT = re.compile(
    r"\b(?:removals?|deportations?|expulsions?|transfers?|relocations?)\s+of\b|"
    r"\b(?:were|been|being)\s+(?:\w+\s+)?(?:deported|removed|sent|flown|expelled|relocated|transferred)\b",
    re.IGNORECASE,
)


def _people_from_context(text: str, fact: Fact, title_end: int = 0, sentences=()) -> Fact:
    """Fill a missing count of people from the document: a group named earlier with its count
    ("US deports eight men ... a ruling that the men be allowed to contest"), the count the
    description gives for what its title states ("Judge halts deportations" / "... the removal
    of 261 people"), or one person moved ("Journalist X ... was sent to Manus Island")."""
    if fact.type not in _COUNTED_TYPES or fact.people is not None or fact.span is None:
        return fact
    start, end = fact.span.start, fact.span.end
    if title_end and end <= title_end:
        following = [sp for sp in sentences if sp[0] >= title_end]
        if following:
            counts = {m.value for m in find_people(text, following[0][0], following[0][1], singles=False)
                      if _MOVED_COUNT.search(text, max(following[0][0], m.start - 40), min(following[0][1], m.end + 90))}  # a relative clause between
            if len(counts) == 1:
                (n, qualifier), = counts
                return fact.with_(people=n, people_qualifier=qualifier)
    ref = _GROUP_REF.search(text, start, end)
    if ref:
        noun = ref.group("noun").lower().rstrip("s")
        earlier = find_people(text, 0, start, singles=False)
        counts = {m.value for m in earlier if noun in ("group", "people") or noun in m.text.lower()}
        if len(counts) == 1:  # one group counted before: that is the group referred to
            (n, qualifier), = counts
            return fact.with_(people=n, people_qualifier=qualifier)
        return fact
    if fact.type == "transfer" and _ONE_MOVED.search(text, start, end) and not re.search(r"\bwere\b", text[start:end]):
        return fact.with_(people=1, people_qualifier="exact")
    return fact


def _named(actor: str | None) -> bool:
    """A proper name ("Amnesty International", "Yvette Cooper"), not a role ("the ex-minister")."""
    toks = (actor or "").split()
    return any(t[:1].isupper() for t in toks[1:]) or (len(toks) == 1 and toks[0][:1].isupper() and toks[0] not in ("The", "A"))


def _court_key(actor: str | None) -> str:
    a = (actor or "").lower()
    for k in ("supreme", "top court", "appeal", "high court", "european", "strasbourg", "district"):
        if k in a:
            return {"top court": "supreme", "strasbourg": "european"}.get(k, k)
    return ""


def extract(doc: Document, options: ExtractOptions | None = None) -> Extraction:
    """Relevance, facts (with evidence spans) and mentions of one document."""
    return extract_many([doc], options)[0]


def extract_many(docs: list[Document], options: ExtractOptions | None = None) -> list[Extraction]:
    """:func:`extract` of each document, the candidate sentences of all parsed in one batch
    (several times faster than one parse per document)."""
    options = options or ExtractOptions()
    verifier = (options.verifier or shipped()) if options.learned else None
    props = [propose(d, options, learned=verifier is not None, verifier=verifier, parsed=False) for d in docs]
    attach_grammar(props)
    return [decide(p, verifier, options) for p in props]


def propose(doc: Document, options: ExtractOptions | None = None, learned: bool = True,
            verifier: Verifier | None = None, parsed: bool = True, shadows: bool = False) -> Proposal:
    """The cascade up to the verifier: prefilter, sentences, mentions, rules, liberal
    candidates; the sentences holding candidates are parsed (one batch) for their features.
    Given the ``verifier`` that will decide, only the sentences of candidates whose decision
    the grammar could change are parsed (the others are decided in ``Proposal.decided``).
    ``shadows`` (training): also the trigger candidates that rules' facts hide
    (:func:`tcwatch.extract.candidates.propose`), with their features, in ``Proposal.shadows``."""
    options = options or ExtractOptions()
    text = doc.text
    if options.prefilter and not is_candidate(text):
        return Proposal(doc, relevant=False)
    sentences = split_sentences(text)
    title_end = 0
    if "\n\n" in text[:400]:
        title_end = text.index("\n\n")
    elif doc.title and text.startswith(doc.title):
        title_end = len(doc.title)
    dc = cor.doc_countries(text, title_end)
    ctx = DocContext(
        id=doc.id, text=text, pub=doc.date[:10], countries=dc,
        dollar="AUD" if len(_AUSTRALIA.findall(text)) >= 2 else "USD", title_end=title_end,
    )

    # people of the receiver's own nationality being sent there is no third-country transfer
    own = set(dc.nationalities)

    def receivers_in(start: int, end: int) -> bool:
        return any(m.value in cor.RECEIVERS and m.role != "nationality"
                   and m.value not in own for m in dc.within(start, end))

    def paired_in(start: int, end: int) -> bool:
        # a receiver named with a migration deal word, and its sender in the document
        return any(m.value in cor.RECEIVERS and m.role != "nationality" and m.value not in own
                   and any((s, m.value) in cor.PAIRS for s in dc.sender_counts) for m in dc.within(start, end))

    relevant = relevance(text, sentences, receivers_in, paired_in, title_end or (sentences[0][1] if sentences else 0))
    prop = Proposal(doc, relevant, title_end, sentences, dc)
    # rules run on documents that speak of migration, or name a receiver with its sender
    if not (relevant or MIGRATION.search(text) or ABROAD.search(text) or any(
            (s, r) in cor.PAIRS for s in dc.sender_counts for r in dc.receiver_counts)):
        return prop
    for start, end in sentences:
        if _HYPOTHETICAL.match(text, start, end):
            continue
        sent = Sentence(ctx, start, end)
        found: list[Fact] = []
        for rule in RULES:
            found.extend(rule(sent))
        found = _spread_lists(sent, found)
        if any(f.type == "denial" for f in found):
            # what is denied did not happen: "Kigali rejected reports that it had agreed ..."
            found = [f for f in found if f.type not in ("agreement", "talks", "transfer", "payment")]
        if learned:
            prop.candidates.extend(propose_candidates(sent, found, prop.shadows if shadows else None))
        else:
            prop.candidates.extend(Candidate(f, sent, sent.start, "rule") for f in found)
    if learned and prop.candidates:
        prop.features = [surface_features(c) for c in prop.candidates]
        # the cascade's costly stage: parse only the sentences whose candidates the grammar could decide
        if verifier is not None:
            prop.decided = [verifier.decided_without_parse(f, c.fact.type, c.origin)
                            for c, f in zip(prop.candidates, prop.features)]
        prop.unparsed = [i for i in range(len(prop.candidates)) if not prop.decided or prop.decided[i] is None]
        prop.shadow_features = [surface_features(c) for c in prop.shadows]
        if parsed:
            attach_grammar([prop])
    return prop


def attach_grammar(props: list[Proposal]) -> None:
    """Parse, in one batch, the sentences of every proposal's undecided candidates and add
    their grammar features."""
    spans = sorted({(k, prop.candidates[i].sentence.start, prop.candidates[i].sentence.end)
                    for k, prop in enumerate(props) for i in prop.unparsed}
                   | {(k, c.sentence.start, c.sentence.end) for k, prop in enumerate(props) for c in prop.shadows})
    parsed = dict(zip(spans, parse([props[k].doc.text[a:b] for k, a, b in spans])))
    for k, prop in enumerate(props):
        for i in prop.unparsed:
            c = prop.candidates[i]
            prop.features[i] = prop.features[i] + grammar_features(c, parsed[(k, c.sentence.start, c.sentence.end)])
        prop.unparsed = []
        for i, c in enumerate(prop.shadows):
            prop.shadow_features[i] = prop.shadow_features[i] + grammar_features(c, parsed[(k, c.sentence.start, c.sentence.end)])


def decide(prop: Proposal, verifier: Verifier | None, options: ExtractOptions | None = None,
           keep: list[bool] | None = None) -> Extraction:
    """The facts of a proposal: candidates the verifier accepts (all rule facts when there is
    no verifier, or the given ``keep`` flags), merged per event, with provenance."""
    options = options or ExtractOptions()
    doc, text = prop.doc, prop.doc.text
    if keep is None:
        if verifier is None or not prop.features:
            keep = [c.origin == "rule" for c in prop.candidates]
        else:
            decided = prop.decided or [None] * len(prop.candidates)
            keep = [d if d is not None else verifier.accepts(f, c.origin)
                    for c, f, d in zip(prop.candidates, prop.features, decided)]
    kept = [c for c, k in zip(prop.candidates, keep) if k]
    facts = [c.fact for c in kept]
    stated: list[Sentence] = []
    for c in kept:
        if not stated or stated[-1] is not c.sentence:
            stated.append(c.sentence)
    if options.dedupe:
        facts = _dedupe(facts)
    facts = [_people_from_context(text, f, prop.title_end, prop.sentences) for f in facts]
    relevant = prop.relevant or bool(facts)
    facts = [
        f.with_(document_id=doc.id, extractor_version=EXTRACTOR_VERSION, origin="extracted", published=doc.date)
        for f in facts
    ] if relevant else []
    return Extraction(
        document_id=doc.id,
        relevant=relevant,
        facts=tuple(facts),
        mentions=_mentions(text, prop.countries, stated, facts) if options.mentions and prop.countries else (),
    )


def _mentions(text: str, dc: cor.DocCountries, stated: list[Sentence], facts: list[Fact]) -> tuple[Mention, ...]:
    """Countries of the whole document; money, people, dates and actors of the sentences stating facts."""
    out = list(dc.mentions)
    for s in stated:
        out.extend(s.money)
        out.extend(s.people)
        out.extend(s.dates)
    seen = set()
    for f in facts:
        if f.actor and f.span and (f.actor, f.span.start) not in seen:
            i = text.find(f.actor, f.span.start, f.span.end)
            if i >= 0:
                seen.add((f.actor, f.span.start))
                out.append(Mention("actor", f.actor, i, i + len(f.actor), f.actor))
    out.sort(key=lambda m: (m.start, m.end))
    return tuple(out)
