"""The value × feasibility matrix: drag and arrow keys change the stored scores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import Idea
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.ui.conftest import live_window
from ui.live.matrix import MatrixView
from ui.live.window import WorkshopWindow


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "matrix.workshop.json"
    workshop = Workshop.create(target, title="Matrix")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    problem = workshop.add("problem", text="Quotes take three days")
    workshop.add(
        "idea",
        text="Draft the quote while the customer is on the phone",
        problem_ids=[problem.id],
        value_type="new_value",
        value=4,
        feasibility=2,
    )
    workshop.add("idea", text="Auto-fill the quote form", problem_ids=[problem.id])
    workshop.close()
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    with live_window(qtbot, path, tmp_path, "matrix") as win:
        win.showNormal()  # the small test screen opens it maximised: this size instead
        win.resize(1400, 900)
        yield win


def idea(window: WorkshopWindow, start: str) -> Idea:
    return next(i for i in window.workshop.typed(Idea) if i.text.startswith(start))


def test_drag_and_arrow_keys_change_the_scores(
    qtbot: QtBot, window: WorkshopWindow, path: Path
) -> None:
    view = window.run.current_view
    assert isinstance(view, MatrixView) and window.board.body.currentWidget() is view
    canvas = view.canvas
    draft = idea(window, "Draft")
    qtbot.waitUntil(lambda: canvas.width() > 360)
    canvas.repaint()  # lays the markers out

    # Drag the idea from value 4 × feasibility 2 to value 5 × feasibility 4.
    start = next(m.centre for m in canvas.markers if m.idea.id == draft.id).toPoint()
    target = canvas.cell(5, 4).center().toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    assert window.inspector.record is not None and window.inspector.record.id == draft.id
    qtbot.mouseMove(canvas, QPoint((start.x() + target.x()) // 2, target.y()))
    qtbot.mouseMove(canvas, target)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target)
    moved = idea(window, "Draft")
    assert (moved.value, moved.feasibility) == (5, 4)
    assert view.ranking.item(0).text().startswith("1. Draft the quote")
    assert "V5 × F4 = 20 · quick wins · new value" in view.ranking.item(0).text()

    # Arrow keys: left lowers feasibility, down lowers value; the edges hold.
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert (idea(window, "Draft").value, idea(window, "Draft").feasibility) == (5, 3)
    window.undo_action.trigger()  # each move is one step back
    assert (idea(window, "Draft").value, idea(window, "Draft").feasibility) == (4, 3)

    # An unscored idea, chosen in the ranking, starts from the middle.
    assert "Not yet on the grid: 1" in view.unscored.text()
    auto = idea(window, "Auto-fill")
    row = next(
        r
        for r in range(view.ranking.count())
        if view.ranking.item(r).data(Qt.ItemDataRole.UserRole) == auto.id
    )
    view.ranking.setFocus()
    view.ranking.setCurrentRow(row)
    assert canvas.current == auto.id
    qtbot.keyClick(view.ranking, Qt.Key.Key_Left)  # from the list itself: placed, one
    # cell left of the middle as the key says (not on 3 × 3 whichever arrow it was)...
    assert (idea(window, "Auto-fill").value, idea(window, "Auto-fill").feasibility) == (3, 2)
    assert view.unscored.text() == ""
    assert window.focusWidget() is canvas  # ...and the grid has the keyboard for more
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert idea(window, "Auto-fill").value == 4
    view.ranking.setFocus()
    qtbot.keyClick(view.ranking, Qt.Key.Key_Return)  # Enter takes an idea to the grid
    assert window.focusWidget() is canvas

    # The projector shows the same grid and the top of the ranking.
    window.toggle_projector()
    mirror = view.projector_view()
    assert window.projector.body.currentWidget() is mirror
    assert view.mirror_canvas is not None and view.mirror_top is not None
    assert {i.id for i in view.mirror_canvas.ideas} == {draft.id, auto.id}
    assert "1. Draft the quote" in view.mirror_top.text()
    window.toggle_projector()

    window.close()
    window.workshop.close()
    saved = {
        i.text[:5]: (i.value, i.feasibility)
        for i in open_workshop(path, read_only=True).typed(Idea)
    }
    assert saved == {"Draft": (4, 3), "Auto-": (4, 2)}
