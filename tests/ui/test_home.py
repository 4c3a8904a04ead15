"""The home screen, driven through its real widgets: new, open, demo, and the
dialogs that explain a locked, corrupt or too-new file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from facilitator.model import AgendaItem
from facilitator.templates import load_library
from facilitator.workshop import Workshop, WorkshopSummary, open_workshop
from tests.ui.conftest import type_text, wait_for_window
from ui import app as app_module
from ui import tasks
from ui.home import HomeWindow
from ui.paths import AppPaths
from ui.recent_model import COL_CLIENT, COL_LOCATION, COL_RECORDS, COL_TITLE
from ui.settings import AppSettings


def make_workshop(path: Path, problems: int = 2) -> Path:
    workshop = Workshop.create(path, title="Acme AI day", client="Acme")
    for i in range(problems):
        workshop.add("problem", text=f"Problem {i}", impact=3)
    workshop.close()
    return path


def press(box: QMessageBox | None, label: str) -> None:
    assert box is not None
    (button,) = [b for b in box.buttons() if b.text() == label]
    button.click()


def test_a_first_start_shows_the_empty_state(home: HomeWindow) -> None:
    assert home.recent_stack.currentWidget() is home.empty_label
    assert "open the demo" in home.empty_label.text()


def test_new_workshop_creates_the_file_and_opens_it(qtbot: QtBot, home: HomeWindow) -> None:
    qtbot.mouseClick(home.new_button, Qt.MouseButton.LeftButton)
    dialog = home.new_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.create_button.isEnabled()  # no title yet
    type_text(dialog.title_edit, "Łódź: AI day")
    qtbot.keyClicks(dialog.client_edit, "Acme")
    type_text(dialog.facilitators_edit, "Zoë Ðorđević, Marcus")
    assert dialog.create_button.isEnabled()
    expected = home.paths.workshops / "Łódź AI day.workshop.json"
    assert dialog.path() == expected
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_for_window(qtbot, home)
    overview = home.windows[0]
    assert overview.windowTitle().startswith("Łódź: AI day")
    assert expected.exists()
    meta = open_workshop(expected, read_only=True).meta
    assert (meta.client, meta.facilitators) == ("Acme", ("Zoë Ðorđević", "Marcus"))
    assert home.settings.recent_workshops() == [expected]
    assert home.recent_stack.currentWidget() is home.recent_view


def test_the_new_workshop_date_is_typed_as_said_and_tab_leaves_it(
    qtbot: QtBot, home: HomeWindow
) -> None:
    home.new_workshop()
    dialog = home.new_dialog
    assert dialog is not None
    date = dialog.date_edit
    date.setFocus()
    date.setSelectedSection(date.sectionAt(0))
    qtbot.keyClicks(date, "18 dec 2026")
    assert date.date().toString("yyyy-MM-dd") == "2026-12-18"
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not date  # on to the next field, not the month
    dialog.reject()


def test_a_new_workshop_starts_from_a_recipe_with_its_mandate(
    qtbot: QtBot, home: HomeWindow
) -> None:
    home.new_workshop()
    dialog = home.new_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.recipes_loaded, timeout=10_000)
    type_text(dialog.title_edit, "Leadership session")
    type_text(dialog.objective_edit, "Decide which AI seats to keep")
    dialog.currency_edit.setCurrentText("gbp")
    labels = [dialog.recipe_edit.itemText(i) for i in range(dialog.recipe_edit.count())]
    assert any(label.startswith("Executive") and "(90 min)" in label for label in labels)
    dialog.recipe_edit.setCurrentIndex(dialog.recipe_edit.findData("executive-90"))
    dialog.currency_edit.setCurrentText("pounds")
    assert not dialog.create_button.isEnabled()  # not a currency code
    dialog.currency_edit.setCurrentText("gbp")
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_for_window(qtbot, home)
    window = home.windows[0]
    workshop = window.workshop
    assert workshop.meta.objective == "Decide which AI seats to keep"
    assert workshop.meta.currency == "GBP"
    agenda = workshop.typed(AgendaItem)
    recipe = load_library(include_user=False).recipe("executive-90")
    assert [item.template["id"] for item in agenda] == [i.exercise for i in recipe.items]
    assert sum(item.planned_minutes for item in agenda) == 90


def test_open_shows_the_records_and_remembers_the_file(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_workshop(tmp_path / "acme.workshop.json", problems=3)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(home.open_button, Qt.MouseButton.LeftButton)
    wait_for_window(qtbot, home)
    window = home.windows[0]
    assert [p.summary() for p in window.workshop.records("problems")] == [
        "Problem 0",
        "Problem 1",
        "Problem 2",
    ]
    assert window.middle.currentWidget() is window.empty  # no agenda yet: it says so
    recent = home.recent
    qtbot.waitUntil(lambda: isinstance(recent.summary(path), WorkshopSummary))
    assert recent.index(0, COL_TITLE).data() == "Acme AI day"
    assert recent.index(0, COL_CLIENT).data() == "Acme"
    assert recent.index(0, COL_RECORDS).data() == "3"


def test_closing_the_workshop_releases_the_file(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "acme.workshop.json")
    home.open_path(path)
    wait_for_window(qtbot, home)
    home.windows[0].close()

    def writable() -> bool:
        try:
            open_workshop(path).close()
        except Exception:
            return False
        return True

    qtbot.waitUntil(writable, timeout=10_000)


def test_closing_with_the_file_left_behind_its_journal_says_so(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_workshop(tmp_path / "acme.workshop.json")
    home.open_path(path)
    wait_for_window(qtbot, home)
    window = home.windows[0]
    window.workshop.add("problem", text="Captured on a full disk")
    note = "could not update acme.workshop.json: No space left on device"
    real_start = window.workshop.start_closing

    def start_closing() -> Callable[[], str | None]:
        rest = real_start()
        # Closed for real, with the note a full disk makes the store return.
        return lambda: (rest(), note)[1]

    monkeypatch.setattr(window.workshop, "start_closing", start_closing)
    window.close()
    qtbot.waitUntil(lambda: home.journal_note is not None, timeout=10_000)
    box = home.journal_note
    assert box is not None and box.isVisible()
    assert box.text() == "Every change is saved, beside the workshop file."
    assert box.informativeText() == note
    box.close()


def test_closing_uses_the_workshop_on_its_own_thread_and_only_the_store_off_it(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Workshop is single-threaded: closing a window must not run Workshop.close
    on a pool thread; only the store's compaction leaves the GUI thread."""
    from facilitator.database import JournalStorage

    path = make_workshop(tmp_path / "acme.workshop.json")
    home.open_path(path)
    wait_for_window(qtbot, home)
    home.windows[0].workshop.add("problem", text="typed just before closing")
    threads: list[tuple[str, bool]] = []

    def watch(cls: type, name: str, what: str) -> None:
        real = getattr(cls, name)

        def watched(*args: object, **kwargs: object) -> object:
            threads.append((what, threading.current_thread() is threading.main_thread()))
            return real(*args, **kwargs)

        monkeypatch.setattr(cls, name, watched)

    watch(Workshop, "close", "Workshop.close")
    watch(Workshop, "start_closing", "Workshop.start_closing")
    watch(JournalStorage, "compact", "compaction")
    home.windows[0].close()
    qtbot.waitUntil(lambda: ("compaction", False) in threads, timeout=10_000)
    assert ("Workshop.start_closing", True) in threads
    assert ("Workshop.close", False) not in threads
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)
    assert [p.summary() for p in open_workshop(path).records("problems")][-1] == (
        "typed just before closing"
    )


def test_the_status_bar_hears_of_a_background_compaction_failure_while_idle(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator import atomic

    path = make_workshop(tmp_path / "acme.workshop.json")
    workshop = open_workshop(path, compact_after=1, backup_dir=home.paths.backups)
    window = home.show_workshop(workshop)
    release = threading.Event()

    def stuck_then_failing(target: Path, data: bytes) -> None:
        release.wait(10)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic, "write_atomic", stuck_then_failing)
    workshop.add("problem", text="the last card before the break")
    status = [w for w in window.findChildren(QLabel) if w.accessibleName() == "Save state"]
    assert status and status[0].text() == "Saved ✓"
    release.set()  # the compaction fails now, with nothing typed after it
    qtbot.waitUntil(lambda: "Input/output error" in status[0].text(), timeout=10_000)
    monkeypatch.undo()
    window.close()


def test_the_demo_opens_and_is_written_once(qtbot: QtBot, home: HomeWindow) -> None:
    qtbot.mouseClick(home.demo_button, Qt.MouseButton.LeftButton)
    wait_for_window(qtbot, home)
    demo = home.windows[0].workshop
    assert demo.meta.client == "City of Harbourview"
    assert demo.path == home.paths.demo_workshop
    assert len(demo.records("problems")) == 10
    first_bytes = None
    home.windows[0].close()
    qtbot.waitUntil(lambda: not home.windows)
    qtbot.wait(200)
    first_bytes = home.paths.demo_workshop.read_bytes()
    qtbot.mouseClick(home.demo_button, Qt.MouseButton.LeftButton)
    wait_for_window(qtbot, home)
    assert home.windows[0].workshop.meta.id == demo.meta.id  # the same file, not a new demo
    assert first_bytes


def test_a_corrupt_file_is_explained_and_a_backup_copy_offered(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "client.workshop.json")
    open_workshop(path, backup_dir=home.paths.backups).close()  # leaves a backup
    path.write_bytes(path.read_bytes()[:100])
    broken = path.read_bytes()
    home.open_path(path)
    qtbot.waitUntil(lambda: home.opener.dialog is not None)
    box = home.opener.dialog
    assert box is not None
    assert box.text() == "This workshop cannot be opened"
    assert "cut off" in box.informativeText()
    assert "Newest valid backup" in box.informativeText()
    press(box, "Open a copy of the newest backup")
    wait_for_window(qtbot, home)
    restored = home.windows[0].workshop
    assert restored.path is not None and "(restored " in restored.path.name
    assert restored.path.parent == path.parent
    assert len(restored.records("problems")) == 2
    assert path.read_bytes() == broken  # the damaged original is kept as it was


def test_restoring_a_backup_folds_away_a_journal_left_at_the_new_name(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An earlier restore that crashed left its journal at the name the copy gets:
    the restored copy must be written under its lock and never replay it."""
    from facilitator.store import Backups
    from facilitator.workshop import restore_backup
    from ui import opening

    path = make_workshop(tmp_path / "client.workshop.json")
    open_workshop(path, backup_dir=home.paths.backups).close()  # leaves a backup
    target = tmp_path / "client (restored).workshop.json"
    monkeypatch.setattr(opening, "restored_name", lambda original: target)
    (backup,) = Backups(home.paths.backups, path).list()
    earlier = restore_backup(backup, target, backup_dir=tmp_path / "b")
    earlier.add("problem", text="from a restore that crashed")
    earlier.store.abandon()  # type: ignore[attr-defined]
    target.unlink()  # its journal stays behind
    assert list(tmp_path.glob("client (restored).workshop.json.journal-*"))
    path.write_bytes(path.read_bytes()[:100])
    home.open_path(path)
    qtbot.waitUntil(lambda: home.opener.dialog is not None)
    press(home.opener.dialog, "Open a copy of the newest backup")
    wait_for_window(qtbot, home)
    restored = home.windows[0].workshop
    assert restored.path == target
    assert [p.summary() for p in restored.records("problems")] == ["Problem 0", "Problem 1"]
    assert not list(tmp_path.glob("client (restored).workshop.json.journal-*"))


def test_a_journal_damaged_in_the_middle_can_be_salvaged_from_the_open_dialog(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = tmp_path / "client.workshop.json"
    workshop = Workshop.create(path, title="Client", backup_dir=home.paths.backups)
    for text in ("first", "second", "third"):
        workshop.add("problem", text=text)
    workshop.store.abandon()  # type: ignore[attr-defined]
    (segment,) = tmp_path.glob("client.workshop.json.journal-*")
    lines = segment.read_bytes().split(b"\n")
    lines[2] = lines[2][:40] + b"#" + lines[2][41:]  # "second" is damaged
    segment.write_bytes(b"\n".join(lines))
    home.open_path(path)
    qtbot.waitUntil(lambda: home.opener.dialog is not None)
    box = home.opener.dialog
    assert box is not None and "damaged at entry 2" in box.informativeText()
    assert box.defaultButton().text() == "Salvage what still reads"
    press(box, "Salvage what still reads")
    wait_for_window(qtbot, home)
    salvaged = home.windows[0].workshop
    assert salvaged.path is not None and "(salvaged " in salvaged.path.name
    assert [p.summary() for p in salvaged.records("problems")] == ["first", "third"]
    told = home.opener.dialog
    assert told is not None and told.text().startswith("A salvaged copy was written")
    assert f"Lost: journal {segment.name}, entry 2: its checksum does not match" in (
        told.informativeText()
    )
    told.close()


def test_a_file_marked_read_only_opens_read_only_and_says_so(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "received.workshop.json")
    path.chmod(0o444)
    before = path.read_bytes()
    home.open_path(path)
    wait_for_window(qtbot, home)
    window = home.windows[0]
    assert window.workshop.read_only
    assert window.banner.isVisibleTo(window)
    assert window.banner.text() == (
        "Read-only: the file itself is marked read-only (its permissions)."
    )
    window.close()
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)
    assert path.read_bytes() == before


def test_a_file_on_a_read_only_disk_opens_read_only_and_says_where_to_copy_it(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A USB stick mounted read-only (simulated): its permissions allow writing, so
    "marked read-only (its permissions)" was not true."""
    path = make_workshop(tmp_path / "stick.workshop.json")
    real_statvfs = os.statvfs

    def read_only_mount(where: object) -> os.statvfs_result:
        fields = list(real_statvfs(where))  # type: ignore[arg-type]
        fields[8] |= os.ST_RDONLY  # f_flag
        return os.statvfs_result(fields)

    monkeypatch.setattr(os, "statvfs", read_only_mount)
    monkeypatch.setattr(os, "access", lambda where, mode, **kw: mode != os.W_OK)
    home.open_path(path)
    wait_for_window(qtbot, home)
    window = home.windows[0]
    assert window.workshop.read_only
    assert window.banner.text() == (
        "Read-only: the file is on a disk or share that is read-only; "
        "copy it to a folder you can write to, to change it."
    )
    window.close()
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)


def test_a_symlinked_lock_file_is_explained_and_never_written_through(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "received.workshop.json")
    victim = tmp_path / "victim.txt"
    victim.write_text("the consultant's own notes")
    path.with_name(path.name + ".lock").symlink_to(victim)
    home.open_path(path)
    qtbot.waitUntil(lambda: home.opener.dialog is not None)
    box = home.opener.dialog
    assert box is not None
    assert box.text() == "This workshop cannot be opened for editing"
    assert "lock file received.workshop.json.lock is a symbolic link" in box.informativeText()
    press(box, "Open read-only")
    wait_for_window(qtbot, home)
    window = home.windows[0]
    assert window.workshop.read_only
    assert window.banner.text().startswith("Read-only: it cannot be opened for editing (its lock")
    assert victim.read_text() == "the consultant's own notes"


def test_a_locked_file_can_be_opened_read_only(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "shared.workshop.json")
    holder = open_workshop(path)
    try:
        home.open_path(path)
        qtbot.waitUntil(lambda: home.opener.dialog is not None)
        box = home.opener.dialog
        assert box is not None and "is in use by" in box.informativeText()
        press(box, "Open read-only")
        wait_for_window(qtbot, home)
        overview = home.windows[0]
        assert overview.workshop.read_only
        assert overview.banner.isVisibleTo(overview)
        assert overview.banner.text().startswith("Read-only: this workshop is open for editing")
    finally:
        holder.close()


def test_a_file_from_a_newer_version_is_refused(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "future.workshop.json")
    document = json.loads(path.read_bytes())
    next(iter(document["meta"].values()))["schema_version"] = 9
    path.write_text(json.dumps(document), encoding="utf-8")
    home.open_path(path)
    qtbot.waitUntil(lambda: home.opener.dialog is not None)
    box = home.opener.dialog
    assert box is not None
    assert box.text() == "This workshop needs a newer Facilitator"
    assert "file format 9" in box.informativeText()
    press(box, "OK")
    assert home.windows == []


def test_recent_list_marks_missing_files_and_forgets_on_delete(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    gone = tmp_path / "moved.workshop.json"
    home.settings.remember(gone)
    home.refresh_recent()
    qtbot.waitUntil(lambda: home.recent.summary(gone) is not None)
    assert "file not found" in home.recent.index(0, COL_TITLE).data()
    home.recent_view.setCurrentIndex(home.recent.index(0, 0))
    home.recent_view.setFocus()
    qtbot.keyClick(home.recent_view, Qt.Key.Key_Delete)
    assert home.settings.recent_workshops() == []


def test_recent_workshops_of_one_title_in_one_folder_are_told_apart_by_file_name(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    """Location shows the file, not only its folder: the same workshop title twice in
    a client's folder reads as two files, on a 1280×720 laptop too."""
    folder = tmp_path / "Clients" / "Contoso Insurance" / "2026 AI discovery"
    folder.mkdir(parents=True)
    paths = [make_workshop(folder / f"{name}.workshop.json") for name in ("board", "ops team")]
    for path in paths:
        home.settings.remember(path)
    home.refresh_recent()
    home.resize(1180, 662)  # the home window on a 1280×720 laptop
    qtbot.waitUntil(lambda: all(isinstance(home.recent.summary(p), WorkshopSummary) for p in paths))
    view = home.recent_view
    shown = []
    for row in range(2):
        index = home.recent.index(row, COL_LOCATION)
        option = QStyleOptionViewItem()
        view.itemDelegateForIndex(index).initStyleOption(option, index)
        room = view.columnWidth(COL_LOCATION) - 8  # less the cell's margins
        shown.append(option.fontMetrics.elidedText(option.text, option.textElideMode, room))
    assert sorted(text.rsplit("/", 1)[-1] for text in shown) == [
        "board.workshop.json",
        "ops team.workshop.json",
    ]


def test_enter_on_a_recent_workshop_opens_it(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "acme.workshop.json")
    home.settings.remember(path)
    home.refresh_recent()
    home.recent_view.setCurrentIndex(home.recent.index(0, 0))
    home.recent_view.setFocus()
    qtbot.keyClick(home.recent_view, Qt.Key.Key_Return)
    wait_for_window(qtbot, home)
    assert home.windows[0].workshop.path == path


def double_click_recent(qtbot: QtBot, home: HomeWindow, row: int) -> None:
    """A double click as a mouse makes one: QTest's double click alone is only the
    second press, which an item view takes for a first click."""
    view = home.recent_view
    centre = view.visualRect(home.recent.index(row, COL_TITLE)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def settled(qtbot: QtBot) -> None:
    """Every open started in the background has finished, and said so."""
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)
    qtbot.wait(100)


def test_a_double_click_on_a_recent_workshop_opens_it_once(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "acme.workshop.json")
    home.settings.remember(path)
    home.refresh_recent()
    double_click_recent(qtbot, home, 0)
    wait_for_window(qtbot, home)
    settled(qtbot)
    assert home.opener.dialog is None  # no "already open … Open read-only" for itself
    (window,) = home.windows
    assert not window.workshop.read_only
    window.session.perform(lambda: window.workshop.add("problem", text="Opened once", impact=2))
    window.close()

    def saved() -> list[str]:
        try:
            workshop = open_workshop(path, read_only=True)
        except Exception:
            return []
        return [p.summary() for p in workshop.records("problems")]

    qtbot.waitUntil(lambda: "Opened once" in saved(), timeout=10_000)
    assert saved() == ["Problem 0", "Problem 1", "Opened once"]


def test_a_recent_workshop_already_open_comes_to_the_front(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path = make_workshop(tmp_path / "acme.workshop.json")
    home.open_path(path)
    wait_for_window(qtbot, home)
    (window,) = home.windows
    home.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is home)
    double_click_recent(qtbot, home, home.settings.recent_workshops().index(path))
    settled(qtbot)
    assert home.opener.dialog is None
    assert home.windows == [window]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert open_workshop(path, read_only=True).records("problems")  # the file is intact


def test_the_template_library_opens_from_home(qtbot: QtBot, home: HomeWindow) -> None:
    qtbot.mouseClick(home.templates_button, Qt.MouseButton.LeftButton)
    window = home.library_window
    assert window is not None and window.isVisible()
    assert window.user_folder == home.paths.templates
    assert window.model.rowCount() == 13
    window.close()


def test_after_a_crash_the_workshop_reopens_at_its_exercise(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    from facilitator.agenda import apply_recipe
    from facilitator.templates import load_library

    path = tmp_path / "crashed.workshop.json"
    workshop = Workshop.create(path, title="Crashed mid-morning")
    library = load_library(include_user=False)
    items = apply_recipe(workshop, library.recipe("executive-90"), library)
    workshop.store.abandon()  # type: ignore[attr-defined] - the app died here
    home.settings.mark_open(path, items[3].id)  # it was on the fourth exercise
    home.offer_recovery()
    box = home.recovery_dialog
    assert box is not None and "crashed.workshop.json" in box.text()
    press(box, "Reopen")
    wait_for_window(qtbot, home)
    window = home.windows[0]
    assert window.run.item is not None and window.run.item.id == items[3].id


def test_declining_recovery_forgets_it(qtbot: QtBot, home: HomeWindow, tmp_path: Path) -> None:
    path = make_workshop(tmp_path / "w.workshop.json")
    home.settings.mark_open(path, "00000000-0000-4000-8000-000000000000")
    home.offer_recovery()
    press(home.recovery_dialog, "Not now")
    assert home.settings.left_open() == []


def crashed_workshop(folder: Path) -> tuple[Path, AgendaItem]:
    """A workshop the app died in, on its fourth exercise (the app's own record of that
    is made by the caller, in the settings of the copy that had it open)."""
    from facilitator.agenda import apply_recipe

    path = folder / "crashed.workshop.json"
    workshop = Workshop.create(path, title="Crashed mid-morning")
    library = load_library(include_user=False)
    items = apply_recipe(workshop, library.recipe("executive-90"), library)
    workshop.store.abandon()  # type: ignore[attr-defined] - the app died here
    return path, items[3]


def test_after_a_crash_the_question_comes_first_and_in_front_of_the_demo(
    qtbot: QtBot, qapp: QApplication, private_folders: Path, restore_excepthook: None
) -> None:
    """`make run` opens the demo: after a crash, "Reopen your workshop?" is asked
    before anything else opens, and the workshop reopened comes up in front."""
    paths = AppPaths.standard()
    path, item = crashed_workshop(private_folders)
    AppSettings(paths.settings_file).mark_open(path, item.id)
    home = app_module.show_home(qapp, demo=True)  # what `facilitator demo` shows
    qtbot.addWidget(home)
    try:
        box = home.recovery_dialog
        assert box is not None and box.windowTitle() == "Reopen your workshop?"
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
        settled(qtbot)
        assert home.windows == []  # nothing hides the question
        assert QApplication.activeWindow() is box
        press(box, "Reopen")
        wait_for_window(qtbot, home, 2)
        demo, reopened = home.windows
        assert demo.workshop.path == paths.demo_workshop
        assert reopened.workshop.path == path
        assert reopened.run.item is not None and reopened.run.item.id == item.id
        qtbot.waitUntil(lambda: QApplication.activeWindow() is reopened)
    finally:
        home.shutdown()
        qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)


def test_declining_recovery_still_opens_what_was_asked_for(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    path, item = crashed_workshop(tmp_path)
    home.settings.mark_open(path, item.id)
    home.start(demo=True)
    press(home.recovery_dialog, "Not now")
    wait_for_window(qtbot, home)
    assert [w.workshop.path for w in home.windows] == [home.paths.demo_workshop]
    assert path not in [open_path for open_path, _ in home.settings.left_open()]


HOLDER = """
import sys
from facilitator.workshop import open_workshop
workshop = open_workshop(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
"""


def test_a_second_copy_does_not_say_a_running_one_closed_unexpectedly(
    qtbot: QtBot, home: HomeWindow, tmp_path: Path
) -> None:
    """The first copy of the app has the workshop open (it holds the file's lock and
    its place in the shared settings); a second copy starting must not offer to
    "reopen" it. Once the first copy is killed, the next start does."""
    path, item = crashed_workshop(tmp_path)
    first_copy = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first_copy.stdout is not None
        assert first_copy.stdout.readline().strip() == "ready"
        home.settings.mark_open(path, item.id)  # the first copy is on this exercise
        home.start()
        assert home.recovery_dialog is None
        assert home.settings.left_open() == [(path, item.id)]  # the first copy's to clear
    finally:
        first_copy.kill()  # a real crash: no clean close, its mark stays
        first_copy.wait()
        for stream in (first_copy.stdin, first_copy.stdout):
            if stream is not None:
                stream.close()
    home.start()
    box = home.recovery_dialog
    assert box is not None and "closed unexpectedly" in box.text()
    press(box, "Not now")
