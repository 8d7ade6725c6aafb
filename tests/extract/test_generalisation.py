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


# ---------------------------------------------------------------------------
# Hand-written news items (title, blank line, description, or one sentence),
# many corridors and phrasings.  Each case: the text, its publication date, the
# facts it must give (type, sender, receiver, and key fields as FACTS.md says),
# and the (type, sender, receiver) it must not give.  Written for these tests;
# none is taken from the shared data.
# ---------------------------------------------------------------------------

PUB = "2025-06-10"  # a Tuesday

CASES = [
    # -- transfer: active, passive, headline present tense, words and digits
    ("US deports 8 men to South Sudan\n\nThe deportees, from Cuba, Laos and Vietnam, were put on a plane after weeks of legal wrangling.",
     PUB, [("transfer", "USA", "SSD", {"people": 8})], []),
    ("Five men deported by the United States have arrived in Eswatini, the government said on Wednesday.",
     "2025-07-17", [("transfer", "USA", "SWZ", {"people": 5})], []),
    ("Italy has transferred 16 migrants to its new centre in Albania, the interior ministry said.",
     PUB, [("transfer", "ITA", "ALB", {"people": 16})], []),
    ("A second group of 49 migrants rescued at sea was taken to Albania by an Italian navy ship on Monday.",
     PUB, [("transfer", "ITA", "ALB", {"people": 49, "date": ("2025-06-09", "on")})], []),
    ("Rwanda receives first migrants deported from the US\n\nSeven migrants arrived in Kigali in mid-August, a government spokeswoman said.",
     "2025-08-28", [("transfer", "USA", "RWA", {})], []),
    ("Ghana has accepted 14 West African deportees from the United States, President John Mahama said.",
     PUB, [("transfer", "USA", "GHA", {"people": 14})], []),
    ("The Trump administration flew 238 Venezuelans to El Salvador's CECOT mega-prison in March.",
     PUB, [("transfer", "USA", "SLV", {"people": 238, "nationalities": ("VEN",), "date": ("2025-03", "on")})], []),
    ("Costa Rica received 200 migrants from Asia and Africa who were deported by the US last month.",
     PUB, [("transfer", "USA", "CRI", {"people": 200, "date": ("2025-05", "on")})], []),
    ("Panama receives 119 deportees from US on military flight",
     "2025-02-13", [("transfer", "USA", "PAN", {"people": 119})], []),
    ("Israel deported about a dozen Eritrean asylum seekers to Rwanda under a secret arrangement.",
     "2018-01-20", [("transfer", "ISR", "RWA", {"people": 12, "nationalities": ("ERI",)})], []),
    ("The first failed asylum seeker to leave under the voluntary scheme has been flown to Rwanda, the Home Office said.",
     "2024-05-01", [("transfer", "GBR", "RWA", {"people": 1, "date": ("2024-05-01", "before")})], []),
    ("Dozens of migrants have been deported from the United States to Costa Rica this week.",
     "2025-02-21", [("transfer", "USA", "CRI", {})], []),
    ("Kosovo takes in first deportees sent by Washington under temporary deal",
     PUB, [("transfer", "USA", "XKX", {})], []),
    ("Four asylum seekers were relocated to Rwanda on Thursday under the migration partnership.",
     "2024-04-30", [("transfer", "GBR", "RWA", {"people": 4, "date": ("2024-04-25", "on")})], []),
    # -- transfer: plans, negation, conditionals, the person's own country
    ("The administration plans to send dozens of migrants to Rwanda in the coming weeks, officials said.",
     PUB, [], [("transfer", "USA", "RWA")]),
    ("Britain has not sent a single asylum seeker to Rwanda under the partnership.",
     "2024-03-01", [], [("transfer", "GBR", "RWA")]),
    ("Without the injunction, the men would have been deported to South Sudan on Tuesday.",
     PUB, [], [("transfer", "USA", "SSD")]),
    ("Migrants could be sent to Albania as soon as next month, the Italian government said.",
     PUB, [], [("transfer", "ITA", "ALB")]),
    ("The US deported 120 Guatemalans to Guatemala on Friday, the migration institute said.",
     PUB, [], [("transfer", "USA", "GTM")]),
    # -- onward removal
    ("Ghana has sent 11 of the West Africans deported from the US on to their home countries, the foreign minister said.",
     "2025-09-15", [("onward_removal", "USA", "GHA", {"people": 11})], []),
    ("Eswatini repatriated a Jamaican man deported there by the United States to Jamaica.",
     "2025-09-01", [("onward_removal", "USA", "SWZ", {"people": 1})], []),
    ("Costa Rica has returned dozens of the deported migrants to their home countries, officials said.",
     "2025-04-01", [("onward_removal", "USA", "CRI", {})], []),
    # -- ruling: every outcome
    ("Federal judge blocks deportations to South Sudan\n\nThe order bars officials from removing migrants to third countries without notice.",
     PUB, [("ruling", "USA", "SSD", {"outcome": "blocked"})], [("transfer", "USA", "SSD")]),
    ("The Supreme Court on Monday allowed the Trump administration to resume deporting migrants to third countries such as South Sudan.",
     "2025-06-24", [("ruling", "USA", "SSD", {"outcome": "allowed", "date": ("2025-06-23", "on")})], []),
    ("An Italian court refused to validate the detention of 12 migrants held in Albania, forcing their return to Italy.",
     "2024-10-19", [("ruling", "ITA", "ALB", {"outcome": "blocked"})], []),
    ("Judges in Rome ruled the detention of migrants in Albania unlawful.",
     "2024-11-12", [("ruling", "ITA", "ALB", {"outcome": "unlawful"})], []),
    ("Strasbourg court halts Rwanda flight\n\nThe last asylum seeker was taken off the plane minutes before take-off.",
     "2022-06-15", [("ruling", "GBR", "RWA", {"outcome": "blocked"})], [("transfer", "GBR", "RWA")]),
    ("A High Court judge rejected a bid by asylum seekers to stop their removal to Rwanda.",
     "2022-06-10", [("ruling", "GBR", "RWA", {"outcome": "allowed"})], []),
    ("PNG Supreme Court rules Manus Island detention centre illegal",
     "2016-04-26", [("ruling", "AUS", "PNG", {"outcome": "unlawful"})], []),
    ("The High Court of Australia upheld the legality of offshore detention on Nauru.",
     "2016-02-03", [("ruling", "AUS", "NRU", {"outcome": "lawful"})], []),
    ("The Supreme Court will hear the government's appeal over the Rwanda plan in October.",
     "2023-07-01", [], [("ruling", "GBR", "RWA")]),
    # -- talks
    ("The Netherlands is in talks with Uganda about a return hub for rejected asylum seekers.",
     PUB, [("talks", "NLD", "UGA", {})], []),
    ("Germany is exploring whether asylum procedures could be moved to third countries.",
     PUB, [("talks", "DEU", None, {})], []),
    ("Denmark and Rwanda have held talks on transferring asylum seekers to the African nation.",
     "2021-05-04", [("talks", "DNK", "RWA", {})], []),
    ("Rwanda's foreign minister said on Sunday that Kigali was in talks with Washington about receiving migrants.",
     PUB, [("talks", "USA", "RWA", {"date": ("2025-06-08", "on")})], []),
    ("The UK government is in discussions with Balkan countries about return hubs for failed asylum seekers.",
     PUB, [("talks", "GBR", None, {})], []),
    ("Washington has approached Libya and Rwanda about accepting deportees from the United States.",
     PUB, [("talks", "USA", "LBY", {}), ("talks", "USA", "RWA", {})], []),
    # -- agreement
    ("Paraguay signs 'safe third country' agreement with US",
     "2025-08-15", [("agreement", "USA", "PRY", {})], []),
    ("Italy and Albania struck a deal in November 2023 to hold migrants rescued at sea in Albania.",
     "2024-05-01", [("agreement", "ITA", "ALB", {"date": ("2023-11", "on")})], []),
    ("Uganda agrees to take deportees from the United States",
     "2025-08-21", [("agreement", "USA", "UGA", {})], []),
    ("The Netherlands and Uganda signed a letter of intent on a return hub for rejected asylum seekers on Thursday.",
     "2025-09-27", [("agreement", "NLD", "UGA", {"date": ("2025-09-25", "on")})], []),
    ("Kosovo has agreed to host 50 deportees from the United States for one year.",
     PUB, [("agreement", "USA", "XKX", {})], [("transfer", "USA", "XKX")]),
    # -- payment, cost, compensation
    ("The UK has paid Rwanda £240 million so far under the migration partnership.",
     "2024-03-07", [("payment", "GBR", "RWA", {"amount": 240_000_000, "currency": "GBP"})], []),
    ("Washington paid El Salvador $6 million to hold the deported men for a year.",
     PUB, [("payment", "USA", "SLV", {"amount": 6_000_000, "currency": "USD"})], []),
    ("Rwanda received a further £50m from Britain in April for the asylum scheme.",
     "2024-06-01", [("payment", "GBR", "RWA", {"amount": 50_000_000, "currency": "GBP", "date": ("2024-04", "on")})], []),
    ("The Rwanda scheme cost taxpayers £715 million, the Home Office said.",
     "2024-07-22", [("cost", "GBR", "RWA", {"amount": 715_000_000, "currency": "GBP"})], []),
    ("Italy's migrant centres in Albania are expected to cost €670 million over five years.",
     PUB, [("cost", "ITA", "ALB", {"amount": 670_000_000, "currency": "EUR"})], []),
    ("Offshore processing on Nauru costs Australian taxpayers about $350 million a year.",
     PUB, [("cost", "AUS", "NRU", {"amount": 350_000_000, "currency": "AUD"})], []),
    ("Rwanda demands £50m from UK after deportation deal scrapped",
     "2025-02-01", [("compensation_demand", "GBR", "RWA", {"amount": 50_000_000, "currency": "GBP"})], []),
    ("Kigali is seeking compensation from London over the cancelled migration partnership, officials said.",
     "2025-02-01", [("compensation_demand", "GBR", "RWA", {})], []),
    # -- suspension, termination
    ("Italy has paused transfers of migrants to Albania after a string of court defeats.",
     PUB, [("suspension", "ITA", "ALB", {})], []),
    ("Transfers of asylum seekers to the centres in Albania were halted by the government in December.",
     "2025-01-15", [("suspension", "ITA", "ALB", {"date": ("2024-12", "on")})], [("ruling", "ITA", "ALB")]),
    ("Labour scraps Rwanda deportation scheme",
     "2024-07-06", [("termination", "GBR", "RWA", {})], []),
    ("Australia's offshore processing centre on Manus Island was closed in October 2017.",
     "2019-01-01", [("termination", "AUS", "PNG", {"date": ("2017-10", "on")})], []),
    ("Israel cancelled its plan to deport African asylum seekers to Rwanda and Uganda.",
     "2018-04-03", [("termination", "ISR", "RWA", {}), ("termination", "ISR", "UGA", {})], []),
    # -- criticism
    ("Amnesty International condemned the deportations to South Sudan as cruel and unlawful.",
     PUB, [("criticism", "USA", "SSD", {"actor": "Amnesty International"})], []),
    ("UNHCR warned that the Italy-Albania protocol risks violating the rights of asylum seekers.",
     PUB, [("criticism", "ITA", "ALB", {"actor": "UNHCR"})], []),
    ("Human Rights Watch said conditions for the deported men at CECOT in El Salvador amounted to torture.",
     PUB, [("criticism", "USA", "SLV", {"actor": "Human Rights Watch"})], []),
    ("The deal has been criticised by refugee groups, who say Eswatini has a poor human rights record.",
     "2025-07-20", [("criticism", "USA", "SWZ", {})], []),
    ("Doctors Without Borders warned of a mental health crisis among refugees held on Nauru.",
     "2018-10-06", [("criticism", "AUS", "NRU", {"actor": "Doctors Without Borders"})], []),
    # -- denial
    ("Uganda says it has not signed any deal to receive deportees from the US.",
     PUB, [("denial", "USA", "UGA", {})], [("agreement", "USA", "UGA")]),
    ("Ghana's government dismissed reports that it had accepted a deportation deal with Washington.",
     PUB, [("denial", "USA", "GHA", {})], [("agreement", "USA", "GHA")]),
    ("Panama rejected claims that it had agreed to become a safe third country for the US.",
     PUB, [("denial", "USA", "PAN", {})], [("agreement", "USA", "PAN")]),
    # -- legislation
    ("MPs vote 320 to 276 to pass Safety of Rwanda Bill",
     "2024-04-23", [("legislation", "GBR", "RWA", {"outcome": "passed"})], []),
    ("Paraguay's Senate ratified the safe third country agreement with the United States.",
     "2025-09-10", [("legislation", "USA", "PRY", {"outcome": "passed"})], []),
    ("Albania's parliament approved the migration deal with Italy on Thursday.",
     "2024-02-24", [("legislation", "ITA", "ALB", {"outcome": "passed", "date": ("2024-02-22", "on")})], []),
    ("The House of Lords voted to amend the Rwanda bill, sending it back to the Commons.",
     "2024-03-07", [("legislation", "GBR", "RWA", {"outcome": "amended"})], []),
    ("Kosovo's parliament ratified the prison lease agreement with Denmark.",
     "2024-06-01", [("legislation", "DNK", "XKX", {"outcome": "passed"})], []),
    ("The government introduced a bill to send asylum seekers to Rwanda.",
     "2023-12-07", [], [("legislation", "GBR", "RWA")]),
]


# a second set: headlines, reported speech, more corridors, more verbs
CASES_2 = [
    ("Deportation flight carrying 200 migrants lands in El Salvador",
     "2025-03-16", [("transfer", "USA", "SLV", {"people": 200})], []),
    ("Eswatini confirms arrival of 10 more deportees from US",
     "2025-10-06", [("transfer", "USA", "SWZ", {"people": 10})], []),
    ("US deportees held in Djibouti reach South Sudan\n\nThe men, who had been held at a US military base in Djibouti for weeks, were finally flown to Juba on Friday.",
     "2025-07-07", [("transfer", "USA", "SSD", {"date": ("2025-07-04", "on")})], [("transfer", "USA", None)]),
    ("Italy sends 40 migrants to Albania as it relaunches stalled scheme",
     "2025-04-11", [("transfer", "ITA", "ALB", {"people": 40})], []),
    ("Last month, the US deported five men from Vietnam, Jamaica, Laos, Cuba and Yemen to Eswatini.",
     "2025-08-12", [("transfer", "USA", "SWZ", {"people": 5, "date": ("2025-07", "on")})], []),
    ("Eritreans deported from Israel to Rwanda say they were left without papers",
     "2018-02-01", [("transfer", "ISR", "RWA", {"nationalities": ("ERI",)})], []),
    ("The last refugees held on Nauru were flown to Brisbane in June.",
     "2023-07-01", [], [("transfer", "AUS", "NRU")]),
    ("The government would have deported 10,000 people to Rwanda by now, a former minister claimed.",
     "2024-09-01", [], [("transfer", "GBR", "RWA")]),
    ("El Salvador's Bukele agrees to take US deportees of any nationality",
     "2025-02-04", [("agreement", "USA", "SLV", {})], []),
    ("Honduras agrees to receive deportees from other countries under a deal with the United States.",
     "2025-08-27", [("agreement", "USA", "HND", {})], []),
    ("Denmark and Rwanda sign memorandum on asylum cooperation",
     "2022-05-03", [("agreement", "DNK", "RWA", {})], []),
    ("Dutch government signs deal with Uganda for return hub",
     "2025-09-26", [("agreement", "NLD", "UGA", {})], []),
    ("Rubio says El Salvador offered to jail deportees of any nationality",
     "2025-02-04", [("talks", "USA", "SLV", {})], []),
    ("Rwanda ruled out talks with Denmark on hosting asylum seekers.",
     PUB, [], [("talks", "DNK", "RWA")]),
    ("First Rwanda flight grounded after last-minute ECHR ruling",
     "2022-06-15", [("ruling", "GBR", "RWA", {"outcome": "blocked"})], [("transfer", "GBR", "RWA")]),
    ("Italian judges order release of migrants held in Albania",
     "2024-10-18", [("ruling", "ITA", "ALB", {"outcome": "blocked"})], []),
    ("Lawyers for the deported men have filed a challenge in the High Court.",
     PUB, [], [("ruling", "USA", "SSD"), ("ruling", "GBR", "RWA")]),
    ("Home Office pays Rwanda another £100m despite no flights\n\nThe payment under the asylum partnership brings the total to £340m.",
     "2024-03-07", [("payment", "GBR", "RWA", {"amount": 100_000_000, "currency": "GBP"})], [("transfer", "GBR", "RWA")]),
    ("Australia to pay Nauru A$2.5bn to take deportees under new treaty",
     "2025-09-01", [("payment", "AUS", "NRU", {"amount": 2_500_000_000, "currency": "AUD"})], []),
    ("The Albania centres have cost Italy €74 million so far, with only a few dozen migrants held there.",
     "2025-03-01", [("cost", "ITA", "ALB", {"amount": 74_000_000, "currency": "EUR"})], []),
    ("Sunak's Rwanda bill clears Commons",
     "2024-01-17", [("legislation", "GBR", "RWA", {"outcome": "passed"})], []),
    ("Rwanda bill becomes law after Lords back down",
     "2024-04-23", [("legislation", "GBR", "RWA", {"outcome": "passed"})], []),
    ("Tory MPs threaten to vote against the Rwanda bill next week.",
     "2024-01-10", [], [("legislation", "GBR", "RWA")]),
    ("Danish parliament passes law allowing asylum seekers to be processed outside Europe",
     "2021-06-03", [("legislation", "DNK", None, {"outcome": "passed"})], []),
    ("Denmark shelves Rwanda asylum plan",
     "2023-01-25", [("termination", "DNK", "RWA", {})], []),
    ("Starmer confirms Rwanda scheme is 'dead and buried'",
     "2024-07-06", [("termination", "GBR", "RWA", {})], []),
    ("In July 2024, the new Labour government scrapped the scheme to send asylum seekers to Rwanda.",
     "2025-01-01", [("termination", "GBR", "RWA", {"date": ("2024-07", "on")})], []),
    ("UN refugee chief says Rwanda deal 'not compatible' with Refugee Convention",
     "2022-06-13", [("criticism", "GBR", "RWA", {})], []),
    ("Lawyers say deportations to Eswatini breach international law",
     "2025-07-25", [("criticism", "USA", "SWZ", {"actor": "Lawyers"})], []),
    ("Eswatini activists slam deal to take US deportees",
     "2025-07-18", [("criticism", "USA", "SWZ", {})], []),
    ("Former prime minister Theresa May called the Rwanda policy ineffective and costly.",
     "2023-12-01", [("criticism", "GBR", "RWA", {})], []),
    ("Rwanda denies it will accept migrants deported from the US",
     "2025-05-06", [("denial", "USA", "RWA", {})], [("agreement", "USA", "RWA"), ("transfer", "USA", "RWA")]),
    ("Ghana has deported 14 West Africans it received from the US to Nigeria, officials said.",
     "2025-09-20", [("onward_removal", "USA", "GHA", {"people": 14})], []),
    ("Britain demanded that Rwanda pay back the money it received under the cancelled migration deal.",
     "2025-02-10", [("compensation_demand", "GBR", "RWA", {})], []),
    ("Britain has asked Rwanda to refund the £240m it paid under the scrapped asylum deal.",
     "2024-08-01", [("compensation_demand", "GBR", "RWA", {"amount": 240_000_000})], []),
]

NEGATIVES_2 = [
    "Britain deported 40 Albanians to Albania on a charter flight, the Home Office said.",
    "Italy repatriated 50 Tunisians to Tunisia from Lampedusa on Monday.",
    "Australia and Papua New Guinea signed a defence treaty in Canberra on Monday.",
    "The US and Panama agreed to step up security cooperation around the canal.",
    "UK government sends aid to Rwanda after deadly floods in the north.",
    "Ghana deported 700 Nigerian traders to Nigeria over a retail dispute.",
    "US soldiers were sent to Panama for a jungle training exercise.",
    "Rwanda marks 30 years since the genocide with ceremonies in Kigali.",
    "Denmark's central bank raised rates as inflation in Copenhagen rose.",
    "Uganda's opposition leader was arrested ahead of the election in Kampala.",
]


# a third set: court, critic and talks phrasings of other outlets and deals
CASES_3 = [
    ("UK's top court backs ban on Rwanda deportation flights",
     "2023-11-15", [("ruling", "GBR", "RWA", {})], []),
    ("Appeals court lets Trump administration resume deportations to third countries",
     "2025-05-20", [("ruling", "USA", None, {"outcome": "allowed"})], []),
    ("EU top court rules against Italy's Albania migrant plan",
     "2025-08-01", [("ruling", "ITA", "ALB", {"outcome": "blocked"})], []),
    ("Albanian court clears way for Italy migrant deal",
     "2024-01-29", [("ruling", "ITA", "ALB", {"outcome": "allowed"})], []),
    ("UN experts alarmed by US deportations to South Sudan",
     "2025-07-01", [("criticism", "USA", "SSD", {})], []),
    ("Amnesty calls on Italy to scrap Albania migrant deal",
     "2024-10-20", [("criticism", "ITA", "ALB", {"actor": "Amnesty"})], []),
    ("Rights groups say deportees sent to Eswatini are being held incommunicado in a maximum-security prison.",
     "2025-08-05", [("criticism", "USA", "SWZ", {})], []),
    ("UK eyes deals with Balkan states to host failed asylum seekers",
     "2025-05-15", [("talks", "GBR", None, {})], []),
    ("US asks Rwanda to take deportees from other countries",
     "2025-03-20", [("talks", "USA", "RWA", {})], []),
    ("Germany to examine processing asylum claims in third countries",
     "2024-06-20", [("talks", "DEU", None, {})], []),
    ("Meloni meets Rama in Tirana to discuss migrant centres deal",
     "2023-11-06", [("talks", "ITA", "ALB", {})], []),
    ("US, Guatemala reach agreement on 'safe third country' for asylum seekers",
     "2019-07-26", [("agreement", "USA", "GTM", {})], []),
    ("Italy-Albania migration deal comes into force",
     "2024-03-01", [("agreement", "ITA", "ALB", {})], []),
    ("UK gave Rwanda £100m more than previously disclosed for the asylum scheme",
     "2023-03-01", [("payment", "GBR", "RWA", {"amount": 100_000_000, "currency": "GBP"})], []),
    ("Eswatini to receive $5.1 million from US for taking deportees",
     "2025-09-10", [("payment", "USA", "SWZ", {"amount": 5_100_000, "currency": "USD"})], []),
    ("The US is paying El Salvador about $6 million a year to jail the deportees.",
     "2025-04-01", [("payment", "USA", "SLV", {"amount": 6_000_000, "currency": "USD", "amount_qualifier": "about"})], []),
    ("Rwanda deportation scheme costs rise to £700m",
     "2024-07-22", [("cost", "GBR", "RWA", {"amount": 700_000_000})], []),
    ("South Sudan repatriates Mexican deportee sent by US",
     "2025-09-05", [("onward_removal", "USA", "SSD", {"people": 1, "nationalities": ("MEX",)})], []),
    ("Eswatini sends deportee home to Jamaica",
     "2025-09-15", [("onward_removal", "USA", "SWZ", {})], []),
    ("Migrants sent to Albania by Italy brought back after court ruling",
     "2024-10-19", [("transfer", "ITA", "ALB", {}), ("ruling", "ITA", "ALB", {})], []),
    ("Libyan government denies agreeing to receive migrants deported from US",
     "2025-05-08", [("denial", "USA", "LBY", {})], []),
]

NEGATIVES_3 = [
    "Third-country nationals fleeing Ukraine face discrimination at EU borders, refugee groups say.",
    "Man deported to Jamaica after serving prison sentence for robbery.",
    "Rwanda's economy grew 8% in 2023, the IMF said.",
    "Ghana to deport illegal gold miners from China, minister says.",
    "Italy rescues 500 migrants off Lampedusa as boats keep arriving.",
    "Albania's parliament passes judicial reform law backed by the EU.",
    "US deports record number of Mexicans in 2024",
    "Uganda hosts 1.5 million refugees, most of them South Sudanese fleeing fighting.",
    "Rwanda signs trade and investment deal with Britain at Kigali summit.",
    "El Salvador's president Bukele wins re-election by a landslide.",
]


# a fourth set: court decisions and critics as headlines put them
CASES_4 = [
    ("Judge temporarily blocks Trump administration from deporting migrants to third countries",
     "2025-04-18", [("ruling", "USA", None, {"outcome": "blocked"})], []),
    ("Supreme Court clears way for deportations to South Sudan",
     "2025-07-04", [("ruling", "USA", "SSD", {"outcome": "allowed"})], []),
    ("Court rules Rwanda deportation plan lawful",
     "2022-12-19", [("ruling", "GBR", "RWA", {"outcome": "lawful"})], []),
    ("Rwanda policy unlawful, Court of Appeal rules",
     "2023-06-29", [("ruling", "GBR", "RWA", {"outcome": "unlawful"})], []),
    ("A federal appeals court on Friday refused to halt deportations to El Salvador.",
     "2025-03-30", [("ruling", "USA", "SLV", {"outcome": "allowed", "date": ("2025-03-28", "on")})], []),
    ("ECHR blocks deportation of Iraqi asylum seeker to Rwanda",
     "2022-06-14", [("ruling", "GBR", "RWA", {"outcome": "blocked", "nationalities": ("IRQ",)})], []),
    ("Australia's High Court dismissed a challenge to offshore processing on Nauru.",
     "2016-02-03", [("ruling", "AUS", "NRU", {"outcome": "allowed"})], []),
    ("'It's a disgrace': Lib Dems slam Rwanda deportation plan",
     "2022-04-15", [("criticism", "GBR", "RWA", {})], []),
    ("UNHCR: deportations to Eswatini violate international law",
     "2025-07-20", [("criticism", "USA", "SWZ", {"actor": "UNHCR"})], []),
    ("The plan was described as cruel by the UN refugee agency.",
     "2022-04-15", [], [("criticism", "GBR", "RWA")]),
    ("Britain's Rwanda plan was described as cruel by the UN refugee agency.",
     "2022-04-15", [("criticism", "GBR", "RWA", {"actor": "UN refugee agency"})], []),
    ("The scheme has been criticised by Amnesty International and the Refugee Council.",
     "2022-05-01", [], []),
    ("The Rwanda scheme has been criticised by Amnesty International.",
     "2022-05-01", [("criticism", "GBR", "RWA", {"actor": "Amnesty International"})], []),
]


# a fifth set: counts, amounts and dates written in other ways; negation
CASES_5 = [
    ("Twenty-nine migrants were deported from the US to Costa Rica on Wednesday.",
     "2025-02-27", [("transfer", "USA", "CRI", {"people": 29, "date": ("2025-02-26", "on")})], []),
    ("More than 250 Venezuelans were sent to El Salvador's CECOT prison in March.",
     "2025-05-01", [("transfer", "USA", "SLV", {"people": 250, "people_qualifier": "at_least", "nationalities": ("VEN",),
                                                "date": ("2025-03", "on")})], []),
    ("Nearly 300 migrants have been relocated from Nauru to the United States under the resettlement deal.",
     "2019-01-01", [], [("transfer", "AUS", "NRU")]),
    ("The US deported a Mexican man to South Sudan last week.",
     "2025-07-10", [("transfer", "USA", "SSD", {"people": 1, "nationalities": ("MEX",), "date": ("2025-07-10", "before")})], []),
    ("Britain paid Rwanda £120m in April 2022 and a further £20m in April 2023 under the asylum partnership.",
     "2023-12-01", [("payment", "GBR", "RWA", {"amount": 120_000_000, "date": ("2022-04", "on")}),
                    ("payment", "GBR", "RWA", {"amount": 20_000_000, "date": ("2023-04", "on")})], []),
    ("The UK has spent almost £700 million on the Rwanda scheme.",
     "2024-07-22", [("cost", "GBR", "RWA", {"amount": 700_000_000, "amount_qualifier": "less_than"})], []),
    ("The migrant centres in Albania will cost Italy 1.5bn euros over ten years, the opposition says.",
     "2024-06-01", [("cost", "ITA", "ALB", {"amount": 1_500_000_000, "currency": "EUR"})], []),
    ("Denmark will pay Kosovo 210 million euros over ten years to rent 300 prison cells for foreign convicts facing deportation.",
     "2022-12-21", [("payment", "DNK", "XKX", {"amount": 210_000_000, "currency": "EUR"})], []),
    ("No deportees have yet been sent to Uganda under the deal, officials said.",
     "2025-09-01", [], [("transfer", "USA", "UGA")]),
    ("Rwanda has yet to receive any migrants from the United States.",
     "2025-06-01", [], [("transfer", "USA", "RWA")]),
    ("The first flight to Rwanda never took off.",
     "2023-01-01", [], [("transfer", "GBR", "RWA")]),
    ("Italy did not transfer any migrants to Albania in the first months of 2025.",
     "2025-04-01", [], [("transfer", "ITA", "ALB")]),
    ("Three weeks ago, Washington sent seven men to Rwanda, the government in Kigali confirmed.",
     "2025-09-02", [("transfer", "USA", "RWA", {"people": 7})], []),
    ("Two years ago, Britain and Rwanda signed a migration and economic development partnership.",
     "2024-04-14", [("agreement", "GBR", "RWA", {"date": ("2022", "approx")})], []),
]


# a sixth set: the Alien Enemies Act removals, onward moves from a prison, ongoing deportations
CASES_6 = [
    ("Supreme Court blocks deportations of Venezuelans under Alien Enemies Act",
     "2025-04-19", [("ruling", "USA", None, {"outcome": "blocked", "nationalities": ("VEN",)})], []),
    ("The administration deported 137 people under the Alien Enemies Act to El Salvador on Saturday.",
     "2025-03-18", [("transfer", "USA", "SLV", {"people": 137, "date": ("2025-03-15", "on")})], []),
    ("Venezuelans held in CECOT were returned to Venezuela in a prisoner swap on Friday.",
     "2025-07-21", [("onward_removal", "USA", "SLV", {"people": None, "nationalities": ("VEN",)})], []),
    ("Israel begins deporting African asylum seekers to Rwanda",
     "2018-02-05", [("transfer", "ISR", "RWA", {})], []),
    ("Ghana says it has received 42 deportees from the US since September",
     "2025-11-01", [("transfer", "USA", "GHA", {"people": 42})], []),
    ("Trump invokes Alien Enemies Act to deport Venezuelans",
     "2025-03-15", [], [("transfer", "USA", None), ("transfer", "USA", "SLV")]),
    ("Australia confirms last refugees have left Nauru",
     "2023-06-24", [], [("transfer", "AUS", "NRU")]),
]


# a seventh set: headline verbs of other outlets
CASES_7 = [
    ("Panama holds deportees from the US in a hotel, refusing to let them leave",
     "2025-02-20", [("transfer", "USA", "PAN", {})], []),
    ("Trump administration ships five 'barbaric' criminals to Eswatini",
     "2025-07-16", [("transfer", "USA", "SWZ", {"people": 5})], []),
    ("Deportees from the US touch down in South Sudan after weeks in Djibouti",
     "2025-07-06", [("transfer", "USA", "SSD", {})], []),
    ("Justices side with Trump on deportations to third countries",
     "2025-05-20", [("ruling", "USA", None, {"outcome": "allowed"})], []),
    ("Supreme Court sides with Trump administration in Alien Enemies Act case",
     "2025-04-08", [("ruling", "USA", None, {"outcome": "allowed"})], []),
    ("Albania court strikes down challenge to Italy migrant deal",
     "2024-12-10", [("ruling", "ITA", "ALB", {"outcome": "allowed"})], []),
    ("Albanian lawmakers ratify deal to host migrants for Italy",
     "2024-02-22", [("legislation", "ITA", "ALB", {"outcome": "passed"})], []),
    ("The government is dragging MPs back to Westminster for a tight vote on the Rwanda bill.",
     "2023-12-12", [], [("legislation", "GBR", "RWA")]),
    ("Human rights lawyer calls deportations to South Sudan 'a stain on America'",
     "2025-07-14", [("criticism", "USA", "SSD", {})], []),
    ("Church of England bishops: Rwanda plan 'should shame us as a nation'",
     "2022-06-14", [("criticism", "GBR", "RWA", {"actor": "Church of England bishops"})], []),
    ("Former minister: the Tories face defeat if the Rwanda bill fails",
     "2023-12-06", [], [("criticism", "GBR", "RWA")]),
    ("Sunak vows emergency law to revive Rwanda plan after court defeat",
     "2023-11-16", [("ruling", "GBR", "RWA", {"outcome": "blocked"})], [("legislation", "GBR", "RWA")]),
    ("Rwanda plan: Not a single asylum seeker sent to Kigali",
     "2024-06-17", [], [("transfer", "GBR", "RWA")]),
]


# an eighth set: who won in court, votes and critics as British outlets put them
CASES_8 = [
    ("Government loses Supreme Court appeal over Rwanda deportation policy",
     "2023-11-15", [("ruling", "GBR", "RWA", {"outcome": "blocked"})], []),
    ("Home Office loses Rwanda appeal as judges rule scheme unlawful",
     "2023-06-29", [("ruling", "GBR", "RWA", {"outcome": "unlawful"})], []),
    ("Government wins High Court battle over Rwanda scheme",
     "2022-12-19", [("ruling", "GBR", "RWA", {"outcome": "allowed"})], []),
    ("Asylum seekers lose High Court fight over Rwanda flights",
     "2022-06-10", [("ruling", "GBR", "RWA", {"outcome": "allowed"})], []),
    ("Safety of Rwanda Act receives royal assent",
     "2024-04-25", [("legislation", "GBR", "RWA", {"outcome": "passed"})], []),
    ("Sunak wins crucial Rwanda vote as Tory rebels abstain",
     "2023-12-12", [("legislation", "GBR", "RWA", {"outcome": "passed"})], []),
    ("Archbishop of Canterbury says Rwanda plan is 'opposite of the nature of God'",
     "2022-04-14", [("criticism", "GBR", "RWA", {"actor": "Archbishop of Canterbury"})], []),
    ("Prince Charles privately describes Rwanda policy as 'appalling'",
     "2022-06-10", [("criticism", "GBR", "RWA", {"actor": "Prince Charles"})], []),
    ("UK and Rwanda agree to expand asylum deal to cover more people",
     "2023-01-30", [("agreement", "GBR", "RWA", {})], []),
    ("Rwanda scheme could cost £1.8bn, spending watchdog says",
     "2024-03-01", [("cost", "GBR", "RWA", {"amount": 1_800_000_000, "currency": "GBP"})], []),
    ("Braverman says her dream is to see a flight take off to Rwanda",
     "2022-10-05", [], [("transfer", "GBR", "RWA")]),
]

NEGATIVES_4 = [
    "UK signs trade deal with Rwanda to boost coffee exports",
    "Britain gives Rwanda £10m in aid for health clinics",
    "Australia signs security treaty with Papua New Guinea",
    "Italy and Albania sign energy deal on undersea power cable",
    "Sunak hails Rwanda's economic growth at Commonwealth summit in Kigali",
    "First inmates transferred to El Salvador 'mega prison' in crackdown on gangs",
    "Rwanda hosts 130,000 Congolese refugees, UNHCR says",
    "Burundian refugees in Rwanda return home under UNHCR programme",
    "Italy sends navy ship to Albania for joint exercise",
    "Britain sent 200 troops to Kosovo to bolster Nato mission",
    "Australia sends 50 police officers to Solomon Islands and Nauru",
    "Britain's foreign secretary paid a visit to Ghana to discuss cocoa trade.",
]


# a ninth set: Australia, Denmark, the Netherlands, Italy and Israel in their own words
CASES_9 = [
    ("Australia accepts New Zealand offer to resettle 450 refugees from offshore detention",
     "2022-03-24", [("agreement", "AUS", "NZL", {})], []),
    ("First refugees from Nauru arrive in New Zealand under resettlement deal",
     "2023-02-03", [("transfer", "AUS", "NZL", {})], []),
    ("Australia signs controversial refugee resettlement deal with Cambodia",
     "2014-09-26", [("agreement", "AUS", "KHM", {})], []),
    ("Australia to pay Nauru A$140 million a year to keep processing centre on standby",
     "2024-11-14", [("payment", "AUS", "NRU", {"amount": 140_000_000, "currency": "AUD"})], []),
    ("Denmark puts Rwanda asylum plans on ice",
     "2023-01-25", [("suspension", "DNK", "RWA", {})], []),
    ("Dutch government looking at Uganda for return hub",
     "2025-05-26", [("talks", "NLD", "UGA", {})], []),
    ("Italy resumes transfers of migrants to Albanian centres",
     "2025-04-12", [("transfer", "ITA", "ALB", {})], []),
    ("Meloni vows to appeal after judges block Albania transfers",
     "2024-10-21", [("ruling", "ITA", "ALB", {"outcome": "blocked"})], []),
    ("EU court deals blow to Italy's plan to send migrants to Albania",
     "2025-08-01", [("ruling", "ITA", "ALB", {"outcome": "blocked"})], []),
    ("The Italian government said it would not scrap the Albania scheme despite the rulings",
     "2024-12-20", [], [("termination", "ITA", "ALB"), ("criticism", "ITA", "ALB")]),
    ("The Home Office was warned that its Rwanda policy was making asylum seekers suicidal",
     "2022-11-13", [("criticism", "GBR", "RWA", {"actor": None})], []),
]


# a tenth set: a title and its description, as feeds give them
CASES_10 = [
    (("US deports five men to Eswatini\n\nThe men, from Vietnam, Jamaica, Laos, Cuba and Yemen, were flown to the southern "
     "African kingdom on Tuesday, the Department of Homeland Security said."),
     "2025-07-16", [("transfer", "USA", "SWZ", {"people": 5, "nationalities": ("VNM", "JAM", "LAO", "CUB", "YEM"),
                                                "date": ("2025-07-15", "on")})], []),
    (("South Sudan receives eight deportees after weeks-long legal fight\n\nThe men were flown to Juba on Friday after "
     "the Supreme Court cleared the way for their removal."),
     "2025-07-06", [("transfer", "USA", "SSD", {"people": 8, "date": ("2025-07-04", "on")}),
                    ("ruling", "USA", "SSD", {"outcome": "allowed"})], []),
    (("Italy's first migrant transfer to Albania\n\nAn Italian navy ship carrying 16 men from Bangladesh and Egypt docked "
     "at the port of Shengjin on Wednesday."),
     "2024-10-17", [("transfer", "ITA", "ALB", {"people": 16, "nationalities": ("BGD", "EGY"), "date": ("2024-10-16", "on")})], []),
    (("Rwanda scheme cost hits £500m\n\nThe UK has now paid Rwanda £290m, with a further £50m due in April, the National "
     "Audit Office said."),
     "2024-03-04", [("cost", "GBR", "RWA", {"amount": 500_000_000}),
                    ("payment", "GBR", "RWA", {"amount": 290_000_000, "date": ("2024-03-04", "before")})], []),
    (("Ghana agrees to take West African deportees from US\n\nPresident John Mahama said on Wednesday that 14 people, "
     "including Nigerians, had already arrived in Accra."),
     "2025-09-06", [("agreement", "USA", "GHA", {}), ("transfer", "USA", "GHA", {"people": 14, "nationalities": ("NGA",)})], []),
    ("Six refugees from Nauru arrive in Auckland\n\nThe men had been held in Australia's offshore processing centres for years.",
     "2023-03-01", [("transfer", "AUS", "NZL", {"nationalities": ()})], []),
]


# an eleventh set: people moved on by the receiver; who asks whom for money
CASES_11 = [
    ("Eswatini deports Jamaican man to his home country after US sent him there",
     "2025-09-14", [("onward_removal", "USA", "SWZ", {"people": 1, "nationalities": ("JAM",)})], []),
    ("Ghana sends deportees from US to Togo",
     "2025-09-16", [("onward_removal", "USA", "GHA", {})], []),
    ("Costa Rica begins repatriating migrants deported from the US",
     "2025-03-10", [("onward_removal", "USA", "CRI", {})], []),
    ("Deportees sent by the US to Ghana have been returned to Nigeria and Gambia, lawyers say",
     "2025-10-01", [("onward_removal", "USA", "GHA", {})], []),
    ("Ten more deportees from the US arrived in eSwatini, the Department of Homeland Security said.",
     "2025-10-06", [("transfer", "USA", "SWZ", {"people": 10})], []),
    ("European Parliament approves law allowing return hubs outside the EU",
     "2025-11-20", [("legislation", "EUU", None, {"outcome": "passed"})], []),
    ("EU Commission proposes 'return hubs' outside the bloc for rejected asylum seekers",
     "2025-03-11", [], [("legislation", "EUU", None)]),
    ("Denmark agrees deal to rent 300 prison cells in Kosovo for foreign convicts",
     "2021-12-20", [("agreement", "DNK", "XKX", {})], []),
    ("Nauru signs deal with Australia to take non-citizens released from immigration detention",
     "2025-02-19", [("agreement", "AUS", "NRU", {})], []),
    ("Italy suspends migrant transfers to Albania after court rulings",
     "2024-11-10", [("suspension", "ITA", "ALB", {})], [("transfer", "ITA", "ALB")]),
    ("Britain paused the Rwanda scheme during the election campaign, the Home Office said.",
     "2024-06-01", [("suspension", "GBR", "RWA", {})], []),
    ("The Danish government has frozen its plan to send asylum seekers to Rwanda.",
     "2023-02-01", [("suspension", "DNK", "RWA", {})], [("transfer", "DNK", "RWA")]),
    ("Court of Appeal rules Rwanda not a safe third country",
     "2023-06-29", [("ruling", "GBR", "RWA", {"outcome": "unsafe"})], []),
    ("High Court: Rwanda plan lawful but individual cases were flawed",
     "2022-12-19", [("ruling", "GBR", "RWA", {"outcome": "lawful", "actor": "High Court"})], [("criticism", "GBR", "RWA")]),
    ("Judges find Rwanda policy breaches human rights law",
     "2023-06-29", [("ruling", "GBR", "RWA", {"outcome": "unlawful"})], []),
    ("Federal judge rules Alien Enemies Act deportations illegal",
     "2025-05-01", [("ruling", "USA", None, {"outcome": "unlawful"})], []),
    ("Judge extends order barring deportations to South Sudan",
     "2025-05-21", [("ruling", "USA", "SSD", {"outcome": "blocked"})], []),
    ("The Home Secretary said the Rwanda scheme would deter dangerous Channel crossings.",
     "2023-12-01", [], [("criticism", "GBR", "RWA")]),
    ("The new home secretary says the Rwanda scheme was a shocking waste of taxpayers' money.",
     "2024-07-22", [("criticism", "GBR", "RWA", {})], []),
    ("The White House said the deportation flights to El Salvador removed dangerous gang members.",
     "2025-03-17", [], [("criticism", "USA", "SLV")]),
    ("Kosovo agrees in principle to host 50 deportees from the US",
     "2025-06-12", [("agreement", "USA", "XKX", {})], [("transfer", "USA", "XKX")]),
    ("South Sudan and US discussing deportation deal",
     "2025-04-30", [("talks", "USA", "SSD", {})], [("agreement", "USA", "SSD")]),
    ("Eswatini says it signed a deal with the US to accept up to 160 deportees",
     "2025-08-05", [("agreement", "USA", "SWZ", {})], [("transfer", "USA", "SWZ")]),
    ("Tory peers join opposition to Rwanda bill",
     "2024-01-29", [("criticism", "GBR", "RWA", {})], [("legislation", "GBR", "RWA")]),
    ("Rwanda asylum flight to go ahead after Court of Appeal ruling",
     "2022-06-13", [("ruling", "GBR", "RWA", {"outcome": "allowed"})], [("transfer", "GBR", "RWA")]),
    ("Britain's first deportation flight to Rwanda cancelled",
     "2022-06-14", [], [("termination", "GBR", "RWA"), ("transfer", "GBR", "RWA")]),
    ("Government confirms four migrants relocated to Rwanda voluntarily",
     "2024-05-02", [("transfer", "GBR", "RWA", {"people": 4})], []),
    ("Home Secretary blasts 'left-wing lawyers' for blocking Rwanda flights",
     "2022-06-15", [], [("criticism", "GBR", "RWA")]),
    ("Officials said on Sunday that a deported Iraqi refugee had been sent to Rwanda by the United States.",
     "2025-05-06", [("transfer", "USA", "RWA", {"people": 1, "nationalities": ("IRQ",), "date": ("2025-05-06", "before")})], []),
    ("Two hundred deportees from the US landed in Costa Rica last week.",
     "2025-06-03", [("transfer", "USA", "CRI", {"people": 200, "date": ("2025-06-03", "before")})], []),
    ("Honduras has taken in more than 100 Venezuelans deported by the United States.",
     "2025-04-15", [("transfer", "USA", "HND", {"people": 100, "people_qualifier": "at_least", "nationalities": ("VEN",)})], []),
    ("Conditions for deportees at CECOT in El Salvador are inhumane, according to Human Rights Watch.",
     "2025-04-01", [("criticism", "USA", "SLV", {"actor": "Human Rights Watch"})], []),
    ("Panama releases dozens of deported migrants from jungle camp",
     "2025-02-26", [], [("onward_removal", "USA", "PAN")]),
    ("Rwanda asks UK to pay £50m after scrapping of deportation deal",
     "2025-02-01", [("compensation_demand", "GBR", "RWA", {"amount": 50_000_000, "currency": "GBP"})], [("cost", "GBR", "RWA")]),
    ("UK will not pay Rwanda compensation over axed migration deal, minister says",
     "2025-02-02", [], [("payment", "GBR", "RWA"), ("compensation_demand", "GBR", "RWA")]),
    ("Rwanda scheme: Britain spent £715m, including £290m paid to Kigali",
     "2024-07-22", [("cost", "GBR", "RWA", {"amount": 715_000_000}), ("payment", "GBR", "RWA", {"amount": 290_000_000})], []),
]


# a twelfth set: critics calling for an end, concerned, asking a parliament to reject
CASES_12 = [
    ("Labour has called for the Rwanda scheme to be scrapped",
     "2022-04-20", [("criticism", "GBR", "RWA", {"actor": "Labour"})], []),
    ("UNHCR 'deeply concerned' over US deportations to Eswatini",
     "2025-07-20", [("criticism", "USA", "SWZ", {"actor": "UNHCR"})], []),
    ("Italian opposition leader Elly Schlein called the Albania centres a 'failure' and a waste of money",
     "2024-10-18", [("criticism", "ITA", "ALB", {"actor": "Elly Schlein"})], []),
    ("Tory MPs say the Rwanda plan will never work",
     "2023-11-20", [("criticism", "GBR", "RWA", {"actor": "Tory MPs"})], []),
    ("Families of Venezuelans sent to El Salvador say their relatives are not gang members",
     "2025-03-19", [("transfer", "USA", "SLV", {"nationalities": ("VEN",)})], []),
    ("Asked whether the US would send more migrants to El Salvador, Rubio said talks were ongoing.",
     "2025-03-20", [("talks", "USA", "SLV", {})], [("transfer", "USA", "SLV")]),
    ("Ministers hope the first flights to Rwanda will take off in the spring.",
     "2024-01-10", [], [("transfer", "GBR", "RWA")]),
    ("Kagame said Rwanda was ready to receive migrants from the United States.",
     "2025-05-01", [], [("transfer", "USA", "RWA"), ("agreement", "USA", "RWA")]),
    ("Lords to debate Rwanda bill next week as peers threaten delay",
     "2024-02-01", [], [("legislation", "GBR", "RWA")]),
    ("The Australian government is refusing to say how much it is paying to Papua New Guinea to hold 75 refugees.",
     "2023-07-21", [("payment", "AUS", "PNG", {"amount": None})], []),
    ("The UK will not pay Rwanda anything more for the scrapped asylum scheme.",
     "2024-08-01", [], [("payment", "GBR", "RWA")]),
    ("The detention centres on Nauru have been the subject of serious criticism by international observers.",
     "2020-10-21", [("criticism", "AUS", "NRU", {"actor": "international observers"})], []),
    ("Amnesty International has urged Albania's parliament to reject the migration deal with Italy",
     "2024-02-01", [("criticism", "ITA", "ALB", {"actor": "Amnesty International"})], [("legislation", "ITA", "ALB")]),
]


ALL_CASES = CASES + CASES_2 + CASES_3 + CASES_4 + CASES_5 + CASES_6 + CASES_7 + CASES_8 + CASES_9 + CASES_10 + CASES_11 + CASES_12


def _fact_dicts(text, date):
    ex = extract(Document(id="g", date=date, text=text))
    for f in ex.facts:
        assert text[f.span.start : f.span.end] == f.evidence
    return ex


@pytest.mark.parametrize("text,date,expected,absent", ALL_CASES, ids=[c[0][:50] for c in ALL_CASES])
def test_news_items(text, date, expected, absent):
    ex = _fact_dicts(text, date)
    got: dict = {}
    for f in ex.facts:
        got.setdefault((f.type, f.sender, f.receiver), []).append(f)

    def field_errors(f, fields):
        errors = []
        for k, v in fields.items():
            if k == "date":
                have = (f.date, f.date_qualifier)
            elif k == "nationalities":
                have, v = set(f.nationalities), set(v)
            else:
                have = getattr(f, k)
            if have != v:
                errors.append((k, have, v))
        return errors

    for type_, sender, receiver, fields in expected:
        found = got.get((type_, sender, receiver))
        assert found, f"missing {(type_, sender, receiver)} in {sorted(got)}"
        errors = [field_errors(f, fields) for f in found]
        assert any(not e for e in errors), errors
    for key in absent:
        assert key not in got, f"unexpected {key}"
    if expected:
        assert ex.relevant


NEGATIVES = [
    "Rwanda beat Nigeria 2-0 in the Africa Cup of Nations qualifier in Kigali on Saturday.",
    "Ghana's cocoa exports to the United States rose 12% last year, the trade ministry said.",
    "EU signs trade deal\n\nThe agreement cuts tariffs on goods from third countries such as Mexico and Paraguay.",
    "Home Secretary pledges to cut net migration by tightening visa rules for care workers.",
    "Albania's prime minister met his Italian counterpart in Rome to discuss energy and tourism.",
    "Rwanda's President Paul Kagame opened a new technology hub in Kigali on Monday.",
    "El Salvador beat Panama 2-1 in the Gold Cup as Bukele watched from the stands.",
    "Uganda Airlines launched direct flights from Entebbe to London Gatwick.",
    "South Sudan's president reshuffled his cabinet on Monday, sacking the finance minister.",
    "Nauru's phosphate exports to Australia fell sharply, the island's government said.",
    "The US deported 85 Salvadorans to El Salvador on Friday, immigration officials said.",
    "Mexico deported 300 Hondurans back to Honduras by bus last week.",
    "Costa Rica's central bank cut interest rates as inflation eased.",
    "Italy beat Albania 2-1 at Euro 2024 in Dortmund.",
    "Kosovo and Serbia agreed to a deal on licence plates after EU talks in Brussels.",
]


@pytest.mark.parametrize("text", NEGATIVES + NEGATIVES_2 + NEGATIVES_3 + NEGATIVES_4, ids=[t[:40] for t in NEGATIVES + NEGATIVES_2 + NEGATIVES_3 + NEGATIVES_4])
def test_hard_negatives(text):
    ex = extract(Document(id="n", date=PUB, text=text))
    assert not ex.facts, [(f.type, f.sender, f.receiver, f.evidence) for f in ex.facts]
    assert not ex.relevant


def test_agreeing_to_take_deportees_is_no_transfer_yet():
    """'agreed to accept third-country nationals deported from the US' is an agreement; nobody has moved yet."""
    facts = _facts("Uganda agrees to take deportees from the US\n\nUganda has agreed to accept third-country "
                   "nationals deported from the United States, its foreign ministry said.", "2025-08-14")
    assert ("agreement", "USA", "UGA") in facts
    assert not any(t == "transfer" for t, _, _ in facts)


def test_criticism_of_removals_to_unnamed_third_countries():
    """A sender's removals to third countries it does not name: the receiver stays null (FACTS.md)."""
    facts = _facts("Rights groups condemn US deportations to third countries\n\nAmnesty International said the US "
                   "policy of deporting migrants to third countries was cruel and unlawful.", "2025-06-18")
    assert ("criticism", "USA", None) in facts


@pytest.mark.parametrize(
    "text,actor",
    [
        # attack verbs and words of judgement of English at large (written for this test)
        ("Migration experts lashed out at the Italy-Albania protocol on Thursday.", "experts"),
        ("The bishops rounded on ministers over the plan to send asylum seekers to Rwanda.", "bishops"),
        ("The deal to deport migrants to Eswatini is reckless and brutal, says Amnesty International.",
         "Amnesty International"),
        ("A union for border staff says the plan to send asylum seekers to Rwanda is divisive and impractical.",
         None),
        ("The Refugee Council derided the Rwanda scheme as a costly stunt.", "Refugee Council"),
    ],
)
def test_criticism_in_words_of_judgement(text, actor):
    facts = extract(Document(id="c", date=PUB, text=text)).facts
    found = [f for f in facts if f.type == "criticism"]
    assert found, [(f.type, f.actor) for f in facts]
    if actor:
        assert found[0].actor == actor  # the speaker, without its article


@pytest.mark.parametrize(
    "text",
    [
        # the sending state on its own scheme, a court's decision, a press review: nobody criticised it
        "US says it has deported seven 'dangerous' men to South Sudan",
        "Rwanda scheme: Government loses legal challenge at the Supreme Court",
        "The Papers: 'Rwanda plan doomed' and Tories in revolt\n\nThe front pages lead on the row over the bill.",
    ],
)
def test_no_criticism_from_the_sender_a_lost_case_or_the_papers(text):
    facts = extract(Document(id="c", date=PUB, text=text)).facts
    assert not [f for f in facts if f.type == "criticism"], [(f.type, f.actor, f.evidence) for f in facts]


@pytest.mark.parametrize(
    "text,corridor",
    [
        # every form of the verb, and the deal named before its verb (written for this test)
        ("Denmark is signing a migration partnership with Rwanda this week, officials said.", ("DNK", "RWA")),
        ("The government stunned observers by announcing a pact with Eswatini to take deportees from the US.",
         ("USA", "SWZ")),
        ("Officials praised the migration accord sealed last month between Italy and Albania.", ("ITA", "ALB")),
    ],
)
def test_agreement_in_every_form_of_its_verb(text, corridor):
    assert ("agreement",) + corridor in _facts(text)


def test_an_agreement_whose_parties_are_named_is_not_the_receivers():
    """The document is about Rwanda; the agreement of this sentence is between others."""
    facts = _facts("UK to send asylum seekers to Rwanda\n\nThe scheme to deport migrants to Rwanda is law. "
                   "Ministers also hailed an agreement struck between London and the European Commission on migration.")
    assert ("agreement", "GBR", "RWA") not in facts


@pytest.mark.parametrize(
    "text,corridor",
    [
        # a headline's present tense, and decisions in every form (written for this test)
        ("Dutch judges strike down plan to send asylum seekers to Uganda", ("NLD", "UGA")),
        ("The High Court confirms the refusal of an injunction against the deportation flight to Rwanda.",
         ("GBR", "RWA")),
        # the plan is another event: the court's decision, after "after", happened
        ("Transfers of migrants to Albania are set to resume after the appeal court in Rome affirmed the detention orders.",
         ("ITA", "ALB")),
    ],
)
def test_rulings_in_every_form_and_after_a_plan(text, corridor):
    assert ("ruling",) + corridor in _facts(text)


def test_an_arrival_that_names_no_place_is_in_the_documents_receiver():
    """The receiver's side tells it: nobody says where, because the story is about one country."""
    text = ("Eswatini takes in men deported by the US\n\n"
            "Five deportees have arrived and are being held in a secure facility, a government spokesman said.")
    got = [f for f in extract(Document(id="a", date=PUB, text=text)).facts if f.type == "transfer"]
    assert [(f.sender, f.receiver, f.people) for f in got] == [("USA", "SWZ", 5)]


def test_an_arrival_somewhere_named_is_not_moved_to_the_documents_receiver():
    text = ("US deportation deal with Eswatini under scrutiny\n\n"
            "Five relatives of migrants held there have arrived in New York to seek news of them.")
    assert not [f for f in extract(Document(id="a", date=PUB, text=text)).facts if f.type == "transfer"]


@pytest.mark.parametrize(
    "text",
    [
        # written for this test: a vote in every form, with a day or a tally in between
        "Danish lawmakers voted Thursday to support the bill allowing asylum seekers to be sent to Rwanda.",
        "MPs vote in favour of Rwanda deportation bill",
        "Peers voted 214 to 171 in favour of the bill to deport asylum seekers to Rwanda.",
        "The government comfortably won last night's Commons vote on the bill to send migrants to Rwanda.",
    ],
)
def test_legislation_votes_in_every_form(text):
    assert any(t == "legislation" for t, _, _ in _facts(text)), _facts(text)


def test_a_pledge_to_end_a_scheme_is_no_criticism():
    """Ending or scrapping is what a politician will do (a termination or a promise), not a judgement."""
    facts = _facts("The opposition leader said he would scrap the deal to send asylum seekers to Rwanda "
                   "if he won the election.")
    assert not [t for t, _, _ in facts if t == "criticism"]


def test_a_later_verb_of_criticism_holds_when_the_first_does_not():
    """The first verb is negated; the second, said of the scheme, is the criticism."""
    facts = extract(Document(id="c", date=PUB, text="The charity did not question the motives of ministers but "
                                                    "condemned the plan to deport migrants to Rwanda as cruel.")).facts
    assert [f.type for f in facts if f.type == "criticism"] == ["criticism"]


@pytest.mark.parametrize(
    "text,expected",
    [
        # written for this test
        ("The UN refugee agency said the Italy-Albania protocol was inconsistent with international law.",
         ("criticism", "ITA", "ALB")),
        ("Opposition lawmakers in Eswatini have questioned the secrecy of the deportation deal with Washington.",
         ("criticism", "USA", "SWZ")),
        ("Amnesty International described conditions for migrants in the Albanian centres as inhumane.",
         ("criticism", "ITA", "ALB")),
        ("Australia ended offshore processing of asylum seekers on Nauru in 2025.", ("termination", "AUS", "NRU")),
        ("The first group of 16 migrants reached the Albanian port of Shengjin on an Italian navy ship.",
         ("transfer", "ITA", "ALB")),
    ],
)
def test_more_phrasings(text, expected):
    assert expected in _facts(text)


def test_reaching_an_agreement_moves_nobody():
    assert not [t for t, _, _ in _facts("Italy reached an agreement with Albania on migrants arriving by sea.") if t == "transfer"]


def test_a_title_case_headline_reads_as_its_sentence():
    """Some outlets capitalise every word of a title: "Men" and "To" are still people and a destination."""
    assert ("transfer", "USA", "SWZ") in _facts("US Deports Five Men To Eswatini, Homeland Security Says")


def test_the_receiver_saying_nobody_came():
    facts = _facts("Rwanda says it has not received any migrants from the US under the deal.")
    assert ("denial", "USA", "RWA") in facts and not [t for t, _, _ in facts if t == "transfer"]
    assert not [t for t, _, _ in _facts("Rwanda has received no asylum seekers from Britain, officials said.") if t == "transfer"]


def test_a_court_order_in_the_passive_with_its_article():
    facts = _facts("The administration was ordered by a federal judge to facilitate the return of a man deported to El Salvador.")
    assert ("ruling", "USA", "SLV") in facts


@pytest.mark.parametrize(
    "text,expected",
    [
        # written for this test
        ("The Council of Europe's human rights commissioner voiced concern over the Italy-Albania migration deal.",
         ("criticism", "ITA", "ALB")),
        ("Catholic bishops spoke out against the plan to deport asylum seekers to Rwanda.", ("criticism", "GBR", "RWA")),
        ("Eswatini's main pro-democracy group accused the king of turning the country into a dumping ground for US deportees.",
         ("criticism", "USA", "SWZ")),
        ("Charities have challenged the legality of the Rwanda deportation policy in the courts.", ("criticism", "GBR", "RWA")),
        ("The Refugee Council warned that sending asylum seekers to Rwanda breaks international law.",
         ("criticism", "GBR", "RWA")),
        ("Lawyers won a last-minute injunction stopping the deportation of an Iraqi man to Rwanda.", ("ruling", "GBR", "RWA")),
        ("A magistrate in Tirana rejected a lawsuit against the migrant centres run by Italy.", ("ruling", "ITA", "ALB")),
    ],
)
def test_criticism_and_rulings_in_more_words(text, expected):
    assert expected in _facts(text)


@pytest.mark.parametrize(
    "text,expected,actor",
    [
        # written for this test
        ("Former judges warn Rwanda bill would put UK in breach of international law", ("criticism", "GBR", "RWA"), None),
        ("Eswatini deportations a 'human rights disaster', lawyers say", ("criticism", "USA", "SWZ"), None),
        ("Human rights groups fear the deportees sent to South Sudan could face torture.", ("criticism", "USA", "SSD"), None),
        ("The plan to send migrants to Rwanda has drawn fierce criticism from the UN refugee agency.",
         ("criticism", "GBR", "RWA"), "UN refugee agency"),
    ],
)
def test_criticism_by_former_judges_fears_and_nouns(text, expected, actor):
    got = {(f.type, f.sender, f.receiver): f for f in extract(Document(id="c", date=PUB, text=text)).facts}
    assert expected in got
    if actor:
        assert got[expected].actor == actor


def test_critics_rejecting_a_deal_is_criticism_not_a_denial():
    facts = _facts("Uganda's opposition MPs rejected the deal to accept deportees from the US, calling it a betrayal.")
    assert ("criticism", "USA", "UGA") in facts and ("denial", "USA", "UGA") not in facts


def test_calling_a_scheme_something_good_is_no_criticism():
    facts = _facts("The minister backtracked, calling the Rwanda asylum scheme a key element of plans to stop the boats.")
    assert ("criticism", "GBR", "RWA") not in facts


def test_talks_reached_out_and_a_long_named_pact_signed():
    """Written for this test."""
    assert ("talks", "USA", "GNQ") in _facts("Washington reached out to Equatorial Guinea about taking in deported migrants.")
    assert ("agreement", "DNK", "RWA") in _facts(
        "The memorandum of understanding between Denmark and Rwanda on migration was signed in Kigali.")


@pytest.mark.parametrize(
    "text,expected",
    [
        # the title names the corridor; the description states the fact (written for this test)
        ("Italy's Albania migrant centres\n\nAmnesty International condemned the centres as cruel and a waste of money.",
         ("criticism", "ITA", "ALB")),
        ("UK-Rwanda asylum partnership\n\nThe Home Office has paid a further £100m to Kigali, figures show.",
         ("payment", "GBR", "RWA")),
        ("Denmark's Rwanda plan\n\nThe government has shelved the plan, the immigration minister said.",
         ("termination", "DNK", "RWA")),
    ],
)
def test_a_description_refers_back_to_its_titles_corridor(text, expected):
    assert expected in _facts(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        # a court's decision named by its consequence (written for this test)
        ("The government suffered a legal defeat over the Rwanda deportation plan in the Supreme Court.", ("ruling", "GBR", "RWA")),
        ("After the blow from the court, ministers rushed out emergency legislation to revive the Rwanda asylum plan.",
         ("ruling", "GBR", "RWA")),
        ("The Italian government's plan to detain migrants in Albania suffered another setback in court on Friday.",
         ("ruling", "ITA", "ALB")),
        ("The Trump administration's deportations to El Salvador were dealt a legal blow by a federal judge.",
         ("ruling", "USA", "SLV")),
        ("The Home Office lost its appeal against the ruling that the Rwanda asylum policy was unlawful.", ("ruling", "GBR", "RWA")),
        ("The justices handed the Trump administration a win, allowing deportations of migrants to South Sudan to proceed.",
         ("ruling", "USA", "SSD")),
    ],
)
def test_rulings_named_by_their_consequence(text, expected):
    assert expected in _facts(text)


def test_the_risk_of_a_court_blocking_flights_is_no_ruling():
    assert ("ruling", "GBR", "RWA") not in _facts(
        "Legal advice warned of a significant risk of the European court of human rights blocking deportation flights to Rwanda.")


@pytest.mark.parametrize(
    "text,expected",
    [
        # written for this test
        ("The Venezuelans were bused from the airport to the CECOT mega-prison after arriving from the US.",
         ("transfer", "USA", "SLV")),
        ("The first asylum seeker to be relocated to Rwanda under the UK's voluntary scheme has arrived in Kigali.",
         ("transfer", "GBR", "RWA")),
    ],
)
def test_transfers_bused_and_arrived_after_a_scheme_noun(text, expected):
    assert expected in _facts(text)
