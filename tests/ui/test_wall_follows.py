"""The wall's group tiles follow the board: cards that arrive while the wall shows
the groups, and cards that arrived while the projector was off, are counted."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from facilitator.wall import UNGROUPED
from tests.ui.conftest import go_to, live_window
from tests.ui.test_wall import on_the_wall, workshop_with
from ui.live.window import WorkshopWindow


def counted(window: WorkshopWindow) -> dict[str, int]:
    """How many cards each tile on the wall says its group holds."""
    groups = window.projector.cards.groups
    fit, _shown = groups.layout_tiles()
    assert fit is not None
    return {group.name: group.count for group in groups.groups(fit.lines)}


def test_the_group_tiles_count_cards_as_they_arrive_and_after_the_wall_was_off(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = workshop_with(tmp_path / "w.workshop.json", 40)
    with live_window(qtbot, path, tmp_path, "cards") as window:
        item = go_to(window, "Start with the problem")
        window.run.go_step(+1)  # reading out: the room sees the cards
        on_the_wall(qtbot, window.projector, 1280, 720)
        assert window.projector.body.currentWidget() is window.projector.cards.groups
        before = counted(window)
        assert sum(before.values()) == 40 and UNGROUPED not in before
        for n in range(3):  # the wall is up: each card is counted as it comes
            window.workshop.add("problem", text=f"Said just now {n}", exercise_id=item.id)
        assert counted(window)[UNGROUPED] == 3
        window.projector.hide()
        for n in range(4):  # the projector is off meanwhile
            window.workshop.add("problem", text=f"Said while dark {n}", exercise_id=item.id)
        on_the_wall(qtbot, window.projector, 1280, 720)
        after = counted(window)
        assert after[UNGROUPED] == 7
        assert {k: v for k, v in after.items() if k != UNGROUPED} == before
