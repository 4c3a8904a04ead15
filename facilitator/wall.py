"""What the wall shows when the room's cards are too many to read at once.

Nobody in the room can scroll the projector. Up to what fits, the wall shows every
card (the projector works out the columns and type size); past that it shows the
groups instead: each group's name, how many cards it holds, its dots, and its
leading cards — most dots first, then as the brief ranks that kind of card
(:mod:`facilitator.scoring`). Concerns, which have no groups, go by category.
The card the facilitator is on is always among its group's cards shown, so the
room can follow what is being read out.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator import scoring
from facilitator.model import Concern, Idea, Problem, Record

UNGROUPED = "Not grouped yet"


@dataclass(frozen=True, slots=True)
class WallGroup:
    """One group as the wall shows it."""

    name: str
    count: int
    dots: int
    top: tuple[str, ...]  # the texts of its leading cards, the first most important
    ids: tuple[str, ...]  # their ids, in the same order


def group_of(record: Record) -> str:
    """The group a card is shown under on the wall."""
    if isinstance(record, Concern):
        return scoring.CATEGORY_LABELS.get(record.category, UNGROUPED)
    return str(getattr(record, "group", "") or "").strip() or UNGROUPED


def _kind_order(records: Sequence[Record]) -> dict[str, int]:
    """Each card's place in the brief's ranking of its kind (problems by votes and
    impact, ideas by priority, concerns by severity); other cards keep their order."""
    problems = scoring.ranked_problems(r for r in records if isinstance(r, Problem))
    ideas = scoring.ranked_ideas(r for r in records if isinstance(r, Idea))
    concerns = scoring.ranked_concerns(r for r in records if isinstance(r, Concern))
    order: dict[str, int] = {}
    for ranked in (problems, ideas, concerns):
        order.update({r.id: n for n, r in enumerate(ranked)})
    return order


def wall_groups(
    records: Sequence[Record],
    *,
    top: int,
    dots: Mapping[str, int] | None = None,
    keep: str | None = None,
) -> list[WallGroup]:
    """The groups of *records* (in the order the room sees them), each with its *top*
    leading cards; *dots* are this vote's dots per card (default: the cards' votes).
    The card *keep* (the facilitator's) is always among its group's cards. Groups
    with the most dots come first, then the biggest, then by name; the cards not
    grouped yet come last."""
    kind_order = _kind_order(records)
    position = {r.id: n for n, r in enumerate(records)}

    def weight(record: Record) -> int:
        if dots is not None:
            return dots.get(record.id, 0)
        return int(getattr(record, "votes", 0) or 0)

    def rank(record: Record) -> tuple[int, int, int]:
        return (-weight(record), kind_order.get(record.id, 0), position[record.id])

    members: dict[str, list[Record]] = {}
    for record in records:
        members.setdefault(group_of(record), []).append(record)
    groups = []
    for name, cards in members.items():
        # The leading few only: a wall of 2,000 cards is redrawn as each card arrives.
        leading = heapq.nsmallest(max(top, 0), cards, key=rank)
        kept = next((r for r in cards if r.id == keep), None) if keep else None
        if kept is not None and kept not in leading and leading:
            leading[-1] = kept  # the card being read out takes the last place shown
        groups.append(
            WallGroup(
                name=name,
                count=len(cards),
                dots=sum(weight(r) for r in cards),
                top=tuple(str(getattr(r, "text", "") or r.summary()) for r in leading),
                ids=tuple(r.id for r in leading),
            )
        )
    groups.sort(key=lambda g: (g.name == UNGROUPED, -g.dots, -g.count, g.name.casefold()))
    return groups


def group_sizes(records: Sequence[Record]) -> Counter[str]:
    """How many cards each group holds (what the wall's tiles are laid out by)."""
    return Counter(group_of(record) for record in records)


def cards_in_a_tile(lines: int) -> int:
    """How many of a group's leading cards a tile *lines* lines high shows: one line
    each, less a third of the lines, which go to the leading cards' second lines."""
    return max(lines - lines // 3, 1) if lines > 0 else 0


def card_lines(needs: Sequence[int], lines: int) -> list[int]:
    """The lines each of a group's leading cards gets in a tile *lines* lines high,
    given how many each needs to be read whole (1, or 2 and more): the leading cards
    take a second line while a third of the lines allow — all the lines a small
    group does not need — and every card after them one line, as many as fit."""
    seconds = max(lines // 3, lines - len(needs))
    given: list[int] = []
    left = lines
    for need in needs:
        if left <= 0:
            break
        if need >= 2 and seconds > 0 and left >= 2:
            given.append(2)
            seconds -= 1
        else:
            given.append(1)
        left -= given[-1]
    return given
