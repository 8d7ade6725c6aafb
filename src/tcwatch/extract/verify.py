"""The learned verifier: accept or reject each candidate fact from its grammar and words.

A candidate (:mod:`.candidates`) is described by sparse string features: its type, who
proposed it (a rule or a trigger word), what the dependency parse says about its trigger
(negation, modality, condition, reported speech, voice, tense, subject), the lemmas of
its sentence, where the sentence stands (title or body) and how its corridor was found.
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
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from tcwatch.errors import ModelUnavailable

from .candidates import Candidate
from .grammar import event

MODEL_FILE = "verifier.json"
VETO = "!grammar-veto"
THRESHOLDS = {"rule": 0.1, "trigger": 0.7}  # chosen by grouped 5-fold CV over dev + train (lockbox out)
_CONTENT_POS = frozenset(("NOUN", "VERB", "ADJ", "PROPN", "ADV", "NUM"))
_GENERIC = ("negated", "modal", "conditional", "reported", "question", "tense=future", "tense=modal",
            "tense=infinitive", "tense=noun", "tense=past", "tense=perfect", "tense=present", "passive")


def features(c: Candidate, sdoc) -> list[str]:
    """The features of candidate ``c``; ``sdoc`` is the parse of its sentence (or None)."""
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
    if sdoc is not None:
        g = event(sdoc, c.pos - c.sentence.start)
        if g is not None and c.origin == "trigger" and (
                g.modal or g.conditional or g.question or (g.negated and c.fact.type != "denial")):
            out.append(VETO)  # FACTS.md: plans, conditions, questions and negated events are no facts
        if g is not None:
            for f in g.as_features():
                out.append(f"{t}|{f}")
                if f in _GENERIC:
                    out.append(f"*|{f}|{c.origin}")
        seen = set()
        for tok in sdoc:
            if tok.pos_ in _CONTENT_POS and tok.is_alpha:
                lemma = tok.lemma_.lower()
                if lemma not in seen:
                    seen.add(lemma)
                    out.append(f"{t}|w={lemma}")
                    out.append(f"{c.origin}|w={lemma}")
    return out


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
