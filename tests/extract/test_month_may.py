"""The month of May is no modal verb: "signed in May" is done, "may sign" is not."""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _types(text, date="2025-08-01"):
    return {(f.type, f.sender, f.receiver) for f in extract(Document(id="m", date=date, text=text)).facts}


@pytest.mark.parametrize("text,expected", [
    ("Eswatini agreed in May to take up to 100 US deportees for $3m, court papers show",
     ("payment", "USA", "SWZ")),
    ("In May, the United States deported seven men to Rwanda, officials said", ("transfer", "USA", "RWA")),
    ("The kingdom signed the deportee deal on 14 May, with Washington committing $2 million to Eswatini", ("payment", "USA", "SWZ")),
    ("Since May Washington has flown 40 migrants to Costa Rica", ("transfer", "USA", "CRI")),
])
def test_an_event_dated_in_may_happened(text, expected):
    assert expected in _types(text)


def test_the_modal_may_still_makes_an_event_possible_only():
    assert not any(k[0] == "transfer" for k in _types("The United States may deport seven men to Rwanda next week"))
