"""Grammar decides: negation, modality, conditions, reported speech, passive voice, the
people a verb acts on, and arrivals told from the receiver's side (own sentences)."""

import pytest

from tcwatch.extract import extract
from tcwatch.extract.grammar import event, parse
from tcwatch.model import Document


def grammar_of(sentence: str, word: str):
    """The parse's reading of the event named by ``word`` in ``sentence``."""
    (sdoc,) = parse([sentence])
    return event(sdoc, sentence.index(word))


def got(text: str, date: str = "2025-05-07"):
    ex = extract(Document(id="g", date=date, text=text))
    for f in ex.facts:
        assert text[f.span.start : f.span.end] == f.evidence
    return {(f.type, f.sender, f.receiver): f for f in ex.facts}


@pytest.mark.parametrize("sentence, word", [
    ("The court did not block the flight to Rwanda.", "block"),
    ("Britain never sent anyone to Rwanda under the plan.", "sent"),
    ("No asylum seekers have been sent to Rwanda under the scheme.", "sent"),
])
def test_negation_is_read_from_the_parse(sentence, word):
    """A negated event is marked negated."""
    assert grammar_of(sentence, word).negated


@pytest.mark.parametrize("sentence, word", [
    ("The government could send the first asylum seekers to Rwanda next month.", "send"),
    ("Ministers plan to deport migrants to Rwanda by the spring.", "deport"),
    ("The Home Office vowed to fly migrants to Rwanda within weeks.", "fly"),
])
def test_modality_is_read_from_the_parse(sentence, word):
    """Modal auxiliaries and plan verbs make an event irrealis."""
    assert grammar_of(sentence, word).modal


@pytest.mark.parametrize("sentence, word", [
    ("If the court allows it, migrants will be flown to Rwanda.", "allows"),
    ("Had the judges ruled the Rwanda asylum plan lawful, flights would have gone ahead.", "ruled"),
])
def test_conditions_are_read_from_the_parse(sentence, word):
    """Conditions, inverted ones included, are marked."""
    assert grammar_of(sentence, word).conditional


def test_reported_speech_names_the_saying():
    """An event in the complement of a verb of saying is reported, and the sayer is kept."""
    g = grammar_of("Officials said that twelve people had been flown to Eswatini from the US.", "flown")
    assert g.reported and g.sayer == "say" and not g.negated and not g.modal


def test_passive_voice_and_its_patient():
    """A passive event is marked so, and what it acts on is its passive subject."""
    g = grammar_of("Seven men were deported to Rwanda by the United States on Friday.", "deported")
    assert g.passive and g.patient == "man" and g.patient_people
    active = grammar_of("The United States deported seven men to Rwanda on Friday.", "deported")
    assert not active.passive and active.patient == "man" and active.tense == "past"


def test_negated_people_are_seen_through_a_conjunction():
    """'received three ministers but not one asylum seeker': the people are negated."""
    g = grammar_of("Rwanda received three British ministers but not one asylum seeker.", "received")
    assert g.patient == "minister" and g.people_negated


@pytest.mark.parametrize("text", [
    "The UK did not send any asylum seekers to Rwanda.",
    "No asylum seekers have been sent to Rwanda under the scheme.",
    "The government could send the first asylum seekers to Rwanda next month.",
    "Ministers plan to deport migrants to Rwanda by the spring.",
    "If the court allows it, migrants will be flown to Rwanda.",
    "Rwanda received three British ministers but not one asylum seeker.",
])
def test_no_transfer_where_nobody_was_moved(text):
    """Negated, planned, conditional transfers and received non-people are no transfer."""
    assert ("transfer", "GBR", "RWA") not in got(text)


def test_passive_transfer_with_its_count_and_date():
    """A passive transfer keeps its count and its own date."""
    f = got("Seven men were deported to Rwanda by the United States on Friday.")[("transfer", "USA", "RWA")]
    assert f.people == 7 and f.date == "2025-05-02"


def test_reported_transfer_in_the_past_perfect_happened_before_the_saying():
    """'said on Monday that 12 people had been flown': done before, and counted."""
    f = got("Officials said on Monday that 12 people had been flown to Eswatini from the US.")[("transfer", "USA", "SWZ")]
    assert f.people == 12 and f.date_qualifier == "before"


@pytest.mark.parametrize("text, corridor, people", [
    ("Ghana receives deportees\n\nFourteen deportees from the United States have arrived in Accra, "
     "President Mahama said on Wednesday.", ("USA", "GHA"), 14),
    ("Rwanda says it has received seven migrants deported by the United States.", ("USA", "RWA"), 7),
    ("Eswatini confirms arrival\n\nFive men deported by the US landed in Mbabane on Tuesday, "
     "the government of Eswatini said.", ("USA", "SWZ"), 5),
])
def test_arrivals_told_from_the_receivers_side(text, corridor, people):
    """The receiver announcing arrivals is a transfer on the sender's corridor."""
    f = got(text)[("transfer", *corridor)]
    assert f.people == people


@pytest.mark.parametrize("text, actor", [
    ("Amnesty International said the plan to send asylum seekers to Rwanda would be cruel and unlawful.",
     "Amnesty International"),
    ("The UN refugee agency warned that the Rwanda scheme could breach international law.", "UN refugee agency"),
])
def test_criticism_is_a_saying_whatever_its_mood(text, actor):
    """A named critic's words in a modal clause still criticise, with the critic as actor."""
    facts = got(text)
    assert facts[("criticism", "GBR", "RWA")].actor == actor
    assert ("ruling", "GBR", "RWA") not in facts  # "unlawful" said by a critic is no court's ruling


def test_a_court_deciding_on_the_receiver_is_a_ruling_and_on_a_person_is_not():
    """'held that Rwanda was not safe' is a ruling (the court acts on the receiver); 'found a
    doctor guilty' is a court deciding something else."""
    f = got("The Court of Appeal held in June 2023 that Rwanda was not a safe third country.")[("ruling", "GBR", "RWA")]
    assert (f.outcome, f.date) == ("unsafe", "2023-06")
    assert not got("A Paris court found a Rwandan doctor guilty of genocide, as UK ministers visited Kigali.")


def test_sent_back_to_a_country_is_its_own_nationals_case():
    """'would suffer persecution if sent back to El Salvador': an asylum case, no third country."""
    text = ("Tribunal grants refugee status\n\nA judge on appeal ruled that the claimant would suffer "
            "persecution if sent back to El Salvador.")
    assert not got(text)


def test_lemmas_on_demand_are_the_pipelines_own():
    """lemma_of gives, token by token, what the pipeline's lemmatizer would have written."""
    from tcwatch.extract import grammar

    texts = ["The judges ruled that the men had been wrongly deported to El Salvador.",
             "Ministers were warned the flights would not leave; she says they're seeking deals."]
    docs = grammar.parse(texts)
    for d in docs:
        expected = [t.lemma_.lower() for t in grammar._lemmatizer(d.copy())]
        assert [grammar.lemma_of(t) for t in d] == expected
