import pytest

from tcwatch.extract.dates import default_date, find_dates, pick_date

PUB = "2024-03-14"  # a Thursday


@pytest.mark.parametrize(
    "text, value",
    [
        ("the deal was signed on Monday", ("2024-03-11", "on")),
        ("the court ruled on Thursday", ("2024-03-14", "on")),
        ("it collapsed in August 2023", ("2023-08", "on")),
        ("flights began in January", ("2024-01", "on")),
        ("the plan was shelved in October", ("2023-10", "on")),
        ("the law passed last month", ("2024-02", "on")),
        ("judges ruled yesterday", ("2024-03-13", "on")),
        ("a ruling last November", ("2023-11", "on")),
        ("he was moved recently", ("2024-03-14", "before")),
        ("it was agreed last week", ("2024-03-14", "before")),
        ("on 2 February 2022 the pact", ("2022-02-02", "on")),
        ("on March 3, 2021 the pact", ("2021-03-03", "on")),
        ("people were sent there in 2019", ("2019", "on")),
        ("it was offered five years ago", ("2019", "approx")),
    ],
)
def test_resolution(text, value):
    got = find_dates(text, PUB)
    assert got and got[0].value == value


def test_future_and_verbs_are_ignored():
    assert find_dates("flights may start next Monday", PUB) == []


def test_default_and_nearest():
    assert default_date(PUB) == (PUB, "before")
    ms = find_dates("Talks began in May 2022 and a treaty followed on Tuesday", PUB)
    assert pick_date(ms, PUB, anchor=len("Talks began in May 2022 and a treaty followed ")) == ("2024-03-12", "on")
    assert pick_date([], PUB, 0) == (PUB, "before")


def test_unusable_publication_date():
    assert default_date("") == (None, "before")
    assert default_date("not a date") == (None, "before")
    assert find_dates("on Monday", "not a date") == []
    assert default_date("2024-03-14T08:00:00Z") == ("2024-03-14", "before")


def test_last_weekday_on_that_weekday():
    assert find_dates("they left last Thursday", PUB)[0].value == ("2024-03-07", "on")
    assert find_dates("they left on Thursday", PUB)[0].value == ("2024-03-14", "on")
    assert find_dates("Sept. 5", PUB)[0].value == ("2023-09-05", "on")


def test_early_mid_late_year():
    from tcwatch.extract.dates import find_dates

    for text, year in (("in early 2024", "2024"), ("in mid-2023", "2023"), ("since late 2022", "2022")):
        assert [m.value for m in find_dates(text, "2025-06-10")] == [(year, "on")], text
