"""A proposal that a state take people is talks and moves nobody; a signature denied is a
denial; talks broken off are no talks.

Each case is a class of English written here, not a sentence from a gold file.
"""

from tcwatch.extract import extract
from tcwatch.model import Document


def _keys(text, date="2025-11-03"):
    return {(f.type, f.sender, f.receiver) for f in extract(Document(id="p", date=date, text=text)).facts}


def test_a_proposal_that_the_receiver_take_people_is_talks_not_a_transfer():
    keys = _keys("Uganda's foreign minister said Washington had suggested that his country accept migrants "
                 "deported from the United States, and that no decision had been made.")
    assert ("talks", "USA", "UGA") in keys
    assert not any(k[0] == "transfer" for k in keys)


def test_a_signature_denied_is_a_denial():
    assert ("denial", "USA", "GTM") in _keys(
        "Guatemala's migration chief said her government had not signed any safe third country agreement with the US.")


def test_talks_broken_off_are_no_talks():
    assert not any(k[0] == "talks" for k in _keys(
        "Denmark's new government said it had broken off negotiating with Kigali over an asylum reception centre."))


def test_a_state_sounded_out_or_an_idea_raised_is_talks():
    assert ("talks", "GBR", "XKX") in _keys("Kosovo says British officials sounded it out on hosting a return hub")
    assert ("talks", "GBR", "XKX") in _keys(
        "A spokesman in Pristina said London had raised the idea of a centre for rejected asylum seekers in Kosovo")


def test_failed_asylum_seekers_are_no_judgement_of_a_scheme():
    text = ("A spokesman in Pristina said London had raised the idea of a centre for failed asylum seekers in Kosovo, "
            "and that the government was open to talks.")
    assert not any(k[0] == "criticism" for k in _keys(text))


def test_criticism_of_return_hubs_outside_the_eu_needs_no_receiver():
    assert ("criticism", "EUU", None) in _keys(
        "UNHCR warns EU 'return hubs' outside Europe risk shifting responsibility, not solving it")


def test_sounding_out_other_governments_is_talks_with_no_receiver_yet():
    assert ("talks", "NLD", None) in _keys(
        "The Hague is sounding out other African governments about similar return hubs, the Dutch minister added")
