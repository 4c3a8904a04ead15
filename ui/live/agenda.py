"""The agenda panel: the day's exercises, what each was planned and used, and totals.

Reorder by dragging or with Alt+Up / Alt+Down; add an exercise from the template
library; change a timebox; skip; mark done. The totals line turns to a warning
when the workshop is running over.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.agenda import DayClock, add_exercise, day_clock
from facilitator.errors import WorkshopError
from facilitator.model import AgendaItem
from facilitator.templates import Library
from facilitator.workshop import Change
from ui.keys import shortcut
from ui.live.models import RECORD_ROLE, AgendaModel
from ui.live.session import Session
from ui.tasks import run_in_background
from ui.theme import qcolor, tone

AnyIndex = QModelIndex | QPersistentModelIndex
STATUS_MARK = {"planned": "○", "running": "▶", "done": "✓", "skipped": "–"}
STATUS_TONE = {"running": "accent", "done": "good", "skipped": "skipped"}


def agenda_line(item: AgendaItem, clock: DayClock | None) -> str:
    """The second line of an agenda entry: when it starts, planned and used minutes."""
    if item.status == "skipped":
        return "skipped"
    used = round(item.elapsed_seconds / 60)
    on_the_clock = clock is not None and clock.start is not None
    # Beside a clock time, "planned" goes: the narrow panel keeps the used minutes whole.
    detail = f"{item.planned_minutes} min" + ("" if on_the_clock else " planned")
    if item.elapsed_seconds:
        detail += f" · {used} used"
        if used > item.planned_minutes:
            detail += f" (+{used - item.planned_minutes})"
    if on_the_clock and clock is not None:
        timing = clock.of(item.id)
        if timing is not None:
            detail = f"{clock.label(timing.starts)} · {detail}"
    return detail


WIDGET_ONLY = Qt.ShortcutContext.WidgetShortcut


class AgendaDelegate(QStyledItemDelegate):
    """One agenda line: status mark, title, when it starts, planned and used minutes."""

    def __init__(self, panel: AgendaPanel) -> None:
        super().__init__(panel.view)
        self.panel = panel

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(200, option.fontMetrics.lineSpacing() * 2 + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        item: AgendaItem = index.data(RECORD_ROLE)
        painter.save()
        rect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_colour)
        muted.setAlpha(170)
        line = option.fontMetrics.lineSpacing()
        left = rect.adjusted(8, 6, -8, -6)
        mark = STATUS_MARK.get(item.status, "○")
        painter.setPen(
            text_colour
            if selected or item.status not in STATUS_TONE
            else qcolor(STATUS_TONE[item.status], option.palette)
        )
        painter.drawText(QRect(left.left(), left.top(), 18, line), Qt.AlignmentFlag.AlignLeft, mark)
        title_font = QFont(option.font)
        title_font.setBold(item.status == "running")
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = f"{index.row() + 1}. {item.summary()}"
        painter.drawText(
            QRect(left.left() + 20, left.top(), left.width() - 20, line),
            Qt.AlignmentFlag.AlignLeft,
            QFontMetrics(title_font).elidedText(
                title, Qt.TextElideMode.ElideRight, left.width() - 20
            ),
        )
        detail = agenda_line(item, self.panel.clock)
        timing = self.panel.clock.of(item.id)
        late = timing is not None and timing.starts > timing.planned_starts
        painter.setFont(option.font)
        # Starting later than planned: the time says so in the warning colour.
        painter.setPen(muted if selected or not late else qcolor("bad", option.palette))
        painter.drawText(
            QRect(left.left() + 20, left.top() + line, left.width() - 20, line),
            Qt.AlignmentFlag.AlignLeft,
            option.fontMetrics.elidedText(detail, Qt.TextElideMode.ElideRight, left.width() - 20),
        )
        painter.restore()


class AddExerciseDialog(QDialog):
    """Choose an exercise from the template library to add to the agenda."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an exercise"))
        self.library = library
        self.choices = QListWidget()  # a short, fixed pick list of templates
        self.choices.setAccessibleName(self.tr("Exercises"))
        for template in sorted(library.templates.values(), key=lambda t: t.title):
            entry = QListWidgetItem(
                f"{template.title}  ·  {template.minutes} min  ·  {template.origin}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, template.id)
            entry.setToolTip(template.purpose)
            self.choices.addItem(entry)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choices)
        layout.addWidget(buttons)
        self.resize(max(self.choices.sizeHintForColumn(0) + 60, 480), 420)

    def chosen(self) -> str | None:
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None


class AgendaPanel(QWidget):
    """The agenda, its buttons and its totals."""

    selected = Signal(object)  # the AgendaItem id chosen, or None
    told = Signal(str)  # news for the status line (a run sheet saved)

    def __init__(self, session: Session, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.library = library
        self.model = AgendaModel(session)
        self.view = QListView()
        self.view.setModel(self.model)
        self.clock = day_clock([], None)
        self.view.setItemDelegate(AgendaDelegate(self))
        self.view.setAccessibleName(self.tr("Agenda"))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setToolTip(self.tr("Add an exercise after this one (Ctrl+Shift+A)"))
        self.skip_button = QPushButton(self.tr("Skip"))
        self.done_button = QPushButton(self.tr("Done"))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 480)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Timebox of the selected exercise"))
        self.minutes.editingFinished.connect(self._timebox_edited)
        # Not connected straight to add_exercise: clicked(bool) would hand it False
        # as the template, and the dialog would never open.
        self.add_button.clicked.connect(lambda _checked: self.add_exercise(None))
        self.skip_button.clicked.connect(lambda: self._set_status("skipped"))
        self.done_button.clicked.connect(lambda: self._set_status("done"))
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName(self.tr("Agenda totals"))
        self.start_time = QLineEdit()
        self.start_time.setPlaceholderText(self.tr("e.g. 09:30"))
        self.start_time.setAccessibleName(self.tr("The day starts at"))
        self.start_time.setToolTip(
            self.tr("When the first exercise starts: each exercise then shows its clock time")
        )
        self.start_time.editingFinished.connect(self._start_time_edited)
        # Room for "09:30" whole, however narrow the panel.
        self.start_time.setMinimumWidth(
            self.start_time.fontMetrics().horizontalAdvance("00:00") + 24
        )
        self.run_sheet_button = QPushButton(self.tr("Run s&heet…"))
        self.run_sheet_button.setToolTip(
            self.tr("A one-page PDF for you: times, exercises, steps and script")
        )
        self.run_sheet_button.clicked.connect(lambda _checked: self.save_run_sheet())
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.skip_button, self.done_button):
            buttons.addWidget(widget)
        times = QFormLayout()
        times.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        times.addRow(self.tr("Timebox"), self.minutes)
        starts = QHBoxLayout()
        starts.addWidget(self.start_time, 1)
        starts.addWidget(self.run_sheet_button)
        starts_label = QLabel(self.tr("Star&ts at"))
        starts_label.setBuddy(self.start_time)
        times.addRow(starts_label, starts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.view, 1)
        layout.addLayout(times)
        layout.addLayout(buttons)
        layout.addWidget(self.totals)
        # The agenda's own keys, only while it has the keyboard: in a drop-down
        # elsewhere Alt+Down opens the list.
        shortcut("Alt+Up", self.view, lambda: self.move_selected(-1), WIDGET_ONLY)
        shortcut("Alt+Down", self.view, lambda: self.move_selected(+1), WIDGET_ONLY)
        session.changed.connect(self._changed)
        self.model.modelReset.connect(self._restore_selection)
        self._last_id: str | None = None
        self.refresh()
        editing: tuple[QWidget, ...] = (
            self.add_button,
            self.skip_button,
            self.done_button,
            self.minutes,
            self.start_time,
        )
        for control in editing:
            control.setEnabled(not session.read_only)
        self.run_sheet_written: Path | None = None

    def current(self) -> AgendaItem | None:
        index = self.view.currentIndex()
        item = index.data(RECORD_ROLE) if index.isValid() else None
        return item if isinstance(item, AgendaItem) else None

    def select(self, item_id: str) -> None:
        row = self.model.row_of(item_id)
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))

    def step(self, offset: int) -> None:
        """Go to the previous or next exercise."""
        row = self.view.currentIndex().row() + offset
        if 0 <= row < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row))

    def move_selected(self, offset: int) -> None:
        item = self.current()
        if item is None:
            return
        target = self.model.row_of(item.id) + offset
        if 0 <= target < self.model.rowCount():
            self.session.perform(lambda: self.session.workshop.move_agenda_item(item.id, target))

    def add_exercise(self, template_id: str | None = None) -> None:
        if template_id is None:
            dialog = AddExerciseDialog(self.library, self)
            self.add_dialog: AddExerciseDialog | None = dialog
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            self.add_dialog = None
            if not accepted:
                return
            template_id = dialog.chosen()
        if not template_id:
            return
        template = self.library.template(template_id)
        current = self.current()
        position = self.model.row_of(current.id) + 1 if current else None
        added = self.session.perform(
            lambda: add_exercise(self.session.workshop, template, position=position)
        )
        if added is not None:
            self.select(added.id)

    def _set_status(self, status: str) -> None:
        item = self.current()
        if item is not None:
            self.session.perform(lambda: self.session.workshop.update(item.id, status=status))

    def _timebox_edited(self) -> None:
        item = self.current()
        if item is not None and self.minutes.value() != item.planned_minutes:
            value = self.minutes.value()
            self.session.perform(
                lambda: self.session.workshop.update(item.id, planned_minutes=value)
            )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(RECORD_ROLE) if current.isValid() else None
        self._last_id = item.id if isinstance(item, AgendaItem) else None
        if isinstance(item, AgendaItem):
            self.minutes.setValue(item.planned_minutes)
        self.selected.emit(self._last_id)

    def _restore_selection(self) -> None:
        if self._last_id is not None:
            self.select(self._last_id)

    def _changed(self, change: Change) -> None:
        # Only the agenda and the workshop's start time move the day's clock: a
        # card (two hundred phones writing) leaves the panel alone.
        if any(rc.table in ("agenda", "meta") for rc in change.records):
            self.refresh()

    def refresh(self) -> None:
        meta = self.session.workshop.meta
        self.clock = clock = day_clock(self.model.items(), meta.start_time)
        text = self.tr("%d min planned · %d used · %d to go") % (
            clock.planned,
            clock.used,
            clock.remaining,
        )
        if clock.start is not None:
            text = (
                self.tr("%s to %s") % (clock.label(clock.start), clock.label(clock.ends))
                + " · "
                + text
            )
        if clock.over > 0:
            text += " — " + self.tr("running %d min over") % clock.over
        style = f"color: {tone('bad')}; font-weight: 600;" if clock.over > 0 else ""
        if style != self.totals.styleSheet():  # setting it again re-polishes the label
            self.totals.setStyleSheet(style)
        self.totals.setText(text)
        if not self.start_time.hasFocus():
            self.start_time.setText(meta.start_time or "")
        self.view.viewport().update()  # the clock times of every line may have moved
        item = self.current()
        if item is not None and not self.minutes.hasFocus():
            self.minutes.setValue(item.planned_minutes)

    # -- the day's clock and the run sheet --------------------------------------------

    def _start_time_edited(self) -> None:
        typed = self.start_time.text().strip()
        meta = self.session.workshop.meta
        if (typed or None) == meta.start_time:
            return
        # The core reads "9.30" or "2pm" and refuses what is not a time (said in the
        # status line); the refused text stays here to be corrected.
        saved = self.session.perform(
            lambda: self.session.workshop.update(meta.id, start_time=typed or None),
            self.tr("Set the start time"),
        )
        if saved is not None:  # shown as stored: "9.30" becomes "09:30"
            self.start_time.setText(self.session.workshop.meta.start_time or "")

    def save_run_sheet(self, path: Path | None = None) -> None:
        """Write the run sheet (asking where, unless *path* is given), off the GUI thread."""
        if path is None:
            workshop_path = self.session.workshop.path
            stem = workshop_path.name.removesuffix(".workshop.json") if workshop_path else "agenda"
            folder = workshop_path.parent if workshop_path else Path.home()
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the run sheet"),
                str(folder / f"{stem} run sheet.pdf"),
                self.tr("PDF (*.pdf)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        meta = self.session.workshop.meta
        items = self.model.items()
        target = path

        def write() -> Path:
            from facilitator.runsheet import write_run_sheet  # ReportLab: on first use

            return write_run_sheet(target, meta, items)

        self.run_sheet_button.setEnabled(False)
        run_in_background(write, self._run_sheet_written, self._run_sheet_failed)

    def _run_sheet_written(self, path: Path) -> None:
        self.run_sheet_button.setEnabled(True)
        self.run_sheet_written = path
        self.told.emit(self.tr("Run sheet saved: %s") % path)

    def _run_sheet_failed(self, error: BaseException) -> None:
        self.run_sheet_button.setEnabled(True)
        if not isinstance(error, OSError | WorkshopError):
            raise error
        self.session.failed.emit(self.tr("The run sheet was not saved: %s") % error)
