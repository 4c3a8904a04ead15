"""The People dialog, typed into as a facilitator types into a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.model import Participant
from facilitator.workshop import Workshop, open_workshop
from ui.live.participants import ParticipantsDialog
from ui.live.window import WorkshopWindow


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "room" / "acme.workshop.json"
    target.parent.mkdir()
    workshop = Workshop.create(target, title="Acme AI day", client="Acme")
    workshop.add("participant", name="Ana Silva", role="COO")
    workshop.close()
    return target


def people_dialog(qtbot: QtBot, window: WorkshopWindow) -> ParticipantsDialog:
    """Ctrl+Shift+P, as the facilitator opens it."""
    window.activateWindow()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_P, ctrl_shift)
    dialog = window.people_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    return dialog


def add_button(dialog: ParticipantsDialog) -> QPushButton:
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Add person"]
    return button


def add_person(qtbot: QtBot, dialog: ParticipantsDialog) -> None:
    qtbot.mouseClick(add_button(dialog), Qt.MouseButton.LeftButton)


def editor(qtbot: QtBot, dialog: ParticipantsDialog, column: int) -> Any:
    """The cell editor that has the keyboard, once it is the one on *column*."""
    row = dialog.model.rowCount() - 1

    def on_cell() -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and focus is dialog.view.indexWidget(
            dialog.model.index(row, column)
        )

    qtbot.waitUntil(on_cell, timeout=2_000)
    return QApplication.focusWidget()


def typed(qtbot: QtBot, dialog: ParticipantsDialog, column: int, text: str) -> QWidget:
    widget = editor(qtbot, dialog, column)
    assert isinstance(widget, QLineEdit)
    widget.selectAll()  # "New person" is selected on opening, as in any table
    qtbot.keyClicks(widget, text)
    return widget


def saved_people(window: WorkshopWindow, path: Path) -> dict[str, Participant]:
    window.close()
    window.workshop.close()
    return {p.name: p for p in open_workshop(path, read_only=True).typed(Participant)}


def test_tab_moves_across_a_new_person_and_keeps_every_cell(
    qtbot: QtBot, window: WorkshopWindow, path: Path
) -> None:
    dialog = people_dialog(qtbot, window)
    add_person(qtbot, dialog)
    for column, text in enumerate(("Maria Lopez", "CFO", "Finance")):
        qtbot.keyClick(typed(qtbot, dialog, column, text), Qt.Key.Key_Tab)
    stance = editor(qtbot, dialog, 3)  # Tab went on to the stance drop-down
    assert isinstance(stance, QComboBox)
    qtbot.keyClick(stance, Qt.Key.Key_Tab)
    # Past the last cell Tab leaves the table, for the next person: it does not
    # wrap round into the first person's name.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is add_button(dialog))
    qtbot.keyClick(add_button(dialog), Qt.Key.Key_Space)
    qtbot.keyClick(typed(qtbot, dialog, 0, "Bruno Costa"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.view)
    assert dialog.model.rowCount() == 3  # Enter kept the name; it added nobody
    dialog.accept()

    people = saved_people(window, path)
    assert set(people) == {"Ana Silva", "Maria Lopez", "Bruno Costa"}
    maria = people["Maria Lopez"]
    assert (maria.role, maria.department, maria.stance) == ("CFO", "Finance", None)
    assert people["Ana Silva"].role == "COO"  # the first person was left alone


def test_escape_cancels_only_the_cell_being_edited(
    qtbot: QtBot, window: WorkshopWindow, path: Path
) -> None:
    dialog = people_dialog(qtbot, window)
    add_person(qtbot, dialog)
    qtbot.keyClick(typed(qtbot, dialog, 0, "Maria Lopez"), Qt.Key.Key_Tab)
    qtbot.keyClick(typed(qtbot, dialog, 1, "CFO"), Qt.Key.Key_Tab)
    qtbot.keyClick(typed(qtbot, dialog, 2, "Finance"), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not isinstance(QApplication.focusWidget(), QLineEdit))
    assert dialog.isVisible()  # Escape closed the cell, not the dialog
    dialog.accept()

    maria = saved_people(window, path)["Maria Lopez"]
    assert (maria.role, maria.department) == ("CFO", "")
