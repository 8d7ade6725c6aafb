"""Courts and their decisions in forms the first rules missed: a court named as a chamber or
a council of state, a decision joined to what the judge said first, declining to halt.

Each case is a class of English written here, not a sentence from a gold file.
"""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _rulings(text, date="2025-07-01"):
    return [(f.sender, f.receiver, f.outcome) for f in extract(Document(id="c", date=date, text=text)).facts
            if f.type == "ruling"]


@pytest.mark.parametrize("text,court", [
    ("Panama's Constitutional Chamber on Friday upheld a complaint filed for migrants deported from the United States",
     ("USA", "PAN")),
    ("Italy's Council of State suspended the transfer of asylum seekers to Albania pending a full hearing",
     ("ITA", "ALB")),
])
def test_a_court_named_as_a_chamber_or_council_of_state_decides(text, court):
    assert court in {(s, r) for s, r, _ in _rulings(text)}


def test_a_decision_joined_to_what_the_judge_said_first_is_a_ruling():
    text = ("A federal judge in Boston said the deportations to South Sudan looked rushed and unlawful, "
            "but ruled she had no power to stop them and declined to halt the flight.")
    assert ("USA", "SSD", "allowed") in _rulings(text)


def test_a_judge_who_only_speaks_has_not_ruled():
    text = ("A federal judge in Boston said the deportations to South Sudan looked rushed, "
            "and the hearing will resume on Monday.")
    assert _rulings(text) == []


def test_a_flight_named_by_where_it_goes_makes_a_ruling_on_it_relevant():
    # no word of migration, and the sender named only as "U.S." before a full stop's space
    text = ("Judge halts plane bound for South Sudan\n\n"
            "A federal judge ordered on Tuesday that the men stay in U.S. custody until a hearing.")
    assert ("USA", "SSD") in {(s, r) for s, r, _ in _rulings(text)}


def test_a_decision_whose_topic_only_the_headline_names_is_a_ruling_on_it():
    text = ("A year since the Rwanda flight was grounded\n\n"
            "That night an emergency order from the European Court of Human Rights stopped the plane from leaving.")
    assert ("GBR", "RWA") in {(s, r) for s, r, _ in _rulings(text)}


def test_a_court_under_if_has_not_decided():
    text = ("Crunch day for the Rwanda policy\n\n"
            "If court rules against ministers on Wednesday, backbenchers will demand a new law.")
    assert _rulings(text) == []


def test_court_papers_are_documents_not_a_court_deciding():
    text = "Court papers: Uganda agreed in March to take 80 US deportees"
    assert _rulings(text) == []


def test_judges_who_will_hand_down_a_decision_have_not_decided():
    assert _rulings("Three judges will hand down their decision on the Rwanda deportation scheme at 10am on Thursday") == []
