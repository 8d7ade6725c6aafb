from tcwatch.extract.countries import country_code, find_countries


def _found(text):
    return [(m.text, m.value, m.role) for m in find_countries(text)]


def test_variants_capitals_and_demonyms():
    got = _found("Washington told Kigali that the British government and the U.S. would talk.")
    assert ("Washington", "USA", "government") in got
    assert ("Kigali", "RWA", "government") in got
    assert ("British", "GBR", "government") in got
    assert ("U.S.", "USA", "place") in got


def test_nationalities():
    got = _found("Two Eritrean men and several Venezuelans were held.")
    assert ("Eritrean", "ERI", "nationality") in got
    assert ("Venezuelans", "VEN", "nationality") in got


def test_special_codes_and_lowercase_words():
    assert country_code("Kosovo") == "XKX"
    assert country_code("EU") == "EUU"
    assert country_code("Eswatini") == "SWZ"
    # common nouns are not countries, nor is a model named after one
    assert _found("They ate turkey in a Rwanda-style camp with us.") == []


def test_court_in_capital_is_not_a_government():
    assert _found("The High Court in London refused.") == []
