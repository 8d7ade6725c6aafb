"""Phrasings the dev set does not hold, written here: the rules must follow the grammar, not the examples."""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _facts(text, date="2025-06-10"):
    return [(f.type, f.sender, f.receiver) for f in extract(Document(id="g", date=date, text=text)).facts]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Denmark has put its plan to send asylum seekers to Rwanda on hold.", ("suspension", "DNK", "RWA")),
        ("Germany is examining whether asylum applications could be processed in third countries such as Rwanda.",
         ("talks", "DEU", "RWA")),
        ("Eswatini received five deportees from the United States on Tuesday, the government said.",
         ("transfer", "USA", "SWZ")),
        ("Uganda denied reports that it had agreed to take migrants deported from the US.", ("denial", "USA", "UGA")),
        ("Ten asylum seekers were flown from Italy to the Gjader centre in Albania on Wednesday.",
         ("transfer", "ITA", "ALB")),
    ],
)
def test_phrasings(text, expected):
    assert expected in _facts(text)


def test_a_newcomer_state_is_not_given_another_states_deal():
    """A state with no deal on record is named as itself, not replaced by the usual sender of the receiver."""
    facts = _facts("Austria is looking at processing asylum claims in third countries such as Rwanda.")
    assert all(sender != "GBR" for _, sender, _ in facts)
