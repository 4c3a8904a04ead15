"""How the brief says counts, dates and lists in English: one place, so one style.

Every count the brief prints goes through :func:`plural` or :func:`of_them`, so
"1 problems", "0 of 1 ideas" or "(3 anonymously)" when all three were cannot
come back; every date goes through :func:`long_date` ("19 November 2026", kept in
:mod:`facilitator.numbers` with the screen's wording), in the body and the
appendix alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.numbers import long_date

_IRREGULAR = {"person": "people", "category": "categories", "this": "these"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 problem', '0 problems', '1,200 seats' (or the given or a known plural)."""
    return f"{count:,} {noun if count == 1 else many or _IRREGULAR.get(noun, noun + 's')}"


def noun_for(count: int, noun: str, many: str | None = None) -> str:
    """The noun alone, agreeing with *count*: 'idea' or 'ideas'."""
    return noun if count == 1 else many or _IRREGULAR.get(noun, noun + "s")


def verb_for(count: int, singular: str, many: str) -> str:
    """'creates' for one, 'create' for several (and for none)."""
    return singular if count == 1 else many


def of_them(part: int, total: int) -> str:
    """How many of a group, said the way a reader says it: 'all', 'both', 'none',
    or the number. Use after the group was counted: '7 next steps, all with an owner'."""
    if total and part == total:
        return "both" if total == 2 else "all"
    if part == 0:
        return "none"
    return f"{part:,}"


def names(items: Iterable[str]) -> str:
    """'Ana', 'Ana and Bo', 'Ana, Bo and Cy'."""
    listed = [n.strip() for n in items if n.strip()]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


__all__ = ["capitalised", "long_date", "names", "noun_for", "of_them", "plural", "verb_for"]
