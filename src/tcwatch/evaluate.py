"""Scoring of extractions against a gold file, as ``FACTS.md`` "How a prediction is scored" says.

Per document, predicted facts are matched one to one with gold facts of the same
``type``, ``sender`` and ``receiver`` (``None`` matches only ``None``).  Among
several candidates the matching maximises the number of pairs and then the
agreement of their fields (greedy by field agreement within each group: every
pair of a group is equally valid for the count, so greedy keeps the maximum).

Reported:

- ``overall`` and ``per_type``: precision, recall, F1, tp, fp, fn (micro).
- ``fields``: accuracy over matched pairs.  ``date`` compares value and
  qualifier on every matched pair; ``people``, ``amount`` (with currency),
  ``outcome`` and ``nationalities`` (as a set) are counted on the matched pairs
  where the gold or the predicted fact sets the field (``n`` says how many).
- ``relevance``: precision, recall, F1 of the ``relevant`` flag.
- ``evidence``: share of matched pairs whose predicted evidence overlaps the
  gold evidence in the document text.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from tcwatch.errors import InputError
from tcwatch.model import FACT_TYPES, Document, fact_to_dict

FIELDS = ("date", "people", "amount", "outcome", "nationalities")


def read_gold(path) -> list[dict]:
    """Documents of a gold JSONL file; InputError names the file and line of a bad line."""
    path = Path(path)
    out = []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not valid JSON: {exc.msg}") from exc
            if not isinstance(doc, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object")
            for key in ("id", "date", "text"):
                if not isinstance(doc.get(key), str):
                    raise InputError(f"{path}:{lineno}: missing or non-string {key!r}")
            facts = doc.get("facts", [])
            if not isinstance(facts, list) or not all(isinstance(f, dict) and "type" in f for f in facts):
                raise InputError(f"{path}:{lineno}: 'facts' must be a list of objects with a 'type'")
            out.append(doc)
    return out


def _document(d: dict) -> Document:
    return Document(
        id=str(d["id"]), date=str(d["date"])[:10], text=d["text"], title=d.get("title") or "",
        url=d.get("url"), source=d.get("source"),
    )


def predict(docs: list[dict]) -> list[dict]:
    """Run the extractor over gold-format dicts; prediction dicts ``{"id", "relevant", "facts"}``."""
    from tcwatch.extract import extract_many

    out = []
    for d, ex in zip(docs, extract_many([_document(d) for d in docs])):
        out.append({"id": d["id"], "relevant": ex.relevant, "facts": [fact_to_dict(f) for f in ex.facts]})
    return out


# -- field comparison -------------------------------------------------------

def _q(f: dict, key: str, default: str) -> str:
    return f.get(key) or default


def _field_set(f: dict, name: str) -> bool:
    if name == "people":
        return f.get("people") is not None
    if name == "amount":
        return f.get("amount") is not None
    if name == "outcome":
        return f.get("outcome") is not None
    if name == "nationalities":
        return bool(f.get("nationalities"))
    return True


def _field_equal(g: dict, p: dict, name: str) -> bool:
    if name == "date":
        return g.get("date") == p.get("date") and _q(g, "date_qualifier", "on") == _q(p, "date_qualifier", "on")
    if name == "people":
        return g.get("people") == p.get("people")
    if name == "amount":
        ga, pa = g.get("amount"), p.get("amount")
        same = (ga is None and pa is None) or (ga is not None and pa is not None and abs(float(ga) - float(pa)) < 0.5)
        return same and g.get("currency") == p.get("currency")
    if name == "outcome":
        return g.get("outcome") == p.get("outcome")
    if name == "nationalities":
        return set(g.get("nationalities") or ()) == set(p.get("nationalities") or ())
    raise KeyError(name)


def _agreement(g: dict, p: dict) -> int:
    return sum(_field_equal(g, p, n) for n in FIELDS) + _overlaps_simple(g, p)


def _overlaps_simple(g: dict, p: dict) -> int:
    ge, pe = g.get("evidence") or "", p.get("evidence") or ""
    return int(bool(ge and pe and (ge in pe or pe in ge or ge == pe)))


def _span(text: str, evidence: str) -> tuple[int, int] | None:
    if not evidence:
        return None
    i = text.find(evidence)
    return (i, i + len(evidence)) if i >= 0 else None


def _evidence_overlap(text: str, g: dict, p: dict) -> bool:
    gs, ps = _span(text, g.get("evidence") or ""), _span(text, p.get("evidence") or "")
    if gs and ps:
        return gs[0] < ps[1] and ps[0] < gs[1]
    return bool(_overlaps_simple(g, p))


def match(gold_facts: list[dict], pred_facts: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, predicted index)`` with equal type and corridor."""
    groups: dict[tuple, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, g in enumerate(gold_facts):
        groups[(g.get("type"), g.get("sender"), g.get("receiver"))][0].append(i)
    for j, p in enumerate(pred_facts):
        groups[(p.get("type"), p.get("sender"), p.get("receiver"))][1].append(j)
    pairs = []
    for gi, pj in groups.values():
        if not gi or not pj:
            continue
        cands = sorted(
            ((_agreement(gold_facts[i], pred_facts[j]), -i, -j, i, j) for i in gi for j in pj),
            reverse=True,
        )
        used_g, used_p = set(), set()
        for _, _, _, i, j in cands:
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(gold: list[dict], predictions: list[dict]) -> dict:
    """The report (a plain dict) of ``predictions`` against ``gold`` (matched by document id)."""
    by_id = {p["id"]: p for p in predictions}
    counts = defaultdict(lambda: [0, 0, 0])  # type -> tp, fp, fn
    field_hits = {n: [0, 0] for n in FIELDS}
    ev_hits = ev_n = 0
    rel = [0, 0, 0]  # tp fp fn
    for g in gold:
        p = by_id.get(g["id"], {"relevant": False, "facts": []})
        gf, pf = g.get("facts") or [], p.get("facts") or []
        g_rel, p_rel = bool(g.get("relevant", bool(gf))), bool(p.get("relevant"))
        rel[0] += g_rel and p_rel
        rel[1] += p_rel and not g_rel
        rel[2] += g_rel and not p_rel
        pairs = match(gf, pf)
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        for i, j in pairs:
            counts[gf[i]["type"]][0] += 1
            for n in FIELDS:
                if n == "date" or _field_set(gf[i], n) or _field_set(pf[j], n):
                    field_hits[n][1] += 1
                    field_hits[n][0] += _field_equal(gf[i], pf[j], n)
            ev_n += 1
            ev_hits += _evidence_overlap(g["text"], gf[i], pf[j])
        for i, f in enumerate(gf):
            if i not in matched_g:
                counts[f["type"]][2] += 1
        for j, f in enumerate(pf):
            if j not in matched_p:
                counts[f.get("type")][1] += 1
    tp = sum(c[0] for c in counts.values())
    fp = sum(c[1] for c in counts.values())
    fn = sum(c[2] for c in counts.values())
    order = [t for t in FACT_TYPES if t in counts] + sorted(t for t in counts if t not in FACT_TYPES and t)
    return {
        "documents": len(gold),
        "overall": _prf(tp, fp, fn),
        "per_type": {t: {**_prf(*counts[t]), "gold": counts[t][0] + counts[t][2]} for t in order},
        "fields": {n: {"accuracy": round(h / c, 4) if c else None, "n": c} for n, (h, c) in field_hits.items()},
        "relevance": {k: v for k, v in _prf(*rel).items() if k in ("precision", "recall", "f1")},
        "evidence": {"overlap": round(ev_hits / ev_n, 4) if ev_n else None, "n": ev_n},
    }


def evaluate_file(path) -> dict:
    """Read a gold file, run the extractor over it and score it."""
    gold = read_gold(path)
    return score(gold, predict(gold))


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def format_report(report: dict) -> str:
    """An aligned plain-text table of a :func:`score` report."""
    lines = [f"documents: {report['documents']}", ""]
    head = ("type", "gold", "tp", "fp", "fn", "precision", "recall", "f1")
    rows = [head]
    for t, r in report["per_type"].items():
        rows.append((t, r["gold"], r["tp"], r["fp"], r["fn"], r["precision"], r["recall"], r["f1"]))
    o = report["overall"]
    rows.append(("OVERALL", o["tp"] + o["fn"], o["tp"], o["fp"], o["fn"], o["precision"], o["recall"], o["f1"]))
    lines += _table(rows, sep_before_last=True)
    lines.append("")
    rows = [("field", "accuracy", "n")]
    for n, r in report["fields"].items():
        rows.append((n, r["accuracy"], r["n"]))
    lines += _table(rows)
    lines.append("")
    rel = report["relevance"]
    rows = [("relevance", "precision", "recall", "f1"), ("", rel["precision"], rel["recall"], rel["f1"])]
    lines += _table(rows)
    ev = report["evidence"]
    lines.append("")
    lines.append(f"evidence overlap: {_fmt(ev['overlap'])} (n={ev['n']})")
    return "\n".join(lines)


def _table(rows, sep_before_last: bool = False) -> list[str]:
    cells = [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    out = []
    for k, r in enumerate(cells):
        line = "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        out.append(line.rstrip())
        if k == 0 or (sep_before_last and k == len(cells) - 2):
            out.append("  ".join("-" * w for w in widths))
    return out
