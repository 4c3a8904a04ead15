"""The live workshop window: where the consultant spends the workshop.

It lays out the parts around one :class:`~ui.live.session.Session` — the agenda
(left), the exercise (middle), the inspector and the history (right), the
clock and the buttons (top), the save state and the messages (bottom), the
projector (a window of its own) — and binds the keys. The parts do the work:
:class:`~ui.live.run.RunControl` runs the exercise on screen (step, view,
reveal, clock), :class:`~ui.live.capturing.CaptureControl` the capture line and
the cards, and every change to the workshop is one core operation through the
session.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from facilitator.agenda import current_exercise
from facilitator.model import AgendaItem, Record
from facilitator.templates import Library
from facilitator.workshop import Change, Workshop
from ui.geometry import fit_to_screen, keep_current_in_view
from ui.keys import QUIT_KEYS, quit_action
from ui.live.agenda import AgendaPanel
from ui.live.agenda_fold import AgendaFold
from ui.live.board import ExerciseBoard
from ui.live.capturing import CaptureControl
from ui.live.inspector import META_FIELDS, Inspector, InspectorFold
from ui.live.participants import ParticipantsDialog
from ui.live.projector import ProjectorWindow
from ui.live.room import RoomControl
from ui.live.run import RunControl
from ui.live.session import ChangeCommand, Session
from ui.live.shortcuts import ShortcutsDialog, bind
from ui.live.status import MessageLine, SaveStatusBar
from ui.live.template_offer import TemplateOffer
from ui.live.timer import ExerciseTimer
from ui.live.views import WIDE_VIEWS
from ui.settings import AppSettings


class WorkshopWindow(QMainWindow):
    """One open workshop, run live."""

    closed = Signal(object)  # the Workshop, for its owner to close off the GUI thread

    def __init__(
        self,
        workshop: Workshop,
        library: Library,
        settings: AppSettings | None = None,
        read_only_reason: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.session = Session(workshop, self)
        self.timer = ExerciseTimer(self.session, self, clock)
        self.projector = ProjectorWindow()
        self.export_dialog: QDialog | None = None
        self.people_dialog: ParticipantsDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self._shown_once = False

        self.agenda = AgendaPanel(self.session, library)
        self.board = ExerciseBoard()
        self.inspector = Inspector(self.session)
        self.message = MessageLine()
        self.run = RunControl(self.session, self.timer, self.board, self.projector, self)
        self.session.here = lambda: self.run.item.id if self.run.item is not None else None
        self.cards = CaptureControl(
            self.session,
            board=self.board,
            projector=self.projector,
            run=self.run,
            inspector=self.inspector,
            message=self.message,
            window=self,
        )
        self.offer = TemplateOffer(self.session, library)
        self.history = QUndoView(self.session.undo_stack)
        self.history.setEmptyLabel(self.tr("Opened"))
        self.history.setAccessibleName(self.tr("History"))
        self.setCentralWidget(self._middle(read_only_reason))
        self.side_docks = self._docks()
        self.inspector_fold = InspectorFold(self, self.side_docks[1], self.inspector)
        self.agenda_fold = AgendaFold(
            self, *self.side_docks, lambda: self.run.shown_view in WIDE_VIEWS
        )
        self.run.view_shown.connect(self.agenda_fold.apply)
        self._toolbar()
        self.save_state = SaveStatusBar(self.session)
        self.statusBar().addPermanentWidget(self.save_state)
        self.statusBar().addWidget(self.message, 1)

        self.agenda.selected.connect(self.show_item)
        self.agenda.told.connect(self.message.tell)
        self.timer.told.connect(self.message.tell)
        self.inspector.escaped.connect(self.cards.leave_capture)
        self.run.record_selected.connect(self._inspect)
        self.cards.record_selected.connect(self._inspect)
        self.offer.updated.connect(self.show_item)
        self.run.moved.connect(self.message.moved_on)
        self.save_state.moved.connect(self.update_title)
        self.session.failed.connect(self.message.say)
        self.room.door.failed.connect(self.message.say)
        self.session.settled.connect(self._settled)
        self.run.view_shown.connect(self._keep_tables_in_view)
        self._keys()
        self._keep_tables_in_view()  # the card board (the exercises' views as they come)
        self.update_title()
        items = self.agenda.model.items()
        start = current_exercise(items) or (items[0] if items else None)
        if start is not None:
            self.agenda.select(start.id)
        else:
            self.show_item(None)
        self.board.capture.setEnabled(not self.session.read_only)
        fit_to_screen(self, 1600, 1000)
        # The board gets at least half the width, however small the screen.
        width = self.width()
        self.resizeDocks(
            list(self.side_docks),
            [min(330, width // 5), min(380, width // 4)],
            Qt.Orientation.Horizontal,
        )

    @property
    def workshop(self) -> Workshop:
        return self.session.workshop

    # -- building -----------------------------------------------------------------------

    def _middle(self, read_only_reason: str) -> QWidget:
        self.banner = QLabel(read_only_reason)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(bool(read_only_reason))
        self.empty = QLabel(
            self.tr(
                "This workshop has no agenda yet. Add an exercise with “Add…” under the agenda."
            )
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        # On a short screen (1280×720, or 200 % scaling) the exercise scrolls inside
        # the window rather than the window growing past the bottom of the screen.
        self.board_scroll = QScrollArea()
        self.board_scroll.setWidgetResizable(True)
        self.board_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.board_scroll.setWidget(self.board)
        self.middle = QStackedWidget()
        self.middle.addWidget(self.board_scroll)
        self.middle.addWidget(self.empty)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.offer)
        column.addWidget(self.middle, 1)
        return central

    def _docks(self) -> tuple[QDockWidget, QDockWidget]:
        docks = []
        for title, name, widget, area in (
            (self.tr("Agenda"), "agenda_dock", self.agenda, Qt.DockWidgetArea.LeftDockWidgetArea),
            (
                self.tr("Inspector"),
                "inspector_dock",
                self.inspector,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
            (
                self.tr("History"),
                "history_dock",
                self.history,
                Qt.DockWidgetArea.RightDockWidgetArea,
            ),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(name)
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
            self.addDockWidget(area, dock)
            docks.append(dock)
        agenda, inspector, history = docks
        self.tabifyDockWidget(inspector, history)
        inspector.raise_()
        return agenda, inspector

    def _toolbar(self) -> None:
        """The clock, the steps, Reveal, the projector and the room — what the
        facilitator reaches for in front of the room — then Export brief… and a
        Workshop menu with what is needed now and then. All of it fits a 1280×720
        laptop, the window maximised or not (tests/ui/test_small_screen.py)."""
        bar = QToolBar(self.tr("Workshop"))
        bar.setObjectName("workshop_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(self.run.timer_widget)
        bar.addSeparator()
        bar.addWidget(self.run.previous_step)
        bar.addWidget(self.run.next_step)
        bar.addSeparator()
        bar.addWidget(self.run.reveal_button)
        bar.addSeparator()
        self.buttons: dict[str, QPushButton] = {}
        for name, label, tip, slot in (
            (
                "projector",
                self.tr("Projector"),
                self.tr("The wall for the room (F5)"),
                self.toggle_projector,
            ),
            (
                "room",
                self.tr("Open the room"),
                self.tr("Phones join, write and vote (F7)"),
                self.open_room,
            ),
            (
                "export",
                self.tr("Export brief…"),
                self.tr("The brief as PDF, slides or Word (Ctrl+E)"),
                self.open_export,
            ),
        ):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, run=slot: run())
            bar.addWidget(button)
            self.buttons[name] = button
            if name == "room":  # what is used now and then goes to the right
                spacer = QWidget()
                spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                bar.addWidget(spacer)
        self.workshop_menu = QMenu(self.tr("Workshop"), self)
        menu_button = QPushButton(self.tr("&Workshop"))
        menu_button.setObjectName("menu_button")
        menu_button.setToolTip(self.tr("Details, people in the room, shortcuts"))
        menu_button.setMenu(self.workshop_menu)
        bar.addWidget(menu_button)
        self.buttons["workshop"] = menu_button
        self.room = RoomControl(
            self.session, self.run, self.timer, self.projector, self.buttons["room"]
        )

    def _fill_workshop_menu(self) -> None:
        """The Workshop menu holds the very actions the keys trigger: one command,
        its key written beside it."""
        for keys, text in (
            ("Ctrl+I", self.tr("Workshop &details…")),
            ("Ctrl+Shift+P", self.tr("&People in the room…")),
            ("F1", self.tr("Keyboard &shortcuts")),
            ("", ""),
            ("Ctrl+W", self.tr("&Close the workshop")),
        ):
            if not keys:
                self.workshop_menu.addSeparator()
                continue
            action = self.key_actions[keys]
            action.setText(text)
            self.workshop_menu.addAction(action)

    def _keys(self) -> None:
        """The keys of the shortcut list (:mod:`ui.live.shortcuts`), bound to what they do."""
        undo = QAction(self.tr("Undo"), self)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.triggered.connect(lambda _checked=False: self.undo())
        redo = QAction(self.tr("Redo"), self)
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.triggered.connect(lambda _checked=False: self.redo())
        self.addAction(undo)
        self.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        run, cards, timer = self.run, self.cards, self.timer
        slots: dict[str, Callable[[], object]] = {
            "Ctrl+L": cards.focus_capture,
            "Ctrl+F": self.board.search.setFocus,
            "F2": cards.edit_card,
            "Delete": cards.delete_selected,
            "Ctrl+G": cards.group_selected,
            "Ctrl+Space": run.toggle_clock,
            "Ctrl+R": timer.reset,
            "Ctrl+1": lambda: timer.add_minutes(1),
            "Ctrl+5": lambda: timer.add_minutes(5),
            "Ctrl+Left": lambda: run.go_step(-1),
            "Ctrl+Right": lambda: run.go_step(+1),
            "Ctrl+Up": lambda: self.agenda.step(-1),
            "Ctrl+Down": lambda: self.agenda.step(+1),
            "Ctrl+Shift+A": self.agenda.add_exercise,
            "F5": self.toggle_projector,
            "F6": run.reveal_button.toggle,
            "Ctrl+Shift+P": self.open_people,
            "F7": self.open_room,
            "Ctrl+I": self.show_workshop_details,
            "F4": self.focus_inspector,
            "Ctrl+E": self.open_export,
            "F1": self.show_shortcuts,
            "Ctrl+W": self.close,
        }
        self.key_actions = bind(self, slots)
        # Ctrl+Q quits from any window of the app, the projector's too.
        self.key_actions[QUIT_KEYS] = quit_action(self)
        quit_action(self.projector)
        self._fill_workshop_menu()

    # -- the exercise on screen ---------------------------------------------------------

    def show_item(self, item_id: str | None) -> None:
        """Show the exercise *item_id* (None: none) in the middle, on the wall and
        on the clock."""
        found = self.session.workshop.find(item_id) if item_id else None
        item = found if isinstance(found, AgendaItem) else None
        if item is not None and self.run.shows(item):
            # The agenda re-showed the exercise on screen (an agenda move, or its undo):
            # the cards, their selection and the keyboard stay where they are.
            self.run.follow(item)
            return
        moved_on = self.run.item is None or item is None or self.run.item.id != item.id
        self.run.show(item)
        self.middle.setCurrentWidget(self.board_scroll if item else self.empty)
        if self.settings is not None and self.session.workshop.path and item:
            self.settings.mark_open(self.session.workshop.path, item.id)
        self.cards.show(item)
        self.offer.offer(item)
        focused = self.focusWidget()
        if moved_on and (focused is None or self.board_scroll.isAncestorOf(focused)):
            # Ctrl+Up/Down from inside an exercise: the keyboard lands in the new one
            # (the capture line, or the exercise's view), not on a hidden table.
            self._focus_exercise()

    def _keep_tables_in_view(self) -> None:
        """On a short screen the exercise scrolls as a whole: whichever table or
        board the keyboard moves in, its current cell stays in view."""
        for view in self.board.findChildren(QAbstractItemView):
            keep_current_in_view(self.board_scroll, view)

    def _focus_exercise(self) -> None:
        if self.board.capture.isVisibleTo(self) and self.board.capture.isEnabled():
            self.cards.focus_capture()
        elif self.run.current_view is not None:
            self.run.current_view.focus_main()

    def _settled(self, change: Change) -> None:
        if self.session.acting:
            # Something done since (not the clock saving its minutes, nor a card from a
            # phone): a refusal is about the past.
            self.message.moved_on()
        if any(rc.table == "meta" for rc in change.records):
            self.update_title()
        item = self.run.item
        if item is None or not any(rc.id == item.id for rc in change.records):
            return
        fresh = self.session.workshop.find(item.id)
        if isinstance(fresh, AgendaItem):
            self.run.follow(fresh)
            self.offer.offer(fresh)  # e.g. an update undone
        elif fresh is None:
            self.show_item(None)

    def _inspect(self, record: Record | None) -> None:
        if record is not None and record != self.inspector.record:
            self.message.moved_on()  # on to another card: a refusal was about the last one
        self.inspector.show_record(record, self.run.fields() if record is not None else None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the first word typed after opening is a card
            self._shown_once = True
            self._focus_exercise()

    # -- undo and redo ------------------------------------------------------------------

    def undo(self) -> None:
        """Ctrl+Z: the last step taken back, said in the status bar; a step made in
        another exercise is undone there, in view."""
        self._retraced(self.session.step_back(), self.tr("Undone: %s"), self.tr("Nothing to undo"))

    def redo(self) -> None:
        self._retraced(
            self.session.step_forward(), self.tr("Redone: %s"), self.tr("Nothing to redo")
        )

    def _retraced(self, command: ChangeCommand | None, done: str, nothing: str) -> None:
        if command is None:
            self.message.tell(nothing)
            return
        if command.isObsolete():
            return  # it could not be done: the session said why, in red
        text = done % command.text()
        where = self.session.workshop.find(command.where) if command.where else None
        here = self.run.item
        if isinstance(where, AgendaItem) and (here is None or here.id != where.id):
            self.agenda.select(where.id)
            number = self.session.workshop.typed(AgendaItem).index(where) + 1
            text = self.tr("%s (in %d. %s)") % (text, number, where.summary())
        self.message.tell(text)

    # -- the inspector ------------------------------------------------------------------

    def focus_inspector(self) -> None:
        """F4: the keyboard to the selected card's fields (Escape brings it back)."""
        first = next(iter(self.inspector.editors.values()), None)
        if first is None:
            self.message.say(self.tr("Select a card first: its fields are shown in the inspector"))
            return
        self.side_docks[1].show()
        self.side_docks[1].raise_()
        first.setFocus()

    def show_workshop_details(self) -> None:
        """The workshop's title, client, date, objective ... in the inspector."""
        self.inspector.show_record(self.session.workshop.meta, META_FIELDS)
        self.side_docks[1].show()
        self.side_docks[1].raise_()
        first = next(iter(self.inspector.editors.values()), None)
        if first is not None:
            first.setFocus()

    # -- other windows ------------------------------------------------------------------

    def toggle_projector(self) -> None:
        if self.projector.isVisible():
            self.projector.hide()
        else:
            self.projector.present(full_screen=len(self.screen().virtualSiblings()) > 1)

    def open_people(self) -> None:
        if self.people_dialog is None:
            self.people_dialog = ParticipantsDialog(self.session, self)
        self.people_dialog.show()
        self.people_dialog.raise_()

    def open_room(self) -> None:
        self.room.open()

    def open_export(self) -> None:
        if self.export_dialog is None:
            # Imported on first use: the brief needs ReportLab, whose import alone
            # would add a third of a second to every start of the app.
            from ui.export_dialog import ExportDialog

            self.export_dialog = ExportDialog(self.session.workshop, self)
        self.export_dialog.show()
        self.export_dialog.raise_()

    def show_shortcuts(self) -> None:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.open()

    def update_title(self) -> None:
        meta = self.session.workshop.meta
        suffix = self.tr(" (read-only)") if self.session.read_only else ""
        client = f" — {meta.client}" if meta.client else ""
        self.setWindowTitle(f"{meta.title}{client}{suffix} · Facilitator")

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.room.close()  # no phone reaches the workshop once it closes
        self.timer.pause()  # time used is saved
        self.projector.hide()
        self.projector.deleteLater()
        if self.settings is not None and self.session.workshop.path:
            self.settings.mark_closed(self.session.workshop.path)
        self.session.detach()
        self.closed.emit(self.session.workshop)
        super().closeEvent(event)
