"""The last-mile readiness grid, driven from the keyboard as in the room, and its mirror."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget
from pytestqt.qtbot import QtBot

from facilitator import scoring
from facilitator.agenda import apply_recipe
from facilitator.model import AgendaItem, Idea
from facilitator.scoring import Status
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui.live.models import RECORD_ROLE
from ui.live.readiness import (
    COL_CASE,
    COL_METRIC,
    COL_OWNER,
    COL_SAFETY,
    COL_STATUS,
    COL_VOLUME,
    COL_WORKFLOW,
    VERDICT_ROLE,
    ReadinessView,
)
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings

IDEAS = (  # text, value, feasibility: the ranking is quote, invoice, calls; "maps" is unscored
    ("Quote assistant drafts the quote from the call notes", 5, 4),
    ("Invoice checker flags a wrong VAT rate", 4, 4),
    ("Call router sends calls to the right team", 3, 3),
    ("Maps of late deliveries", None, None),
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "readiness.workshop.json"
    workshop = Workshop.create(target, title="Readiness")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    problem = workshop.add("problem", text="Quotes take three days")
    for text, value, feasibility in IDEAS:
        workshop.add(
            "idea", text=text, problem_ids=[problem.id], value=value, feasibility=feasibility
        )
    workshop.add("participant", name="Ana Silva")
    workshop.close()
    return target


def open_window(qtbot: QtBot, path: Path, tmp_path: Path, **options: bool) -> WorkshopWindow:
    win = WorkshopWindow(
        open_workshop(path, **options),
        load_library(include_user=False),
        AppSettings(tmp_path / "s.ini"),
    )
    qtbot.addWidget(win)
    win.show()
    item = next(i for i in win.workshop.typed(AgendaItem) if i.template["view"] == "readiness")
    win.agenda.select(item.id)
    return win


@pytest.fixture
def window(qtbot: QtBot, path: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    win = open_window(qtbot, path, tmp_path)
    yield win
    if win.isVisible():
        win.close()
    win.workshop.close()


def the_view(window: WorkshopWindow) -> ReadinessView:
    view = window.run.current_view
    assert isinstance(view, ReadinessView) and window.board.body.currentWidget() is view
    return view


def go_to(view: ReadinessView, start: str, column: int) -> Idea:
    """Put the grid's cursor on a cell, as clicking it would."""
    for row in range(view.model.rowCount()):
        idea = view.model.index(row, 0).data(RECORD_ROLE)
        if idea.text.startswith(start):
            view.table.setFocus()
            view.table.setCurrentIndex(view.model.index(row, column))
            return idea
    raise AssertionError(start)


def stored(window: WorkshopWindow, idea: Idea) -> Idea:
    found = window.workshop.get(idea.id)
    assert isinstance(found, Idea)
    return found


def status_cell(view: ReadinessView, idea: Idea) -> str:
    return str(view.model.index(view.model.row_of(idea.id), COL_STATUS).data())


def type_into_cell(qtbot: QtBot, view: ReadinessView, text: str, end: Qt.Key) -> None:
    """Type on the current cell: the first key opens its editor, the rest go into it."""
    table = view.table
    qtbot.keyClicks(table, text[0])
    assert table.state() == QAbstractItemView.State.EditingState
    editor = table.focusWidget()
    assert editor is not None and editor is not table
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, end)
    if end == Qt.Key.Key_Return:
        finish(qtbot, view)


def finish(qtbot: QtBot, view: ReadinessView) -> None:
    """Enter keeps an edit once Qt gets back to its event loop."""
    qtbot.waitUntil(lambda: view.table.state() != QAbstractItemView.State.EditingState)


def test_typed_scores_set_the_status_undo_and_are_saved(
    qtbot: QtBot, window: WorkshopWindow, path: Path, tmp_path: Path
) -> None:
    view = the_view(window)
    # Nobody starred anything: the shortlist is the top of the ranking, and it says so.
    assert "top 3 by priority" in view.source.text()
    assert [view.model.index(r, 0).data(RECORD_ROLE).text[:5] for r in range(3)] == [
        "Quote",
        "Invoi",
        "Call ",
    ]
    assert view.model.rowCount() == 3  # the unscored idea is not on the shortlist

    quote = go_to(view, "Quote", COL_WORKFLOW)
    assert window.inspector.record is not None and window.inspector.record.id == quote.id
    table = view.table
    qtbot.keyClick(table, Qt.Key.Key_4)
    qtbot.keyClick(table, Qt.Key.Key_Tab)  # Tab moves on, to real volume
    assert table.currentIndex().column() == COL_VOLUME
    qtbot.keyClick(table, Qt.Key.Key_5)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    qtbot.keyClick(table, Qt.Key.Key_2)  # production safety 2 blocks production
    readiness = stored(window, quote).readiness
    assert (readiness.workflow.score, readiness.volume.score, readiness.safety.score) == (4, 5, 2)
    verdict = view.model.index(0, COL_STATUS).data(VERDICT_ROLE)
    assert verdict.status is Status.BLOCKED
    assert verdict.blockers == ("Production safety 2/5",)
    assert status_cell(view, quote) == "✕ Blocked"
    assert "1 blocked" in view.summary.text()

    # Workflow 2 with safety fixed only needs work; nothing blocks.
    qtbot.keyClick(table, Qt.Key.Key_4)
    go_to(view, "Quote", COL_WORKFLOW)
    qtbot.keyClick(table, Qt.Key.Key_2)
    verdict = scoring.readiness(stored(window, quote))
    assert verdict.status is Status.NEEDS_WORK and verdict.blockers == ()
    assert status_cell(view, quote) == "▲ Needs work"

    # A score must be 1 to 5: the core says so and the score stays.
    qtbot.keyClick(table, Qt.Key.Key_7)
    assert window.message.text() == (
        "readiness.workflow.score: expected a whole number from 1 to 5, found 7"
    )
    assert stored(window, quote).readiness.workflow.score == 2

    # F2 writes a score's note (the window's F2 must not take the key); owner, metric.
    go_to(view, "Quote", COL_VOLUME)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.focusWidget()
    assert editor is not table
    qtbot.keyClicks(editor, "40 quotes a day, peaks at month end")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    finish(qtbot, view)
    go_to(view, "Quote", COL_OWNER)
    type_into_cell(qtbot, view, "Ana Silva", Qt.Key.Key_Tab)
    assert table.currentIndex().column() == COL_METRIC
    assert table.state() == QAbstractItemView.State.EditingState  # Tab opened the next cell
    editor = table.focusWidget()
    qtbot.keyClicks(editor, "Quotes out within 24 hours")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    finish(qtbot, view)
    go_to(view, "Quote", COL_WORKFLOW)
    qtbot.keyClick(table, Qt.Key.Key_5)
    now = stored(window, quote)
    assert now.owner == "Ana Silva" and now.success_metric == "Quotes out within 24 hours"
    assert now.readiness.volume.note == "40 quotes a day, peaks at month end"
    assert scoring.readiness(now).status is Status.READY
    assert status_cell(view, quote) == "✓ Ready"

    # Delete clears a score (and deletes nothing); every edit undoes, one at a time.
    go_to(view, "Call", COL_SAFETY)
    qtbot.keyClick(table, Qt.Key.Key_1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    call = go_to(view, "Call", COL_SAFETY)
    assert stored(window, call).readiness.safety.score is None
    window.undo_action.trigger()
    assert stored(window, call).readiness.safety.score == 1
    window.undo_action.trigger()
    window.undo_action.trigger()  # the workflow 5 on the quote assistant
    assert stored(window, quote).readiness.workflow.score == 2
    assert status_cell(view, quote) == "▲ Needs work"
    assert len(window.workshop.typed(Idea)) == len(IDEAS)

    window.close()
    window.workshop.close()
    saved = open_workshop(path, read_only=True)
    kept = next(i for i in saved.typed(Idea) if i.id == quote.id)
    assert (kept.readiness.workflow.score, kept.readiness.safety.score) == (2, 4)
    assert kept.readiness.volume.note == "40 quotes a day, peaks at month end"
    assert (kept.owner, kept.success_metric) == ("Ana Silva", "Quotes out within 24 hours")
    saved.close()


def test_starring_chooses_the_shortlist_in_one_undoable_step(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    view = the_view(window)
    table = view.table
    view.show_all.setChecked(True)  # the unscored idea shows, below, to be starred
    assert view.model.rowCount() == 4
    maps = go_to(view, "Maps", COL_CASE)
    assert view.model.index(3, COL_CASE).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )
    assert view.model.index(0, COL_CASE).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.PartiallyChecked  # on the list only as the top by priority
    )
    qtbot.keyClick(table, Qt.Key.Key_Space)
    starred = {i.text[:5] for i in window.workshop.typed(Idea) if i.shortlisted}
    assert starred == {"Quote", "Invoi", "Call ", "Maps "}  # the list stays, plus this one
    assert "the 4 starred ideas" in view.source.text()
    window.undo_action.trigger()  # one step
    assert not any(i.shortlisted for i in window.workshop.typed(Idea))
    assert "top 3 by priority" in view.source.text()

    # Taking one off: the others are starred, the row stays put, unstarred.
    view.show_all.setChecked(False)
    call = go_to(view, "Call", COL_CASE)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    on_list = {i.text[:5] for i in scoring.shortlist(window.workshop.typed(Idea))}
    assert on_list == {"Quote", "Invoi"}
    assert view.model.row_of(call.id) >= 0
    assert view.model.index(view.model.row_of(call.id), COL_CASE).data(
        Qt.ItemDataRole.CheckStateRole
    ) == (Qt.CheckState.Unchecked)
    assert "the 2 starred ideas" in view.source.text()
    assert maps.id not in {i.id for i in view.rows.on_shortlist()}


def test_the_projector_shows_scores_and_status_and_nothing_of_the_facilitator(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    view = the_view(window)
    quote = go_to(view, "Quote", COL_WORKFLOW)
    window.workshop.update(
        quote.id,
        owner="Ana Silva",
        readiness=quote.readiness.with_rating("workflow", score=4, note="Secret facilitator note"),
    )
    table = view.table
    go_to(view, "Quote", COL_SAFETY)
    qtbot.keyClick(table, Qt.Key.Key_1)
    go_to(view, "Invoice", COL_WORKFLOW)
    for key in (Qt.Key.Key_4, Qt.Key.Key_Tab, Qt.Key.Key_4, Qt.Key.Key_Tab, Qt.Key.Key_5):
        qtbot.keyClick(table, key)

    window.toggle_projector()
    mirror = view.projector_view()
    assert isinstance(mirror, QWidget)
    assert window.projector.body.currentWidget() is mirror
    room = view.room
    cells = [
        [str(room.index(r, c).data() or "") for c in range(room.columnCount())]
        for r in range(room.rowCount())
    ]
    assert [row[1:] for row in cells] == [
        ["4", "–", "1", "✕ Blocked"],
        ["4", "4", "5", "▲ Needs work"],  # no owner or metric yet
        ["–", "–", "–", "▲ Needs work"],
    ]
    assert "1 blocked" in view._mirror_title.text()  # type: ignore[union-attr]
    shown = " ".join(" ".join(row) for row in cells) + view._mirror_title.text()  # type: ignore[union-attr]
    assert "Secret facilitator note" not in shown and "Ana Silva" not in shown
    # Large enough for the back of the room.
    assert view.mirror_table is not None and view.mirror_table.font().pointSizeF() >= 24


def test_a_read_only_workshop_cannot_be_scored(qtbot: QtBot, path: Path, tmp_path: Path) -> None:
    window = open_window(qtbot, path, tmp_path, read_only=True)
    try:
        view = the_view(window)
        quote = go_to(view, "Quote", COL_WORKFLOW)
        assert not view.model.index(0, COL_WORKFLOW).flags() & Qt.ItemFlag.ItemIsEditable
        qtbot.keyClick(view.table, Qt.Key.Key_3)
        assert stored(window, quote).readiness.workflow.score is None
    finally:
        window.close()
        window.workshop.close()


def test_a_narrow_grid_keeps_room_for_the_use_case(qtbot: QtBot, window: WorkshopWindow) -> None:
    view = the_view(window)
    metrics = view.table.horizontalHeader().fontMetrics()
    for width in (1400, 900, 480):
        view.resize(width, 500)
        qtbot.waitUntil(lambda w=width: abs(view.width() - w) < 5)
        room = view.table.viewport().width()
        for column in range(1, view.model.columnCount()):  # every title's words whole
            title = str(view.model.headerData(column, Qt.Orientation.Horizontal))
            longest = max(metrics.horizontalAdvance(w) for w in title.split())
            assert view.table.columnWidth(column) > longest, (width, title)
        if width < 900:
            continue  # narrower than that the titles come first, and the table scrolls
        case = view.table.columnWidth(COL_CASE)
        assert case >= min(room // 3, 180) - 2, (width, case, room)
        total = sum(view.table.columnWidth(c) for c in range(view.model.columnCount()))
        assert total <= room + 2  # no sideways scrolling for the facilitator
