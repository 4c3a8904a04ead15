"""The capture line and the cards on the board (ui/live/capturing.py), typed into as in the room."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox
from pytestqt.qtbot import QtBot

from facilitator.model import Concern, Idea, Participant, Problem
from tests.ui.conftest import go_to, pick_problem, select_card, type_card
from ui.live.board import CardDelegate, CardEditor, badges
from ui.live.models import AUTHOR_ROLE, RECORD_ROLE
from ui.live.window import WorkshopWindow


def test_an_idea_without_a_problem_asks_which_problem_it_solves(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")
    type_card(qtbot, window, "Permit applications wait 23 days")
    go_to(window, "Could not do before")

    def answer() -> None:
        picker = window.cards.problem_picker
        assert picker is not None
        picker.search.setText("Permit")
        picker.accept()

    QTimer.singleShot(0, answer)
    type_card(qtbot, window, "Pre-check permits on arrival !5")
    (idea,) = window.workshop.records("ideas")
    assert idea.problem_ids == (window.workshop.records("problems")[0].id,)  # type: ignore[attr-defined]
    assert idea.value == 5  # type: ignore[attr-defined]
    QTimer.singleShot(
        0, lambda: window.cards.problem_picker and window.cards.problem_picker.reject()
    )
    type_card(qtbot, window, "An idea nobody can place")
    assert window.board.capture.toPlainText() == "An idea nobody can place"  # kept, not lost
    assert len(window.workshop.records("ideas")) == 1

    # Nobody can name its problem: it goes to the parking lot, with the question.
    assert not window.cards.parking.isVisible()
    asked: list[int] = []

    def park() -> None:
        picker = window.cards.problem_picker
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
    assert window.cards.parking.isVisible() and window.cards.parking.list.count() == 1
    assert window.cards.parking.title.text() == "Parking lot (1)"

    # It waits in the parking lot, not among the mandate's notes on their board.
    go_to(window, "Why are we here?")
    assert window.cards.board_proxy is not None and window.cards.board_proxy.rowCount() == 0

    # Later the room names the problem: Link turns it into an idea, in one step.
    go_to(window, "Start with the problem")
    assert not window.cards.parking.isVisible()  # only where ideas are captured
    type_card(qtbot, window, "Staff cannot find the travel policy")
    go_to(window, "Could not do before")

    def link() -> None:
        picker = window.cards.problem_picker
        assert picker is not None
        picker.search.setText("travel")
        picker.accept()

    QTimer.singleShot(0, link)
    window.cards.parking.link_current()
    ideas = window.workshop.typed(Idea)
    assert [i.text for i in ideas][-1] == "A chatbot for the intranet"
    assert window.workshop.get(ideas[-1].problem_ids[0]).text.startswith("Staff")  # type: ignore[attr-defined]
    assert window.workshop.records("notes") == [] and not window.cards.parking.isVisible()
    window.undo_action.trigger()
    assert window.cards.parking.list.count() == 1


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
    window.run.go_step(+1)
    go_to(window, "Why are we here?")
    assert window.message.text() == ""  # not carried to another exercise


def board_texts(window: WorkshopWindow) -> list[str]:
    proxy = window.cards.board_proxy
    assert proxy is not None
    return [proxy.index(row, 0).data(RECORD_ROLE).text for row in range(proxy.rowCount())]


def open_editor(window: WorkshopWindow) -> CardEditor:
    """F2 on the selected card, and the editor it opened on the board."""
    window.cards.edit_card()
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
    window.cards.delete_selected()
    assert board_texts(window) == [late.text, calls.text]
    assert "Ctrl+Z" in window.message.text()
    qtbot.waitUntil(lambda: window.board.count.text() == "2 cards")  # not "2 of 3"
    window.undo_action.trigger()
    assert board_texts(window) == [late.text, wrong.text, calls.text]
    # The card brought back is the one selected: Delete would act on it again.
    qtbot.waitUntil(lambda: [c.id for c in window.cards.selected_cards()] == [wrong.id])
    # Several deleted at once come back selected together.
    window.board.cards.selectAll()
    window.board.cards.setFocus()
    window.cards.delete_selected()
    assert board_texts(window) == []
    window.undo_action.trigger()
    qtbot.waitUntil(
        lambda: {c.id for c in window.cards.selected_cards()} == {late.id, wrong.id, calls.id}
    )

    # Filtering narrows the board and says how many are shown.
    window.board.search.setText("invoices")
    assert window.cards.board_proxy is not None and window.cards.board_proxy.rowCount() == 2
    assert window.board.count.text() == "2 of 3 cards"
    window.board.search.clear()
    assert window.board.count.text() == "3 cards"

    # Dragging one card onto another makes a group of both, as one undo step.
    model = window.cards.card_models["problems"]
    proxy = window.cards.board_proxy
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
    model = window.cards.card_models["concerns"]
    assert window.cards.board_proxy is not None
    window.board.cards.setCurrentIndex(
        window.cards.board_proxy.mapFromSource(model.index(model.row_of(anonymous.id)))
    )
    box = window.inspector.editors["anonymous"]
    assert isinstance(box, QCheckBox) and box.isChecked()
    box.click()
    assert window.workshop.get(anonymous.id).anonymous is False  # type: ignore[attr-defined]
    window.undo_action.trigger()
    assert window.workshop.get(anonymous.id).anonymous is True  # type: ignore[attr-defined]
    model = window.cards.card_models["concerns"]
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
    step = window.run.step_index.get(window.run.item.id, 0)  # type: ignore[union-attr]
    qtbot.keyClick(capture, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.run.step_index[window.run.item.id] == step + 1  # type: ignore[union-attr]
    qtbot.keyClick(capture, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.run.item is not None and window.run.item.summary() == "Which problems matter most"
    go_to(window, "Start with the problem")
    window.cards.focus_capture()
    qtbot.keyClick(capture, Qt.Key.Key_Escape)
    assert window.focusWidget() is window.board.cards


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
        box = window.cards.objective_question
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


def test_escape_then_delete_removes_the_card_the_inspector_shows(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    """Issue 10, item 7: what the inspector shows is the selection."""
    window.workshop.add("problem", text="Already on the board")
    go_to(window, "Start with the problem")
    assert QApplication.focusWidget() is window.board.capture
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Escape)  # to the cards
    assert QApplication.focusWidget() is window.board.cards
    shown = window.inspector.record
    assert shown is not None and shown.summary() == "Already on the board"
    assert window.cards.selected_cards() == [shown]
    qtbot.keyClick(window.board.cards, Qt.Key.Key_Delete)
    assert window.workshop.typed(Problem) == []
    assert "Deleted" in window.message.text()
    # Ctrl+click takes the card out of the selection: the inspector shows nothing.
    window.undo_action.trigger()
    (card,) = window.workshop.typed(Problem)
    assert window.inspector.record == card  # brought back, selected, shown
    chosen = window.board.cards.selectionModel()
    chosen.select(window.board.cards.currentIndex(), QItemSelectionModel.SelectionFlag.Deselect)
    assert window.inspector.record is None


def test_new_value_or_automation_is_typed_with_the_idea(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    """Issue 10: a capture mark for the kind of value, so it is set while typing."""
    problem = window.workshop.add("problem", text="Permit applications wait 23 days")
    go_to(window, "Could not do before")
    assert "+new / +auto" in window.board.hint.text()
    for typed in ("Pre-check permits on arrival +new !5", "Route permits to the right desk +auto"):
        QTimer.singleShot(0, lambda: pick_problem(window, "Permit"))
        type_card(qtbot, window, typed)
    first, second = window.workshop.typed(Idea)
    assert (first.text, first.value_type, first.value) == (
        "Pre-check permits on arrival",
        "new_value",
        5,
    )
    assert (second.value_type, second.problem_ids) == ("automation", (problem.id,))


def test_a_captured_card_is_selected_once_and_counted_at_once(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    """The models hear of a change before the window does (Session.changed, then
    settled): the count is right when the card is, and the card is made current once."""
    go_to(window, "Start with the problem")
    currents: list[str] = []
    window.board.cards.selectionModel().currentChanged.connect(
        lambda index, _previous: currents.append(index.data(RECORD_ROLE).text)
    )
    counts: list[str] = []
    window.session.settled.connect(lambda _change: counts.append(window.board.count.text()))
    type_card(qtbot, window, "Permits wait 9 weeks")
    assert currents == ["Permits wait 9 weeks"]
    assert window.board.count.text() == "1 card" and counts == ["1 card"]
    assert window.cards.selected_cards()[0].text == "Permits wait 9 weeks"  # type: ignore[attr-defined]
