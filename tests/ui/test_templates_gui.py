"""The template library and editor, driven through their widgets."""

from __future__ import annotations

import os
import threading
import tomllib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from facilitator.templates import builtin_folder, load_library, to_toml
from tests.ui.conftest import type_text
from ui import tasks, template_library
from ui.template_editor import TemplateEditor
from ui.template_library import COL_TITLE, TemplateLibraryWindow


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    return tmp_path / "templates"


@pytest.fixture
def library_window(qtbot: QtBot, user_folder: Path) -> TemplateLibraryWindow:
    window = TemplateLibraryWindow(user_folder)
    qtbot.addWidget(window)
    window.show()
    return window


def titles(window: TemplateLibraryWindow) -> list[str]:
    return [window.proxy.index(r, COL_TITLE).data() for r in range(window.proxy.rowCount())]


def import_and_wait(qtbot: QtBot, window: TemplateLibraryWindow, path: Path) -> None:
    """Import *path* and wait for the check and the copy, which run off the GUI thread."""
    window.import_file(path)
    assert not window.import_button.isEnabled()  # busy: not twice at once
    qtbot.waitUntil(lambda: window.import_button.isEnabled() and not tasks.busy())


def open_copy(qtbot: QtBot, window: TemplateLibraryWindow, ident: str) -> TemplateEditor:
    window.select(ident)
    qtbot.mouseClick(window.duplicate_button, Qt.MouseButton.LeftButton)
    (editor,) = window.editors  # a child of the window, closed with it
    return editor


def test_the_library_lists_and_searches_the_builtins(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    assert len(titles(library_window)) == 13
    qtbot.keyClicks(library_window.search, "vote")
    assert titles(library_window) == ["Which problems matter most"]
    library_window.select("problem-vote")
    assert "Which problems matter most" in library_window.details.toPlainText()
    assert not library_window.delete_button.isEnabled()  # built-ins are read-only
    library_window.tabs.setCurrentIndex(1)
    assert library_window.recipe_proxy.rowCount() == 2  # the two recipes with a vote in them
    library_window.search.clear()
    assert library_window.recipe_proxy.rowCount() == 3


def test_the_library_lists_a_to_z_with_every_name_whole(qtbot: QtBot, user_folder: Path) -> None:
    user_folder.mkdir(parents=True)
    (user_folder / "typo.toml").write_text('id = "typo"\ntitle = "Typo"\nminuets = 5\n')
    mine = tomllib.loads((builtin_folder() / "templates" / "break.toml").read_text())
    mine |= {"id": "coffee", "title": "a long coffee break, with the client's own pastries"}
    (user_folder / "coffee.toml").write_text(to_toml(mine), encoding="utf-8")
    window = TemplateLibraryWindow(user_folder)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    shown = titles(window)
    assert shown[0] == "a long coffee break, with the client's own pastries"  # a before B
    assert shown[1:4] == ["Break", "Commitments", "Could not do before"]
    assert shown[-2:] == ["Why are we here?", "Broken: typo.toml"]  # broken ones last
    metrics = window.table.fontMetrics()
    for row, title in enumerate(shown):
        cell = window.table.visualRect(window.proxy.index(row, COL_TITLE))
        assert cell.width() >= metrics.horizontalAdvance(title), title  # never "Who pays, wh…"
    window.tabs.setCurrentIndex(1)
    recipes = [
        window.recipe_proxy.index(r, 0).data() for r in range(window.recipe_proxy.rowCount())
    ]
    assert recipes == sorted(recipes, key=str.casefold)


def test_a_broken_template_of_yours_is_listed_with_its_error(
    qtbot: QtBot, user_folder: Path
) -> None:
    user_folder.mkdir(parents=True)
    (user_folder / "typo.toml").write_text('id = "typo"\ntitle = "Typo"\nminuets = 5\n')
    window = TemplateLibraryWindow(user_folder)
    qtbot.addWidget(window)
    assert "Broken: typo.toml" in titles(window)
    window.select("typo")
    assert "minuets: unknown key" in window.details.toPlainText()
    index = window.table.currentIndex()
    assert "minuets: unknown key" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert window.delete_button.isEnabled()  # it is yours: you may delete it


def test_duplicate_edit_a_step_undo_save_and_reopen(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    path = user_folder / "problem-first-copy.toml"
    assert editor.path == path and path.exists()
    assert library_window.model.row_of("problem-first-copy") >= 0
    editor.step_view.setCurrentIndex(editor.step_list.index(1, 0))
    assert editor.step_title.text() == "Read out and capture"
    editor.step_minutes.setValue(7)
    editor.step_prompt.selectAll()
    editor.step_prompt.setFocus()
    type_text(editor.step_prompt, "Read your cards out — one each.")
    assert editor.document["steps"][1]["minutes"] == 7
    assert editor.document["steps"][1]["prompt"] == "Read your cards out — one each."
    assert editor.problems.text().endswith("Valid</span>")
    editor.undo_stack.undo()  # the whole typed prompt is one step to undo
    assert editor.document["steps"][1]["prompt"] != "Read your cards out — one each."
    assert editor.document["steps"][1]["minutes"] == 7
    editor.undo_stack.redo()
    assert editor.save()
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["steps"][1] | {"facilitator": ""} == {
        "title": "Read out and capture",
        "minutes": 7,
        "prompt": "Read your cards out — one each.",
        "facilitator": "",
    }
    reopened = load_library(user_folder).template("problem-first-copy")
    assert reopened.steps[1].minutes == 7
    assert library_window.model.row_of("problem-first-copy") >= 0


def test_a_step_is_marked_silent_writing(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    editor.step_view.setCurrentIndex(editor.step_list.index(0, 0))
    assert editor.step_private.isChecked()  # the built-in's silent writing
    editor.step_view.setCurrentIndex(editor.step_list.index(1, 0))
    assert not editor.step_private.isChecked()
    editor.step_private.click()
    assert editor.document["steps"][1]["private"] is True
    editor.undo_stack.undo()
    assert "private" not in editor.document["steps"][1]  # the default needs no line
    assert not editor.step_private.isChecked()
    editor.undo_stack.redo()
    assert editor.step_private.isChecked()
    assert editor.save()
    saved = load_library(user_folder).template("problem-first-copy")
    assert [step.private for step in saved.steps] == [True, True, False]


def test_an_invalid_edit_is_refused_with_the_reason(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    before = (user_folder / "problem-first-copy.toml").read_text(encoding="utf-8")
    editor.minutes.setValue(10)  # the steps take 15 minutes
    qtbot.waitUntil(lambda: not editor.save_button.isEnabled())  # once typing pauses
    assert "more than the exercise" in editor.problems.text()
    assert editor.save() is False
    assert (user_folder / "problem-first-copy.toml").read_text(encoding="utf-8") == before
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.step_view.setFocus()  # text boxes keep Ctrl+Z for their own typing
    qtbot.keyClick(editor.step_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.document["minutes"] == 25
    assert editor.save_button.isEnabled()


def test_the_source_tab_validates_as_you_type_and_feeds_the_form(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    editor = open_copy(qtbot, library_window, "mandate-check")
    editor.tabs.setCurrentWidget(editor.source)
    text = editor.source.toPlainText()
    editor.source.setPlainText(text.replace("minutes = 3\n", 'minutes = "three"\n', 1))
    qtbot.waitUntil(lambda: "expected a whole number" in editor.problems.text())
    assert not editor.save_button.isEnabled()
    editor.source.setPlainText(text + "\nthis is = not toml\n")
    qtbot.waitUntil(lambda: "not valid TOML" in editor.problems.text())
    assert editor.source.extraSelections()  # the bad line is marked
    editor.source.setPlainText(text.replace("(my version)", "(for Acme)"))
    qtbot.waitUntil(lambda: editor.problems.text().endswith("Valid</span>"))
    assert editor.title.text() == "Why are we here? (for Acme)"
    editor.undo_stack.undo()
    assert editor.title.text() == "Why are we here? (my version)"


def test_fields_can_be_added_retyped_and_reordered(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    keys = [f["key"] for f in editor.document["fields"]]
    editor.remove_item("fields")  # removes the selected (first) field
    editor.add_item("fields")
    added = editor.document["fields"][-1]
    assert added["key"] not in keys[1:]
    editor.field_view.setCurrentIndex(editor.field_list.index(1, 0))  # impact
    editor.move_item("fields", -1)
    assert editor.document["fields"][0]["key"] == "impact"
    assert editor.scale_row.isVisibleTo(editor)
    assert editor.problems.text().endswith("Valid</span>")


def test_the_preview_shows_the_prompt_as_the_room_sees_it(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    editor.tabs.setCurrentIndex(2)
    editor.preview_step.setCurrentIndex(2)
    shown = editor.preview.text()
    assert "Size the ones that hurt" in shown
    assert "how bad (1–5)" in shown
    assert "font-size:34pt" in shown


def close_question(editor: TemplateEditor, button: QMessageBox.StandardButton) -> None:
    box = editor.close_question
    assert box is not None
    box.button(button).click()


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    path = user_folder / "problem-first-copy.toml"
    before = path.read_text(encoding="utf-8")
    editor.title.setFocus()
    type_text(editor.title, "!")
    assert editor.dirty
    QTimer.singleShot(0, lambda: close_question(editor, QMessageBox.StandardButton.Cancel))
    editor.close()
    assert editor.isVisible()  # cancelled: still open, nothing lost
    QTimer.singleShot(0, lambda: close_question(editor, QMessageBox.StandardButton.Discard))
    editor.close()
    assert not editor.isVisible()
    assert path.read_text(encoding="utf-8") == before


def test_a_comment_or_a_half_typed_line_in_the_source_is_never_lost(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    path = user_folder / "problem-first-copy.toml"
    assert not editor.dirty
    editor.tabs.setCurrentWidget(editor.source)
    text = editor.source.toPlainText()
    commented = text.replace("minutes = 25\n", "minutes = 25  # agreed with the client\n", 1)
    assert commented != text
    editor.source.setPlainText(commented)
    assert editor.dirty  # a comment alone is a change worth asking about
    assert editor.save()
    assert path.read_text(encoding="utf-8") == commented  # kept as typed, comment and all
    assert not editor.dirty
    editor.tabs.setCurrentIndex(0)  # an edit in the form keeps the comment too
    editor.title.setFocus()
    type_text(editor.title, " (Acme)")
    editor.title.clearFocus()
    assert editor.save()
    saved = path.read_text(encoding="utf-8")
    assert "minutes = 25  # agreed with the client" in saved and "(Acme)" in saved
    editor.tabs.setCurrentWidget(editor.source)
    editor.source.setPlainText(saved + "\nsteps = [ unfinished\n")
    qtbot.waitUntil(lambda: "not valid TOML" in editor.problems.text())
    assert editor.dirty
    assert not editor.save()  # never saves the old template around a broken source
    assert path.read_text(encoding="utf-8") == saved
    QTimer.singleShot(0, lambda: close_question(editor, QMessageBox.StandardButton.Cancel))
    editor.close()
    assert editor.isVisible()  # asked, and still there to be fixed


def test_import_export_and_delete_your_own(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path, tmp_path: Path
) -> None:
    document = dict(load_library(include_user=False).template("commitments").document)
    document["id"] = "acme-commitments"
    source = tmp_path / "acme-commitments (1).toml"  # renamed by a download
    source.write_text(to_toml(document), encoding="utf-8")
    import_and_wait(qtbot, library_window, source)
    assert (user_folder / "acme-commitments.toml").exists()  # kept under its id
    library_window.select("acme-commitments")
    exported = tmp_path / "out" / "shared.toml"
    exported.parent.mkdir()
    library_window.export_selected(exported)
    assert exported.read_bytes() == source.read_bytes()
    assert library_window.delete_button.isEnabled()
    library_window.delete_selected(confirm=False)
    assert not (user_folder / "acme-commitments.toml").exists()
    assert library_window.model.row_of("acme-commitments") == -1

    # A recipe goes with the recipes, not among the templates where it would read
    # as a broken template.
    recipe = tmp_path / "executive-90.toml"
    recipe.write_bytes((builtin_folder() / "recipes" / "executive-90.toml").read_bytes())
    text = recipe.read_text(encoding="utf-8").replace('id = "executive-90"', 'id = "acme-90"')
    recipe.write_text(text, encoding="utf-8")
    import_and_wait(qtbot, library_window, recipe)
    assert (user_folder / "recipes" / "acme-90.toml").exists()
    assert not (user_folder / "acme-90.toml").exists()
    assert "acme-90" in library_window.library.recipes
    assert not library_window.library.broken


def test_a_broken_template_of_yours_opens_in_the_editor_to_be_fixed(
    qtbot: QtBot, user_folder: Path
) -> None:
    user_folder.mkdir(parents=True)
    path = user_folder / "solo.toml"
    broken = (
        'id = "solo"\ntitle = "Write alone"\nminutes = 10\ncaptures = "note"\n'
        'view = "cards"\nsteps = "write alone"\n'
    )
    path.write_text(broken, encoding="utf-8")
    window = TemplateLibraryWindow(user_folder)
    qtbot.addWidget(window)
    window.show()
    assert "Broken: solo.toml" in titles(window)
    window.select("solo")
    qtbot.mouseClick(window.edit_button, Qt.MouseButton.LeftButton)
    (editor,) = window.editors
    assert "steps: expected [[steps]] tables, found 'write alone'" in editor.problems.text()
    assert editor.step_list.rowCount() == 0  # the form cannot list a text as steps
    assert not editor.save_button.isEnabled()
    assert editor.save() is False
    assert path.read_text(encoding="utf-8") == broken
    assert not editor.dirty  # opening it changed nothing
    editor.add_item("steps")  # nothing to add to; the source tab is where to mend it
    assert editor.document["steps"] == "write alone"

    editor.tabs.setCurrentWidget(editor.source)
    fixed = broken.replace(
        'steps = "write alone"\n', '\n[[steps]]\ntitle = "Write alone"\nminutes = 5\n'
    )
    editor.source.setPlainText(fixed)
    qtbot.waitUntil(lambda: editor.problems.text().endswith("Valid</span>"))
    assert editor.step_list.rowCount() == 1
    editor.undo_stack.undo()  # back to the broken document, which still shows
    assert editor.document["steps"] == "write alone"
    assert "expected [[steps]] tables" in editor.problems.text()
    editor.undo_stack.redo()
    assert editor.save()
    assert load_library(user_folder).template("solo").steps[0].title == "Write alone"
    assert "Write alone" in titles(window)


SOLO_TOP = 'id = "solo"\ntitle = "Solo"\nminutes = 10\nview = "cards"\n'
SOLO_STEP = '\n[[steps]]\ntitle = "Write"\nminutes = 5\n'
BROKEN_SHAPES = [
    pytest.param('captures = "wish"\n', "captures: expected one of", id="unknown captures"),
    pytest.param(
        'captures = "problem"\nfields = ["who"]\n',
        "fields: expected [[fields]] tables",
        id="fields not tables",
    ),
    pytest.param(
        'captures = "problem"\n[[fields]]\nkey = "impact"\nlabel = "How bad"\ntype = "scale"\n'
        'min = "one"\nmax = 10\n',
        "fields[1].max: expected a whole number from 1 to 5",
        id="scale ends not scores",
    ),
    pytest.param(
        'captures = "concern"\n[[fields]]\nkey = "anonymous"\nlabel = "Hide me"\n'
        'type = "choice"\nchoices = [1, 2]\n',
        "fields[1].key: 'anonymous' is true or false for each concern",
        id="choice on a true-or-false field",
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "said"),
    [
        ("stuck.toml", os.mkfifo, "it is a device or a pipe, not a file"),
        ("latin.toml", lambda path: path.write_bytes(b'title = "Caf\xe9"\n'), "not UTF-8 text"),
    ],
)
def test_a_template_of_yours_that_cannot_be_read_as_text_says_so_instead_of_opening(
    qtbot: QtBot, user_folder: Path, name: str, make: Any, said: str
) -> None:
    """Edit on a broken template that is a named pipe froze the app for ever (a link to
    /dev/zero filled the memory too); one saved as Latin-1 went to the crash dialog."""
    user_folder.mkdir(parents=True)
    make(user_folder / name)
    window = TemplateLibraryWindow(user_folder)
    qtbot.addWidget(window)
    window.show()
    assert f"Broken: {name}" in titles(window)
    window.select(name.removesuffix(".toml"))
    qtbot.mouseClick(window.edit_button, Qt.MouseButton.LeftButton)
    assert window.editors == []
    assert window.problem is not None and said in window.problem.text()


@pytest.mark.parametrize(("shape", "problem"), BROKEN_SHAPES)
def test_the_editor_opens_a_broken_template_of_any_shape(
    qtbot: QtBot, user_folder: Path, shape: str, problem: str
) -> None:
    user_folder.mkdir(parents=True)
    path = user_folder / "solo.toml"
    path.write_text(SOLO_TOP + shape + SOLO_STEP, encoding="utf-8")
    editor = TemplateEditor(path, load_library(user_folder))
    qtbot.addWidget(editor)
    editor.show()
    editor.field_view.setCurrentIndex(editor.field_list.index(0, 0))
    editor.add_item("fields")
    editor.tabs.setCurrentIndex(2)
    assert problem in editor.problems.text()
    assert not editor.save_button.isEnabled()
    if editor.dirty:  # then closing asks first, and a broken template can only be discarded
        QTimer.singleShot(0, lambda: close_question(editor, QMessageBox.StandardButton.Discard))
    editor.close()
    assert not editor.isVisible()


def test_an_import_is_checked_off_the_gui_thread_and_a_bomb_is_refused(
    qtbot: QtBot,
    library_window: TemplateLibraryWindow,
    user_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked_on: list[threading.Thread] = []
    real_receive = template_library.receive

    def watched(path: Path, library: Any) -> Any:
        checked_on.append(threading.current_thread())
        return real_receive(path, library)

    monkeypatch.setattr(template_library, "receive", watched)
    bomb = tmp_path / "bomb.toml"
    bomb.write_text("x" + ".a" * 10_000 + " = 1\n")  # quadratic for the TOML parser
    import_and_wait(qtbot, library_window, bomb)
    assert checked_on and checked_on[0] is not threading.main_thread()
    box = library_window.problem
    assert box is not None and box.isVisible()
    assert box.text() == "bomb.toml:1: not a valid template: a key of more than 32 parts (a.b.c…)"
    box.close()
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")  # read as it was, this never returned
    import_and_wait(qtbot, library_window, zero)
    assert library_window.problem is not None
    assert "it is a device or a pipe, not a file" in library_window.problem.text()
    library_window.problem.close()
    assert not user_folder.exists() or not any(user_folder.rglob("*.toml"))


def active(qtbot: QtBot, editor: TemplateEditor) -> None:
    """Window shortcuts (Alt+letters, Ctrl+Z) reach the active window only."""
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)


ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_alt_s_saves_and_each_alt_letter_does_one_thing(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_T, ALT)  # &Title
    assert editor.title.hasFocus()
    qtbot.keyClick(editor.title, Qt.Key.Key_End)
    qtbot.keyClicks(editor.title, " for Acme")
    qtbot.keyClick(editor.title, Qt.Key.Key_S, ALT)  # &Save, not the TOML source tab
    qtbot.waitUntil(lambda: not editor.dirty)  # a mnemonic clicks as a mouse would: soon
    assert editor.tabs.currentIndex() == 0
    saved = tomllib.loads((user_folder / "problem-first-copy.toml").read_text(encoding="utf-8"))
    assert saved["title"].endswith(" for Acme")
    qtbot.keyClick(editor.title, Qt.Key.Key_P, ALT)  # &Purpose, not the preview tab
    assert editor.purpose.hasFocus() and editor.tabs.currentIndex() == 0
    qtbot.keyClick(editor.purpose, Qt.Key.Key_O, ALT)  # TOML s&ource
    assert editor.tabs.currentWidget() is editor.source
    qtbot.keyClick(editor.tabs, Qt.Key.Key_V, ALT)  # Pre&view
    assert editor.tabs.currentIndex() == 2


def source_at_end(qtbot: QtBot, editor: TemplateEditor) -> None:
    active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_O, ALT)
    editor.source.setFocus()
    qtbot.keyClick(editor.source, Qt.Key.Key_End, CTRL)


def test_ctrl_z_in_the_toml_source_undoes_what_was_typed_there(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    source_at_end(qtbot, editor)
    original = editor.source.toPlainText()
    qtbot.keyClick(editor.source, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.source, "# agreed with Acme")
    qtbot.keyClick(editor.source, Qt.Key.Key_Z, CTRL)  # at once, before the text settles
    assert editor.source.toPlainText() == original
    assert editor.source.textCursor().position() == len(original)  # where the typing was
    qtbot.keyClick(editor.source, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert editor.source.toPlainText() == original + "\n# agreed with Acme"
    # A change the form follows: the timebox typed in the source, then taken back.
    editor.source.setPlainText(original.replace("minutes = 25\n", "minutes = 30\n", 1))
    qtbot.waitUntil(lambda: editor.document["minutes"] == 30)
    assert editor.minutes.value() == 30
    qtbot.keyClick(editor.source, Qt.Key.Key_Z, CTRL)
    assert editor.document["minutes"] == 25 and editor.minutes.value() == 25
    assert editor.source.toPlainText() == original + "\n# agreed with Acme"


def test_typing_back_to_valid_source_clears_the_error_and_allows_saving(
    qtbot: QtBot, library_window: TemplateLibraryWindow, user_folder: Path
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    source_at_end(qtbot, editor)
    qtbot.keyClick(editor.source, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.source, "steps = [")
    qtbot.waitUntil(lambda: "not valid TOML" in editor.problems.text())
    assert not editor.save_button.isEnabled()
    for _ in range(len("\nsteps = [")):
        qtbot.keyClick(editor.source, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: editor.problems.text().endswith("Valid</span>"))
    assert editor.save_button.isEnabled()
    assert not editor.source.extraSelections()  # the red line mark is gone too
    # The same when the broken text is taken back with Ctrl+Z.
    qtbot.keyClick(editor.source, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.source, "minutes = many")
    qtbot.waitUntil(lambda: "not valid TOML" in editor.problems.text())
    qtbot.keyClick(editor.source, Qt.Key.Key_Z, CTRL)
    assert editor.problems.text().endswith("Valid</span>")
    qtbot.keyClick(editor.source, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.source, "# saved with Alt+S")
    qtbot.keyClick(editor, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: not editor.dirty)
    assert (
        (user_folder / "problem-first-copy.toml")
        .read_text(encoding="utf-8")
        .endswith("\n# saved with Alt+S")
    )


def test_a_save_the_disk_refuses_is_said_in_the_editor_and_keeps_the_edits(
    qtbot: QtBot,
    library_window: TemplateLibraryWindow,
    user_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from ui import template_editor

    editor = open_copy(qtbot, library_window, "problem-first")
    path = user_folder / "problem-first-copy.toml"
    before = path.read_bytes()
    active(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_T, ALT)
    qtbot.keyClick(editor.title, Qt.Key.Key_End)
    qtbot.keyClicks(editor.title, " for Acme")

    def full_disk(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(template_editor.atomic, "write_atomic", full_disk)
    qtbot.keyClick(editor.title, Qt.Key.Key_S, ALT)  # no exception reaches the crash dialog
    qtbot.waitUntil(lambda: "Not saved: No space left on device" in editor.problems.text())
    assert editor.isVisible() and editor.dirty
    assert path.read_bytes() == before
    monkeypatch.undo()
    qtbot.keyClick(editor.title, Qt.Key.Key_S, ALT)
    qtbot.waitUntil(lambda: not editor.dirty)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["title"].endswith(" for Acme")


def test_a_template_is_never_exported_through_a_link(
    library_window: TemplateLibraryWindow, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    link = tmp_path / "shared.toml"
    link.symlink_to(victim)
    library_window.select("problem-first")
    library_window.export_selected(link)
    assert library_window.problem is not None and library_window.problem.isVisible()
    assert "is a symbolic link to" in library_window.problem.text()
    library_window.problem.close()
    assert link.is_symlink() and victim.read_text() == "mine"


def test_the_buttons_under_the_steps_add_move_and_remove_a_step(
    qtbot: QtBot, library_window: TemplateLibraryWindow
) -> None:
    editor = open_copy(qtbot, library_window, "problem-first")
    buttons = editor.list_buttons["steps"]
    titles_before = [step["title"] for step in editor.document["steps"]]
    qtbot.mouseClick(buttons.add, Qt.MouseButton.LeftButton)
    assert [step["title"] for step in editor.document["steps"]] == [*titles_before, "New step"]
    editor.step_view.setCurrentIndex(editor.step_list.index(len(titles_before), 0))
    qtbot.mouseClick(buttons.up, Qt.MouseButton.LeftButton)
    assert editor.document["steps"][-2]["title"] == "New step"
    qtbot.mouseClick(buttons.down, Qt.MouseButton.LeftButton)
    assert editor.document["steps"][-1]["title"] == "New step"
    qtbot.mouseClick(buttons.remove, Qt.MouseButton.LeftButton)
    assert [step["title"] for step in editor.document["steps"]] == titles_before
    assert editor.list_buttons["fields"].add.accessibleName() == "Add fields"
