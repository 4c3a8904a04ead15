"""The agenda panel: the day's exercises, what each was planned and used, and totals.

Reorder by dragging or with Alt+Up / Alt+Down; add an exercise from the template
library; change a timebox; skip; mark done. The totals line turns to a warning
when the workshop is running over.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
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

from facilitator.agenda import add_exercise
from facilitator.model import AgendaItem
from facilitator.templates import Library
from ui.keys import shortcut
from ui.live.models import RECORD_ROLE, AgendaModel
from ui.live.session import Session
from ui.theme import qcolor, tone

AnyIndex = QModelIndex | QPersistentModelIndex
STATUS_MARK = {"planned": "○", "running": "▶", "done": "✓", "skipped": "–"}
STATUS_TONE = {"running": "accent", "done": "good", "skipped": "skipped"}


def totals(items: list[AgendaItem]) -> tuple[int, int, int, int]:
    """(planned, used, remaining, over) in minutes. Remaining counts what is left of
    exercises not done or skipped; over is how far the day will overrun."""
    planned = sum(i.planned_minutes for i in items if i.status != "skipped")
    used = round(sum(i.elapsed_seconds for i in items) / 60)
    remaining = sum(
        max(i.planned_minutes - round(i.elapsed_seconds / 60), 0)
        for i in items
        if i.status in ("planned", "running")
    )
    over = max(used + remaining - planned, 0)
    return planned, used, remaining, over


WIDGET_ONLY = Qt.ShortcutContext.WidgetShortcut


class AgendaDelegate(QStyledItemDelegate):
    """One agenda line: status mark, title, planned and used minutes."""

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
        used = round(item.elapsed_seconds / 60)
        detail = f"{item.planned_minutes} min planned"
        if item.elapsed_seconds:
            detail += f" · {used} used"
            if used > item.planned_minutes:
                detail += f" (+{used - item.planned_minutes})"
        if item.status == "skipped":
            detail = "skipped"
        painter.setFont(option.font)
        painter.setPen(muted)
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

    def __init__(self, session: Session, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.library = library
        self.model = AgendaModel(session)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(AgendaDelegate(self.view))
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
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.skip_button, self.done_button):
            buttons.addWidget(widget)
        timebox = QHBoxLayout()
        timebox.addWidget(QLabel(self.tr("Timebox")))
        timebox.addWidget(self.minutes, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.view, 1)
        layout.addLayout(timebox)
        layout.addLayout(buttons)
        layout.addWidget(self.totals)
        # The agenda's own keys, only while it has the keyboard: in a drop-down
        # elsewhere Alt+Down opens the list.
        shortcut("Alt+Up", self.view, lambda: self.move_selected(-1), WIDGET_ONLY)
        shortcut("Alt+Down", self.view, lambda: self.move_selected(+1), WIDGET_ONLY)
        session.changed.connect(lambda _change: self.refresh())
        self.model.modelReset.connect(self._restore_selection)
        self._last_id: str | None = None
        self.refresh()
        editing: tuple[QWidget, ...] = (
            self.add_button,
            self.skip_button,
            self.done_button,
            self.minutes,
        )
        for control in editing:
            control.setEnabled(not session.read_only)

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

    def refresh(self) -> None:
        planned, used, remaining, over = totals(self.model.items())
        text = self.tr("%d min planned · %d used · %d to go") % (planned, used, remaining)
        if over:
            text += " — " + self.tr("running %d min over") % over
            self.totals.setStyleSheet(f"color: {tone('bad')}; font-weight: 600;")
        else:
            self.totals.setStyleSheet("")
        self.totals.setText(text)
        item = self.current()
        if item is not None and not self.minutes.hasFocus():
            self.minutes.setValue(item.planned_minutes)
