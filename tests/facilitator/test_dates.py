"""A day as typed or said: "31 dec 2026", "31/12/26", "friday", "in 2 weeks"."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.dates import ENGLISH, day_said, names_with, spoken_day, typed_day

THURSDAY = date(2026, 12, 3)  # the day the issue was found on


@pytest.mark.parametrize(
    ("typed", "complete", "expected"),
    [
        ("31 dec 2026", True, date(2026, 12, 31)),
        ("31 December 2026", True, date(2026, 12, 31)),
        ("31/12/2026", True, date(2026, 12, 31)),
        ("2026-12-31", True, date(2026, 12, 31)),
        ("31.12.26", False, date(2026, 12, 31)),
        ("31.12.26", True, None),  # may be the start of "2026"
        ("18 dec", False, date(2026, 12, 18)),
        ("18 dec", True, None),
        ("31 feb 2026", True, None),
        ("31 dex 2026", True, None),
        ("friday", False, None),
    ],
)
def test_a_typed_date(typed: str, complete: bool, expected: date | None) -> None:
    assert typed_day(typed, 2026, complete=complete) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("today", THURSDAY),
        ("tomorrow", date(2026, 12, 4)),
        ("friday", date(2026, 12, 4)),
        ("Friday", date(2026, 12, 4)),
        ("fri", date(2026, 12, 4)),
        ("thursday", date(2026, 12, 10)),  # said on a Thursday: next week's
        ("monday", date(2026, 12, 7)),
        ("next tuesday", date(2026, 12, 8)),
        ("next week", date(2026, 12, 7)),
        ("in 3 days", date(2026, 12, 6)),
        ("in 2 weeks", date(2026, 12, 17)),
        ("in a week", date(2026, 12, 10)),
        ("in one month", date(2027, 1, 3)),
        ("end of month", date(2026, 12, 31)),
        ("end of the month", date(2026, 12, 31)),
        ("end of next month", date(2027, 1, 31)),
        ("end of week", date(2026, 12, 4)),
        ("end of year", date(2026, 12, 31)),
        ("soon", None),
        ("next", None),
        ("the 5th", None),
        ("", None),
    ],
)
def test_a_day_said_in_words(said: str, expected: date | None) -> None:
    assert spoken_day(said, THURSDAY) == expected


def test_next_weekday_means_the_one_in_next_week() -> None:
    monday = date(2026, 11, 30)
    assert spoken_day("tuesday", monday) == date(2026, 12, 1)
    assert spoken_day("next tuesday", monday) == date(2026, 12, 8)


def test_a_month_later_stops_at_the_end_of_a_short_month() -> None:
    assert spoken_day("in a month", date(2027, 1, 31)) == date(2027, 2, 28)


def test_the_user_s_language_is_understood_beside_english() -> None:
    months = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
    weekdays = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
    german = names_with(
        [[name, name[:3]] for name in months.split()],
        [[name, name[:2] + "."] for name in weekdays.split()],
    )
    assert typed_day("3 März 2027", 2026, complete=True, names=german) == date(2027, 3, 3)
    assert typed_day("24 dezember", 2026, complete=False, names=german) == date(2026, 12, 24)
    assert day_said("Freitag", THURSDAY, german) == date(2026, 12, 4)
    assert day_said("next Dienstag", THURSDAY, german) == date(2026, 12, 8)
    assert day_said("friday", THURSDAY, german) == date(2026, 12, 4)  # English still works
    assert ENGLISH.months[11] == ("december", "dec")


def test_a_name_that_could_be_two_days_names_none() -> None:
    assert spoken_day("t", THURSDAY) is None  # Tuesday or Thursday
    assert spoken_day("s", THURSDAY) is None


def test_day_said_takes_a_date_or_words() -> None:
    assert day_said("18 dec", THURSDAY) == date(2026, 12, 18)
    assert day_said("18 dec", THURSDAY, year=2027) == date(2027, 12, 18)
    assert day_said("end of month", THURSDAY) == date(2026, 12, 31)
    assert day_said("whenever", THURSDAY) is None
