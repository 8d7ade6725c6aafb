import pytest

from tcwatch.extract.people import find_people


@pytest.mark.parametrize(
    "text, value",
    [
        ("officials flew nine men to the camp", (9, "exact")),
        ("more than 150 migrants were moved", (150, "at_least")),
        ("up to twelve asylum seekers could go", (12, "up_to")),
        ("a detained Sudanese man was flown out", (1, "exact")),
        ("nearly 40 Cubans were taken", (40, "less_than")),
        ("a group of 14 was moved", (14, "exact")),
        ("twenty-one deportees landed", (21, "exact")),
    ],
)
def test_counts(text, value):
    got = find_people(text)
    assert got and got[0].value == value


def test_not_people():
    assert find_people("It costs 5% more and lasted 3 years.") == []
    assert find_people("a single asylum policy") == []


def test_hundreds_in_words():
    from tcwatch.extract.people import find_people

    for text, n in (("Two hundred deportees arrived", 200), ("two hundred and twenty men", 220), ("a thousand migrants", 1000)):
        assert [m.value[0] for m in find_people(text)] == [n], text


def test_a_part_of_a_group_and_groups_joined_by_and():
    """Written for this test: "seven of the 16" counts seven; "12 men and 3 women" is one group of 15;
    "five of the senior judges" counts no one moved."""
    from tcwatch.extract.people import find_people

    def values(t):
        return [m.value for m in find_people(t, 0, len(t))]

    assert values("Judges ruled that seven of the 16 migrants must be brought back.") == [(7, "exact")]
    assert values("Three of them were sent on to Ghana.") == [(3, "exact")]
    assert values("The US deported 12 men and 3 women to Eswatini.") == [(15, "exact")]
    assert values("Five of the country's most senior judges ruled on Wednesday.") == []
