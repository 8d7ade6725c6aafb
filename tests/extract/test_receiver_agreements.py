"""A receiving state's consent told from its side: it agreed with the sender to admit people,
its cabinet decided to accept them, it said yes to hosting them, it reached an understanding.

Each case is a class of English written here, not a sentence from a gold file.
"""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _keys(text, date="2025-08-20"):
    return {(f.type, f.sender, f.receiver) for f in extract(Document(id="r", date=date, text=text)).facts}


@pytest.mark.parametrize("text,expected", [
    ("Uganda has agreed with Washington to admit up to 100 deportees, its foreign ministry said",
     ("agreement", "USA", "UGA")),
    ("Palau's cabinet voted on Tuesday to accept as many as 75 people removed from the United States",
     ("agreement", "USA", "PLW")),
    ("Belize says yes to hosting asylum seekers turned away by the US", ("agreement", "USA", "BLZ")),
    ("Paraguay reached an informal understanding with the US to take in migrants it cannot deport home",
     ("agreement", "USA", "PRY")),
])
def test_a_receiver_consenting_to_take_people_is_an_agreement(text, expected):
    assert expected in _keys(text)


def test_people_turned_away_by_the_sender_make_an_item_relevant():
    out = extract(Document(id="r", date="2025-08-20", text=(
        "Costa Rica offers shelter to 80 migrants expelled by Washington\n\n"
        "The government said it had agreed to receive them for up to six weeks.")))
    assert out.relevant
    assert ("agreement", "USA", "CRI") in {(f.type, f.sender, f.receiver) for f in out.facts}


@pytest.mark.parametrize("text", [
    # consent asked for, refused or foretold is no agreement
    "Uganda has refused to admit deportees from the US, its foreign ministry said",
    "Palau's cabinet will vote next week on whether to accept people removed from the United States",
    "Belize is expected to say yes to hosting asylum seekers turned away by the US",
])
def test_consent_refused_or_to_come_is_no_agreement(text):
    assert not any(k[0] == "agreement" for k in _keys(text))


def test_putting_pen_to_paper_is_signing():
    assert ("agreement", "NLD", "UGA") in _keys(
        "Dutch minister and Ugandan counterpart put pen to paper on a return hub deal for rejected asylum seekers")


def test_an_agreement_named_then_said_signed_in_a_reduced_clause():
    assert ("agreement", "USA", "GTM") in _keys(
        "The asylum cooperative agreement between Guatemala and the United States, signed on July 26 by both governments, "
        "was published on Tuesday")
