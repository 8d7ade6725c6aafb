"""Each fact type on hand-written sentences, positives and hard negatives."""

from tcwatch.extract import EXTRACTOR_VERSION, extract
from tcwatch.model import Document


def facts(text, date="2024-03-14"):
    ex = extract(Document(id="t", date=date, text=text))
    for f in ex.facts:
        assert text[f.span.start : f.span.end] == f.evidence
        assert f.document_id == "t" and f.extractor_version == EXTRACTOR_VERSION
        assert f.origin == "extracted" and f.published == date
    return ex, [(f.type, f.sender, f.receiver) for f in ex.facts], ex.facts


def test_transfer_done_vs_planned():
    _, got, fs = facts("Britain flew four Syrian asylum seekers to Rwanda on Tuesday under the asylum partnership.")
    assert ("transfer", "GBR", "RWA") in got
    t = [f for f in fs if f.type == "transfer"][0]
    assert t.people == 4 and t.nationalities == ("SYR",) and t.date == "2024-03-12"
    for planned in (
        "Britain plans to fly asylum seekers to Rwanda by the summer.",
        "Asylum seekers could be sent to Rwanda within weeks, the minister said.",
        "The first flights to Rwanda will start in spring under the asylum partnership.",
        "No asylum seekers have been sent to Rwanda under the asylum partnership.",
    ):
        _, got, _ = facts(planned)
        assert ("transfer", "GBR", "RWA") not in got, planned


def test_transfer_receiver_is_the_destination():
    _, got, _ = facts("Twelve refugees from Nauru were resettled in New Zealand, ending years in Australia's offshore detention.")
    assert ("transfer", "AUS", "NZL") in got


def test_own_country_is_not_a_third_country():
    _, got, _ = facts("The US deported 120 Salvadorans to El Salvador on a deportation flight on Monday.")
    assert not any(t == "transfer" for t, _, _ in got)


def test_ruling_outcomes():
    cases = {
        "The Court of Appeal ruled on Friday that the Rwanda asylum policy was unlawful.": "unlawful",
        "Judges at the High Court found the plan to send migrants to Rwanda lawful.": "lawful",
        "The supreme court found Rwanda is not a safe country for asylum seekers.": "unsafe",
        "A judge in Washington blocked deportation flights to El Salvador.": "blocked",
        "A migrant lost his High Court bid to stop his removal flight to Rwanda.": "allowed",
    }
    for text, outcome in cases.items():
        ex, got, fs = facts(text)
        rulings = [f for f in fs if f.type == "ruling"]
        assert rulings, text
        assert rulings[0].outcome == outcome, text


def test_future_ruling_is_not_a_ruling():
    _, got, _ = facts("The supreme court will rule next week whether the Rwanda asylum plan is lawful.")
    assert not any(t == "ruling" for t, _, _ in got)
    _, got, _ = facts("Had the judges ruled the Rwanda asylum plan lawful, flights would have gone ahead.")
    assert not any(t == "ruling" for t, _, _ in got)


def test_money_direction_never_flips():
    _, got, fs = facts("Kigali has demanded £20 million in compensation from London after the asylum deal was cancelled.")
    assert ("compensation_demand", "GBR", "RWA") in got
    c = [f for f in fs if f.type == "compensation_demand"][0]
    assert c.amount == 20_000_000 and c.currency == "GBP"
    _, got, fs = facts("The Home Office has spent £310m on the Rwanda asylum scheme so far.")
    assert ("cost", "GBR", "RWA") in got
    _, got, fs = facts("Ministers confirmed a payment of £15m was made to Rwanda in March for the asylum partnership.")
    p = [f for f in fs if f.type == "payment"]
    assert p and p[0].amount == 15_000_000 and p[0].date == "2024-03"


def test_talks_agreement_termination_legislation():
    _, got, _ = facts("Ghana is in talks with the United States about receiving deportees from other countries.")
    assert ("talks", "USA", "GHA") in got
    _, got, _ = facts("Italy and Albania signed a migration protocol on Monday to hold asylum seekers in Albanian centres.")
    assert ("agreement", "ITA", "ALB") in got
    _, got, _ = facts("The new government scrapped the Rwanda asylum scheme in its first week.")
    assert ("termination", "GBR", "RWA") in got
    _, got, fs = facts("MPs passed the Rwanda asylum bill in the Commons on Wednesday.")
    assert ("legislation", "GBR", "RWA") in got
    assert [f for f in fs if f.type == "legislation"][0].outcome == "passed"
    _, got, _ = facts("The Rwanda asylum bill was only published on Tuesday and MPs will vote on it next month.")
    assert not any(t == "legislation" for t, _, _ in got)


def test_criticism_and_denial():
    _, got, fs = facts("Amnesty International condemned the plan to deport migrants to Rwanda as cruel.")
    assert ("criticism", "GBR", "RWA") in got
    assert [f for f in fs if f.type == "criticism"][0].actor
    _, got, _ = facts("South Sudan denied that it had agreed to accept deportees from the United States.")
    assert ("denial", "USA", "SSD") in got


def test_hard_negatives_have_no_facts():
    for text in (
        "Rwanda's president met investors in Kigali to discuss coffee exports.",
        "The UK deported 40 Albanian criminals to Albania on a charter flight.",
        "Third country exporters face new tariffs under the trade deal.",
        "The home secretary promised to cut net migration by half.",
    ):
        ex, got, _ = facts(text)
        assert got == [], text


def test_other_corridors():
    cases = [
        ("The administration deported 212 Venezuelans to El Salvador's CECOT prison in April.", ("transfer", "USA", "SLV")),
        ("Eswatini received seven deportees from the United States in June, officials said.", ("transfer", "USA", "SWZ")),
        ("Costa Rica agreed to accept 150 migrants deported from the US.", ("agreement", "USA", "CRI")),
        ("The first migrant ship docked in Albania carrying 12 men from Italy on Monday.", ("transfer", "ITA", "ALB")),
        ("Italian judges ordered the release of nine migrants held in Albania.", ("ruling", "ITA", "ALB")),
        ("The Netherlands signed a letter of intent with Uganda on a return hub for rejected asylum seekers.", ("agreement", "NLD", "UGA")),
        ("Denmark has dropped its plan to process asylum seekers in Rwanda.", ("termination", "DNK", "RWA")),
        ("Amnesty International said the transfers to CECOT violated international law.", ("criticism", "USA", "SLV")),
        ("US officials have approached Libya about accepting deportees, diplomats said.", ("talks", "USA", "LBY")),
    ]
    for text, key in cases:
        _, got, _ = facts(text, date="2025-08-20")
        assert key in got, (text, got)


def test_denial_cancels_what_it_denies():
    _, got, _ = facts("Kigali rejected reports that it had agreed to take migrants from Denmark.")
    assert ("denial", "DNK", "RWA") in got
    assert ("agreement", "DNK", "RWA") not in got
    _, got, _ = facts("Rwanda said it had not signed any agreement with the United States on migrants.")
    assert ("denial", "USA", "RWA") in got


def test_conditionals_and_reported_plans():
    for text in (
        "Ministers would have deported thousands to Rwanda had the scheme continued.",
        "The Home Office said no flights to Rwanda would take off before the election.",
        "Imagine that Britain signs a treaty with Rwanda to take its unwanted migrants.",
        "Officials offered to take in criminals deported from the United States.",
    ):
        _, got, _ = facts(text)
        assert not any(t in ("transfer", "agreement") for t, _, _ in got), (text, got)


def test_letters_are_not_people():
    _, got, _ = facts("He received a letter about Rwanda from the Home Office while held in a detention centre.")
    assert not any(t == "transfer" for t, _, _ in got)


def test_listed_receivers_each_get_a_fact():
    _, got, _ = facts("The administration in Washington ended asylum cooperative agreements with El Salvador, Guatemala and Honduras.")
    for r in ("SLV", "GTM", "HND"):
        assert ("termination", "USA", r) in got


def test_payments_and_pledges():
    _, got, fs = facts("Nauru agreed to resettle up to 90 people from Australia in exchange for A$120 million.")
    p = [f for f in fs if f.type == "payment"]
    assert p and (p[0].sender, p[0].receiver, p[0].amount, p[0].currency) == ("AUS", "NRU", 120_000_000, "AUD")
    _, got, fs = facts("Britain could hand Rwanda another £80m even if no flights take off, MPs heard.")
    assert not any(t == "payment" for t, _, _ in got)


def test_suspension_by_government_not_court():
    _, got, _ = facts("Rome suspended transfers of migrants to Albania after a series of setbacks.")
    assert not any(t == "transfer" for t, _, _ in got)
    assert ("suspension", "ITA", "ALB") in got


def test_non_migration_news_with_receiver_names():
    for text in (
        "A US judge blocked the sale of drilling leases in the Gulf of Mexico.",
        "The actress fled the United States and went to Costa Rica on holiday.",
        "Britain and Rwanda signed a trade agreement on coffee exports.",
        "Albania beat Italy 2-0 in a Euro qualifier.",
    ):
        ex, got, _ = facts(text)
        assert got == [], (text, got)


def test_mentions_are_exact_and_typed():
    text = "Rwanda row\n\nBritain has paid Rwanda £240m, the Home Office said, and flew 4 Syrian men there on Monday."
    ex, _, _ = facts(text)
    kinds = {m.kind for m in ex.mentions}
    assert {"country", "money"} <= kinds
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text


def test_own_nationals_in_other_sentences_or_rulings():
    text = "Salvadoran gang suspect deported\n\nThe United States deported the man to El Salvador on Friday after a long legal fight."
    _, got, _ = facts(text)
    assert not any(t == "transfer" for t, _, _ in got)
    _, got, _ = facts("A federal judge blocked the deportation of a Guatemalan asylum seeker to Guatemala.")
    assert not any(t == "ruling" for t, _, _ in got)


def test_onward_removal():
    _, got, _ = facts("Ghana sent two of the deportees from the US on to Gambia last week.")
    assert ("onward_removal", "USA", "GHA") in got
    _, got, _ = facts("Four men deported by the US to Eswatini were later sent on to their home countries.")
    assert ("onward_removal", "USA", "SWZ") in got


def test_more_event_verbs():
    cases = [
        ("Israel's top court freezes deportations of asylum seekers to Rwanda.", ("ruling", "ISR", "RWA")),
        ("A Rome court refused to validate the detention of 10 migrants taken to Albania.", ("ruling", "ITA", "ALB")),
        ("The offshore detention centre on Manus Island closed on Tuesday.", ("termination", "AUS", "PNG")),
        ("Kigali demands £30m from London over the cancelled migration partnership.", ("compensation_demand", "GBR", "RWA")),
        ("Eswatini confirmed it received $4m from the US under the deportee deal.", ("payment", "USA", "SWZ")),
        ("Honduras says it signed no deportation agreement with Washington.", ("denial", "USA", "HND")),
        ("The Senate gave final approval to the Albania migration protocol with Italy.", ("legislation", "ITA", "ALB")),
    ]
    for text, key in cases:
        _, got, _ = facts(text, date="2025-09-10")
        assert key in got, (text, got)


def test_court_on_other_matters_is_not_a_ruling():
    _, got, _ = facts("A Guatemalan court convicted a former minister of corruption as US deportation flights continued.")
    assert not any(t == "ruling" for t, _, _ in got)


def test_criticism_variants_and_defences():
    positives = [
        "Doctors say asylum seekers detained on Nauru face a mental health crisis.",
        "The Refugee Council said the Rwanda bill would leave thousands of asylum seekers in limbo.",
        "Opposition MPs in Tirana accused Meloni of turning Albania into Italy's migrant prison.",
        "Rights groups have condemned the deportations to South Sudan.",
    ]
    for text in positives:
        _, got, _ = facts(text)
        assert any(t == "criticism" for t, _, _ in got), text
    negatives = [
        "The home secretary said the Rwanda plan would deter small boat crossings by asylum seekers.",
        "Ministers insist the Rwanda asylum scheme will work.",
        "Australia's home affairs minister defended offshore processing on Nauru as a deterrent.",
        "The contractor, accused in US courts of negligence, will run the Nauru detention centre.",
    ]
    for text in negatives:
        _, got, _ = facts(text)
        assert not any(t == "criticism" for t, _, _ in got), (text, got)


def test_legislation_stages_and_suspension_objects():
    for text, outcome in (
        ("The Safety of Rwanda Bill received royal assent on Thursday.", "passed"),
        ("The Rwanda bill cleared its final hurdle in Parliament.", "passed"),
        ("The Lords inflicted a series of defeats on the government over the Rwanda asylum bill.", "amended"),
    ):
        _, got, fs = facts(text)
        leg = [f for f in fs if f.type == "legislation"]
        assert leg and leg[0].outcome == outcome, (text, got)
    _, got, _ = facts("The government paused the Rwanda flights pending the election.")
    assert ("suspension", "GBR", "RWA") in got
    _, got, _ = facts("Three Home Office staff were suspended after leaking the Rwanda flight plans.")
    assert not any(t == "suspension" for t, _, _ in got)
    _, got, fs = facts("Judges in London rejected a last-ditch bid by asylum seekers to halt their removal to Rwanda.")
    assert [f.outcome for f in fs if f.type == "ruling"] == ["allowed"]


def test_talks_about_unnamed_third_countries():
    cases = [
        ("The UK is exploring deals with Balkan countries to host failed asylum seekers.", ("talks", "GBR", None)),
        ("Washington has approached several African countries about accepting deportees.", ("talks", "USA", None)),
        ("Germany is examining whether asylum claims could be processed in third countries.", ("talks", "DEU", None)),
        ("The EU is discussing return hubs outside the bloc for rejected asylum seekers.", ("talks", "EUU", None)),
        ("Officials from Rwanda and the US held talks on receiving migrants deported from America.", ("talks", "USA", "RWA")),
    ]
    for text, key in cases:
        _, got, _ = facts(text)
        assert key in got, (text, got)
    _, got, _ = facts("Officials from Rwanda and the US held talks on receiving migrants deported from America.")
    assert not any(t == "transfer" for t, _, _ in got)
    _, got, _ = facts("Talks between Italy and Albania on energy cooperation ended without a deal.")
    assert got == []


def test_trade_and_security_deals_are_not_migration_deals():
    for text in (
        "Prince Charles arrived in Kigali, where the UK and Rwanda signed a memorandum on trade and investment.",
        "The UK is exploring deals with third countries to boost exports after Brexit.",
        "Australia and Nauru signed a security treaty covering policing and banking.",
        "The UK deported 20 Albanians back to Tirana on a charter flight.",
        "Guatemala received three flights of deported Guatemalans from the US.",
    ):
        _, got, _ = facts(text)
        assert got == [], (text, got)


def test_laws_of_other_kinds_and_conditional_rejections():
    for text in (
        "Albania's parliament passed a judicial reform law backed by Italy and the EU.",
        "Nauru's parliament passed the budget bill with Australian support.",
        "The home secretary may quit the human rights convention if judges reject her Rwanda deal.",
    ):
        _, got, _ = facts(text)
        assert got == [], (text, got)
    _, got, _ = facts("The Rwanda bill passed its third reading in the Commons on Tuesday.")
    assert ("legislation", "GBR", "RWA") in got


def test_criticism_of_a_receiver_over_other_matters():
    text = ("UK sanctions Rwanda over M23 rebels\n\nAmnesty International condemned Rwanda's role in the fighting, "
            "and British ministers warned Kigali of further penalties.")
    ex, got, _ = facts(text)
    assert got == [] and not ex.relevant


def test_court_cases_about_other_matters():
    _, got, _ = facts("A Paris court found a Rwandan doctor guilty of genocide, as UK ministers visited Kigali.")
    assert got == []
    _, got, _ = facts("UK Supreme Court flexes judicial muscles with Rwanda ruling")
    assert ("ruling", "GBR", "RWA") in got


def test_several_facts_in_one_sentence():
    _, got, fs = facts("A judge blocked the flight to Rwanda, but 30 asylum seekers had already been sent there, the Home Office said.")
    assert ("ruling", "GBR", "RWA") in got and ("transfer", "GBR", "RWA") in got
    assert [f.people for f in fs if f.type == "transfer"] == [30]
    _, got, fs = facts("Only four volunteers were relocated to Rwanda before the scheme was scrapped in July.")
    assert ("transfer", "GBR", "RWA") in got and ("termination", "GBR", "RWA") in got
    assert [f.people for f in fs if f.type == "transfer"] == [4]
    _, got, _ = facts("The deportation flight to Rwanda was cancelled after the ECHR intervened.")
    assert got == [("ruling", "GBR", "RWA")]
