import json

import pytest

from tcwatch.errors import InputError
from tcwatch.evaluate import evaluate_file, format_report, match, predict, read_gold, score


def _doc(id_, facts, relevant=True, text="Alpha sentence. Beta sentence. Gamma sentence."):
    return {"id": id_, "date": "2024-01-10", "text": text, "relevant": relevant, "facts": facts}


def _f(type_, s="GBR", r="RWA", **kw):
    return {"type": type_, "sender": s, "receiver": r, **kw}


def test_perfect_score():
    gold = [_doc("a", [_f("ruling", outcome="blocked", evidence="Alpha sentence.", date="2024-01-10", date_qualifier="before")])]
    rep = score(gold, [{"id": "a", "relevant": True, "facts": gold[0]["facts"]}])
    assert rep["overall"]["f1"] == 1.0
    assert rep["fields"]["date"] == {"accuracy": 1.0, "n": 1}
    assert rep["fields"]["outcome"]["accuracy"] == 1.0
    assert rep["evidence"] == {"overlap": 1.0, "n": 1}
    assert rep["relevance"]["precision"] == 1.0


def test_corridor_must_match_and_null_only_matches_null():
    gold = [_doc("a", [_f("ruling", "USA", None)])]
    pred = [{"id": "a", "relevant": True, "facts": [_f("ruling", "USA", "SLV")]}]
    rep = score(gold, pred)
    assert rep["overall"]["tp"] == 0 and rep["overall"]["fp"] == 1 and rep["overall"]["fn"] == 1


def test_one_to_one_and_field_choice():
    gold_facts = [_f("cost", amount=100, currency="GBP"), _f("cost", amount=200, currency="GBP")]
    pred_facts = [_f("cost", amount=200, currency="GBP"), _f("cost", amount=100, currency="GBP"), _f("cost", amount=5, currency="GBP")]
    pairs = match(gold_facts, pred_facts)
    assert sorted(pairs) == [(0, 1), (1, 0)]
    rep = score([_doc("a", gold_facts)], [{"id": "a", "relevant": True, "facts": pred_facts}])
    assert rep["overall"]["tp"] == 2 and rep["overall"]["fp"] == 1
    assert rep["fields"]["amount"]["accuracy"] == 1.0
    assert rep["per_type"]["cost"]["precision"] == pytest.approx(2 / 3, abs=1e-3)


def test_fields_and_defaults():
    g = _f("transfer", date="2024-01", people=3, nationalities=["SYR", "IRQ"], evidence="Beta sentence.")
    p = _f("transfer", date="2024-01", date_qualifier="on", people=4, nationalities=["IRQ", "SYR"], evidence="Gamma sentence.")
    rep = score([_doc("a", [g])], [{"id": "a", "relevant": True, "facts": [p]}])
    assert rep["fields"]["date"]["accuracy"] == 1.0  # a missing qualifier is "on"
    assert rep["fields"]["people"]["accuracy"] == 0.0
    assert rep["fields"]["nationalities"]["accuracy"] == 1.0
    assert rep["evidence"]["overlap"] == 0.0


def test_relevance_and_missing_prediction():
    gold = [_doc("a", [], relevant=True), _doc("b", [], relevant=False), _doc("c", [_f("talks")])]
    rep = score(gold, [{"id": "b", "relevant": True, "facts": []}])
    assert rep["relevance"]["precision"] == 0.0 and rep["relevance"]["recall"] == 0.0
    assert rep["overall"]["fn"] == 1
    assert rep["documents"] == 3


def test_read_gold_errors(tmp_path):
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps(_doc("a", [])) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.jsonl:3"):
        read_gold(p)
    p.write_text(json.dumps({"id": "x", "text": "t"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r":1: .*'date'"):
        read_gold(p)
    with pytest.raises(InputError):
        read_gold(tmp_path / "missing.jsonl")


def test_predict_and_evaluate_file(tmp_path):
    text = "Court blocks Rwanda flight\n\nThe High Court blocked the first asylum flight to Rwanda on Monday."
    doc = {"id": "d1", "date": "2024-01-10", "text": text, "relevant": True,
           "facts": [_f("ruling", outcome="blocked", date="2024-01-08")]}
    preds = predict([doc])
    assert preds[0]["id"] == "d1" and preds[0]["relevant"] is True
    for f in preds[0]["facts"]:
        assert f["evidence"] in text
    p = tmp_path / "g.jsonl"
    p.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    rep = evaluate_file(p)
    assert rep["overall"]["tp"] == 1
    out = format_report(rep)
    assert "OVERALL" in out and "ruling" in out and "relevance" in out
    lines = [l for l in out.splitlines() if l.startswith(("ruling", "OVERALL"))]
    assert len({len(l) for l in lines}) == 1  # aligned columns
