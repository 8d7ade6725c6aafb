"""Counts of people taken from the document when the fact's sentence only refers back to them."""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _facts(text, date="2025-07-06"):
    return extract(Document(id="t", date=date, text=text)).facts


def test_the_men_counted_in_the_title():
    text = ("US sends five men to Eswatini after court fight\n\n"
            "A federal judge had blocked the removal of the men to Eswatini before the Supreme Court intervened.")
    rulings = [f for f in _facts(text) if f.type == "ruling"]
    assert rulings and all(f.people == 5 for f in rulings)


def test_two_different_counts_earlier_leave_it_open():
    text = ("Eight men held in Djibouti and four men in Texas\n\n"
            "A federal judge blocked the removal of the men to South Sudan.")
    rulings = [f for f in _facts(text) if f.type == "ruling"]
    assert rulings and all(f.people is None for f in rulings)


def test_one_person_was_sent():
    text = ("Australia's offshore regime\n\n"
            "The refugee, a writer who fled Iran in 2013, was sent to Nauru by the Australian government.")
    transfers = [f for f in _facts(text, "2020-10-21") if f.type == "transfer"]
    assert transfers and transfers[0].people == 1


def test_count_from_the_description_of_a_title_fact():
    """A title states the ruling; the description says how many people it concerns."""
    text = ("Judge halts deportation flight to Rwanda\n\n"
            "The order stops the removal of 14 people who were due to fly on Tuesday, lawyers said.")
    rulings = [f for f in _facts(text, "2022-06-14") if f.type == "ruling"]
    assert rulings and rulings[0].people == 14


def test_an_unrelated_count_in_the_description_is_not_taken():
    text = ("Judge halts deportation flight to Rwanda\n\n"
            "About 50 people crossed the Channel in small boats on the same day, officials said.")
    rulings = [f for f in _facts(text, "2022-06-14") if f.type == "ruling"]
    assert rulings and rulings[0].people is None


@pytest.mark.parametrize(
    "text,people",
    [
        # written for this test: counts in compound words, a bare count as the subject, other verbs of moving
        ("Two hundred and thirty-eight Venezuelans were deported to El Salvador in March.", (238, "exact")),
        ("Up to 100 people could be sent to Rwanda, but only four were relocated there in 2024.", (4, "exact")),
        ("At least 40 people were moved from Italy to Albania on Friday, officials said.", (40, "at_least")),
        ("The flight to Rwanda carried 3 asylum seekers, a Home Office spokesman said.", (3, "exact")),
    ],
)
def test_people_moved_in_other_words(text, people):
    facts = [f for f in extract(Document(id="p", date="2025-06-10", text=text)).facts if f.type == "transfer"]
    assert [(f.people, f.people_qualifier) for f in facts] == [people]
