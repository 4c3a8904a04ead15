"""The live workshop window, driven as a facilitator would drive it in the room."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import Action, AgendaItem, Concern, Idea, Participant, Problem
from facilitator.templates import builtin_folder, load_library
from facilitator.workshop import Workshop, open_workshop
from ui.live.board import CardDelegate, CardEditor, badges
from ui.live.dates import DueEditor
from ui.live.models import AUTHOR_ROLE, RECORD_ROLE
from ui.live.timer import Phase, clock, phase_for
from ui.live.window import WorkshopWindow
from ui.settings import AppSettings


@pytest.fixture
def library() -> Any:
    return load_library(include_user=False)


@pytest.fixture
def path(tmp_path: Path, library: Any) -> Path:
    target = tmp_path / "room" / "acme.workshop.json"
    target.parent.mkdir()
    workshop = Workshop.create(target, title="Acme AI day", client="Acme")
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    workshop.add("participant", name="Ana Silva")
    workshop.close()
    return target


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(tmp_path / "config" / "settings.ini")


@pytest.fixture
def window(
    qtbot: QtBot, path: Path, library: Any, settings: AppSettings
) -> Iterator[WorkshopWindow]:
    win = WorkshopWindow(open_workshop(path), library, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.isVisible():
        win.close()
    win.workshop.close()


def agenda_items(window: WorkshopWindow) -> list[AgendaItem]:
    return window.workshop.typed(AgendaItem)


def go_to(window: WorkshopWindow, title: str) -> AgendaItem:
    item = next(i for i in agenda_items(window) if i.summary() == title)
    window.agenda.select(item.id)
    assert window.item is not None and window.item.id == item.id
    return item


def type_card(qtbot: QtBot, window: WorkshopWindow, text: str) -> None:
    window.focus_capture()
    qtbot.keyClicks(window.board.capture, text)
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Return)


def test_a_scripted_workshop_survives_closing_and_reopening(
    qtbot: QtBot, window: WorkshopWindow, path: Path, library: Any, settings: AppSettings
) -> None:
    # Exercise 1: the mandate, timed.
    first = go_to(window, "Why are we here?")
    qtbot.mouseClick(window.timer_widget.start_button, Qt.MouseButton.LeftButton)
    qtbot.wait(1300)
    window.timer.pause()
    assert window.workshop.get(first.id).elapsed_seconds >= 1  # type: ignore[attr-defined]
    assert window.workshop.get(first.id).status == "running"  # type: ignore[attr-defined]

    # Exercise 2: twenty problems, captured by keyboard only.
    second = go_to(window, "Start with the problem")
    window.timer.start()
    for n in range(20):
        group = "#billing " if n % 2 else ""
        type_card(qtbot, window, f"Problem {n} {group}!{1 + n % 5}")
    assert window.board.capture.toPlainText() == ""
    problems = window.workshop.typed(Problem)
    assert [p.text for p in problems] == [f"Problem {n}" for n in range(20)]
    assert sum(1 for p in problems if p.group == "billing") == 10
    assert problems[3].impact == 4 and problems[3].exercise_id == second.id
    assert window.board_proxy is not None and window.board_proxy.rowCount() == 20

    # Group three ungrouped cards, by keyboard (Ctrl+G with a name).
    selection = window.board.cards.selectionModel()
    selection.clearSelection()
    for n in (0, 2, 4):
        row = window.card_models["problems"].row_of(problems[n].id)
        proxy_index = window.board_proxy.mapFromSource(window.card_models["problems"].index(row))
        selection.select(proxy_index, QItemSelectionModel.SelectionFlag.Select)
    window.group_selected("Permits")
    assert {window.workshop.get(problems[n].id).group for n in (0, 2, 4)} == {  # type: ignore[attr-defined]
        "Permits"
    }

    # Edit one card in the inspector, then undo and redo.
    target = window.card_models["problems"].row_of(problems[5].id)
    window.board.cards.setCurrentIndex(
        window.board_proxy.mapFromSource(window.card_models["problems"].index(target))
    )
    who = window.inspector.editors["who"]
    assert isinstance(who, QLineEdit)
    who.setFocus()
    qtbot.keyClicks(who, "Intake clerks")
    qtbot.keyClick(who, Qt.Key.Key_Return)
    assert window.workshop.get(problems[5].id).who == "Intake clerks"  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert window.workshop.get(problems[5].id).who == ""  # type: ignore[attr-defined]
    window.redo_action.trigger()
    assert window.workshop.get(problems[5].id).who == "Intake clerks"  # type: ignore[attr-defined]
    assert window.session.undo_stack.count() >= 22  # 20 captures, a grouping, an edit

    # The projector mirrors the board and never shows the facilitator's script.
    window.toggle_projector()
    projector = window.projector
    assert projector.isVisible()
    assert projector.cards.model().rowCount() == 20
    assert projector.prompt.text() == window.board.prompt.text()
    script = window.board.script.text()
    assert script and all(
        script not in label.text()
        for label in (projector.exercise, projector.step, projector.prompt, projector.count)
    )
    type_card(qtbot, window, "Problem twenty-one")
    assert projector.cards.model().rowCount() == 21  # live
    window.go_step(+1)
    assert projector.prompt.text() == window.board.prompt.text()
    # Large enough to read at the back of a room: 40 pt on a 1920×1080 wall, and on
    # a small projector still 24 pt or more, giving way so the cards stay in view.
    projector.resize(1920, 1080)
    assert projector.prompt.font().pointSizeF() == 40
    assert projector.count.font().pointSizeF() >= 24
    projector.resize(1024, 768)
    assert 24 <= projector.prompt.font().pointSizeF() < 40
    window.toggle_projector()
    qtbot.wait(1100)  # the exercise has now run for more than a second
    window.timer.pause()

    # Exercise 3: a short run on the vote.
    third = go_to(window, "Which problems matter most")
    window.timer.start()
    qtbot.wait(1100)
    window.timer.pause()

    # Close and reopen: every card, the groups, the edit and the time used.
    window.close()
    window.workshop.close()
    reopened = open_workshop(path, read_only=True)
    problems = reopened.typed(Problem)
    assert len(problems) == 21
    assert {problems[n].group for n in (0, 2, 4)} == {"Permits"}
    assert problems[5].who == "Intake clerks"
    for item in (first, second, third):
        assert reopened.get(item.id).elapsed_seconds >= 1  # type: ignore[attr-defined]
    assert settings.left_open() == []  # a clean close leaves nothing to recover


def test_an_idea_without_a_problem_asks_which_problem_it_solves(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Permit applications wait 23 days")
    go_to(window, "Could not do before")

    def answer() -> None:
        picker = window.problem_picker
        assert picker is not None
        picker.search.setText("Permit")
        picker.accept()

    QTimer.singleShot(0, answer)
    type_card(qtbot, window, "Pre-check permits on arrival !5")
    (idea,) = window.workshop.records("ideas")
    assert idea.problem_ids == (window.workshop.records("problems")[0].id,)  # type: ignore[attr-defined]
    assert idea.value == 5  # type: ignore[attr-defined]
    QTimer.singleShot(0, lambda: window.problem_picker and window.problem_picker.reject())
    type_card(qtbot, window, "An idea nobody can place")
    assert window.board.capture.toPlainText() == "An idea nobody can place"  # kept, not lost
    assert len(window.workshop.records("ideas")) == 1

    # Nobody can name its problem: it goes to the parking lot, with the question.
    assert not window.parking.isVisible()
    asked: list[int] = []

    def park() -> None:
        picker = window.problem_picker
        assert picker is not None
        asked.append(picker.list.count())  # the problems are listed to choose from
        picker.park_button.click()

    QTimer.singleShot(0, park)
    window.board.capture.clear()
    type_card(qtbot, window, "A chatbot for the intranet")
    assert asked == [1]
    assert window.board.capture.toPlainText() == ""
    assert "which problem does it solve" in window.message.text()
    (note,) = window.workshop.records("notes")
    assert note.parked and note.text == "A chatbot for the intranet"  # type: ignore[attr-defined]
    assert window.parking.isVisible() and window.parking.list.count() == 1
    assert window.parking.title.text() == "Parking lot (1)"

    # It waits in the parking lot, not among the mandate's notes on their board.
    go_to(window, "Why are we here?")
    assert window.board_proxy is not None and window.board_proxy.rowCount() == 0

    # Later the room names the problem: Link turns it into an idea, in one step.
    go_to(window, "Start with the problem")
    assert not window.parking.isVisible()  # only where ideas are captured
    type_card(qtbot, window, "Staff cannot find the travel policy")
    go_to(window, "Could not do before")

    def link() -> None:
        picker = window.problem_picker
        assert picker is not None
        picker.search.setText("travel")
        picker.accept()

    QTimer.singleShot(0, link)
    window.parking.link_current()
    ideas = window.workshop.typed(Idea)
    assert [i.text for i in ideas][-1] == "A chatbot for the intranet"
    assert window.workshop.get(ideas[-1].problem_ids[0]).text.startswith("Staff")  # type: ignore[attr-defined]
    assert window.workshop.records("notes") == [] and not window.parking.isVisible()
    window.undo_action.trigger()
    assert window.parking.list.count() == 1


def test_the_author_mark_and_a_bad_score_are_handled(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Quotes take three days @ana")
    (problem,) = window.workshop.typed(Problem)
    assert window.workshop.get(problem.participant_id or "").name == "Ana Silva"  # type: ignore[attr-defined]
    type_card(qtbot, window, "Too important !9")
    assert "from 1 to 5" in window.message.text()
    assert window.board.capture.toPlainText() == "Too important !9"
    window.board.capture.clear()

    # Someone not yet on the list speaks up: the card is saved and they join the room.
    type_card(qtbot, window, "Stock counts are a day late @maria_lopez")
    maria = next(p for p in window.workshop.typed(Participant) if p.name == "Maria Lopez")
    stock = window.workshop.typed(Problem)[-1]
    assert (stock.text, stock.participant_id) == ("Stock counts are a day late", maria.id)
    assert window.board.capture.toPlainText() == ""  # ready for the next remark
    assert "Maria Lopez joined the people in the room" in window.message.text()
    window.undo_action.trigger()  # one step takes back the card and the newcomer
    assert len(window.workshop.typed(Problem)) == 1
    assert "Maria Lopez" not in {p.name for p in window.workshop.typed(Participant)}

    # A start that fits two people is asked about, and the line is kept.
    window.workshop.add("participant", name="Ana Costa")
    type_card(qtbot, window, "Returns take weeks @ana")
    assert "could be Ana Silva, Ana Costa" in window.message.text()
    assert window.board.capture.toPlainText() == "Returns take weeks @ana"
    window.board.capture.clear()
    type_card(qtbot, window, "Returns take weeks @costa")  # any word of the name
    assert window.workshop.get(window.workshop.typed(Problem)[-1].participant_id or "").name == (  # type: ignore[attr-defined]
        "Ana Costa"
    )
    window.go_step(+1)
    go_to(window, "Why are we here?")
    assert window.message.text() == ""  # not carried to another exercise


def test_a_save_failure_shows_red_keeps_the_card_and_retries(
    qtbot: QtBot, window: WorkshopWindow, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Saved before the stick failed")
    real_write = os.write
    folder = str(path.parent.resolve())
    failing = [True]

    def write(fd: int, data: Any) -> int:
        target = os.readlink(f"/proc/self/fd/{fd}")
        if failing[0] and target.startswith(folder):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    type_card(qtbot, window, "Typed while the folder was read-only")
    status = window.save_state
    assert status.label.text().startswith("Not saved")
    assert "Read-only file system" in status.label.text()
    assert status.retry.isVisible()
    assert [p.text for p in window.workshop.typed(Problem)][-1] == (
        "Typed while the folder was read-only"
    )  # kept in memory, on the board
    failing[0] = False
    qtbot.mouseClick(status.retry, Qt.MouseButton.LeftButton)
    assert status.label.text() == "Saved ✓"
    assert not status.retry.isVisible()
    window.close()
    window.workshop.close()
    texts = [p.text for p in open_workshop(path, read_only=True).typed(Problem)]
    assert "Typed while the folder was read-only" in texts


def pick_commitments(window: WorkshopWindow) -> None:
    dialog = window.agenda.add_dialog
    assert dialog is not None
    rows = [dialog.choices.item(r) for r in range(dialog.choices.count())]
    dialog.choices.setCurrentItem(next(r for r in rows if r.text().startswith("Commit")))
    dialog.accept()


def test_an_exercise_added_in_the_middle_is_undone_and_redone_whole(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    before = [i.id for i in agenda_items(window)]
    go_to(window, agenda_items(window)[-2].summary())  # Add… puts it after: before the last
    QTimer.singleShot(0, lambda: pick_commitments(window))
    qtbot.mouseClick(window.agenda.add_button, Qt.MouseButton.LeftButton)
    after = [i.id for i in agenda_items(window)]
    assert len(after) == len(before) + 1 and after[-1] == before[-1]
    assert agenda_items(window)[-2].summary() == "Commitments"
    assert window.session.undo_stack.count() == 1  # one step, not "add" and "reorder"
    window.activateWindow()  # the dialog has gone (offscreen, nobody gives the window back)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [i.id for i in agenda_items(window)] == before
    assert [i.position for i in agenda_items(window)] == list(range(len(before)))
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [i.id for i in agenda_items(window)] == after


def test_the_agenda_reorders_adds_skips_and_warns_when_running_over(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    titles = [i.summary() for i in agenda_items(window)]
    go_to(window, titles[0])
    window.agenda.view.setFocus()
    qtbot.keyClick(window.agenda.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [i.summary() for i in agenda_items(window)][:2] == [titles[1], titles[0]]

    QTimer.singleShot(0, lambda: pick_commitments(window))
    qtbot.mouseClick(window.agenda.add_button, Qt.MouseButton.LeftButton)  # "Add…"
    assert len(agenda_items(window)) == len(titles) + 1
    assert window.item is not None and window.item.summary() == "Commitments"
    qtbot.mouseClick(window.agenda.skip_button, Qt.MouseButton.LeftButton)
    assert window.item is not None and window.item.status == "skipped"
    assert "over" not in window.agenda.totals.text()
    window.agenda.select(agenda_items(window)[0].id)
    window.workshop.update(agenda_items(window)[0].id, elapsed_seconds=60 * 60)
    assert "running" in window.agenda.totals.text() and "over" in window.agenda.totals.text()


def test_the_timer_counts_down_warns_and_extends(qtbot: QtBot, window: WorkshopWindow) -> None:
    item = go_to(window, "Why are we here?")
    window.workshop.update(item.id, planned_minutes=1, elapsed_seconds=58)
    window.timer.attach(None)
    window.timer.attach(item.id)
    with qtbot.waitSignal(window.timer.ticked, timeout=2000) as tick:
        window.timer.start()
    remaining, phase = tick.args
    assert 0 < remaining <= 2 and phase is Phase.ALARM  # 5 % or less of a minute left
    assert window.timer_widget.start_button.text() == "Pause"
    window.timer.add_minutes(5)
    assert window.workshop.get(item.id).planned_minutes == 6  # type: ignore[attr-defined]
    window.timer.pause()
    window.timer.reset()
    assert window.workshop.get(item.id).elapsed_seconds == 0  # type: ignore[attr-defined]


def test_the_timer_keeps_timing_its_exercise_while_you_look_at_another(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    running = go_to(window, "Start with the problem")
    window.timer.start()
    go_to(window, "Why are we here?")  # a look back at the mandate, mid-exercise
    assert window.timer.running and window.timer.item_id == running.id
    label = window.timer_widget.timing
    assert label.isVisibleTo(window) and label.toolTip() == "timing: 2. Start with the problem"
    assert label.text().startswith("timing: 2. Start")  # elided if the toolbar is tight
    qtbot.wait(700)
    go_to(window, "Start with the problem")  # back: the label goes, the clock ran on
    assert not label.isVisibleTo(window)
    go_to(window, "Why are we here?")
    qtbot.mouseClick(window.timer_widget.start_button, Qt.MouseButton.LeftButton)  # pause
    assert window.workshop.get(running.id).elapsed_seconds >= 1  # type: ignore[attr-defined]
    assert window.timer.item_id == window.item.id  # type: ignore[union-attr]
    assert not label.isVisibleTo(window)  # Start now times what is on screen
    assert window.timer_widget.start_button.text() == "Start"
    # Starting the clock here moves the room on: the exercise left paused is done.
    assert window.workshop.get(running.id).status == "running"  # type: ignore[attr-defined]
    window.timer.start()
    assert window.workshop.get(running.id).status == "done"  # type: ignore[attr-defined]
    statuses = [i.status for i in agenda_items(window)]
    assert statuses.count("running") == 1
    window.timer.pause()


@pytest.mark.parametrize(
    ("remaining", "planned", "phase"),
    [
        (600, 600, Phase.CALM),
        (120, 600, Phase.WARN),
        (29, 600, Phase.ALARM),
        (-5, 600, Phase.ALARM),
    ],
)
def test_timer_phases(remaining: float, planned: float, phase: Phase) -> None:
    assert phase_for(remaining, planned) is phase


def test_clock_format() -> None:
    assert clock(754) == "12:34"
    assert clock(-150) == "−2:30"


def test_shortcuts_are_listed_with_f1(qtbot: QtBot, window: WorkshopWindow) -> None:
    window.show_shortcuts()
    assert "Ctrl+Space" in window.shortcuts_dialog.text()
    window.shortcuts_dialog.close()


def select_card(window: WorkshopWindow, record_id: str) -> None:
    model = window.card_models["problems"]
    assert window.board_proxy is not None
    index = window.board_proxy.mapFromSource(model.index(model.row_of(record_id)))
    window.board.cards.setCurrentIndex(index)


def board_texts(window: WorkshopWindow) -> list[str]:
    proxy = window.board_proxy
    assert proxy is not None
    return [proxy.index(row, 0).data(RECORD_ROLE).text for row in range(proxy.rowCount())]


def open_editor(window: WorkshopWindow) -> CardEditor:
    """F2 on the selected card, and the editor it opened on the board."""
    window.edit_card()
    (editor,) = [e for e in window.board.cards.findChildren(CardEditor) if e.isVisible()]
    return editor


def test_a_card_is_edited_in_place_and_the_edit_undoes(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Quotes take three days")
    (problem,) = window.workshop.typed(Problem)
    select_card(window, problem.id)
    editor = open_editor(window)
    assert editor.toPlainText() == "Quotes take three days"
    editor.selectAll()
    qtbot.keyClicks(editor, "Quotes take five days")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.workshop.get(problem.id).text == "Quotes take five days"  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert window.workshop.get(problem.id).text == "Quotes take three days"  # type: ignore[attr-defined]

    # Escape drops the edit; emptying a card does not delete it.
    editor = open_editor(window)
    qtbot.keyClicks(editor, "half-typed")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.workshop.get(problem.id).text == "Quotes take three days"  # type: ignore[attr-defined]
    editor = open_editor(window)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.workshop.get(problem.id).text == "Quotes take three days"  # type: ignore[attr-defined]
    assert "Delete removes it" in window.message.text()


def test_delete_undo_filter_and_drag_to_group(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Start with the problem")
    for text in ("Invoices are late", "Invoices are wrong", "Calls are dropped"):
        type_card(qtbot, window, text)
    late, wrong, calls = window.workshop.typed(Problem)

    # Delete with the keyboard, and Ctrl+Z brings the card back where it was.
    select_card(window, wrong.id)
    window.board.cards.setFocus()
    window.delete_selected()
    assert board_texts(window) == [late.text, calls.text]
    assert "Ctrl+Z" in window.message.text()
    qtbot.waitUntil(lambda: window.board.count.text() == "2 cards")  # not "2 of 3"
    window.undo_action.trigger()
    assert board_texts(window) == [late.text, wrong.text, calls.text]
    # The card brought back is the one selected: Delete would act on it again.
    qtbot.waitUntil(lambda: [c.id for c in window.selected_cards()] == [wrong.id])
    # Several deleted at once come back selected together.
    window.board.cards.selectAll()
    window.board.cards.setFocus()
    window.delete_selected()
    assert board_texts(window) == []
    window.undo_action.trigger()
    qtbot.waitUntil(
        lambda: {c.id for c in window.selected_cards()} == {late.id, wrong.id, calls.id}
    )

    # Filtering narrows the board and says how many are shown.
    window.board.search.setText("invoices")
    assert window.board_proxy is not None and window.board_proxy.rowCount() == 2
    assert window.board.count.text() == "2 of 3 cards"
    window.board.search.clear()
    assert window.board.count.text() == "3 cards"

    # Dragging one card onto another makes a group of both, as one undo step.
    model = window.card_models["problems"]
    proxy = window.board_proxy
    dragged = model.mimeData([model.index(model.row_of(wrong.id))])
    target = proxy.mapFromSource(model.index(model.row_of(late.id)))
    proxy.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, target)
    groups = {p.text: p.group for p in window.workshop.typed(Problem)}
    assert groups[late.text] == groups[wrong.text] == "Group 1"
    assert groups[calls.text] == ""
    # A third card dropped on the group joins it.
    dragged = model.mimeData([model.index(model.row_of(calls.id))])
    target = proxy.mapFromSource(model.index(model.row_of(late.id)))
    proxy.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, target)
    assert window.workshop.get(calls.id).group == "Group 1"  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert window.workshop.get(calls.id).group == ""  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert {p.group for p in window.workshop.typed(Problem)} == {""}


def test_people_are_added_and_anonymous_concerns_name_nobody(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    window.open_people()
    dialog = window.people_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.add_person("Bruno Costa")
    row = dialog.model.rowCount() - 1
    dialog.model.setData(dialog.model.index(row, 2), "Finance")
    bruno = next(p for p in window.workshop.typed(Participant) if p.name == "Bruno Costa")
    assert bruno.department == "Finance"
    dialog.accept()

    go_to(window, "People and change")
    type_card(qtbot, window, "We will lose our jobs")  # anonymous by default
    type_card(qtbot, window, "Who checks the answers? @bruno")
    anonymous, named = window.workshop.typed(Concern)
    assert anonymous.anonymous and anonymous.participant_id is None
    assert not named.anonymous and named.participant_id == bruno.id

    # An anonymous concern cannot be given an author by mistake.
    window.session.perform(lambda: window.workshop.update(anonymous.id, participant_id=bruno.id))
    assert "untick anonymous first" in window.message.text()
    # Unticking "Anonymous" in the inspector is how a person chooses to be named.
    model = window.card_models["concerns"]
    assert window.board_proxy is not None
    window.board.cards.setCurrentIndex(
        window.board_proxy.mapFromSource(model.index(model.row_of(anonymous.id)))
    )
    box = window.inspector.editors["anonymous"]
    assert isinstance(box, QCheckBox) and box.isChecked()
    box.click()
    assert window.workshop.get(anonymous.id).anonymous is False  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert window.workshop.get(anonymous.id).anonymous is True  # type: ignore[attr-defined]
    model = window.card_models["concerns"]
    assert model.index(model.row_of(anonymous.id)).data(AUTHOR_ROLE) == ""
    assert model.index(model.row_of(named.id)).data(AUTHOR_ROLE) == "Bruno Costa"
    # The projector never names anyone, anonymous or not.
    window.toggle_projector()
    projector = window.projector
    delegate = projector.cards.itemDelegate()
    assert isinstance(delegate, CardDelegate) and not delegate.show_authors
    assert projector.cards.model().rowCount() == 2
    # ...nor marks which concerns are anonymous: that would point at the named ones.
    room = [badges(c, "Bruno Costa", show_author=False) for c in (anonymous, named)]
    assert room[0] == room[1] == ["other"]
    assert badges(anonymous, "")[-1] == "anonymous"  # the facilitator's board says so
    window.toggle_projector()


def pick_problem(window: WorkshopWindow, words: str) -> None:
    picker = window.problem_picker
    assert picker is not None
    picker.search.setText(words)
    picker.accept()


def test_the_window_fits_a_small_screen_and_the_inspector_never_clips(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    # The offscreen screen is 800×600, smaller than a 1080p laptop at 150 %.
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "A problem with a rather long description that goes on @ana")
    for title in ("Could not do before", "The last mile", "People and change"):
        go_to(window, title)
        if title == "The last mile":  # the idea captured before, with its readiness fields
            assert window.board_proxy is not None
            window.board.cards.setCurrentIndex(window.board_proxy.index(0, 0))
        else:
            if window.captures == "idea":
                QTimer.singleShot(0, lambda: pick_problem(window, "long description"))
            type_card(qtbot, window, "A card to inspect")
        assert window.inspector.record is not None, title
        # Every field fits a dock 260 pixels wide: labels wrap, pickers shrink.
        assert window.inspector.body.minimumSizeHint().width() <= 260, title
    # However tall an exercise's view, the window never outgrows the screen: the
    # exercise scrolls inside it (the matrix once made it 860 pixels tall).
    for item in agenda_items(window):
        window.agenda.select(item.id)
        for _ in range(3):
            window.go_step(+1)
            # 600: a 1280×720 screen, less its task bar and the window's title bar.
            assert window.minimumSizeHint().height() <= 600, item.summary()
            assert window.height() <= area.height(), item.summary()


def test_a_changed_template_is_offered_and_the_update_undoes(
    qtbot: QtBot, path: Path, library: Any, settings: AppSettings, tmp_path: Path
) -> None:
    # The consultant improves their own version of "Start with the problem"...
    mine = tmp_path / "my templates"
    mine.mkdir()
    source = (builtin_folder() / "templates" / "problem-first.toml").read_text(encoding="utf-8")
    edited = source.replace("version = 1", "version = 2", 1)
    assert edited != source
    (mine / "problem-first.toml").write_text(edited, encoding="utf-8")
    newer = load_library(mine).templates["problem-first"]
    # ...after this workshop was planned with the built-in one.
    window = WorkshopWindow(open_workshop(path), load_library(mine), settings)
    qtbot.addWidget(window)
    window.show()
    try:
        go_to(window, "Why are we here?")
        assert not window.template_offer.isVisible()  # that template has not changed
        item = go_to(window, "Start with the problem")
        assert window.template_offer.isVisible()
        assert "Start with the problem" in window.template_notice.text()
        planned = item.template
        qtbot.mouseClick(window.update_template_button, Qt.MouseButton.LeftButton)
        assert window.workshop.get(item.id).template == newer.snapshot()  # type: ignore[attr-defined]
        assert not window.template_offer.isVisible()
        window.undo_action.trigger()
        assert window.workshop.get(item.id).template == planned  # type: ignore[attr-defined]

        # "Keep as planned" is remembered while the window is open.
        go_to(window, "Start with the problem")
        assert window.template_offer.isVisible()
        window.keep_template()
        go_to(window, "Why are we here?")
        go_to(window, "Start with the problem")
        assert not window.template_offer.isVisible()
    finally:
        window.close()
        window.workshop.close()


def test_silent_writing_hides_the_cards_from_the_room_until_revealed(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")  # its first step is silent writing
    window.toggle_projector()
    projector = window.projector
    assert window.private_step()
    projector.resize(1280, 800)
    type_card(qtbot, window, "Quotes take three days")
    for n in range(8):
        type_card(qtbot, window, f"Nobody knows the stock level {n}")
    assert projector.body.currentWidget() is projector.blank  # no text on the wall
    assert projector.count.text().startswith("9 cards — shown when everyone")
    qtbot.waitUntil(lambda: window.board.count.text() == "9 cards")  # as each card arrives
    assert window.reveal_button.isEnabled() and not window.reveal_button.isChecked()
    window.reveal_button.click()  # F6
    assert projector.body.currentWidget() is projector.cards
    cards = projector.cards
    assert cards.model().rowCount() == 9
    # The reveal starts at the first card, whatever was typed last while hidden.
    qtbot.waitUntil(lambda: cards.visualRect(cards.model().index(0, 0)).isValid())
    assert cards.viewport().rect().contains(cards.visualRect(cards.model().index(0, 0)))
    window.go_step(+1)  # reading out: nothing is private any more
    assert projector.body.currentWidget() is projector.cards
    assert not window.reveal_button.isEnabled()
    assert projector.count.text() == "9 cards"
    window.go_step(-1)  # the reveal is remembered for the step
    assert projector.body.currentWidget() is projector.cards
    window.reveal_button.click()  # and can be taken back
    assert projector.body.currentWidget() is projector.blank
    window.toggle_projector()


def test_at_name_on_a_next_step_makes_them_its_owner(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Commitments")
    type_card(qtbot, window, "Publish the one-page AI guide @ana")
    (action,) = window.workshop.records("actions")
    assert action.owner == "Ana Silva"  # type: ignore[attr-defined]
    assert action.text == "Publish the one-page AI guide"  # type: ignore[attr-defined]
    type_card(qtbot, window, "Brief the board @Ana Silva by Friday")  # the name as said
    brief = window.workshop.records("actions")[-1]
    assert brief.owner == "Ana Silva"  # type: ignore[attr-defined]
    assert brief.text == "Brief the board by Friday"  # type: ignore[attr-defined]


def test_an_unknown_price_is_shown_and_kept_unknown_not_zero(window: WorkshopWindow) -> None:
    licence = window.workshop.add("licence", tool="Assistant seats", seats=5000)
    window.inspector.show_record(licence, None)
    price = window.inspector.editors["price_per_seat_month"]
    assert isinstance(price, QDoubleSpinBox)
    assert price.text() == "—"  # unknown, not "0.00"
    price.editingFinished.emit()  # leaving the field changes nothing
    assert window.workshop.get(licence.id).price_per_seat_month is None  # type: ignore[attr-defined]
    price.stepUp()  # the arrow from "—" lands on 0, not on an invented 0.99
    assert price.value() == 0 and price.text() == "0.00"
    price.editingFinished.emit()  # a free tool is a price of 0, and says so
    assert window.workshop.get(licence.id).price_per_seat_month == 0  # type: ignore[attr-defined]


def test_the_room_sees_the_card_the_facilitator_is_on(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Start with the problem")
    window.go_step(+1)  # past silent writing: the room reads the cards
    for n in range(40):
        window.workshop.add("problem", text=f"Problem number {n} from the room")
    window.projector.present(full_screen=False)
    window.projector.resize(1280, 800)
    cards = window.projector.cards
    qtbot.waitUntil(lambda: cards.model() is not None and cards.model().rowCount() == 40)
    proxy = window.board_proxy
    assert proxy is not None
    last = proxy.index(proxy.rowCount() - 1, 0)
    room_last = cards.model().index(cards.model().rowCount() - 1, 0)
    qtbot.waitUntil(lambda: cards.visualRect(cards.model().index(0, 0)).isValid())
    assert not cards.viewport().rect().contains(cards.visualRect(room_last))  # off screen
    window.board.cards.setCurrentIndex(last)  # the facilitator goes to the last card
    qtbot.waitUntil(lambda: cards.viewport().rect().contains(cards.visualRect(room_last)))
    # The columns share the room's width: no wide strip left empty on the right.
    first = cards.visualRect(cards.model().index(0, 0))
    columns = max(cards.viewport().width() // (first.width() + 2 * cards.spacing()), 1)
    used = columns * (first.width() + 2 * cards.spacing())
    assert cards.viewport().width() - used < first.width() // 4
    window.toggle_projector()


def test_the_inspector_edits_a_due_date_with_a_calendar(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Commitments")
    type_card(qtbot, window, "Brief the board")
    (action,) = window.workshop.typed(Action)
    window.inspector.show_record(action, None)
    due = window.inspector.editors["due"]
    assert isinstance(due, DueEditor)
    assert due.text() == "No date"  # never a day nobody chose
    due.setFocus()
    due.clearFocus()  # passing through changes nothing
    due.editingFinished.emit()
    assert window.workshop.get(action.id).due is None  # type: ignore[attr-defined]
    assert due.text() == "No date"
    due.setDate(QDate(2027, 1, 8))  # as the calendar does
    due.calendarWidget().clicked.emit(QDate(2027, 1, 8))
    assert window.workshop.get(action.id).due == "2027-01-08"  # type: ignore[attr-defined]
    qtbot.keyClick(due, Qt.Key.Key_Delete)
    due.editingFinished.emit()
    assert window.workshop.get(action.id).due is None  # type: ignore[attr-defined]
    window.session.undo_stack.undo()
    assert window.workshop.get(action.id).due == "2027-01-08"  # type: ignore[attr-defined]
    assert window.inspector.editors["due"].text() == "8 Jan 2027"


def test_the_capture_line_has_the_keyboard_and_lends_it_to_the_window(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    capture = window.board.capture
    assert window.focusWidget() is capture  # opened ready to type
    type_card(qtbot, window, "Quotes take three days")
    assert len(window.workshop.typed(Problem)) == 1
    qtbot.keyClicks(capture, "half a thought")
    qtbot.keyClick(capture, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert capture.toPlainText() == ""  # the line's own undo first: the typing goes
    assert len(window.workshop.typed(Problem)) == 1
    qtbot.keyClick(capture, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.workshop.typed(Problem) == []  # then the workshop's: the card goes
    shift_control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(capture, Qt.Key.Key_Z, shift_control)
    assert [p.text for p in window.workshop.typed(Problem)] == ["Quotes take three days"]
    step = window.step_index.get(window.item.id, 0)  # type: ignore[union-attr]
    qtbot.keyClick(capture, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.step_index[window.item.id] == step + 1  # type: ignore[union-attr]
    qtbot.keyClick(capture, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.item is not None and window.item.summary() == "Which problems matter most"
    go_to(window, "Start with the problem")
    window.focus_capture()
    qtbot.keyClick(capture, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.board.cards


def test_someone_who_joins_mid_session_can_be_chosen_in_the_inspector(
    window: WorkshopWindow,
) -> None:
    go_to(window, "Start with the problem")
    problem = window.workshop.add("problem", text="Quotes take three days")
    window.inspector.show_record(problem, None)
    raised_by = window.inspector.editors["participant_id"]
    assert isinstance(raised_by, QComboBox)
    assert raised_by.findText("Maria Lopez") < 0
    maria = window.session.perform(lambda: window.workshop.add("participant", name="Maria Lopez"))
    assert maria is not None and raised_by.findText("Maria Lopez") > 0  # listed at once
    raised_by.setCurrentIndex(raised_by.findText("Maria Lopez"))
    assert window.workshop.get(problem.id).participant_id == maria.id  # type: ignore[attr-defined]
    window.session.perform(lambda: window.workshop.update(maria.id, name="María López"))
    assert raised_by.currentText() == "María López"  # a renamed person, renamed here too


def test_the_mandate_check_notes_become_the_objective(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Why are we here?")
    button = window.board.to_objective
    assert button.isVisibleTo(window)
    type_card(qtbot, window, "The board asked for AI after a competitor's launch")
    type_card(qtbot, window, "Done means two use cases with owners by March")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workshop.meta.objective == (
        "The board asked for AI after a competitor's launch\n"
        "Done means two use cases with owners by March"
    )
    assert "objective is now these 2 note(s)" in window.message.text()
    window.undo_action.trigger()
    assert window.workshop.meta.objective == ""
    # An objective typed earlier is not thrown away unasked: add after it, or replace.
    window.workshop.update(window.workshop.meta.id, objective="Typed when it was planned")

    def answer(label: str) -> None:
        box = window.objective_question
        assert box is not None
        next(b for b in box.buttons() if b.text().replace("&", "") == label).click()

    QTimer.singleShot(0, lambda: answer("Add after it"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workshop.meta.objective.startswith("Typed when it was planned\nThe board")
    QTimer.singleShot(0, lambda: answer("Cancel"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.workshop.meta.objective.startswith("Typed when it was planned\n")
    go_to(window, "Start with the problem")
    assert not button.isVisibleTo(window)  # only the mandate check fills the objective


def test_the_workshop_details_are_edited_in_the_inspector(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    editors = window.inspector.editors
    assert window.inspector.heading.text() == "Workshop"
    assert list(editors) == [
        "title",
        "client",
        "date",
        "facilitators",
        "objective",
        "currency",
        "confidentiality",
    ]
    assert isinstance(editors["title"], QLineEdit)  # one line: it titles the window
    client = editors["client"]
    assert isinstance(client, QLineEdit) and client.text() == "Acme"
    client.setText("Acme Corp")
    client.editingFinished.emit()
    assert window.windowTitle().startswith("Acme AI day — Acme Corp")
    people = editors["facilitators"]
    assert isinstance(people, QLineEdit)
    people.setText("Ana Silva,  Bruno Costa, ")
    people.editingFinished.emit()
    assert window.workshop.meta.facilitators == ("Ana Silva", "Bruno Costa")
    assert people.text() == "Ana Silva, Bruno Costa"
    currency = editors["currency"]
    assert isinstance(currency, QLineEdit)
    currency.setText("euros")  # refused, with the reason, and the saved value kept
    currency.editingFinished.emit()
    assert window.workshop.meta.currency == "EUR" and currency.text() == "EUR"
    error = window.inspector.errors["currency"]
    assert not error.isHidden() and "three-letter currency code" in error.text()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.workshop.meta.client == "Acme"
    assert window.windowTitle().startswith("Acme AI day — Acme ·")


def test_a_handful_of_cards_all_fit_on_the_wall(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Start with the problem")
    window.go_step(+1)  # past silent writing
    for n in range(6):
        window.workshop.add("problem", text=f"Problem {n} as the room said it, in a few words")
    window.projector.present(full_screen=False)
    window.projector.resize(1280, 800)
    cards = window.projector.cards
    model = cards.model()
    qtbot.waitUntil(lambda: cards.visualRect(model.index(0, 0)).isValid())
    qtbot.waitUntil(
        lambda: all(
            cards.viewport().rect().contains(cards.visualRect(model.index(r, 0)))
            for r in range(model.rowCount())
        )
    )  # nobody in the room can scroll: none is left below the edge
    window.toggle_projector()


def test_f4_takes_the_keyboard_to_the_card_s_fields_and_escape_back(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Quotes take three days")
    qtbot.waitUntil(lambda: window.inspector.record is not None)
    qtbot.keyClick(window.board.capture, Qt.Key.Key_F4)
    first = next(iter(window.inspector.editors.values()))
    assert window.focusWidget() is first  # one key, not nineteen Tabs
    field = window.inspector.editors["who"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.board.cards  # back to the cards


def test_undoing_an_agenda_move_leaves_the_keyboard_on_the_card(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    item = go_to(window, "Start with the problem")
    type_card(qtbot, window, "Quotes take three days")
    (problem,) = window.workshop.typed(Problem)
    select_card(window, problem.id)
    window.board.cards.setFocus()
    window.session.perform(lambda: window.workshop.move_agenda_item(item.id, 0))
    window.undo_action.trigger()
    assert window.item is not None and window.item.id == item.id
    assert window.focusWidget() is window.board.cards  # not moved to the capture line
    assert [c.id for c in window.selected_cards()] == [problem.id]
