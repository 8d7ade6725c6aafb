"""Training the verifier from gold files (``tcwatch train``), reproducibly.

Every gold document is run through the cascade up to the verifier
(:func:`tcwatch.extract.pipeline.propose`); each candidate is labelled 1 when the
document's gold facts hold one of the same type and corridor, else 0; a logistic
regression (scikit-learn, liblinear, L2, fixed seed) is fitted on the binary features.
The model file records the SHA-256 of the training documents, the settings and the
extractor version, so that ``tcwatch train`` on the same gold files writes the same file.
"""

from __future__ import annotations

from dataclasses import dataclass

from tcwatch.evaluate import _document
from tcwatch.extract.pipeline import EXTRACTOR_VERSION, ExtractOptions, Proposal, propose
from tcwatch.extract.verify import THRESHOLDS, Verifier

from .splits import data_hash

SEED = 0
C = 0.5
SHADOWS = True  # learn trigger candidates from the ones rules' facts hide too (candidates.propose)
DIGITS = 6  # weights are rounded so that the file is the same on every machine


@dataclass
class Example:
    """A gold document's proposal and the label of each of its candidates."""

    doc: dict
    proposal: Proposal
    labels: list[int]
    shadow_labels: tuple[int, ...] | list[int] = ()  # of ``proposal.shadows``


def examples(docs: list[dict]) -> list[Example]:
    """Proposals of ``docs`` (parsed once) with their candidates' labels."""
    out = []
    opts = ExtractOptions(mentions=False)
    for d in docs:
        prop = propose(_document(d), opts, learned=True, shadows=SHADOWS)
        gold = {(f.get("type"), f.get("sender"), f.get("receiver")) for f in d.get("facts") or ()}
        labels = [int((c.fact.type, c.fact.sender, c.fact.receiver) in gold) for c in prop.candidates]
        shadow_labels = [int((c.fact.type, c.fact.sender, c.fact.receiver) in gold) for c in prop.shadows]
        out.append(Example(d, prop, labels, shadow_labels))
    return out


def fit(exs: list[Example], c: float = C, thresholds: dict | None = None, seed: int = SEED) -> Verifier:
    """A verifier fitted on the candidates of ``exs``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, ys = [], []
    for ex in exs:
        for feats, y in zip(ex.proposal.features, ex.labels):
            rows.append(dict.fromkeys(feats, 1))
            ys.append(y)
        for feats, y in zip(ex.proposal.shadow_features, ex.shadow_labels):
            rows.append(dict.fromkeys(feats, 1))
            ys.append(y)
    if not rows or len(set(ys)) < 2:
        return Verifier({}, 0.0, dict(thresholds or THRESHOLDS), {"note": "no candidates of both labels to learn from"})
    vec = DictVectorizer()
    x = vec.fit_transform(rows).tocsr()
    x.indices = x.indices.astype("int32")  # liblinear takes 32-bit indices only
    x.indptr = x.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=1000)
    model.fit(x, ys)
    weights = {}
    for name, w in zip(vec.get_feature_names_out(), model.coef_[0]):
        w = round(float(w), DIGITS)
        if w:
            weights[str(name)] = w
    return Verifier(weights, round(float(model.intercept_[0]), DIGITS), dict(thresholds or THRESHOLDS))


def train(docs: list[dict], c: float = C, thresholds: dict | None = None, seed: int = SEED) -> Verifier:
    """The verifier trained on ``docs``, with the provenance of its training data."""
    exs = examples(docs)
    v = fit(exs, c, thresholds, seed)
    n_cand = sum(len(e.labels) for e in exs)
    v.meta = {
        "model": "tcwatch candidate verifier: logistic regression (liblinear, L2) over binary features",
        "extractor_version": EXTRACTOR_VERSION,
        "data_sha256": data_hash(docs),
        "documents": len(docs),
        "candidates": n_cand,
        "positives": sum(sum(e.labels) for e in exs),
        "C": c,
        "seed": seed,
        **{k: v for k, v in v.meta.items()},
    }
    return v
