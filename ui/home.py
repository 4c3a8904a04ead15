"""The home screen: recent workshops, New workshop, Open…, and the demo."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import WorkshopError
from facilitator.lock import held_by_a_running_app
from ui import heap
from ui.geometry import fit_to_screen
from ui.keys import quit_action, shortcut
from ui.new_workshop import NewWorkshopDialog
from ui.opening import WorkshopOpener
from ui.paths import AppPaths
from ui.recent_model import (
    COL_CLIENT,
    COL_DATE,
    COL_LOCATION,
    COL_RECORDS,
    COL_TITLE,
    RecentWorkshopsModel,
)
from ui.settings import AppSettings
from ui.tasks import OwnerThreadCalls, run_in_background, wait_for_background_work

if TYPE_CHECKING:  # the live window and the library load when first used: a fast start
    from facilitator.workshop import Workshop
    from ui.live.window import WorkshopWindow
    from ui.template_library import TemplateLibraryWindow

log = logging.getLogger("facilitator")

TAGLINE = (
    "Problem-first AI discovery workshops: name the problems, find the new value, "
    "test the last mile, and hand leadership a brief they can act on."
)


class ElidedInTheMiddle(QStyledItemDelegate):
    """A path too long for its column keeps its start and its file name: the name
    tells apart two workshops of the same title in one folder."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class HomeWindow(QMainWindow):
    """The first window: where workshops are created and opened."""

    def __init__(self, paths: AppPaths, settings: AppSettings) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.windows: list[WorkshopWindow] = []
        self.new_dialog: NewWorkshopDialog | None = None
        self.rescue_dialog: QMessageBox | None = None
        self.journal_note: QMessageBox | None = None
        self.recovery_dialog: QMessageBox | None = None
        self._resume: dict[Path, str] = {}
        self.opener = WorkshopOpener(paths, self)
        self.opener.opened.connect(self.show_workshop)
        self.setWindowTitle("Facilitator")

        title = QLabel("Facilitator")
        title.setObjectName("title")
        tagline = QLabel(self.tr(TAGLINE))
        tagline.setObjectName("subtitle")
        tagline.setWordWrap(True)

        self.new_button = QPushButton(self.tr("&New workshop…"))
        self.new_button.setObjectName("primary")
        self.open_button = QPushButton(self.tr("&Open…"))
        self.demo_button = QPushButton(self.tr("Open the &demo workshop"))
        self.templates_button = QPushButton(self.tr("Exercise &templates…"))
        self.templates_button.clicked.connect(self.open_templates)
        self.library_window: TemplateLibraryWindow | None = None
        for button, tip in (
            (self.new_button, "Ctrl+N"),
            (self.open_button, "Ctrl+O"),
            (self.demo_button, "Ctrl+D"),
        ):
            button.setToolTip(tip)
        self.new_button.clicked.connect(self.new_workshop)
        self.open_button.clicked.connect(self.choose_and_open)
        self.demo_button.clicked.connect(self.open_demo)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_workshop)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_and_open)
        QShortcut(QKeySequence("Ctrl+D"), self, self.open_demo)
        QShortcut(QKeySequence("Ctrl+T"), self, self.open_templates)
        quit_action(self)  # Ctrl+Q, as everywhere
        actions = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.demo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.templates_button)

        recent_label = QLabel(self.tr("Recent workshops"))
        recent_label.setObjectName("section")
        self.recent = RecentWorkshopsModel(settings.recent_workshops())
        self.recent_view = QTableView()
        self.recent_view.setModel(self.recent)
        self.recent_view.setAccessibleName(self.tr("Recent workshops"))
        self.recent_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recent_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.recent_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent_view.verticalHeader().setVisible(False)
        self.recent_view.setShowGrid(False)
        self.recent_view.setAlternatingRowColors(True)
        header = self.recent_view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COL_CLIENT, COL_DATE, COL_RECORDS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LOCATION, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.recent_view.setItemDelegateForColumn(COL_LOCATION, ElidedInTheMiddle(self.recent_view))
        # "activated" is a double click or Enter (a single click where the desktop
        # opens on one): doubleClicked as well would open the workshop twice.
        self.recent_view.activated.connect(self._open_recent)
        shortcut(
            QKeySequence.StandardKey.Delete,
            self.recent_view,
            self.forget_selected,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.empty_label = QLabel(
            self.tr("No workshops yet. Create one, or open the demo workshop to look around.")
        )
        self.empty_label.setObjectName("muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent_stack = QStackedWidget()
        self.recent_stack.addWidget(self.empty_label)
        self.recent_stack.addWidget(self.recent_view)
        self._update_empty_state()

        layout = QVBoxLayout()
        layout.setContentsMargins(32, 28, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(tagline)
        layout.addSpacing(8)
        layout.addLayout(actions)
        layout.addSpacing(12)
        layout.addWidget(recent_label)
        layout.addWidget(self.recent_stack, 1)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.new_button.setFocus()
        fit_to_screen(self, 1100, 680)

    # -- commands -------------------------------------------------------------------

    def new_workshop(self) -> None:
        dialog = NewWorkshopDialog(self.paths.workshops, self, templates=self.paths.templates)
        self.new_dialog = dialog

        def accepted() -> None:
            self.opener.create(dialog.path(), dialog.values(), recipe=dialog.recipe_id())

        dialog.accepted.connect(accepted)
        dialog.open()

    def choose_and_open(self) -> None:
        start = self.paths.workshops if self.paths.workshops.exists() else Path.home()
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a workshop"),
            str(start),
            self.tr("Workshops (*.workshop.json *.json);;All files (*)"),
        )
        if chosen:
            self.open_path(Path(chosen))

    def open_path(self, path: Path) -> None:
        """Open *path*; if this app has it open already, bring that window forward."""
        path = path.absolute()
        if not self._bring_forward(path):
            self.opener.open(path)

    def window_for(self, path: Path) -> WorkshopWindow | None:
        """The open window of the workshop at *path*, if this app has one."""
        target = path.resolve()
        for window in self.windows:
            if window.workshop.path is not None and window.workshop.path.resolve() == target:
                return window
        return None

    def open_demo(self) -> None:
        if not self._bring_forward(self.paths.demo_workshop):
            self.opener.open_demo()

    def _bring_forward(self, path: Path) -> bool:
        """Bring this app's window on *path* to the front (at the agenda item to
        resume, if any); False when the app does not have it open. Opening it again
        would find the file locked, by this very app."""
        window = self.window_for(path)
        if window is None:
            return False
        resume = self._resume.pop(path.absolute(), None)
        if resume is not None:
            window.agenda.select(resume)
        if window.isMinimized():
            window.showNormal()
        else:
            window.show()
        window.raise_()
        window.activateWindow()
        return True

    def start(self, path: Path | None = None, *, demo: bool = False) -> None:
        """Open what the app was started with: the recovery question first, alone
        and in front, then the demo or *path* once it is answered."""
        if demo:
            self.offer_recovery(then=self.open_demo)
        elif path is not None:
            self.offer_recovery(then=lambda: self.open_path(path))
        else:
            self.offer_recovery()

    def offer_recovery(self, then: Callable[[], None] | None = None) -> None:
        """If the app ended without closing a workshop, offer to reopen it where it was;
        *then* runs once that is answered (at once if there is nothing to offer), and
        a reopened workshop comes up last, in front of it."""
        left = []
        for path, item in self.settings.left_open():
            if not path.exists():
                self.settings.mark_closed(path)
            elif not held_by_a_running_app(path):
                # Held means another copy of the app has it open right now: not a crash.
                left.append((path, item))
        if not left:
            if then is not None:
                then()
            return
        path, item = left[0]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Reopen your workshop?"))
        box.setText(self.tr("Facilitator closed unexpectedly while “%s” was open.") % path.name)
        box.setInformativeText(
            self.tr("Everything shown as saved is there. Reopen it at the exercise you were on?")
        )
        reopen = box.addButton(self.tr("Reopen"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reopen)
        self.recovery_dialog = box

        def chosen() -> None:
            self.recovery_dialog = None
            if box.clickedButton() is not reopen:
                self.settings.mark_closed(path)
                if then is not None:
                    then()
            elif then is None:
                self.recover(path, item)
            else:
                self._after_next_open(lambda: self.recover(path, item))
                then()

        box.finished.connect(chosen)
        box.open()
        box.raise_()
        box.activateWindow()

    def _after_next_open(self, step: Callable[[], None]) -> None:
        """Run *step* once the open under way has ended, opened or explained."""

        def once(*_result: object) -> None:
            self.opener.opened.disconnect(once)
            self.opener.failed.disconnect(once)
            step()

        self.opener.opened.connect(once)
        self.opener.failed.connect(once)

    def recover(self, path: Path, item_id: str) -> None:
        """Open *path* and go straight to agenda item *item_id*."""
        self._resume[path.absolute()] = item_id
        self.open_path(path)

    def open_templates(self) -> None:
        """The template library (one window, reused)."""
        if self.library_window is None:
            from ui.template_library import TemplateLibraryWindow

            self.library_window = TemplateLibraryWindow(self.paths.templates)
        self.library_window.show()
        self.library_window.raise_()
        self.library_window.activateWindow()

    def forget_selected(self) -> None:
        index = self.recent_view.currentIndex()
        if index.isValid():
            self.settings.forget(self.recent.path_at(index.row()))
            self.refresh_recent()

    def _open_recent(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_path(self.recent.path_at(index.row()))

    def refresh_recent(self) -> None:
        """Show the recent workshops as the settings now list them."""
        self.recent.set_paths(self.settings.recent_workshops())
        self._update_empty_state()

    def _update_empty_state(self) -> None:
        self.recent_stack.setCurrentIndex(1 if self.recent.rowCount() else 0)

    # -- open workshops -------------------------------------------------------------

    def show_workshop(
        self, workshop: Workshop, read_only_reason: str = "", at_item: str | None = None
    ) -> WorkshopWindow:
        """The live window for *workshop* (at agenda item *at_item*, when recovering)."""
        from facilitator.templates import load_library
        from ui.live.window import WorkshopWindow

        library = load_library(self.paths.templates)
        window = WorkshopWindow(workshop, library, self.settings, read_only_reason)
        # Trouble the store meets in the background (a compaction that fails while
        # nobody types) reaches the status bar through the event loop.
        workshop.call_on_owner_thread = OwnerThreadCalls(window).post
        resume = at_item or (self._resume.pop(workshop.path, None) if workshop.path else None)
        if resume is not None:
            window.agenda.select(resume)
        window.closed.connect(self._workshop_closed)
        self.windows.append(window)
        if workshop.path is not None:
            self.settings.remember(workshop.path)
            self.refresh_recent()
        window.show()
        window.raise_()
        window.activateWindow()
        heap.keep_out_of_collections()  # no 70 ms collection pauses while it is open
        return window

    def _workshop_closed(self, workshop: Workshop) -> None:
        self.windows = [w for w in self.windows if w.workshop is not workshop]
        heap.give_back_to_collections()
        path = workshop.path

        def closed(note: object) -> None:
            if path is not None:
                self.recent.refresh(path)
            if isinstance(note, str) and note:  # safe, but the file alone is behind
                box = QMessageBox(self)
                box.setIcon(QMessageBox.Icon.Information)
                box.setWindowTitle(self.tr("Saved in the journal"))
                box.setText(self.tr("Every change is saved, beside the workshop file."))
                box.setInformativeText(note)
                self.journal_note = box
                box.open()

        def failed(error: BaseException) -> None:
            raise error  # the slow part reports trouble as its note: this is a bug

        # A Workshop is used from one thread: the quick part of closing (writing
        # what is unsaved, refusing further changes) runs here, and only the
        # store's own slow part (folding the journal into the file) in the pool.
        try:
            rest = workshop.start_closing()
        except WorkshopError as error:
            self._offer_rescue(workshop, error)
            return
        run_in_background(rest, closed, failed)

    def _offer_rescue(self, workshop: Workshop, error: WorkshopError) -> None:
        """Closing failed with changes still unsaved: never drop them silently."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Not saved"))
        box.setText(self.tr("Some changes to this workshop are not saved yet."))
        box.setInformativeText(str(error))
        retry = box.addButton(self.tr("Try again"), QMessageBox.ButtonRole.AcceptRole)
        elsewhere = box.addButton(self.tr("Save elsewhere…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(self.tr("Keep it open"), QMessageBox.ButtonRole.RejectRole)
        self.rescue_dialog = box

        def chosen() -> None:
            self.rescue_dialog = None
            if box.clickedButton() is retry or (
                box.clickedButton() is elsewhere and self._save_elsewhere(workshop)
            ):
                self._workshop_closed(workshop)
            else:
                self.show_workshop(workshop)

        box.finished.connect(chosen)
        box.open()

    def _save_elsewhere(self, workshop: Workshop) -> bool:
        start = self.paths.workshops / (workshop.path.name if workshop.path else "")
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the workshop elsewhere"),
            str(start),
            self.tr("Workshops (*.workshop.json)"),
        )
        if not chosen:
            return False
        try:
            workshop.save_as(Path(chosen))
        except WorkshopError as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return False
        return True

    def shutdown(self) -> None:
        """On quit: close every workshop so its journal is folded into the file."""
        wait_for_background_work()
        for window in list(self.windows):
            window.closed.disconnect(self._workshop_closed)
            window.close()
            try:
                note = window.workshop.close()
            except WorkshopError as error:  # the journal keeps what reached the disk
                log.error("closing %s on quit: %s", window.workshop.path, error)
            else:
                if note:  # safe in the journal; the file catches up when next opened
                    log.warning("closing %s on quit: %s", window.workshop.path, note)
        self.windows.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        for window in list(self.windows):
            window.close()
        super().closeEvent(event)
