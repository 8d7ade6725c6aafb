"""People moved, told from where they arrive: planes that land, groups that arrive, people
"flown in" or "brought into the country", counted in the subject before a comma.

Each case is a class of English written here, not a sentence from a gold file.
"""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _facts(text, date="2025-09-02"):
    return extract(Document(id="a", date=date, text=text)).facts


def _transfers(text):
    return [(f.sender, f.receiver, f.people) for f in _facts(text) if f.type == "transfer"]


@pytest.mark.parametrize("text,expected", [
    # the base form of "land" in a headline's present tense
    ("Twelve US deportees land in Eswatini after a night flight", ("USA", "SWZ", 12)),
    # a plane carrying people lands: the people are the plane's cargo
    ("Two deportation jets carrying gang suspects landed in El Salvador before dawn, US officials said",
     ("USA", "SLV", None)),
])
def test_people_landing_in_the_receiver_were_transferred(text, expected):
    assert expected in _transfers(text)


def test_the_group_the_headline_names_arrives_without_a_place():
    text = ("Rwanda receives its first US deportees\n\n"
            "A government spokesman said the group arrived on a commercial flight last week and is housed in Kigali.")
    assert ("USA", "RWA") in {(s, r) for s, r, _ in _transfers(text)}


def test_a_counted_subject_flown_in_is_a_transfer_though_a_plan_follows():
    # "will be held" is what happens next; the flight is done
    text = ("US sends more detainees to El Salvador\n\n"
            "The 64 Venezuelans, flown in on Saturday night, will spend a year in the prison, "
            "El Salvador's justice minister said.")
    assert ("USA", "SLV", 64) in _transfers(text)
    # without a count or an auxiliary the participle is the subject of a forecast
    assert not _transfers("Asylum seekers flown to Rwanda would face danger there, the charity said")


def test_moved_on_a_weekday_with_no_place_is_moved_to_the_documents_receiver():
    text = ("Italy restarts Albania centres\n\n"
            "About thirty men were transferred on Tuesday aboard a coastguard ship, the ministry said.")
    assert ("ITA", "ALB", 30) in _transfers(text)


def test_people_brought_into_the_country_are_in_the_documents_receiver():
    text = ("Ghana confirms deportees from US\n\n"
            "The foreign minister said eleven West Africans had been brought into the country on a US military plane.")
    assert ("USA", "GHA", 11) in _transfers(text)


def test_a_visit_or_a_noun_of_land_is_no_arrival():
    assert not _transfers("US envoys land in Kigali for talks on migration")
    assert not _transfers("Disputed land in Juba sold to a developer as South Sudan hosts deportees debate")


def test_an_adverb_inside_the_perfect_passive_keeps_the_move_done():
    text = ("Uganda receives deportees under US deal\n\n"
            "Officials said that nine Eritreans have now been brought into the country and are housed in Entebbe hotels.")
    assert ("USA", "UGA", 9) in _transfers(text)


def test_people_holding_papers_were_transferred():
    # "holding" describes the people, it is not the receiver holding them
    text = ("Albania centre reopens\n\n"
            "Some twenty migrants already holding removal orders were moved on Sunday to the Albanian facility, officials said.")
    assert ("ITA", "ALB", 20) in _transfers(text)


def test_a_schemes_record_told_as_its_own_act_is_a_transfer():
    text = "Ministers close the book on the Rwanda partnership, a scheme that relocated only three volunteers."
    assert ("GBR", "RWA", 3) in _transfers(text)


def test_a_landing_at_the_receivers_airport_told_as_a_noun_is_a_transfer():
    text = "After Monday's landing of 12 more deportees at Kotoka, Accra says the US deal is humanitarian"
    assert ("USA", "GHA", 12) in _transfers(text)


def test_people_flown_back_home_from_the_documents_receiver_were_removed_onward():
    text = ("Second deportation flight lands in Malabo\n\n"
            "Six of the nine people delivered in November have since been flown back to their countries of origin.")
    facts = extract(Document(id="o", date="2025-12-01", text=text)).facts
    assert ("onward_removal", "USA", "GNQ", 6) in {(f.type, f.sender, f.receiver, f.people) for f in facts}


@pytest.mark.parametrize("text,expected", [
    ("At least 200 Venezuelans were delivered to the Cecot facility on Sunday", ("USA", "SLV", 200)),
    ("The man boarded a charter flight to Rwanda on Monday night under the Home Office's voluntary departure scheme",
     ("GBR", "RWA", None)),
])
def test_people_delivered_or_boarding_a_flight_to_the_receiver_were_transferred(text, expected):
    assert expected in _transfers(text)
