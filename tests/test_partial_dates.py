import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from citydiplomacy.core.partial_dates import (
    earliest,
    ends_before_start,
    is_current,
    latest,
    parse_partial_date,
)


@pytest.mark.parametrize("text", ["1960", "1960-02", "1960-02-29", ""])
def test_it_accepts_years_months_and_days(text):
    assert parse_partial_date(text) == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1999-13", "no month 13"),
        ("2021-02-30", "not a day"),
        ("60", "not a date"),
        ("12/05/1982", "not a date"),
    ],
)
def test_it_refuses_what_is_not_a_date_and_says_why(text, says):
    with pytest.raises(ValidationError) as error:
        parse_partial_date(text)
    assert says in error.value.messages[0]


def test_a_year_spans_from_its_first_to_its_last_day():
    assert earliest("1982") == dt.date(1982, 1, 1)
    assert latest("1982") == dt.date(1982, 12, 31)
    assert latest("2024-02") == dt.date(2024, 2, 29)


def test_an_end_in_the_same_year_as_a_dated_start_is_not_before_it():
    assert not ends_before_start("1990-05-01", "1990")
    assert ends_before_start("1990-05-01", "1989")
    assert ends_before_start("1990-05", "1990-04-30")
    assert not ends_before_start("", "1800")


def test_partial_dates_sort_as_text_in_time_order():
    dates = ["1983", "1960", "1982-05", "1982", "1982-05-14", "1981-12-31"]
    assert sorted(dates) == ["1960", "1981-12-31", "1982", "1982-05", "1982-05-14", "1983"]


def test_a_span_without_end_is_current():
    assert is_current("2016-05", "", dt.date(2026, 1, 1))
    assert not is_current("2010", "2014", dt.date(2026, 1, 1))
