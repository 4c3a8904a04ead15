"""Open, create and restore workshops off the GUI thread, and explain every failure.

Every path into a workshop (recent list, Open…, New, the demo, the command line)
goes through :class:`WorkshopOpener`, so a locked file, a corrupt file or a
file from a newer version gets the same clear dialog wherever it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from facilitator.errors import (
    FileReadOnlyError,
    NewerVersionError,
    WorkshopError,
    WorkshopFileError,
    WorkshopLockedError,
)
from ui.paths import AppPaths
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from facilitator.workshop import Workshop

# The core is imported inside the functions below, which run on a worker thread:
# the home screen paints without waiting for it.


def restored_name(original: Path, when: datetime | None = None) -> Path:
    """Where a restored backup goes: beside the original, never over anything."""
    from facilitator.salvage import beside

    return beside(original, "restored", when)


class WorkshopOpener(QObject):
    """Opens workshops in the background; emits :attr:`opened` on success."""

    opened = Signal(object, str)  # Workshop, read-only reason ("" when writable)
    failed = Signal(str)  # the message shown to the consultant

    def __init__(self, paths: AppPaths, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._paths = paths
        self._parent = parent_widget
        self.dialog: QMessageBox | None = None
        """The dialog currently explaining a problem (tests read and press it)."""

    # -- ways in --------------------------------------------------------------------

    def open(self, path: Path, *, read_only: bool = False, reason: str = "") -> None:
        from facilitator.workshop import open_workshop

        backups = self._paths.backups
        marked = self.tr("Read-only: the file itself is marked read-only (its permissions).")
        on_read_only_disk = self.tr(
            "Read-only: the file is on a disk or share that is read-only; "
            "copy it to a folder you can write to, to change it."
        )

        def opened() -> tuple[Workshop, str]:
            try:
                return open_workshop(path, read_only=read_only, backup_dir=backups), reason
            except FileReadOnlyError as error:  # nobody may change it: a look is all it offers
                why = on_read_only_disk if error.read_only_disk else marked
                return open_workshop(path, read_only=True, backup_dir=backups), why

        run_in_background(
            opened,
            lambda result: self.opened.emit(*result),
            lambda error: self._explain(path, error),
        )

    def create(self, path: Path, values: dict[str, Any], *, recipe: str | None = None) -> None:
        """Create the workshop file (with the agenda of *recipe*, if given) and open it."""
        from facilitator.workshop import Workshop

        backups = self._paths.backups
        templates = self._paths.templates

        def build() -> Workshop:
            workshop = Workshop.create(path, backup_dir=backups, **values)
            if recipe:
                from facilitator.agenda import apply_recipe
                from facilitator.templates import load_library

                try:
                    library = load_library(templates)
                    apply_recipe(workshop, library.recipe(recipe), library)
                except Exception:
                    workshop.close()  # the file stays, with what it has; unlock it
                    raise
            return workshop

        self._run(build, path)

    def open_demo(self) -> None:
        """Open the demo workshop, writing it to the data folder the first time."""
        path = self._paths.demo_workshop
        if path.exists():
            self.open(path)
            return
        backups = self._paths.backups

        def build() -> Workshop:
            from facilitator.demo import write_demo

            path.parent.mkdir(parents=True, exist_ok=True)
            return write_demo(path, backup_dir=backups)

        self._run(build, path)

    def restore(self, backup: Path, original: Path) -> None:
        """Copy *backup* beside *original* under a new name and open the copy
        (locked, like any workshop open for writing, before it is written)."""
        target = restored_name(original)
        backups = self._paths.backups

        def copy_and_open() -> Workshop:
            from facilitator.workshop import restore_backup

            return restore_backup(backup, target, backup_dir=backups)

        self._run(copy_and_open, target)

    def salvage(self, original: Path) -> None:
        """Write a new workshop with what of *original* still reads, open it, and
        say what could not be kept."""
        backups = self._paths.backups

        def salvage_and_open() -> tuple[Workshop, list[str]]:
            from facilitator.salvage import salvage
            from facilitator.workshop import open_workshop

            result = salvage(original, backup_dir=backups)
            said = [self.tr("Lost: %s") % line for line in result.lost]
            said += [self.tr("Changed: %s") % line for line in result.changed]
            return open_workshop(result.path, backup_dir=backups), said

        run_in_background(
            salvage_and_open,
            self._show_salvaged,
            lambda error: self._explain(original, error),
        )

    # -- results --------------------------------------------------------------------

    def _run(self, work: Callable[[], Workshop], path: Path, reason: str = "") -> None:
        run_in_background(
            work,
            lambda workshop: self.opened.emit(workshop, reason),
            lambda error: self._explain(path, error),
        )

    def _explain(self, path: Path, error: BaseException) -> None:
        if isinstance(error, WorkshopLockedError):
            self._offer_read_only(path, error)
        elif isinstance(error, NewerVersionError):
            self._show(self.tr("This workshop needs a newer Facilitator"), str(error))
        elif isinstance(error, WorkshopFileError):
            self._offer_backup(error)
        elif isinstance(error, WorkshopError | ValueError | OSError):
            self._show(self.tr("The workshop could not be opened"), str(error))
        else:
            raise error  # a bug: the exception hook logs it and tells the user

    def _box(self, title: str, text: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = QMessageBox(self._parent)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(title)
        box.setInformativeText(text)
        box.finished.connect(self._forget_dialog)
        self.dialog = box
        self.failed.emit(text)
        return box

    def _forget_dialog(self) -> None:
        self.dialog = None

    def _show(self, title: str, text: str) -> None:
        self._box(title, text, QMessageBox.Icon.Warning).open()

    def _offer_read_only(self, path: Path, error: WorkshopLockedError) -> None:
        # In use by someone, or not lockable at all (a folder that refuses writes,
        # a link planted where the lock file goes): say which.
        title = (
            self.tr("This workshop cannot be opened for editing")
            if error.detail
            else self.tr("This workshop is already open")
        )
        box = self._box(title, str(error), QMessageBox.Icon.Question)
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        if error.detail:
            reason = self.tr("Read-only: it cannot be opened for editing (%s).") % error.detail
        else:
            who = error.owner.describe() if error.owner else self.tr("another program")
            reason = self.tr("Read-only: this workshop is open for editing by %s.") % who

        def chosen() -> None:
            if box.clickedButton() is read_only:
                self.open(path, read_only=True, reason=reason)

        box.finished.connect(chosen)
        box.open()

    def _offer_backup(self, error: WorkshopFileError) -> None:
        box = self._box(
            self.tr("This workshop cannot be opened"), str(error), QMessageBox.Icon.Warning
        )
        salvage = restore = None
        if error.salvageable:  # before the backup: it keeps the journal's good entries
            salvage = box.addButton(
                self.tr("Salvage what still reads"), QMessageBox.ButtonRole.AcceptRole
            )
            box.setDefaultButton(salvage)
        if error.backup is not None:
            restore = box.addButton(
                self.tr("Open a copy of the newest backup"), QMessageBox.ButtonRole.AcceptRole
            )
            if salvage is None:
                box.setDefaultButton(restore)
        box.addButton(QMessageBox.StandardButton.Close)
        backup, original = error.backup, error.path

        def chosen() -> None:
            if salvage is not None and box.clickedButton() is salvage:
                self.salvage(original)
            elif restore is not None and box.clickedButton() is restore and backup is not None:
                self.restore(backup, original)

        box.finished.connect(chosen)
        box.open()

    def _show_salvaged(self, result: tuple[Workshop, list[str]]) -> None:
        """Open the salvaged copy and say, in front of it, what it could not keep."""
        workshop, lost = result
        self.opened.emit(workshop, "")
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Salvaged"))
        box.setText(
            self.tr("A salvaged copy was written: %s")
            % (workshop.path.name if workshop.path else "")
        )
        box.setInformativeText(
            "\n".join(lost) if lost else self.tr("Nothing that was saved is missing from it.")
        )
        box.finished.connect(self._forget_dialog)
        self.dialog = box
        box.open()
