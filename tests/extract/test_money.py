import pytest

from tcwatch.extract.money import find_money


@pytest.mark.parametrize(
    "text, value",
    [
        ("the bill reached £450 million last year", (450_000_000, "GBP", "exact")),
        ("a contract worth $12.5m", (12_500_000, "USD", "exact")),
        ("up to €2bn for the centres", (2_000_000_000, "EUR", "up_to")),
        ("paid 80,000 euros to the owner", (80_000, "EUR", "exact")),
        ("about £95,000 per person", (95_000, "GBP", "about")),
        ("the £75k fee", (75_000, "GBP", "exact")),
        ("more than A$30 million", (30_000_000, "AUD", "at_least")),
        ("nearly 5 million kroner", (5_000_000, "DKK", "less_than")),
        ("US$40m in aid", (40_000_000, "USD", "exact")),
    ],
)
def test_amounts(text, value):
    got = find_money(text)
    assert got and got[0].value == value


def test_bare_dollar_follows_the_document():
    assert find_money("it paid $9m", dollar="AUD")[0].value == (9_000_000, "AUD", "exact")


def test_no_money():
    assert find_money("Seven people arrived in 2023.") == []


def test_money_facts_in_sentences():
    from tcwatch.extract import extract
    from tcwatch.model import Document

    def got(text):
        return [(f.type, f.sender, f.receiver, f.amount, f.currency)
                for f in extract(Document(id="m", date="2025-09-10", text=text)).facts]

    assert ("cost", "ITA", "ALB", 61_000_000, "EUR") in got("Italy's migrant centres in Albania have cost €61m so far, a charity said.")
    assert ("payment", "DNK", "RWA", 80_000_000, "DKK") in got("Denmark pledged 80 million kroner to Rwanda as part of the migration talks.")
    assert ("payment", "GBR", "RWA", 90_000_000, "GBP") in got("Rwanda received a further £90m from Britain in May under the asylum partnership, a letter showed.")
    assert ("cost", "GBR", "RWA", 140_000, "GBP") in got("Each relocation to Rwanda would cost £140,000 per person, officials estimated.")


def test_aid_is_not_deal_money():
    from tcwatch.extract import extract
    from tcwatch.model import Document

    ex = extract(Document(id="m", date="2025-09-10", text="The UK pledged £10m to Rwanda for health programmes, ministers said."))
    assert ex.facts == ()
