"""Trigger words whose meaning is not the event: nobody arrived, a court considering a case,
a politician detained at home. And the opposite: an arrival followed by money is still an arrival.

Each case is a class of English written here, not a sentence from a gold file.
"""

from tcwatch.extract import extract
from tcwatch.model import Document


def _keys(text, date="2025-10-01"):
    return {(f.type, f.sender, f.receiver) for f in extract(Document(id="f", date=date, text=text)).facts}


def test_nobody_having_arrived_is_no_transfer_however_long_the_subject():
    text = ("Uganda still waits for US deportees\n\n"
            "By mid-October not one of the third-country nationals deported by Washington under the deal had arrived in Kampala.")
    assert not any(k[0] == "transfer" for k in _keys(text))


def test_an_arrival_followed_by_money_in_the_next_clause_is_an_arrival():
    assert ("transfer", "AUS", "NRU") in _keys("First deportee's arrival on Nauru unlocks A$40m instalment")


def test_a_court_weighing_a_case_holds_no_talks():
    text = "Three judges will consider next month whether Rwanda can be treated as a safe place to send asylum seekers"
    assert not any(k[0] == "talks" for k in _keys(text))
    # ministers considering the same thing do
    assert ("talks", "GBR", "RWA") in _keys(
        "British ministers are considering a deal to send asylum seekers to Rwanda, officials said")


def test_a_politician_detained_at_home_is_no_criticism_of_a_deal():
    text = ("Former Albanian minister held\n\n"
            "Prosecutors said the former minister was detained in Tirana over alleged bribery and called the case shameful.")
    assert not any(k[0] == "criticism" for k in _keys(text))


def test_an_official_arriving_for_talks_is_a_visit_not_a_transfer():
    keys = _keys("Interior Minister Matteo Piantedosi arrived in Tirana on Monday to discuss the migrant centres deal")
    assert not any(k[0] == "transfer" for k in keys)
    # people counted who arrive are moved
    assert ("transfer", "ITA", "ALB") in _keys(
        "Sixteen migrants arrived in Albania on Monday aboard an Italian navy ship, the interior minister said")
