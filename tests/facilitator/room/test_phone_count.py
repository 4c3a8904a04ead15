"""The words for how many phones the room has: one place, so the toolbar and
anything else that counts never disagree with a list showing the away ones."""

from __future__ import annotations

from facilitator.room import PhoneInfo, phones_in_room


def phones(here: int, away: int) -> list[PhoneInfo]:
    return [PhoneInfo(n, "", True) for n in range(here)] + [
        PhoneInfo(here + n, "", False) for n in range(away)
    ]


def test_phones_here_and_away_are_counted_apart() -> None:
    assert phones_in_room([]) == "0 phones"
    assert phones_in_room(phones(1, 0)) == "1 phone"
    assert phones_in_room(phones(14, 0)) == "14 phones"
    assert phones_in_room(phones(0, 2)) == "0 phones here · 2 away"
    assert phones_in_room(phones(1, 1)) == "1 phone here · 1 away"
    assert phones_in_room(phones(12, 3)) == "12 phones here · 3 away"
