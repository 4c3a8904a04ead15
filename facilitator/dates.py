"""A day as a facilitator types it: "18 dec 2026", "31/12/26", "friday", "in 2 weeks".

Pure logic on :mod:`datetime`, shared by every date editor of the app (the
commitments table, the inspector, the new-workshop dialog) and usable headless.
Month and weekday names are English plus, when the GUI passes them in
(:func:`names_with`), those of the user's language as Qt knows them.

    >>> from datetime import date
    >>> thursday = date(2026, 12, 3)
    >>> day_said("friday", thursday), day_said("next tuesday", thursday)
    (datetime.date(2026, 12, 4), datetime.date(2026, 12, 8))
    >>> day_said("in 2 weeks", thursday), day_said("end of month", thursday)
    (datetime.date(2026, 12, 17), datetime.date(2026, 12, 31))
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class DayNames:
    """The names months and weekdays go by, lower case: 12 entries for the months
    (January first), 7 for the weekdays (Monday first), each a few names ("dec",
    "december", "dezember")."""

    months: tuple[tuple[str, ...], ...]
    weekdays: tuple[tuple[str, ...], ...]


_MONTHS = "january february march april may june july august september october november december"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
ENGLISH = DayNames(
    months=tuple((name, name[:3]) for name in _MONTHS.split()),
    weekdays=tuple((name, name[:3]) for name in _WEEKDAYS.split()),
)
"""The names understood in any language: the app's own language is English."""


def names_with(months: Sequence[Sequence[str]], weekdays: Sequence[Sequence[str]]) -> DayNames:
    """English names and the given ones (the user's language: 12 months from
    January, 7 weekdays from Monday), so either is understood."""
    return DayNames(
        months=tuple(
            _merged(ENGLISH.months[i], months[i] if i < len(months) else ()) for i in range(12)
        ),
        weekdays=tuple(
            _merged(ENGLISH.weekdays[i], weekdays[i] if i < len(weekdays) else ()) for i in range(7)
        ),
    )


def _merged(known: Sequence[str], more: Sequence[str]) -> tuple[str, ...]:
    names = [n.lower().rstrip(".") for n in (*known, *more) if n.strip()]
    return tuple(dict.fromkeys(names))


def _named(word: str, table: tuple[tuple[str, ...], ...]) -> int | None:
    """The index of the entry *word* names: a whole name, or three or more letters
    starting one ("dec", "decem"). None if it names none, or two different ones."""
    word = word.lower().rstrip(".")
    found = {
        index
        for index, names in enumerate(table)
        for name in names
        if word == name or (len(word) >= 3 and name.startswith(word))
    }
    return found.pop() if len(found) == 1 else None


def typed_day(typed: str, year: int, *, complete: bool, names: DayNames = ENGLISH) -> date | None:
    """The day *typed* says as a date: "31 dec 2026", "31/12/2026", "31.12.26",
    "2026-12-31", or, unless *complete* is asked for, "31 dec" (in *year*). None if
    it says none. A two-digit year is this century's; with *complete*, "31.12.26"
    is not yet a date (it may be the start of "2026")."""
    text = typed.strip().lower()
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]))
    parts = [p for p in re.split(r"[\s/.,-]+", text) if p]
    if len(parts) not in (2, 3) or not parts[0].isdigit():
        return None
    month = int(parts[1]) if parts[1].isdigit() else _month(parts[1], names)
    if month is None:
        return None
    if len(parts) == 3:
        if not parts[2].isdigit() or len(parts[2]) not in (2, 4):
            return None
        if complete and len(parts[2]) != 4:
            return None
        year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
    elif complete:
        return None
    return _day(year, month, int(parts[0]))


def _month(word: str, names: DayNames) -> int | None:
    index = _named(word, names.months)
    return index + 1 if index is not None else None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_IN = re.compile(r"in\s+(\d{1,3}|a|an|one|two|three|four|five|six)\s+(day|week|month)s?")
_END = re.compile(r"end\s+of\s+(?:the\s+)?(next\s+)?(week|month|year)")


def spoken_day(typed: str, today: date, names: DayNames = ENGLISH) -> date | None:
    """The day a person says: "today", "tomorrow", "friday" (the next one, a week
    on if today is Friday), "next tuesday" (the Tuesday of next week), "in 3 days",
    "in 2 weeks", "in a month", "next week" (its Monday), "end of week" (Friday),
    "end of (next) month", "end of year". None if it says none of these."""
    text = " ".join(typed.strip().lower().split())
    if text in ("today", "now"):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "next week":
        return _monday(today) + timedelta(days=7)
    if (found := _IN.fullmatch(text)) is not None:
        count = _COUNTS.get(found[1]) or int(found[1])
        if found[2] == "month":
            return _months_on(today, count)
        return today + timedelta(days=count * (7 if found[2] == "week" else 1))
    if (found := _END.fullmatch(text)) is not None:
        return _end_of(found[2], today, following=bool(found[1]))
    words = text.split()
    following = len(words) == 2 and words[0] == "next"
    if len(words) == 1 or following:
        weekday = _named(words[-1], names.weekdays)
        if weekday is None:
            return None
        if following:
            return _monday(today) + timedelta(days=7 + weekday)
        ahead = (weekday - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    return None


def day_said(
    typed: str, today: date, names: DayNames = ENGLISH, *, year: int | None = None
) -> date | None:
    """The day *typed* names, as a date or as said ("friday"); a date without a
    year is in *year* (this year if not given). None if it names no day."""
    return typed_day(
        typed, year if year is not None else today.year, complete=False, names=names
    ) or spoken_day(typed, today, names)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _months_on(day: date, count: int) -> date:
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _end_of(unit: str, today: date, *, following: bool) -> date:
    if unit == "week":
        friday = _monday(today) + timedelta(days=4)  # the end of the working week
        return friday + timedelta(days=7) if following else friday
    if unit == "year":
        return date(today.year + (1 if following else 0), 12, 31)
    first = _months_on(today.replace(day=1), 1 if following else 0)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])
