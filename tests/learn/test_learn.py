"""Training and measuring: the lockbox, grouped folds, reproducible training of the
verifier, and the parse-skipping cascade giving exactly the fully parsed decisions."""

import json
import os
import subprocess
import sys

import pytest

from tcwatch.extract.pipeline import ExtractOptions, decide, extract, propose
from tcwatch.extract.verify import Verifier, shipped, shipped_path
from tcwatch.errors import ModelUnavailable
from tcwatch.learn.splits import data_hash, draw_lockbox, folds, groups, lockbox_ids, shared_gold
from tcwatch.learn.train import fit, examples, train
from tcwatch.model import Document

# A small gold set written for these tests (not from ../shared).
OWN = [
    {"id": "a1", "date": "2025-03-02", "source": "Outlet A", "text": "Seven men were deported to Rwanda by the United States on Friday.",
     "facts": [{"type": "transfer", "sender": "USA", "receiver": "RWA"}]},
    {"id": "a2", "date": "2025-03-09", "source": "Outlet A", "text": "The UK did not send any asylum seekers to Rwanda this year.",
     "facts": []},
    {"id": "b1", "date": "2025-04-01", "source": "Outlet B", "text": "The High Court blocked the flight to Rwanda on Tuesday.",
     "facts": [{"type": "ruling", "sender": "GBR", "receiver": "RWA"}]},
    {"id": "b2", "date": "2025-04-11", "source": "Outlet B", "text": "Amnesty International said the Rwanda plan was cruel and unlawful.",
     "facts": [{"type": "criticism", "sender": "GBR", "receiver": "RWA"}]},
    {"id": "c1", "date": "2025-05-01", "source": "Outlet C", "text": "Ministers plan to deport migrants to Rwanda by the spring.",
     "facts": []},
    {"id": "c2", "date": "2025-05-20", "source": "Outlet C", "text": "Italy and Albania signed an agreement on migrant centres in Albania.",
     "facts": [{"type": "agreement", "sender": "ITA", "receiver": "ALB"}]},
    # a syndicated copy of b1 in another outlet and month: it must share b1's fold
    {"id": "d1", "date": "2025-06-03", "source": "Outlet D", "text": "The High Court blocked the flight to Rwanda on Tuesday.",
     "facts": [{"type": "ruling", "sender": "GBR", "receiver": "RWA"}]},
]


def test_groups_join_outlet_months_and_syndicated_copies():
    """Same outlet and month share a group; a near-duplicate joins it across outlets."""
    g = dict(zip((d["id"] for d in OWN), groups(OWN)))
    assert g["a1"] == g["a2"]  # Outlet A, March
    assert g["b1"] == g["b2"]  # Outlet B, April
    assert g["c1"] == g["c2"] != g["a1"]
    assert g["d1"] == g["b1"]  # the copy in Outlet D, June


def test_folds_keep_groups_whole_and_do_not_depend_on_the_hash_seed():
    """Every group sits in one fold, and the folds are the same in any process."""
    f = folds(OWN, 2)
    g = groups(OWN)
    for i in range(len(OWN)):
        for j in range(len(OWN)):
            if g[i] == g[j]:
                assert f[i] == f[j]
    code = ("import json,sys; from tcwatch.learn.splits import folds; "
            "print(json.dumps(folds(json.load(sys.stdin), 2)))")
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        r = subprocess.run([sys.executable, "-c", code], input=json.dumps(OWN), capture_output=True, text=True, env=env, check=True)
        outs.add(r.stdout.strip())
    assert outs == {json.dumps(f)}


def test_training_is_deterministic_and_the_model_round_trips():
    """Two trainings on the same documents write the same model, which loads back."""
    a, b = train(OWN).to_json(), train(OWN).to_json()
    assert a == b
    v = Verifier.from_json(a)
    assert v.meta["data_sha256"] == data_hash(OWN) and v.meta["documents"] == len(OWN)
    assert v.weights and set(v.thresholds) == {"rule", "trigger"}


def test_a_broken_model_file_is_a_named_error():
    """A model file that is not a model says so, naming the file."""
    with pytest.raises(ModelUnavailable, match="broken.json"):
        Verifier.from_json('{"weights": 3}', "broken.json")


def test_skipping_the_parse_decides_as_the_full_parse_does():
    """Candidates decided from their surface features alone get the fully parsed decision."""
    v = shipped()
    assert v is not None
    texts = [d["text"] for d in OWN] + [
        "A judge blocked the flight to Rwanda, but 30 asylum seekers had already been sent there, the Home Office said.",
        "Rwanda received three British ministers but not one asylum seeker.",
        "The US paid El Salvador $6 million to hold deportees in its prisons, officials said.",
    ]
    for i, text in enumerate(texts):
        doc = Document(id=f"s{i}", date="2025-05-07", text=text)
        assert extract(doc).facts == decide(propose(doc, learned=True), v).facts, text


def test_the_rules_alone_are_one_option_away():
    """learned=False gives the rules' facts, with no verifier."""
    doc = Document(id="r", date="2025-05-07", text="Seven men were deported to Rwanda by the United States on Friday.")
    assert [f.type for f in extract(doc, ExtractOptions(learned=False)).facts] == ["transfer"]


def test_examples_label_candidates_by_type_and_corridor():
    """A candidate is a positive when its document's gold has a fact of its type and corridor."""
    exs = examples(OWN[:2])
    labelled = {(c.fact.type, c.fact.sender, c.fact.receiver): y for c, y in zip(exs[0].proposal.candidates, exs[0].labels)}
    assert labelled[("transfer", "USA", "RWA")] == 1
    assert all(y == 0 for y in exs[1].labels)
    assert fit(exs).weights


def test_training_learns_trigger_candidates_from_those_a_rule_hides():
    """Where a rule found the fact, the trigger word's candidate of the same type and corridor is
    a training example too (labelled from the gold), never a fact of its own."""
    doc = Document(id="s", date="2025-05-07", text="Seven men were deported to Rwanda by the United States on Friday.")
    prop = propose(doc, learned=True, shadows=True)
    assert [(c.fact.type, c.origin) for c in prop.candidates if c.fact.type == "transfer"] == [("transfer", "rule")]
    assert [(c.fact.type, c.origin) for c in prop.shadows] == [("transfer", "trigger")]
    assert prop.shadow_features and not any("rule_has=transfer" in f for f in prop.shadow_features[0])
    exs = examples(OWN[:1])
    assert exs[0].shadow_labels == [1]
    assert [f.type for f in decide(prop, shipped()).facts].count("transfer") == 1  # one fact, not two
    assert not propose(doc, learned=True).shadows  # extraction proposes none


def test_no_trigger_candidate_for_a_sender_alone_outside_third_country_talk():
    """A sentence naming a sending state and no receiver proposes nothing to the verifier,
    unless it speaks of third countries it leaves unnamed."""
    doc = Document(id="x", date="2025-05-07", text="Senators passed a $50bn bill with funds for Israel and for security "
                                                    "on the US-Mexico border, amid a row over migration.")
    assert not [c for c in propose(doc, learned=True).candidates if c.origin == "trigger"]
    doc = Document(id="y", date="2025-05-07", text="The US is paying third countries to take deportees, officials said.")
    assert [c for c in propose(doc, learned=True).candidates if c.fact.receiver is None]


def test_trigger_candidates_are_judged_without_the_words_of_their_story():
    """A trigger word's candidate has no word features (they learn the stories, not the grammar);
    it carries the cues the rules read, as a planned decision's "whether"."""
    from tcwatch.extract.verify import surface_features

    doc = Document(id="w", date="2025-05-07", text="Ministers are preparing for the Supreme Court ruling on whether flights of asylum seekers to Rwanda can go ahead.")
    prop = propose(doc, learned=True)
    trig = [f for c, f in zip(prop.candidates, prop.features) if c.origin == "trigger" and c.fact.type == "ruling"]
    assert trig and not any("|w=" in x for x in trig[0])
    assert "ruling|cue=future" in trig[0] and "!grammar-veto" in trig[0]  # a decision to come is no ruling
    assert not [f for f in extract(doc).facts if f.type == "ruling"]


@pytest.mark.shared
def test_retraining_from_the_gold_files_reproduces_the_shipped_model(shared_dir):
    """`tcwatch train` on dev + train (lockbox out) writes exactly the shipped file."""
    docs, _ = shared_gold(shared_dir)
    shipped_text = shipped_path().read_text(encoding="utf-8")
    assert json.loads(shipped_text)["data_sha256"] == data_hash(docs)
    assert train(docs).to_json() == shipped_text


@pytest.mark.shared
def test_the_lockbox_is_a_fifth_of_train_drawn_with_its_seed(shared_dir):
    """The shipped lockbox ids are what the fixed-seed draw gives, and none is trained on."""
    train_ids = [json.loads(line)["id"] for line in (shared_dir / "data/train/gold.jsonl").read_text().splitlines() if line.strip()]
    assert set(draw_lockbox(train_ids)) == lockbox_ids()
    docs, box = shared_gold(shared_dir)
    assert len(box) == round(len(train_ids) / 5) and not {d["id"] for d in docs} & lockbox_ids()
