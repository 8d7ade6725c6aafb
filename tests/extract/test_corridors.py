"""One hand-written headline per kind of event on many corridors (direction fixed by the deal)."""

import pytest

from tcwatch.extract import extract
from tcwatch.extract.corridors import PAIRS, RECEIVERS, SENDERS, DEFAULT_SENDER
from tcwatch.model import Document

CASES = [
    ("Patel signs migration deal in Kigali\n\nThe home secretary signed the partnership with Rwanda's foreign minister on Thursday.", ("agreement", "GBR", "RWA")),
    ("Strasbourg court grounds first Rwanda flight\n\nAn interim measure from the European Court of Human Rights stopped the plane hours before take-off.", ("ruling", "GBR", "RWA")),
    ("Rwanda demands £50m from UK over scrapped asylum deal", ("compensation_demand", "GBR", "RWA")),
    ("Denmark in talks with Rwanda on transferring asylum seekers, minister says", ("talks", "DNK", "RWA")),
    ("Israel to pay Rwanda $5,000 for each asylum seeker it accepts, report says", ("payment", "ISR", "RWA")),
    ("Israel's top court freezes deportations of asylum seekers to Rwanda and Uganda", ("ruling", "ISR", "UGA")),
    ("Thirty Sri Lankan asylum seekers sent to Nauru under renewed offshore policy", ("transfer", "AUS", "NRU")),
    ("PNG Supreme Court rules Manus detention unconstitutional", ("ruling", "AUS", "PNG")),
    ("Manus Island detention centre closes as hundreds of men refuse to leave", ("termination", "AUS", "PNG")),
    ("First refugees from Nauru arrive in Phnom Penh under Cambodia deal", ("transfer", "AUS", "KHM")),
    ("Italian navy ship lands first 16 migrants at Albanian port", ("transfer", "ITA", "ALB")),
    ("Rome court refuses to validate detention of 12 migrants sent to Albania", ("ruling", "ITA", "ALB")),
    ("Italian Senate gives final approval to Albania migration deal", ("legislation", "ITA", "ALB")),
    ("Judge orders halt to deportation flights under Alien Enemies Act as planes head to El Salvador", ("ruling", "USA", "SLV")),
    ("Eight men deported to South Sudan land in Juba after court fight", ("transfer", "USA", "SSD")),
    ("Eswatini confirms it received $5.1m from US under deportee deal", ("payment", "USA", "SWZ")),
    ("Uganda agrees to take deportees from US a day after denying deal", ("agreement", "USA", "UGA")),
    ("Honduras denies signing deportation agreement with Washington", ("denial", "USA", "HND")),
    ("Guatemala says it signed no safe third country deal with US", ("denial", "USA", "GTM")),
    ("Ghana receives 14 West African deportees from US", ("transfer", "USA", "GHA")),
    ("Ghana sends Gambian deportee from US on to The Gambia", ("onward_removal", "USA", "GHA")),
    ("Costa Rica receives flight with 135 deportees from US", ("transfer", "USA", "CRI")),
    ("Kosovo agrees to take up to 50 deportees from US", ("agreement", "USA", "XKX")),
    ("Paraguay signs safe third country agreement with US", ("agreement", "USA", "PRY")),
    ("Netherlands and Uganda sign deal on return hub for rejected asylum seekers", ("agreement", "NLD", "UGA")),
]


@pytest.mark.parametrize("text, key", CASES)
def test_event_on_corridor(text, key):
    ex = extract(Document(id="c", date="2025-09-10", text=text))
    got = [(f.type, f.sender, f.receiver) for f in ex.facts]
    assert key in got, got


def test_tables_are_consistent():
    assert all(s in SENDERS for s, _ in PAIRS)
    assert all(DEFAULT_SENDER[r] in SENDERS for r in RECEIVERS)
    assert ("GBR", "RWA") in PAIRS and ("RWA", "GBR") not in PAIRS


def test_the_uks_return_hub_candidates_are_known_receivers():
    """UK talks on return hubs in the Western Balkans (receivers named in the reference data)
    are facts on those corridors; British troops in Kosovo are not."""
    from tcwatch.extract import extract
    from tcwatch.model import Document

    text = "Britain is in talks with Kosovo and Serbia about return hubs for rejected asylum seekers, the Home Secretary said."
    got = {(f.type, f.sender, f.receiver) for f in extract(Document(id="k", date="2025-05-07", text=text)).facts}
    assert {("talks", "GBR", "XKX"), ("talks", "GBR", "SRB")} <= got
    troops = extract(Document(id="t", date="2025-05-07", text="British troops joined the NATO mission in Kosovo on Monday."))
    assert not troops.facts
