"""More classes of English for the same events: votes told by their tally, royal assent under a
headline on the law, a government confirming a deal, a receiver open to or willing to take
people, demands that a practice must end, a signature by a receiver the document names once.

Each case is a class of English written here, not a sentence from a gold file.
"""

import pytest

from tcwatch.extract import extract
from tcwatch.model import Document


def _keys(text, date="2025-06-20"):
    return {(f.type, f.sender, f.receiver) for f in extract(Document(id="x", date=date, text=text)).facts}


@pytest.mark.parametrize("text,expected", [
    ("Italian senators voted 90 to 60 on Thursday to ratify the Albania migrant protocol", ("legislation", "ITA", "ALB")),
    ("Rwanda asylum law on the statute book\n\nRoyal assent was granted on Thursday after peers gave way.",
     ("legislation", "GBR", "RWA")),
    ("Kampala confirms deal to host migrants turned away by US", ("agreement", "USA", "UGA")),
    ("Pristina agreed in June to take up to 50 deportees from the US", ("agreement", "USA", "XKX")),
    ("Palau to host asylum seekers from US\n\nThe minister of state signed the memorandum with the US ambassador on Monday.",
     ("agreement", "USA", "PLW")),
    ("Kosovo is 'open to discussing' taking rejected asylum seekers from Britain, officials said", ("talks", "GBR", "XKX")),
    ("A cable said the Rwandan government was willing to accept deportees the US could not send home",
     ("talks", "USA", "RWA")),
    ("Amnesty: Panama must end the detention of people deported by the US in remote camps", ("criticism", "USA", "PAN")),
    ("Auditors question the value of the Albania migrant centres as costs climb", ("criticism", "ITA", "ALB")),
    ("Ombudsman warns deportees held in Panama's Darién camp are cut off from legal help", ("criticism", "USA", "PAN")),
])
def test_more_forms_of_the_same_events(text, expected):
    assert expected in _keys(text)
