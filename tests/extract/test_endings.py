"""An arrangement ended in words other than "scrapped": a withdrawal that takes effect, a
decision "ending" it, a minister saying it "was over". A withdrawal taking effect is no agreement.

Each case is a class of English written here, not a sentence from a gold file.
"""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _keys(text, date="2025-03-20"):
    return {(f.type, f.sender, f.receiver) for f in extract(Document(id="e", date=date, text=text)).facts}


@pytest.mark.parametrize("text", [
    "Denmark's withdrawal from the Rwanda asylum partnership took effect at midnight, officials said",
    "The cabinet voted on Friday, ending the asylum partnership with Rwanda after three years",
    "The minister told parliament the Rwanda deportation partnership was over and no flights would leave",
])
def test_an_arrangement_ended_in_other_words_is_a_termination(text):
    keys = _keys(text)
    assert any(k[0] == "termination" and k[2] == "RWA" for k in keys)
    assert not any(k[0] == "agreement" for k in keys)


def test_an_arrangement_coming_into_force_is_still_an_agreement():
    assert any(k[0] == "agreement" for k in _keys(
        "The asylum partnership between Denmark and Rwanda took effect at midnight, officials said"))


def test_a_dispute_or_a_talk_that_is_over_ends_no_arrangement():
    assert not any(k[0] == "termination" for k in _keys(
        "The row over the Rwanda deportation plan is over, ministers said, as talks resumed"))


def test_a_scheme_named_by_its_receiver_is_enough_topic_for_its_end():
    # no word of migration: "the Rwanda scheme" names the arrangement
    text = ("Rwanda scheme cost £500m, minister reveals\n\n"
            "She said Kigali had been told the partnership was over.")
    assert ("termination", "GBR", "RWA") in _keys(text)


@pytest.mark.parametrize("text", [
    "Rwanda takes note of the British government's decision to terminate the asylum partnership",
    "The home secretary told MPs the Rwanda deportation policy would not go ahead",
])
def test_a_decision_to_terminate_or_a_scheme_that_will_not_go_ahead_is_ended(text):
    assert ("termination", "GBR", "RWA") in _keys(text)


def test_a_scheme_that_will_not_go_ahead_yet_is_no_termination():
    assert not any(k[0] == "termination" for k in _keys(
        "The Rwanda deportation flights will not go ahead until the court rules, ministers said"))


def test_a_treaty_named_as_scrapped_in_passing_is_no_new_termination():
    assert not any(k[0] == "termination" for k in _keys(
        "Kigali presses London for £50m it says is still owed under scrapped asylum treaty"))
