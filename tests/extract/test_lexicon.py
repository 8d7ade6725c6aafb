"""The rules' word lists (``tcwatch/extract/lexicons/*.txt``) as the package ships them."""

from importlib import resources

import pytest

from tcwatch.extract import lexicon as lx
from tcwatch.extract.rules.criticism import CRIT_VERB, NEGATIVE
from tcwatch.extract.rules.courts import DECISION
from tcwatch.extract.rules.transfers import MOVE

NAMES = sorted(p.name[:-4] for p in resources.files("tcwatch.extract").joinpath("lexicons").iterdir()
               if p.name.endswith(".txt"))


def test_every_rule_lexicon_ships_with_the_package():
    assert {"criticism_verbs", "judgements", "migration_words", "denials", "moves", "decisions"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_lexicon_is_a_list_of_expressions_without_comments_or_blanks(name):
    entries = lx.entries(name)
    assert len(entries) >= 10 or name == "denials"
    assert all(e and not e.startswith("#") and e == e.strip() for e in entries)
    assert len(set(entries)) == len(entries), "an entry listed twice"


@pytest.mark.parametrize("pattern, text, word", [
    (NEGATIVE, "Campaigners called the plan cruel and unworkable.", "cruel"),
    (CRIT_VERB, "Bishops condemned the deal on Sunday.", "condemned"),
    (DECISION, "The judge upheld the ban.", "upheld"),
    (MOVE, "Nine men were flown to the camp.", "flown"),
])
def test_a_lexicon_pattern_finds_its_words_whole_and_in_any_case(pattern, text, word):
    assert pattern.search(text).group(0).lower() == word
    assert pattern.search(text.upper()) is not None


def test_a_broken_line_names_its_file_and_line(tmp_path, monkeypatch):
    bad = tmp_path / "lexicons"
    bad.mkdir()
    (bad / "broken.txt").write_text("# comment\n\nfine\nbad(\n", encoding="utf-8")
    monkeypatch.setattr(lx.resources, "files", lambda _pkg: tmp_path)
    lx.entries.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"lexicons/broken.txt line 4: .*'bad\('"):
            lx.entries("broken")
    finally:
        lx.entries.cache_clear()
