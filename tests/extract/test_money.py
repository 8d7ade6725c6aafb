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
