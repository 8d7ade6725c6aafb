"""The learned verifier: accept or reject each candidate fact from its grammar and words.

A candidate (:mod:`.candidates`) is described by sparse string features: its type, who
proposed it (a rule or a trigger word), what the dependency parse says about its trigger
(negation, modality, condition, reported speech, voice, tense, subject), the cues the rules
read (a plan, a negation, a decision to come), where the sentence stands (title or body), how
its corridor was found, and, for a rule's candidate only, the words of its sentence.
A logistic regression over those features, trained on the gold files by
``tcwatch train`` (:mod:`tcwatch.learn.train`), gives the probability that the candidate
is a fact; those at or above the model's threshold are kept.

The shipped model (``model/verifier.json``) holds the weights, the threshold, and the
SHA-256 of the documents it was trained on.  Applying it is a dot product: nothing is
trained or downloaded at run time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tcwatch.errors import ModelUnavailable

from .candidates import Candidate
from .grammar import PEOPLE, SCHEME, event
from .rules.courts import FUTURE

MODEL_FILE = "verifier.json"
VETO = "!grammar-veto"
RULED_ON = SCHEME | PEOPLE | frozenset("appeal challenge case injunction order bid claim ruling decision ban "
                                      "government secretary it them".split())
MOVED = frozenset(("transfer", "onward_removal"))  # facts of people moved: vetoed, whoever proposed them, when nobody was
THRESHOLDS = {"rule": 0.1, "trigger": 0.9}  # chosen by grouped 5-fold CV over dev + train (lockbox out)
_GENERIC = frozenset(("negated", "modal", "conditional", "reported", "question", "tense=future", "tense=modal",
                      "tense=infinitive", "tense=noun", "tense=past", "tense=perfect", "tense=present", "passive"))


_WORD = re.compile(r"[a-z][a-z'’-]+")
_STOP = frozenset("the a an and or of to in on at by for with from as is are was were be been being has have had "
                  "it its this that these those their his her they he she we our you your which who whom whose "
                  "than then there here also but not no so if into over about after before under more most "
                  "said says say will would could can may might should".split())


def surface_features(c: Candidate) -> list[str]:
    """The features of candidate ``c`` that need no parse: type, origin, trigger, corridor, the
    rules' cues (plan, negation, a decision to come), and for a rule's candidate the words of its sentence."""
    t = c.fact.type
    out = [f"T={t}", f"{t}|origin={c.origin}"]
    trig = c.sentence.doc.text[c.pos : c.pos + 6].lower()
    out.append(f"{t}|stem={trig}")
    out += [f"{t}|rule_has={r}" for r in sorted(c.rule_types) if r != t]
    if c.sentence.is_title:
        out.append(f"{t}|title")
    if c.fact.sender is None:
        out.append(f"{t}|sender_null")
    if c.fact.receiver is None:
        out.append(f"{t}|receiver_null")
    if c.sentence.names_pair:
        out.append(f"{t}|pair_named")
    # the cues the rules read off the words: a plan or prediction, a negation, a decision to come
    cues = []
    if c.sentence.irrealis(c.pos):
        cues.append("irrealis")
    if c.sentence.negated(c.pos):
        cues.append("negated")
    if t == "ruling" and FUTURE.search(c.sentence.doc.text, c.sentence.start, c.sentence.end):
        cues.append("future")
    out += [f"{t}|cue={k}" for k in cues]
    if cues and c.origin == "trigger" and t not in ("criticism", "denial"):
        out.append(VETO)  # what a rule would not state, a trigger word does not either (a criticism is the saying)
    if c.origin == "trigger":
        # a trigger word's candidate is judged on its grammar and cues, not on the words around it:
        # with a few hundred documents, words learn the stories ("court" + "Rwanda" = a ruling)
        return out
    for w in dict.fromkeys(_WORD.findall(c.sentence.lower)):
        if w not in _STOP:
            out.append(f"{t}|w={w}")
            out.append(f"{c.origin}|w={w}")
    return out


def grammar_features(c: Candidate, sdoc) -> list[str]:
    """The features the dependency parse ``sdoc`` of the candidate's sentence gives (``g:`` names)."""
    g = event(sdoc, c.pos - c.sentence.start) if sdoc is not None else None
    if g is None:
        return []
    t = c.fact.type
    out = []
    if c.origin == "trigger" and (g.conditional or g.question or (
            t not in ("criticism", "denial") and (g.modal or g.negated))):
        # FACTS.md: plans, conditions, questions and negated events are no facts (a criticism
        # is the saying, whatever mood its words are in)
        out.append(VETO)
    elif t == "ruling" and c.origin == "trigger" and g.patient and not g.patient_proper and g.patient not in RULED_ON:
        out.append(VETO)  # a court that "convicted a former minister" decided something else
    elif t in MOVED and g.people_negated:
        out.append(VETO)  # "received three ministers but not one asylum seeker": nobody was moved
    for f in g.as_features():
        out.append(f"{t}|g:{f}")
        if f in _GENERIC:
            out.append(f"*|g:{f}|{c.origin}")
    return out


def features(c: Candidate, sdoc) -> list[str]:
    """All the features of candidate ``c``; ``sdoc`` is the parse of its sentence (or None)."""
    return surface_features(c) + grammar_features(c, sdoc)


@dataclass
class Verifier:
    """A logistic regression over candidate features."""

    weights: dict[str, float]
    bias: float
    # the probability a candidate needs, by who proposed it: a rule's fact is kept unless the
    # verifier is nearly sure it is wrong; a trigger word's needs clear evidence
    thresholds: dict[str, float] = field(default_factory=lambda: dict(THRESHOLDS))
    meta: dict = field(default_factory=dict)

    def probability(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, feats: list[str], origin: str) -> bool:
        if VETO in feats:
            return False
        return self.probability(feats) >= self.thresholds.get(origin, 0.5)

    def decided_without_parse(self, surface: list[str], type_: str, origin: str) -> bool | None:
        """The decision on a candidate from its surface features alone, when no parse could
        change it (True: accepted whatever the grammar; False: rejected), else None.

        Exact: the grammar adds at most the sum of its positive weights for this type and
        origin, and at least the sum of its negative ones; a veto only rejects (trigger
        candidates, and any candidate of people moved)."""
        if VETO in surface:
            return False
        lo, hi = self._grammar_range(type_, origin)
        th = self.thresholds.get(origin, 0.5)
        if th <= 0.0 or th >= 1.0:
            return None
        cut = math.log(th / (1.0 - th))
        z = self.bias + sum(self.weights.get(f, 0.0) for f in surface)
        if z + hi < cut:
            return False
        if origin != "trigger" and type_ not in MOVED and z + lo >= cut:
            return True
        return None

    def _grammar_range(self, type_: str, origin: str) -> tuple[float, float]:
        """The least and the most the grammar features can add to a candidate's score.

        A parse gives at most one value per category ("tense=", "subj=", "lemma=", ...) and
        each flag once, so the bound takes the extreme weight of each category."""
        key = (type_, origin)
        cache = self.__dict__.setdefault("_ranges", {})
        if key not in cache:
            lows: dict[str, float] = {}
            highs: dict[str, float] = {}
            for f, w in self.weights.items():
                if f.startswith(f"{type_}|g:"):
                    name = f[len(type_) + 3 :]
                elif f.startswith("*|g:") and f.endswith(f"|{origin}"):
                    name = "*" + f[4 : -len(origin) - 1]
                else:
                    continue
                cat = name.split("=", 1)[0] + "=" if "=" in name else name
                lows[cat] = min(lows.get(cat, 0.0), w)
                highs[cat] = max(highs.get(cat, 0.0), w)
            cache[key] = (sum(lows.values()), sum(highs.values()))
        return cache[key]

    def to_json(self) -> str:
        body = {**self.meta, "thresholds": self.thresholds, "bias": self.bias,
                "weights": dict(sorted(self.weights.items()))}
        return json.dumps(body, indent=0, sort_keys=False, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str = "verifier model") -> "Verifier":
        try:
            body = json.loads(text)
            weights = {str(k): float(v) for k, v in body.pop("weights").items()}
            bias = float(body.pop("bias"))
            thresholds = {str(k): float(v) for k, v in body.pop("thresholds").items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelUnavailable(f"{where}: not a verifier model: {exc}") from exc
        return cls(weights, bias, thresholds, body)


_shipped: Verifier | None = None


def shipped_path() -> Path:
    return Path(str(resources.files(__package__).joinpath("model", MODEL_FILE)))


def shipped() -> Verifier | None:
    """The verifier that ships with the package (None when no model file is there)."""
    global _shipped
    if _shipped is None:
        path = shipped_path()
        if not path.exists():
            return None
        _shipped = Verifier.from_json(path.read_text(encoding="utf-8"), str(path))
    return _shipped
