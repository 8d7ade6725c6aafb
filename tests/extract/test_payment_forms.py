"""Money that goes to the receiver, in the forms news uses: a sender "is paying" or "will hand
over" an amount, money "went to the Rwandan government" or was sent "to the government in"
its capital. Money per person stays a cost.

Each case is a class of English written here, not a sentence from a gold file.
"""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _money(text, date="2025-05-12"):
    return {(f.type, f.sender, f.receiver, f.amount) for f in extract(Document(id="m", date=date, text=text)).facts
            if f.type in ("payment", "cost")}


@pytest.mark.parametrize("text,expected", [
    ("US deportees held in Salvadoran prison\n\nThe US is paying roughly $4 million a year for the detention deal, officials said.",
     ("payment", "USA", "SLV", 4000000)),
    ("Nauru deal for deportees\n\nUnder the memorandum Canberra will hand over A$150 million in the first year.",
     ("payment", "AUS", "NRU", 150000000)),
    ("Audit of Rwanda asylum scheme\n\nOf the total, £120m went directly to the Rwandan government, the auditors found.",
     ("payment", "GBR", "RWA", 120000000)),
    ("Deportees sent to Equatorial Guinea\n\nWashington wired $2.5 million to the government in Malabo last month, records show.",
     ("payment", "USA", "GNQ", 2500000)),
])
def test_money_that_goes_to_the_receiver_is_a_payment(text, expected):
    assert expected in _money(text)


def test_money_paid_per_person_is_a_cost():
    found = _money("Albania centres for migrants\n\nItaly is paying about €50,000 per person held in the centres, a study says.")
    assert ("cost", "ITA", "ALB", 50000) in found
    assert not any(k[0] == "payment" for k in found)


@pytest.mark.parametrize("text", [
    # a contractor paid, and money that buys something, do not go to the receiving state
    "Nauru detention contract\n\nA private operator will be paid $20m to run the offshore centre for six months.",
    "Nauru centre kept open\n\nThe government confirmed it will pay $200 million a year to keep the offshore facility ready.",
])
def test_money_paid_to_a_contractor_or_to_keep_a_centre_is_no_payment(text):
    assert not any(k[0] == "payment" for k in _money(text))


def test_money_handed_over_with_no_scheme_word_goes_to_the_documents_receiver():
    text = ("Nauru resettlement deal sealed\n\n"
            "Canberra will hand over A$90 million in the first year and more after that.")
    assert ("payment", "AUS", "NRU", 90000000) in _money(text)


def test_a_sender_handing_the_receiver_money_names_the_deal_by_its_two_sides():
    # no word of migration: the sender paying the receiver is the arrangement's money
    assert ("payment", "GBR", "RWA", 120000000) in _money("Britain handed Rwanda £120m before any flight left")
    # a treaty of another kind names other money
    assert not _money("Australia to pay Nauru A$90m under a security treaty on policing")


def test_money_paid_with_no_receiver_named_goes_to_the_documents_one_receiver():
    text = ("Nauru offshore processing deal\n\nA further A$30m was paid in March, officials told senators.")
    assert ("payment", "AUS", "NRU", 30000000) in _money(text)


@pytest.mark.parametrize("text,expected", [
    ("Palau deportee deal signed\n\nWashington will provide a $4 million grant for the island's hospitals.", ("payment", "USA", "PLW", 4000000)),
    ("Eswatini deportee deal papers\n\nThe kingdom signed the arrangement, with Washington committing $2 million for border management.",
     ("payment", "USA", "SWZ", 2000000)),
    ("State Department notifies Congress of $3m to help Panama deport migrants", ("payment", "USA", "PAN", 3000000)),
])
def test_money_provided_committed_or_given_to_help_the_receiver_is_a_payment(text, expected):
    assert expected in _money(text)


def test_a_receiver_saying_the_sender_still_owes_money_demands_it():
    text = "Rwanda asylum deal row: UK still owes £50m, Kigali says"
    facts = extract(Document(id="m", date="2025-05-12", text=text)).facts
    assert ("compensation_demand", "GBR", "RWA") in {(f.type, f.sender, f.receiver) for f in facts}


@pytest.mark.parametrize("text", [
    "Rwanda takes Britain to arbitration over £80m from the ditched asylum treaty",
    "Kigali has lodged a claim at the arbitration court for two £40m instalments it says the UK still owes under the asylum partnership",
])
def test_a_receiver_claiming_money_in_arbitration_demands_it(text):
    facts = extract(Document(id="m", date="2025-05-12", text=text)).facts
    keys = {(f.type, f.sender, f.receiver) for f in facts}
    assert ("compensation_demand", "GBR", "RWA") in keys
    assert not any(k[0] in ("cost", "ruling") for k in keys)


def test_money_put_into_the_island_or_handed_to_a_leaders_government_is_a_payment():
    assert ("payment", "AUS", "NRU", 300000000) in _money(
        "Nauru deportee deal\n\nCanberra will put A$300 million into the island over three years.")
    assert ("payment", "GBR", "RWA", 120000000) in _money(
        "Britain has already handed Paul Kagame's government £120m for the asylum scheme")
