"""No two Alt+letter keys clash in any window or dialog of the app.

Two buttons sharing Alt+S means Alt+S only moves the focus between them and never
presses either (the template editor's "TOML &source" and "&Save" did exactly that).
Every window and dialog the app can show is opened here, in each of its states that
shows other widgets (each tab, each exercise view), and every mnemonic a person can
press at the same time is collected: buttons, labels with a buddy, group boxes, tab
titles and Alt+ shortcuts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import AgendaItem, Problem
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui.home import HomeWindow
from ui.live.agenda import AddExerciseDialog
from ui.live.problem_picker import ProblemPicker
from ui.live.window import WorkshopWindow
from ui.new_workshop import NewWorkshopDialog
from ui.settings import AppSettings
from ui.template_editor import TemplateEditor
from ui.template_library import TemplateLibraryWindow

ALT = "Alt+"


def _alt_key(sequence: QKeySequence) -> str:
    text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
    return text if text.startswith(ALT) and len(text) == len(ALT) + 1 else ""


def _mine(widget: QWidget, window: QWidget) -> bool:
    """Shown now, in *window* itself (not in a dialog of its own)."""
    return widget.window() is window and widget.isVisibleTo(window)


def mnemonics(window: QWidget) -> Iterator[tuple[str, str]]:
    """(Alt+key, what it belongs to) for every mnemonic a person can press in *window*."""
    for widget in [window, *window.findChildren(QWidget)]:
        if not _mine(widget, window):
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        for text in texts:
            key = _alt_key(QKeySequence.mnemonic(text))
            if key:
                yield key, f"{type(widget).__name__} {text!r}"
        for action in widget.actions():
            for sequence in action.shortcuts():
                key = _alt_key(sequence)
                if key:
                    yield key, f"action {action.text()!r}"
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if isinstance(parent, QWidget) and _mine(parent, window):
            for sequence in shortcut.keys():  # noqa: SIM118 - a QShortcut, not a dict
                key = _alt_key(sequence)
                if key:
                    yield key, f"shortcut on {type(parent).__name__}"


def clashes(window: QWidget, where: str) -> list[str]:
    QApplication.processEvents()
    owners: dict[str, list[str]] = {}
    for key, owner in mnemonics(window):
        owners.setdefault(key, []).append(owner)
    return [
        f"{where}: {key} is {' and '.join(found)}"
        for key, found in sorted(owners.items())
        if len(found) > 1
    ]


def each_tab(window: QWidget, where: str) -> list[str]:
    """Clashes in *window* with each tab of each of its tab widgets shown in turn."""
    found = clashes(window, where)
    for tabs in window.findChildren(QTabWidget):
        if tabs.window() is not window:
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            found += clashes(window, f"{where}, tab {tabs.tabText(index)!r}")
        tabs.setCurrentIndex(0)
    return found


def test_the_clash_finder_finds_a_clash(qtbot: QtBot) -> None:
    """The finder itself: the template editor's old Alt+S would have been caught."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    tabs = QTabWidget(dialog)
    tabs.addTab(QWidget(), "TOML &source")
    layout = QVBoxLayout(dialog)
    layout.addWidget(tabs)
    layout.addWidget(QPushButton("&Save"))
    dialog.show()
    assert clashes(dialog, "sample") == [
        "sample: Alt+S is QTabBar 'TOML &source' and QPushButton '&Save'"
    ]


@pytest.fixture
def library_window(qtbot: QtBot, tmp_path: Path) -> TemplateLibraryWindow:
    window = TemplateLibraryWindow(tmp_path / "templates")
    qtbot.addWidget(window)
    window.show()
    return window


def test_no_mnemonics_clash_on_the_home_screen_and_its_dialogs(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    found = clashes(home, "home")
    dialog = NewWorkshopDialog(home.paths.workshops, home, templates=home.paths.templates)
    qtbot.addWidget(dialog)
    dialog.show()
    found += clashes(dialog, "new workshop")
    dialog.reject()

    crashed = tmp_path / "crashed.workshop.json"
    workshop = Workshop.create(crashed, title="Crashed")
    workshop.store.abandon()  # type: ignore[attr-defined] - the app died here
    home.settings.mark_open(crashed, "00000000-0000-4000-8000-000000000000")
    home.offer_recovery()
    assert home.recovery_dialog is not None
    found += clashes(home.recovery_dialog, "reopen your workshop?")
    home.recovery_dialog.done(0)

    holder = open_workshop(crashed)
    try:
        home.open_path(crashed)
        qtbot.waitUntil(lambda: home.opener.dialog is not None)
        assert home.opener.dialog is not None
        found += clashes(home.opener.dialog, "already open")
        home.opener.dialog.done(0)
    finally:
        holder.close()
    assert found == []


def test_no_mnemonics_clash_in_the_template_library_and_editor(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    found = clashes(library_window, "template library")
    library_window.select("problem-first")
    library_window.duplicate_button.click()
    (editor,) = library_window.editors
    assert isinstance(editor, TemplateEditor)
    found += each_tab(editor, "template editor")
    editor.title.setFocus()
    editor.title.insert("!")

    def answer() -> None:
        box = editor.close_question
        assert box is not None
        found.extend(clashes(box, "unsaved changes"))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    editor.close()
    assert found == []


@pytest.fixture
def live(qtbot: QtBot, tmp_path: Path) -> Iterator[WorkshopWindow]:
    library = load_library(include_user=False)
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day", client="Acme")
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    for recipe in ("executive-90", "change-clinic"):  # every exercise the app ships
        apply_recipe(workshop, library.recipe(recipe), library)
    workshop.add("problem", text="Invoices are keyed twice", impact=4)
    workshop.add("participant", name="Ana Silva")
    workshop.close()
    window = WorkshopWindow(open_workshop(path), library, AppSettings(tmp_path / "s.ini"))
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.isVisible():
        window.close()
    window.workshop.close()


def test_no_mnemonics_clash_in_any_exercise_of_the_live_window(
    qtbot: QtBot, live: WorkshopWindow
) -> None:
    found: list[str] = []
    views = set()
    for item in live.workshop.typed(AgendaItem):
        live.agenda.select(item.id)
        views.add(item.template["view"])
        found += clashes(live, f"live window at {item.summary()!r}")
    assert views >= {"cards", "vote", "matrix", "readiness", "spend", "actions"}
    assert found == []


def test_no_mnemonics_clash_in_the_live_window_dialogs(qtbot: QtBot, live: WorkshopWindow) -> None:
    found: list[str] = []
    live.open_people()
    assert live.people_dialog is not None
    found += clashes(live.people_dialog, "people")
    live.people_dialog.close()
    live.open_export()
    assert live.export_dialog is not None
    found += clashes(live.export_dialog, "export")
    live.export_dialog.close()
    picker = ProblemPicker(live.workshop.typed(Problem), "Read invoices on arrival", live)
    qtbot.addWidget(picker)
    picker.show()
    found += clashes(picker, "which problem?")
    picker.reject()
    adding = AddExerciseDialog(live.library, live)
    qtbot.addWidget(adding)
    adding.show()
    found += clashes(adding, "add exercise")
    adding.reject()
    assert found == []
