"""Grouped K-fold cross-validation over the development gold (dev + train minus the
lockbox), with the verifier retrained on each fold's complement, and the one-time
lockbox score.

The cascade up to the verifier is run once per document (it does not learn); each fold
then fits a verifier on the other folds' candidates and decides its own documents.  The
report pools the predictions of all folds (micro-averaged, as :func:`tcwatch.evaluate.score`
does for one file), gives each fold's F1, and the rules-alone baseline on the same
documents in the same run.
"""

from __future__ import annotations

from tcwatch.evaluate import score
from tcwatch.extract.pipeline import decide
from tcwatch.model import fact_to_dict

from .splits import folds
from .train import C, SEED, examples, fit


def _prediction(ex, verifier) -> dict:
    out = decide(ex.proposal, verifier)
    return {"id": ex.doc["id"], "relevant": out.relevant, "facts": [fact_to_dict(f) for f in out.facts]}


def cross_validate(docs: list[dict], k: int = 5, c: float = C, thresholds: dict | None = None,
                   seed: int = SEED) -> dict:
    """The pooled report of grouped ``k``-fold CV, per-fold F1, and the rules-alone baseline."""
    fold_of = folds(docs, k, seed)
    exs = examples(docs)
    preds, per_fold = [], []
    for f in range(k):
        train = [e for e, g in zip(exs, fold_of) if g != f]
        test = [e for e, g in zip(exs, fold_of) if g == f]
        v = fit(train, c, thresholds, seed)
        fp = [_prediction(e, v) for e in test]
        preds += fp
        r = score([e.doc for e in test], fp)
        per_fold.append({"fold": f, "documents": len(test), "f1": r["overall"]["f1"],
                         "precision": r["overall"]["precision"], "recall": r["overall"]["recall"]})
    report = score(docs, preds)
    report["cv"] = {"k": k, "seed": seed, "C": c, "thresholds": v.thresholds, "folds": per_fold}
    report["rules_alone"] = score(docs, [_prediction(e, None) for e in exs])["overall"]
    return report


def score_lockbox(dev_docs: list[dict], lockbox: list[dict], c: float = C, thresholds: dict | None = None,
                  seed: int = SEED) -> dict:
    """The lockbox's score: a verifier trained on all development documents decides it."""
    v = fit(examples(dev_docs), c, thresholds, seed)
    exs = examples(lockbox)
    report = score(lockbox, [_prediction(e, v) for e in exs])
    report["rules_alone"] = score(lockbox, [_prediction(e, None) for e in exs])["overall"]
    return report
