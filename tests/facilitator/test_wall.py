"""The wall's groups: what the room sees when its cards are too many to read at once."""

from __future__ import annotations

from pathlib import Path

from facilitator.model import Concern, Problem
from facilitator.wall import UNGROUPED, card_lines, cards_in_a_tile, wall_groups
from facilitator.workshop import Workshop


def test_groups_lead_with_their_dots_then_size_and_ungrouped_cards_come_last(
    tmp_path: Path,
) -> None:
    workshop = Workshop.create(tmp_path / "w.workshop.json", title="Wall")
    said = [
        ("Invoices keyed twice", "billing", 2),
        ("Quotes take three days", "sales", 5),
        ("Credit notes by hand", "billing", 4),
        ("Stock unknown", "", 3),
        ("Late payments", "billing", 1),
    ]
    for text, group, impact in said:
        workshop.add("problem", text=text, group=group, impact=impact)
    records = workshop.typed(Problem)
    groups = wall_groups(records, top=2)
    assert [(g.name, g.count) for g in groups] == [("billing", 3), ("sales", 1), (UNGROUPED, 1)]
    assert groups[0].top == ("Credit notes by hand", "Invoices keyed twice")  # by impact
    dots = {records[4].id: 6, records[1].id: 2}  # the room voted: dots lead
    groups = wall_groups(records, top=2, dots=dots)
    assert groups[0].name == "billing" and groups[0].dots == 6
    assert groups[0].top[0] == "Late payments"
    # The card the facilitator is reading out is shown, even outside the leading ones.
    kept = wall_groups(records, top=1, keep=records[0].id)
    assert kept[0].ids == (records[0].id,)
    workshop.close()


def test_concerns_go_by_category_and_never_carry_a_name(tmp_path: Path) -> None:
    workshop = Workshop.create(tmp_path / "w.workshop.json", title="Wall")
    person = workshop.add("participant", name="Maria Lopez")
    workshop.add("concern", text="Will this replace me?", category="jobs", severity=5)
    workshop.add("concern", text="Where does our data go?", category="privacy_security")
    workshop.add(
        "concern",
        text="I am not a technology person",
        category="skills",
        anonymous=False,
        participant_id=person.id,
    )
    groups = wall_groups(workshop.typed(Concern), top=3)
    assert {g.name for g in groups} == {"Jobs", "Privacy & security", "Skills"}
    shown = " ".join(text for g in groups for text in g.top)
    assert "Maria" not in shown and "Lopez" not in shown
    workshop.close()


def test_a_groups_leading_cards_get_a_second_line_and_the_rest_one_each() -> None:
    # Four lines under the group's name: the leading card read whole, two more after it.
    assert cards_in_a_tile(4) == 3
    assert card_lines([2, 2, 2], 4) == [2, 1, 1]
    # Six lines: the two leading cards whole, two more; eight: two whole, four more.
    assert cards_in_a_tile(6) == 4 and card_lines([2, 2, 2, 2], 6) == [2, 2, 1, 1]
    assert cards_in_a_tile(8) == 6 and card_lines([2] * 6, 8) == [2, 2, 1, 1, 1, 1]
    # A card that reads whole on one line takes one: its line goes to the next card.
    assert card_lines([1, 2, 2], 4) == [1, 2, 1]
    # A small group has the lines to read every card whole.
    assert card_lines([2, 2], 4) == [2, 2]
    # Two lines hold two cards, not one.
    assert cards_in_a_tile(2) == 2 and card_lines([2, 2], 2) == [1, 1]
    assert cards_in_a_tile(0) == 0 and card_lines([2], 0) == []
