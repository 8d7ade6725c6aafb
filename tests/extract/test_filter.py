from tcwatch.extract import is_candidate
from tcwatch.extract.filter import relevance


def test_candidates():
    assert is_candidate("Ministers defend plan to fly asylum seekers to Rwanda")
    assert is_candidate("Detainees moved to Nauru under offshore processing")
    assert not is_candidate("Rwanda beat Kenya 2-1 in a friendly")
    assert not is_candidate("Stocks fell in early trading on Wall Street")
    assert not is_candidate("Third country in the trade bloc to cut tariffs")


def test_relevance_needs_a_scheme_sentence():
    text = "Rwanda rebels accused of seizing a town\n\nRefugees fled the fighting near the Congo border."
    spans = [(0, 39), (41, len(text))]
    assert not relevance(text, spans, lambda a, b: False)
    text = "Flights to Rwanda delayed\n\nThe asylum scheme faces new hurdles."
    assert relevance(text, [(0, 25), (27, len(text))], lambda a, b: True)
