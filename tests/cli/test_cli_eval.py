"""`tcwatch eval` (a file, --cv, --lockbox) and `tcwatch train`: exit codes and output."""

import json

import pytest


def test_eval_needs_exactly_one_thing_to_score(run_cli):
    """No gold file and no --cv is a usage error (exit 2) that says what to give."""
    r = run_cli("eval")
    assert r.exit_code == 2 and "--cv" in r.output


def test_eval_names_a_missing_shared_folder(run_cli, tmp_path):
    """--cv on a folder without the gold files exits 1 naming the folder."""
    r = run_cli("eval", "--cv", "5", "--shared", tmp_path)
    assert r.exit_code == 1 and str(tmp_path) in r.output and "gold.jsonl" in r.output


def test_eval_scores_a_gold_file_written_here(run_cli, tmp_path):
    """A gold file of our own is scored: a transfer found, a planned one not."""
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "1", "date": "2025-03-02", "text": "Seven men were deported to Rwanda by the United States on Friday.",
         "relevant": True, "facts": [{"type": "transfer", "sender": "USA", "receiver": "RWA"}]},
        {"id": "2", "date": "2025-03-02", "text": "Ministers plan to deport migrants to Rwanda by the spring.",
         "relevant": True, "facts": []},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = run_cli("eval", gold, "--json")
    assert r.exit_code == 0
    report = json.loads(r.output)
    assert report["overall"]["tp"] == 1 and report["overall"]["fp"] == 0


@pytest.mark.shared
def test_train_check_reproduces_the_shipped_model(run_cli, shared_dir):
    """`tcwatch train --check` retrains from the gold files and finds the shipped file identical."""
    r = run_cli("train", "--check", "--shared", shared_dir)
    assert r.exit_code == 0, r.output
    assert "reproduced exactly" in r.output


@pytest.mark.shared
def test_cv_prints_folds_and_the_rules_alone(run_cli, shared_dir):
    """`tcwatch eval --cv 3` prints the pooled table, each fold's F1 and the rules-alone figure."""
    r = run_cli("eval", "--cv", "3", "--shared", shared_dir)
    assert r.exit_code == 0, r.output
    assert "OVERALL" in r.output and "3 folds grouped by outlet and month" in r.output and "rules alone" in r.output
