"""The bundled file carries every figure of ../shared/data/reference-deals.yaml in its own words."""

from __future__ import annotations

import re

import pytest
import yaml

from tcwatch.reference import reference_path

pytestmark = pytest.mark.shared


def _words(text):
    return re.findall(r"\w+", (text or "").lower())


def _shingles(text, n=8):
    w = _words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


@pytest.fixture(scope="module")
def both(shared_dir):
    src = yaml.safe_load((shared_dir / "data" / "reference-deals.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load(reference_path().read_text(encoding="utf-8"))
    return src, own


def test_same_figures(both):
    src, own = both
    assert [c["id"] for c in src["corridors"]] == [c["id"] for c in own["corridors"]]
    for a, b in zip(src["corridors"], own["corridors"]):
        assert (a["sender"], a["receiver"], a["status"]) == (b["sender"], b["receiver"], b["status"])
        assert len(a["events"]) == len(b["events"])
        for ea, eb in zip(a["events"], b["events"]):
            assert str(ea["date"]) == eb["date"] and ea["type"] == eb["type"]
            assert ea["sources"] == eb["sources"]
            assert bool(ea.get("uncertain")) == bool(eb.get("uncertain"))
            assert ea.get("receiver") == eb.get("receiver")
            assert ea.get("money_ids") == eb.get("money_ids")
            if "people" in ea:
                assert ea["people"].get("count") == eb["people"]["count"]
                assert ea["people"].get("nationalities", []) == eb["people"].get("nationalities", [])
        assert len(a.get("money") or []) == len(b.get("money") or [])
        for ma, mb in zip(a.get("money") or [], b.get("money") or []):
            for k in ("id", "amount", "currency", "kind", "sources", "date_precision"):
                assert ma[k] == mb[k], (ma["id"], k)
            assert str(ma["date"]) == mb["date"]
            assert bool(ma.get("per_person")) == bool(mb.get("per_person"))
            assert bool(ma.get("uncertain")) == bool(mb.get("uncertain"))
        pa, pb = a.get("people_totals") or [], b.get("people_totals") or []
        assert [(p.get("count"), p.get("sources")) for p in pa] == [(p.get("count"), p.get("sources")) for p in pb]


def test_own_wording(both):
    """No summary, note, scope or purpose shares a run of eight words with the source's.

    (Names are left out: an official title such as "Migration and Economic
    Development Partnership" is the same in any wording.)"""
    src, own = both

    def texts(c):
        yield (c.get("scope"),)
        for e in c["events"]:
            yield e.get("summary"), e.get("note"), (e.get("people") or {}).get("note")
        for m in c.get("money") or []:
            yield m.get("purpose"), m.get("note")
        for p in c.get("people_totals") or []:
            yield (p.get("note"),)
        for m in c.get("metrics") or []:
            yield (m.get("note"),)
        yield tuple(c.get("notes") or ())

    bad = []
    for a, b in zip(src["corridors"], own["corridors"]):
        theirs = set()
        for group in texts(a):
            for t in group:
                theirs |= _shingles(t)
        for group in texts(b):
            for t in group:
                if t:
                    common = _shingles(t) & theirs
                    bad.append((b["id"], t, sorted(common)[:2])) if common else None
    assert not bad, bad
