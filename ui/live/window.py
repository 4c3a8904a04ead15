"""The live workshop window: where the consultant spends the workshop.

It composes the views — agenda (left), exercise board (middle), inspector and
history (right), timer and buttons (top), save state (bottom), the projector
(a window of its own) — around one :class:`~ui.live.session.Session`. It owns no
business rules: every action is one core operation through the session.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from facilitator.agenda import (
    mandate_note_count,
    mandate_notes,
    notes_into_objective,
    update_run,
)
from facilitator.capture import hint_for
from facilitator.model import AgendaItem, Problem, Record
from facilitator.operations import Captured, capture, delete_cards, group_cards, groups
from facilitator.templates import Library, Template
from facilitator.workshop import Change, SaveStatus, Workshop
from ui.geometry import fit_to_screen
from ui.live.agenda import AgendaPanel
from ui.live.board import ExerciseBoard
from ui.live.concerns import ConcernSummary
from ui.live.inspector import META_FIELDS, Inspector
from ui.live.models import RECORD_ROLE, BoardProxy, CardsModel
from ui.live.parking import ParkingLot
from ui.live.participants import ParticipantsDialog
from ui.live.problem_picker import PARKED, ProblemPicker
from ui.live.projector import ProjectorWindow, cards_text
from ui.live.session import Session
from ui.live.timer import ExerciseTimer, TimerWidget
from ui.live.views import ExerciseView, view_class
from ui.settings import AppSettings
from ui.theme import ALARM_PAPER, tone

TABLE_FOR = {
    "problem": "problems",
    "idea": "ideas",
    "concern": "concerns",
    "action": "actions",
    "licence": "licences",
    "participant": "participants",
    "note": "notes",
}

PARK = "parked"
"""What :meth:`WorkshopWindow.ask_problem` says when the idea went to the parking lot."""

SHORTCUTS = (
    ("Capture", "Enter in the capture line (Shift+Enter: new line)"),
    ("Go to the capture line", "Ctrl+L"),
    ("Filter cards", "Ctrl+F"),
    ("Edit the selected card's text", "F2"),
    ("Delete the selected cards", "Delete"),
    ("Group the selected cards", "Ctrl+G"),
    ("Workshop details: title, client, objective …", "Ctrl+I"),
    ("The selected card's fields, in the inspector (Escape comes back)", "F4"),
    ("Start or pause the timer", "Ctrl+Space"),
    ("Reset the timer", "Ctrl+R"),
    ("Add 1 / 5 minutes", "Ctrl+1 / Ctrl+5"),
    ("Previous / next step", "Ctrl+Left / Ctrl+Right"),
    ("Previous / next exercise", "Ctrl+Up / Ctrl+Down"),
    ("Move the exercise up / down (agenda)", "Alt+Up / Alt+Down"),
    ("Undo / redo", "Ctrl+Z / Ctrl+Shift+Z"),
    ("Projector view", "F5"),
    ("Reveal to the room (the vote, the silent writing)", "F6"),
    ("Vote: add a dot / take it back", "Space or + / - or Backspace"),
    ("Vote: previous / next person", "[ / ]"),
    ("People in the room", "Ctrl+Shift+P"),
    ("Export the brief", "Ctrl+E"),
    ("These shortcuts", "F1"),
    ("Close the workshop", "Ctrl+W"),
)


class SaveStatusBar(QWidget):
    """ "Saved", or a red "Not saved" with Retry and Save elsewhere — never a popup."""

    def __init__(self, session: Session, window: WorkshopWindow) -> None:
        super().__init__()
        self.session = session
        self.window_ = window
        self.label = QLabel()
        self.label.setAccessibleName(self.tr("Save state"))
        self.retry = QPushButton(self.tr("Retry"))
        self.elsewhere = QPushButton(self.tr("Save elsewhere…"))
        self.retry.clicked.connect(self._retry)
        self.elsewhere.clicked.connect(self._save_elsewhere)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.retry)
        layout.addWidget(self.elsewhere)
        session.status_changed.connect(self.show_status)
        self.show_status(session.status())

    def show_status(self, status: SaveStatus) -> None:
        failing = not status.saved
        self.retry.setVisible(failing)
        self.elsewhere.setVisible(failing)
        if self.session.read_only:
            self.label.setText(self.tr("Read-only"))
            self.label.setStyleSheet(f"color: {tone('muted')};")
        elif failing:
            self.label.setText(self.tr("Not saved — %s") % (status.error or ""))
            self.label.setStyleSheet(
                f"color: white; background: {ALARM_PAPER}; padding: 2px 8px; font-weight: 600;"
            )
        elif status.warning:
            self.label.setText(self.tr("Saved ✓ (%s)") % status.warning)
            self.label.setStyleSheet(f"color: {tone('warn')};")
        else:
            self.label.setText(self.tr("Saved ✓"))
            self.label.setStyleSheet(f"color: {tone('good')}; font-weight: 600;")

    def _retry(self) -> None:
        self.session.workshop.retry_save()

    def _save_elsewhere(self) -> None:
        workshop = self.session.workshop
        start = str(workshop.path) if workshop.path else str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the workshop elsewhere"),
            start,
            self.tr("Workshops (*.workshop.json)"),
        )
        if chosen:
            try:
                workshop.save_as(Path(chosen))
            except Exception as error:
                self.label.setText(self.tr("Not saved — %s") % error)
            self.window_.update_title()


class WorkshopWindow(QMainWindow):
    """One open workshop, run live."""

    closed = Signal(object)  # the Workshop, for its owner to close off the GUI thread

    def __init__(
        self,
        workshop: Workshop,
        library: Library,
        settings: AppSettings | None = None,
        read_only_reason: str = "",
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.session = Session(workshop, self)
        self.timer = ExerciseTimer(self.session, self)
        self.card_models: dict[str, CardsModel] = {}
        self.views: dict[str, ExerciseView] = {}
        self.current_view: ExerciseView | None = None
        self.shown_view = "cards"
        self._shown_once = False
        self._arriving: list[str] = []
        self._mood = ""
        self.objective_question: QMessageBox | None = None
        self.revealed_steps: set[tuple[str, int]] = set()
        self.board_proxy: BoardProxy | None = None
        self.projector_proxy: BoardProxy | None = None
        self.step_index: dict[str, int] = {}
        self.item: AgendaItem | None = None
        self.export_dialog: QDialog | None = None
        self.people_dialog: ParticipantsDialog | None = None
        self.projector = ProjectorWindow()

        self.agenda = AgendaPanel(self.session, library)
        self.board = ExerciseBoard()
        self.concern_summary = ConcernSummary.install(self.session, self.board, self.projector)
        self.parking = ParkingLot(self.session, self.ask_problem)
        board_layout = self.board.layout()
        assert board_layout is not None
        board_layout.addWidget(self.parking)
        self.inspector = Inspector(self.session)
        self.history = QUndoView(self.session.undo_stack)
        self.history.setEmptyLabel(self.tr("Opened"))
        self.history.setAccessibleName(self.tr("History"))
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
        column.addWidget(self._template_bar())
        column.addWidget(self.middle, 1)
        self.setCentralWidget(central)
        self._docks()
        self._toolbar()
        self.save_state = SaveStatusBar(self.session, self)
        self.statusBar().addPermanentWidget(self.save_state)
        self.message = QLabel()
        self.statusBar().addWidget(self.message, 1)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.setInterval(8000)
        self._fade.timeout.connect(lambda: self.say(""))

        self.agenda.selected.connect(self.show_item)
        self.board.capture.captured.connect(self.capture)
        self.board.capture.escaped.connect(self._leave_capture)
        self.inspector.escaped.connect(self._leave_capture)
        self.board.to_objective.clicked.connect(self.notes_to_objective)
        self.board.search.textChanged.connect(self._filter)
        self.board.cards.activated.connect(lambda _index: self.edit_card())
        self.session.failed.connect(self.say)
        self.session.changed.connect(self._changed)
        self.timer.ticked.connect(self._projector_time)
        self.timer.running_changed.connect(self._timer_running)
        self._actions()
        self.update_title()
        items = self.agenda.model.items()
        start = next((i for i in items if i.status == "running"), None) or next(
            (i for i in items if i.status == "planned"), items[0] if items else None
        )
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

    def _docks(self) -> None:
        left = QDockWidget(self.tr("Agenda"), self)
        left.setObjectName("agenda_dock")
        left.setWidget(self.agenda)
        left.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)
        inspector = QDockWidget(self.tr("Inspector"), self)
        inspector.setObjectName("inspector_dock")
        inspector.setWidget(self.inspector)
        inspector.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, inspector)
        history = QDockWidget(self.tr("History"), self)
        history.setObjectName("history_dock")
        history.setWidget(self.history)
        history.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, history)
        self.tabifyDockWidget(inspector, history)
        inspector.raise_()
        self.side_docks = (left, inspector)

    def _toolbar(self) -> None:
        bar = QToolBar(self.tr("Workshop"))
        bar.setObjectName("workshop_toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.timer_widget = TimerWidget(self.timer)
        bar.addWidget(self.timer_widget)
        bar.addSeparator()
        self.previous_step = QPushButton(self.tr("◀ Step"))
        self.next_step = QPushButton(self.tr("Step ▶"))
        self.previous_step.setToolTip("Ctrl+Left")
        self.next_step.setToolTip("Ctrl+Right")
        self.previous_step.clicked.connect(lambda: self.go_step(-1))
        self.next_step.clicked.connect(lambda: self.go_step(+1))
        bar.addWidget(self.previous_step)
        bar.addWidget(self.next_step)
        bar.addSeparator()
        self.reveal_button = QPushButton(self.tr("Reveal"))
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("Show the room what it cannot see yet (F6)"))
        self.reveal_button.toggled.connect(self.set_revealed)
        bar.addWidget(self.reveal_button)
        for label, tip, slot in (
            (self.tr("Workshop"), "Ctrl+I", self.show_workshop_details),
            (self.tr("Projector"), "F5", self.toggle_projector),
            (self.tr("People"), "Ctrl+Shift+P", self.open_people),
            (self.tr("Export brief…"), "Ctrl+E", self.open_export),
            (self.tr("Shortcuts"), "F1", self.show_shortcuts),
        ):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            bar.addWidget(button)
            setattr(self, f"{label.split()[0].lower()}_button", button)

    def _actions(self) -> None:
        undo = self.session.undo_stack.createUndoAction(self, self.tr("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.session.undo_stack.createRedoAction(self, self.tr("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addAction(undo)
        self.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        bindings: list[tuple[str, Any]] = [
            ("Ctrl+L", self.focus_capture),
            ("Ctrl+F", self.board.search.setFocus),
            ("F2", self.edit_card),
            ("Delete", self.delete_selected),
            ("Ctrl+G", self.group_selected),
            ("Ctrl+Space", self.timer.toggle),
            ("Ctrl+R", self.timer.reset),
            ("Ctrl+1", lambda: self.timer.add_minutes(1)),
            ("Ctrl+5", lambda: self.timer.add_minutes(5)),
            ("Ctrl+Left", lambda: self.go_step(-1)),
            ("Ctrl+Right", lambda: self.go_step(+1)),
            ("Ctrl+Up", lambda: self.agenda.step(-1)),
            ("Ctrl+Down", lambda: self.agenda.step(+1)),
            ("F5", self.toggle_projector),
            ("F6", self.reveal_button.toggle),
            ("Ctrl+Shift+P", self.open_people),
            ("Ctrl+I", self.show_workshop_details),
            ("F4", self.focus_inspector),
            ("Ctrl+E", self.open_export),
            ("F1", self.show_shortcuts),
            ("Ctrl+W", self.close),
        ]
        for keys, slot in bindings:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)

    # -- the current exercise ---------------------------------------------------------------

    def show_item(self, item_id: str | None) -> None:
        moved_on = self.item is None or self.item.id != item_id
        found = self.session.workshop.find(item_id) if item_id else None
        if (
            not moved_on
            and isinstance(found, AgendaItem)
            and self.item is not None
            and found.template == self.item.template
        ):
            # The agenda re-showed the exercise on screen (an agenda move, or its undo):
            # the cards, their selection and the keyboard stay where they are.
            self.item = found
            self._show_step()
            return
        if moved_on:
            self.say("")  # what was said about the last exercise is not about this one
        self.item = found if isinstance(found, AgendaItem) else None
        if not self.timer.running:  # a running clock keeps timing its own exercise
            self.timer.attach(self.item.id if self.item else None)
        self._show_timing()
        self.middle.setCurrentWidget(self.board_scroll if self.item else self.empty)
        if self.settings is not None and self.session.workshop.path and self.item:
            self.settings.mark_open(self.session.workshop.path, self.item.id)
        self._show_cards()
        self.concern_summary.follow(self.captures == "concern")
        self._show_step()
        self._show_view()
        self._offer_template_update()
        focused = self.focusWidget()
        if moved_on and (focused is None or self.board_scroll.isAncestorOf(focused)):
            # Ctrl+Up/Down from inside an exercise: the keyboard lands in the new one
            # (the capture line, or the exercise's view), not on a hidden table.
            self._focus_exercise()

    def _focus_exercise(self) -> None:
        if self.board.capture.isVisibleTo(self) and self.board.capture.isEnabled():
            self.focus_capture()
        elif self.current_view is not None:
            self.current_view.focus_main()

    # -- a template edited since this run was planned --------------------------------------

    def _template_bar(self) -> QWidget:
        self.template_notice = QLabel()
        self.template_notice.setWordWrap(True)
        self.update_template_button = QPushButton(self.tr("&Update this run"))
        self.update_template_button.clicked.connect(self.update_template)
        keep = QPushButton(self.tr("Keep as planned"))
        keep.clicked.connect(self.keep_template)
        self.template_offer = QWidget()
        self.template_offer.setObjectName("banner_box")
        self.template_offer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self.template_offer)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.template_notice, 1)
        row.addWidget(self.update_template_button)
        row.addWidget(keep)
        self.template_offer.hide()
        self._kept_templates: set[str] = set()
        return self.template_offer

    def _newer_template(self) -> Template | None:
        """The library's version of the current exercise, if it differs from the
        snapshot this run was planned with (and nobody chose to keep the snapshot)."""
        item = self.item
        if item is None or item.id in self._kept_templates or self.session.read_only:
            return None
        current = self.library.templates.get(str(item.template.get("id", "")))
        if current is None or current.snapshot() == item.template:
            return None
        return current

    def _offer_template_update(self) -> None:
        newer = self._newer_template()
        self.template_offer.setVisible(newer is not None)
        if newer is not None:
            self.template_notice.setText(
                self.tr(
                    "The “%s” template has changed since this exercise was planned. "
                    "Update this run? Cards already captured stay as they are."
                )
                % newer.title
            )

    def update_template(self) -> None:
        newer = self._newer_template()
        item = self.item
        if newer is None or item is None:
            return
        self.session.perform(partial(update_run, self.session.workshop, item, newer))
        self.show_item(item.id)

    def keep_template(self) -> None:
        if self.item is not None:
            self._kept_templates.add(self.item.id)
        self.template_offer.hide()

    @property
    def captures(self) -> str:
        return str(self.item.template.get("captures", "none")) if self.item else "none"

    def steps(self) -> list[dict[str, Any]]:
        if self.item is None:
            return []
        return [s for s in self.item.template.get("steps", []) if isinstance(s, dict)]

    def go_step(self, offset: int) -> None:
        if self.item is None:
            return
        count = len(self.steps())
        current = self.step_index.get(self.item.id, 0)
        self.step_index[self.item.id] = max(0, min(current + offset, count - 1))
        self._show_step()
        if self.view_name() != self.shown_view:
            self._show_view()  # e.g. from grouping on the board to the vote
        self._show_privacy()

    def _show_step(self) -> None:
        item = self.item
        steps = self.steps()
        index = self.step_index.get(item.id, 0) if item else 0
        step = steps[index] if 0 <= index < len(steps) else {}
        title = item.summary() if item else ""
        step_line = (
            self.tr("Step %d of %d: %s · %s min")
            % (index + 1, len(steps), step.get("title", ""), step.get("minutes", "?"))
            if step
            else ""
        )
        self.board.title.setText(title)
        self.board.step.setText(step_line)
        self.board.prompt.setText(str(step.get("prompt", "")))
        self.board.script.setText(str(step.get("facilitator", "")).strip())
        self.previous_step.setEnabled(index > 0)
        self.next_step.setEnabled(index < len(steps) - 1)
        self.projector.show_exercise(title, str(step.get("title", "")), str(step.get("prompt", "")))

    def _show_cards(self) -> None:
        self.parking.set_wanted(self.captures == "idea")
        into = self.item.template.get("into") if self.item else None
        self.board.to_objective.setVisible(into == "objective")
        self.board.to_objective.setEnabled(not self.session.read_only)
        self.board.hint.setText(hint_for(self.captures))
        table = TABLE_FOR.get(self.captures)
        capturing = table is not None
        for widget in (
            self.board.capture,
            self.board.hint,
            self.board.search,
            self.board.cards,
            self.board.count,
        ):
            widget.setVisible(capturing)
        if table is None:
            self.board_proxy = self.projector_proxy = None
            self.board.cards.setModel(None)
            self.projector.set_cards(None)
            self.inspector.show_record(None, None)
            return
        model = self.card_models.get(table)
        if model is None:
            model = CardsModel(self.session, table)
            self.card_models[table] = model
        self.board_proxy = BoardProxy(model)
        self.board_proxy.setFilterFixedString(self.board.search.text())
        # Counted when the rows change, not when the workshop does: the model may
        # hear of a change after the window, and the count would be one behind.
        for signal in (
            self.board_proxy.rowsInserted,
            self.board_proxy.rowsRemoved,
            self.board_proxy.modelReset,
        ):
            # Counted once the change is complete: the proxy drops a row while its
            # source still has it, and "4 of 5 cards" read like a filter at work.
            signal.connect(lambda *_: QTimer.singleShot(0, self._count))
        self.board.cards.setModel(self.board_proxy)
        self.board.cards.selectionModel().currentChanged.connect(self._card_selected)
        self.projector_proxy = BoardProxy(model)
        self.projector.set_cards(self.projector_proxy)
        self._count()
        self.inspector.show_record(None, None)

    # -- the exercise's own view (vote, matrix, ...) and what the room may see -------------

    def view_name(self) -> str:
        """The view of the current step: its own (the board, to group before a vote)
        or the exercise's."""
        if self.item is None:
            return "cards"
        steps = self.steps()
        index = self.step_index.get(self.item.id, 0)
        step = steps[index] if 0 <= index < len(steps) else {}
        return str(step.get("view") or self.item.template.get("view", "cards"))

    def _show_view(self) -> None:
        name = self.shown_view = self.view_name()
        for shown in self.views.values():
            shown.active = False
        kind = view_class(name)
        if kind is None or self.item is None:
            self.current_view = None
            self.board.body.setCurrentWidget(self.board.card_page)
            self.projector.set_view(None)
        else:
            found = self.views.get(name)
            view = found if found is not None else kind(self.session)
            if found is None:
                view.record_selected.connect(self._view_record)
                self.board.body.addWidget(view)
                self.views[name] = view
            view.show_item(self.item)
            self.current_view = view
            self.board.body.setCurrentWidget(view)
            self.projector.set_view(view.projector_view())
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(False)
        self.reveal_button.blockSignals(False)
        self._show_privacy()

    def _view_record(self, record: Record | None) -> None:
        fields = self.item.template.get("fields", []) if self.item else []
        self.inspector.show_record(record, [f for f in fields if isinstance(f, dict)])

    def private_step(self) -> bool:
        """A silent-writing step: the room sees how many cards, not what they say."""
        steps = self.steps()
        index = self.step_index.get(self.item.id, 0) if self.item else 0
        step = steps[index] if 0 <= index < len(steps) else {}
        return bool(step.get("private"))

    def set_revealed(self, revealed: bool) -> None:
        if self.reveal_button.isChecked() != revealed:
            self.reveal_button.setChecked(revealed)  # comes back here through toggled
            return
        if self.current_view is not None:
            self.current_view.set_revealed(revealed)
        elif self.item is not None:
            key = (self.item.id, self.step_index.get(self.item.id, 0))
            if revealed:
                self.revealed_steps.add(key)
            else:
                self.revealed_steps.discard(key)
        self._show_privacy()

    def _show_privacy(self) -> None:
        key = (self.item.id, self.step_index.get(self.item.id, 0)) if self.item else None
        private = self.current_view is None and self.private_step()
        hidden = private and key not in self.revealed_steps
        self.projector.set_private(hidden)
        if private:
            self.reveal_button.blockSignals(True)
            self.reveal_button.setChecked(not hidden)
            self.reveal_button.blockSignals(False)
        self.reveal_button.setEnabled(private or self.current_view is not None)

    def _filter(self, text: str) -> None:
        if self.board_proxy is not None:
            self.board_proxy.setFilterFixedString(text)
        self._count()

    def _count(self) -> None:
        proxy = self.board_proxy
        if proxy is None:
            return
        shown, total = proxy.rowCount(), proxy.sourceModel().rowCount()
        self.board.count.setText(
            self.tr("%d of %d cards") % (shown, total) if shown != total else cards_text(total)
        )

    def _card_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = current.data(RECORD_ROLE) if current.isValid() else None
        board, room = self.board_proxy, self.projector_proxy
        if current.isValid() and board is not None and room is not None:
            # The room follows the card being talked about (the projector cannot scroll).
            self.projector.cards.show_card(room.mapFromSource(board.mapToSource(current)))
        fields = self.item.template.get("fields", []) if self.item else []
        self.inspector.show_record(record, [f for f in fields if isinstance(f, dict)])

    def _changed(self, change: Change) -> None:
        self._count()
        # Something done since (not the timer saving its minutes): the refusal is old.
        done = any(rc.table != "agenda" for rc in change.records)
        if done and self._mood == "bad":
            self.say("")
        shown = TABLE_FOR.get(self.captures)
        back = [
            rc.id
            for rc in change.records
            if rc.table == shown and rc.before is None and rc.after is not None
        ]
        if back:
            # Cards that come (captured, or brought back by Ctrl+Z) are the ones the
            # facilitator is on: selected, so Delete or F2 act on them. An undo step of
            # several cards arrives as several changes: gathered, then selected at once.
            if not self._arriving:
                QTimer.singleShot(0, self._select_arrived)
            self._arriving.extend(back)
        if any(rc.table == "meta" for rc in change.records):
            self.update_title()
        if self.item is None or not any(rc.id == self.item.id for rc in change.records):
            return
        fresh = self.session.workshop.find(self.item.id)
        if isinstance(fresh, AgendaItem):
            self.item = fresh
            self._offer_template_update()  # e.g. an update undone
        elif fresh is None:
            self.show_item(None)

    # -- capturing and editing cards -------------------------------------------------------------

    def focus_capture(self) -> None:
        self.board.capture.setFocus()

    def _leave_capture(self) -> None:
        """Escape from the capture line: to the exercise's view, or to the cards."""
        if self.current_view is not None:
            self.current_view.focus_main()
        else:
            self.board.cards.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:  # the first word typed after opening is a card
            self._shown_once = True
            self._focus_exercise()

    def capture(self, typed: str) -> Record | None:
        """Turn a typed line into a saved card of the exercise's kind (the rules are
        :func:`facilitator.operations.capture`'s); an idea without a problem asks
        which problem it solves."""
        item = self.item
        if self.captures == "none" or item is None or self.session.read_only:
            return None
        workshop = self.session.workshop

        def attempt(**choice: Any) -> Captured | None:
            return self.session.perform(lambda: capture(workshop, item.id, typed, **choice))

        done = attempt()
        if done is not None and done.needs_problem:
            problem = self.ask_problem(done.text)
            if problem is None:
                self.say(self.tr("Kept in the capture line: an idea needs the problem it solves."))
                return None
            done = attempt(park=True) if problem == PARK else attempt(problem_ids=[problem])
        if done is None or done.card is None:
            return None
        self.board.capture.clear()
        news = []
        if done.parked:
            news.append(
                self.tr("Parked — which problem does it solve? It waits in the parking lot.")
            )
        if done.person is not None:
            news.append(self.tr("%s joined the people in the room.") % done.person.name)
            if not done.parked:
                news.append(self.tr("(Ctrl+Z takes back both)"))
        if news:
            self.tell(" ".join(news))
        else:
            self.say("")
        if not done.parked:
            self._select_card(done.card.id)
        self.board.capture.setFocus()
        return done.card

    def focus_inspector(self) -> None:
        """F4: the keyboard to the selected card's fields (Escape brings it back)."""
        first = next(iter(self.inspector.editors.values()), None)
        if first is None:
            self.say(self.tr("Select a card first: its fields are shown in the inspector"))
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

    def notes_to_objective(self) -> None:
        """The mandate check's notes become the objective the brief opens with."""
        item = self.item
        if item is None:
            return
        workshop = self.session.workshop
        existing = workshop.meta.objective.strip()
        notes = mandate_notes(workshop, item)
        after = False
        if existing and notes and existing != notes:
            # An objective typed when the workshop was made is not thrown away unasked.
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Question)
            box.setWindowTitle(self.tr("The workshop has an objective"))
            box.setText(self.tr("Replace the objective with these notes, or add them to it?"))
            box.setInformativeText(existing[:400])
            replace = box.addButton(self.tr("&Replace"), QMessageBox.ButtonRole.AcceptRole)
            add = box.addButton(self.tr("&Add after it"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(add)
            self.objective_question = box
            box.exec()
            self.objective_question = None
            if box.clickedButton() not in (replace, add):
                return
            after = box.clickedButton() is add
        done = self.session.perform(lambda: notes_into_objective(workshop, item, after=after))
        if done is not None:
            lines = mandate_note_count(workshop, item)
            self.tell(
                self.tr("%d note(s) added to the objective; Ctrl+Z takes it back") % lines
                if after
                else self.tr("The objective is now these %d note(s); Ctrl+Z takes it back") % lines
            )

    def ask_problem(self, idea: str) -> str | None:
        """The id of the problem the idea solves, PARK for the parking lot, or None."""
        picker = ProblemPicker(self.session.workshop.typed(Problem), idea, self)
        self.problem_picker: ProblemPicker | None = picker
        result = picker.exec()
        self.problem_picker = None
        if result == PARKED:
            return PARK
        return picker.chosen() if result == QDialog.DialogCode.Accepted else None

    def _select_arrived(self) -> None:
        arrived, self._arriving = self._arriving, []
        if arrived:
            self._select_cards(arrived)

    def _select_cards(self, record_ids: list[str]) -> None:
        self._select_card(record_ids[-1])
        table = TABLE_FOR.get(self.captures)
        model = self.card_models.get(table or "")
        chosen = self.board.cards.selectionModel()
        if model is None or self.board_proxy is None or chosen is None:
            return
        for record_id in record_ids[:-1]:
            index = self.board_proxy.mapFromSource(model.index(model.row_of(record_id)))
            if index.isValid():
                chosen.select(index, QItemSelectionModel.SelectionFlag.Select)

    def _select_card(self, record_id: str) -> None:
        table = TABLE_FOR.get(self.captures)
        model = self.card_models.get(table or "")
        if model is None or self.board_proxy is None:
            return
        row = model.row_of(record_id)
        if row >= 0:
            index = self.board_proxy.mapFromSource(model.index(row))
            if index.isValid():
                self.board.cards.setCurrentIndex(index)
                self.board.cards.scrollTo(index)

    def selected_cards(self) -> list[Record]:
        rows = (
            self.board.cards.selectionModel().selectedIndexes()
            if self.board.cards.selectionModel()
            else []
        )
        return [i.data(RECORD_ROLE) for i in rows if i.data(RECORD_ROLE) is not None]

    def delete_selected(self) -> None:
        if not self.board.cards.hasFocus():
            return
        cards = self.selected_cards()
        if not cards:
            self.say(self.tr("Select a card to delete it"))
            return
        workshop = self.session.workshop
        if self.session.perform(partial(delete_cards, workshop, [c.id for c in cards])) is not None:
            self.tell(self.tr("Deleted — Ctrl+Z brings it back"))

    def group_selected(self, group: str | None = None) -> None:
        cards = [c for c in self.selected_cards() if "group" in c.field_specs()]
        if not cards:
            return
        workshop = self.session.workshop
        if group is None:
            chosen, ok = QInputDialog.getItem(
                self,
                self.tr("Group cards"),
                self.tr("Group (empty to ungroup):"),
                groups(workshop, cards[0].table),
                0,
                True,
            )
            if not ok:
                return
            group = chosen
        self.session.perform(partial(group_cards, workshop, [c.id for c in cards], group))

    def edit_card(self) -> None:
        """F2: edit the selected card's text on the board (its other fields are in
        the inspector)."""
        if self.current_view is not None and not self.board.cards.hasFocus():
            # The card board is hidden behind the exercise's view: F2 goes to the view
            # (its tables edit the current cell themselves once they have the keyboard).
            self.current_view.focus_main()
            return
        current = self.board.cards.currentIndex()
        if current.isValid() and current.flags() & Qt.ItemFlag.ItemIsEditable:
            self.board.cards.setFocus()
            self.board.cards.edit(current)
            return
        main = next(iter(self.inspector.editors.values()), None)
        if main is not None:
            main.setFocus()

    def say(self, message: str) -> None:
        """A refusal or a problem, in red, until the next thing done clears it."""
        self._say(message, "bad")

    def tell(self, message: str) -> None:
        """News that is not a problem (a card parked, a person added): it fades."""
        self._say(message, "good")
        self._fade.start()

    def _say(self, message: str, mood: str) -> None:
        self._fade.stop()
        self._mood = mood if message else ""
        self.message.setText(message)
        self.message.setStyleSheet(f"color: {tone(mood)};" if message else "")

    def _timer_running(self, running: bool) -> None:
        if not running and self.item is not None and self.timer.item_id != self.item.id:
            # Paused while looking at another exercise: the clock comes to this one,
            # so Start times what is on screen.
            self.timer.attach(self.item.id)
        self._show_timing()

    def _show_timing(self) -> None:
        timed = self.timer.item()
        elsewhere = timed is not None and (self.item is None or timed.id != self.item.id)
        if timed is not None and elsewhere:
            number = next(
                (n for n, i in enumerate(self.agenda.model.items(), start=1) if i.id == timed.id),
                0,
            )
            self.timer_widget.show_timing(f"{number}. {timed.summary()}")
        else:
            self.timer_widget.show_timing("")

    def _projector_time(self, remaining: float, phase: Any) -> None:
        # The room sees the clock of the exercise on the wall only: not another
        # exercise's countdown under this one's title.
        live = (
            self.item is not None
            and self.timer.item_id == self.item.id
            and (self.timer.running or self.item.status in ("planned", "running"))
        )
        self.projector.show_time(remaining, phase, visible=live)

    # -- other windows --------------------------------------------------------------------------

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

    def open_export(self) -> None:
        if self.export_dialog is None:
            # Imported on first use: the brief needs ReportLab, whose import alone
            # would add a third of a second to every start of the app.
            from ui.export_dialog import ExportDialog

            self.export_dialog = ExportDialog(self.session.workshop, self)
        self.export_dialog.show()
        self.export_dialog.raise_()

    def show_shortcuts(self) -> None:
        rows = "".join(
            f"<tr><td>{self.tr(action)}</td><td style='padding-left:24px'><b>{keys}</b></td></tr>"
            for action, keys in SHORTCUTS
        )
        dialog = QMessageBox(self)
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        dialog.setTextFormat(Qt.TextFormat.RichText)
        dialog.setText(f"<table cellpadding='3'>{rows}</table>")
        self.shortcuts_dialog = dialog
        dialog.open()

    def update_title(self) -> None:
        meta = self.session.workshop.meta
        suffix = self.tr(" (read-only)") if self.session.read_only else ""
        client = f" — {meta.client}" if meta.client else ""
        self.setWindowTitle(f"{meta.title}{client}{suffix} · Facilitator")

    # -- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.pause()  # time used is saved
        self.projector.hide()
        self.projector.deleteLater()
        if self.settings is not None and self.session.workshop.path:
            self.settings.mark_closed(self.session.workshop.path)
        self.session.detach()
        self.closed.emit(self.session.workshop)
        super().closeEvent(event)
