"""The exercise board: the step's prompt and script, quick capture, and the cards.

Cards are rows of a :class:`~ui.live.models.CardsModel` drawn by a delegate in a
wrapping list view — one view, however many cards. Type a line and press Enter
to capture a card; Shift+Enter starts a new line in it. ``#group``, ``!4`` and
``@name`` set the group, the score and the author as you type.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.capture import HINT
from facilitator.model import MAX_TEXT, Concern, Idea, Problem, Record, clipped
from ui.live.models import AUTHOR_ROLE, DOTS_ROLE, RECORD_ROLE
from ui.theme import is_dark

AnyIndex = QModelIndex | QPersistentModelIndex
# Painting is the hot path of a 2,000-card board: Qt's enums are Python objects,
# and combining them on every card of every frame showed in the profile.
SELECTED = QStyle.StateFlag.State_Selected
# The lines are fitted before drawing (fit_lines), so Qt need not clip them: its
# clipping, rounded to whole pixels, shaved the descenders off the last line.
TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip)
LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ELIDE_RIGHT = Qt.TextElideMode.ElideRight
CONTROL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def group_colour(group: str) -> QColor:
    """A stable, gentle colour per group name (same group, same colour, every time)."""
    hue = int(hashlib.sha1(group.encode("utf-8")).hexdigest()[:4], 16) % 360
    return QColor.fromHsl(hue, 120, 200)


def badges(
    record: Record, author: str, *, show_author: bool = True, dots: int | None = None
) -> list[str]:
    """The short facts a card shows under its text. *dots* overrides the card's
    total (a vote round's count); -1 hides it (votes not yet revealed)."""
    out = []
    if isinstance(record, Problem) and record.impact:
        out.append(f"impact {record.impact}")
    if isinstance(record, Idea):
        if record.value_type:
            out.append("new value" if record.value_type == "new_value" else "automation")
        if record.value and record.feasibility:
            out.append(f"V{record.value}×F{record.feasibility}")
        elif record.value:  # "!4" typed in the ideas exercise: shown, not just saved
            out.append(f"value {record.value}")
        elif record.feasibility:
            out.append(f"feasibility {record.feasibility}")
    if isinstance(record, Concern):
        out.append(record.category.replace("_", " & "))
        if record.severity:
            out.append(f"severity {record.severity}")
        # Only the facilitator sees which concerns are anonymous: on the projector the
        # mark would single out the ones that are not.
        if record.anonymous and show_author:
            out.append("anonymous")
    votes = getattr(record, "votes", 0) if dots is None else dots
    if votes > 0:
        out.append(f"● {votes}")
    if show_author and author:
        out.append(author)
    return out


class CardDelegate(QStyledItemDelegate):
    """Draws a card: its text, a group stripe, and its badges."""

    def __init__(self, parent: QWidget | None = None, *, projector: bool = False) -> None:
        super().__init__(parent)
        self.projector = projector
        # The projector never names anyone; its cards are large, light and fixed in
        # colour, whatever the room's screen or the system theme.
        self.show_authors = not projector
        self.card_size = QSize(430, 190) if projector else QSize(230, 118)
        self.point_size = 20.0  # the projector's type size (the wall chooses it)
        self._font_base: tuple[QFont, float] | None = None
        self._cached: tuple[QFont, QFontMetrics, QFont, QFontMetrics] | None = None
        self._palette_key = -1
        self._palette_colours: tuple[QColor, QColor, QColor, QColor, QColor] | None = None

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return self.card_size

    # -- editing in place (double-click or F2): the card's text, on the card ---------------

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = CardEditor(parent)
        editor.done.connect(self._finish)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, CardEditor) and not editor.document().isModified():
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            # A card from before the limit is shown in part and kept whole: an edit of
            # the part would cut the rest.
            editor.setReadOnly(len(text) > MAX_TEXT)
            editor.setPlainText(clipped(text, MAX_TEXT))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if (
            isinstance(editor, CardEditor)
            and editor.document().isModified()
            and not (editor.isReadOnly())
        ):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        editor.setGeometry(option.rect.adjusted(5, 5, -5, -5))

    def _finish(self, save: bool) -> None:
        editor = self.sender()
        assert isinstance(editor, CardEditor)
        if save:
            self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _colours(self, palette: QPalette) -> tuple[QColor, QColor, QColor, QColor, QColor]:
        """Text, card, edge, footer and selection colours, made once per palette."""
        key = palette.cacheKey()
        if self._palette_colours is not None and key == self._palette_key:
            return self._palette_colours
        highlight = palette.color(QPalette.ColorRole.Highlight)
        if self.projector:
            colours = (
                QColor("#1B1F24"),
                QColor("#F4F7FA"),
                QColor("#C9D6E2"),
                QColor("#4B5563"),
                highlight,
            )
        else:
            paper = palette.color(QPalette.ColorRole.Base)
            edge = palette.color(QPalette.ColorRole.Mid)
            if is_dark(palette):  # lift the cards off a dark board, or they melt into it
                paper = paper.lighter(160)
                edge = paper.lighter(150)
            colours = (
                palette.color(QPalette.ColorRole.Text),
                paper,
                edge,
                palette.color(QPalette.ColorRole.PlaceholderText),
                highlight,
            )
        self._palette_key, self._palette_colours = key, colours
        return colours

    def _fonts(self, base: QFont) -> tuple[QFont, QFontMetrics, QFont, QFontMetrics]:
        """Card fonts and their metrics, made once per base font (painting is hot)."""
        # Compared, not keyed by QFont.key(): that string was made again for every card.
        if self._font_base is None or self._font_base != (base, self.point_size):
            font = QFont(base)
            small = QFont(base)
            if self.projector:
                font.setPointSizeF(self.point_size)
                small.setPointSizeF(self.point_size * 0.7)
            else:
                small.setPointSizeF(font.pointSizeF() * 0.82)
            self._cached = (font, QFontMetrics(font), small, QFontMetrics(small))
            self._font_base = (QFont(base), self.point_size)
        assert self._cached is not None
        return self._cached

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        record: Record = index.data(RECORD_ROLE)
        if record is None:
            return
        painter.save()
        rect = option.rect.adjusted(5, 5, -5, -5)
        selected = bool(option.state & SELECTED)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink, paper, edge, quiet, highlight = self._colours(option.palette)
        painter.setPen(QPen(highlight if selected else edge, 2 if selected else 1))
        painter.setBrush(paper)
        painter.drawRoundedRect(rect, 6, 6)
        group = str(getattr(record, "group", "") or "")
        if group:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(group_colour(group))
            painter.drawRoundedRect(QRect(rect.left(), rect.top(), 6, rect.height()), 3, 3)
        pad = 16 if self.projector else 10
        body = rect.adjusted(pad + (4 if group else 0), pad, -pad, -pad)
        font, metrics, small, small_metrics = self._fonts(option.font)
        footer_height = small_metrics.height()
        text_rect = body.adjusted(0, 0, 0, -footer_height - 4)
        # Whole lines only: a half-clipped last line would run into the footer.
        lines = max((text_rect.height() - metrics.height()) // max(metrics.lineSpacing(), 1) + 1, 1)
        painter.setFont(font)
        painter.setPen(ink)
        text = getattr(record, "text", None) or record.summary()
        painter.drawText(text_rect, TOP_LEFT, fit_lines(text, font, text_rect.width(), lines))
        painter.setFont(small)
        painter.setPen(quiet)
        facts = badges(
            record,
            index.data(AUTHOR_ROLE) or "",
            show_author=self.show_authors,
            dots=index.data(DOTS_ROLE),
        )
        line = " · ".join(([group] if group else []) + facts)
        footer = QRect(body.left(), body.bottom() - footer_height, body.width(), footer_height)
        dots = [fact for fact in facts if fact.startswith("●")]
        if self.projector and dots:
            # The room reads the dots first, in the card's ink and bold: the back of the
            # room must make out the result; an ellipsis must not eat them.
            count = f"{dots[0]}  "
            strong = QFont(small)
            strong.setBold(True)
            painter.setFont(strong)
            painter.setPen(ink)
            painter.drawText(footer, LEFT_MIDDLE, count)
            width = QFontMetrics(strong).horizontalAdvance(count)
            footer = footer.adjusted(width, 0, 0, 0)
            painter.setFont(small)
            painter.setPen(quiet)
            rest = [fact for fact in facts if not fact.startswith("●")]
            line = " · ".join(([group] if group else []) + rest)
        painter.drawText(
            footer, LEFT_MIDDLE, small_metrics.elidedText(line, ELIDE_RIGHT, footer.width())
        )
        painter.restore()


def fit_lines(text: str, font: QFont, width: int, max_lines: int) -> str:
    """The text laid out in at most *max_lines* lines of *width*, one a line, with
    the last line ending in an ellipsis if anything was cut — so a card never
    silently drops its last words or shows half a line."""
    text = clipped(text)  # no card shows more: a 10 MB legacy card lays out as fast
    key = (text, font.key(), width, max_lines)
    fitted = _FITTED.get(key)
    if fitted is not None:
        return fitted
    flat = " ".join(text.split())
    layout = QTextLayout(flat, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    starts: list[tuple[int, int]] = []
    layout.beginLayout()
    while len(starts) <= max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [flat[start : start + length].rstrip() for start, length in starts[:max_lines]]
    if len(starts) > max_lines and lines:
        rest = flat[starts[max_lines - 1][0] :]
        elided = QFontMetrics(font).elidedText(rest + " …", ELIDE_RIGHT, width)
        lines[-1] = elided if elided.endswith("…") else lines[-1] + "…"
    fitted = "\n".join(lines)
    if len(_FITTED) > 4096:  # a long session's edits: start afresh rather than grow
        _FITTED.clear()
    _FITTED[key] = fitted
    return fitted


_FITTED: dict[tuple[str, str, int, int], str] = {}


class CaptureLine(QPlainTextEdit):
    """Type, Enter: the card is saved and the line is ready for the next one.

    The facilitator spends the day here, so the window's keys work from it too:
    Ctrl+Up/Down (exercises) always; Ctrl+Left/Right (steps) and Ctrl+Z / Ctrl+Shift+Z
    (the workshop's undo and redo) when the line is empty. Escape leaves the line
    for the cards."""

    captured = Signal(str)
    escaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(self.tr("Type what the room says and press Enter"))
        self.setAccessibleName(self.tr("Quick capture"))
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

    def event(self, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and self._for_the_window(event):
            event.ignore()  # not ours: let the window's shortcut have it
            return True
        return super().event(event)

    def _for_the_window(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~SHIFT != CONTROL:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return not self.toPlainText()
        if key in (Qt.Key.Key_Z, Qt.Key.Key_Y):
            # While something is typed, undo is the line's own; on an empty line it is
            # the workshop's (the card just captured, say).
            document = self.document()
            redo = key == Qt.Key.Key_Y or bool(event.modifiers() & SHIFT)
            own = document.isRedoAvailable() if redo else document.isUndoAvailable()
            return not self.toPlainText() or not own
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            event.accept()
            return
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            text = self.toPlainText()
            if text.strip():
                self.captured.emit(text)
            event.accept()
            return
        if enter:  # Shift+Enter: a line break inside the card
            self.insertPlainText("\n")
            event.accept()
            return
        super().keyPressEvent(event)


class CardEditor(QPlainTextEdit):
    """A card's text being edited on the board: Enter keeps it, Escape drops it."""

    done = Signal(bool)  # True: keep the edit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Card text"))
        self.setTabChangesFocus(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.done.emit(True)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.done.emit(False)
            return
        if enter:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)


class BoardView(QListView):
    """Cards in a wrapping grid; drag a card onto another to group them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # List mode that flows left to right and wraps looks like a grid of cards but,
        # with uniform sizes, lays out in constant time per card; icon mode
        # re-positions every card on every insert (measured: 2,000 cards, +15 ms).
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSpacing(2)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAccessibleName(self.tr("Cards"))

    def setModel(self, model: QAbstractItemModel | None) -> None:
        # Qt keeps the old selection model alive (it could be shared); ours never is,
        # and the board changes model with every exercise: one left behind each time.
        old = self.selectionModel()
        super().setModel(model)
        if old is not None and old is not self.selectionModel():
            old.deleteLater()


class PageStack(QStackedWidget):
    """A stack sized by the page shown. QStackedWidget asks for room for its largest
    page, so once the matrix had been shown every exercise needed its height, and
    the window outgrew a 720-pixel screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class ExerciseBoard(QWidget):
    """The middle of the live window for a cards exercise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Every label wraps: at 200 % scaling the board may be only a few hundred
        # pixels wide, and one unwrapped line would push the window off the screen.
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.step = QLabel()
        self.step.setObjectName("section")
        self.step.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setObjectName("prompt")
        self.prompt.setWordWrap(True)
        self.script = QLabel()
        self.script.setObjectName("script")
        self.script.setWordWrap(True)
        self.script.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.script.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.script.setAccessibleName(self.tr("Facilitator notes"))
        self.script_box = QScrollArea()
        self.script_box.setWidget(self.script)
        self.script_box.setWidgetResizable(True)
        self.script_box.setMaximumHeight(150)
        self.script_box.setMinimumHeight(64)
        self.script_box.setObjectName("script_box")
        script_label = QLabel(self.tr("Your notes — never shown on the projector"))
        script_label.setObjectName("muted")
        script_label.setWordWrap(True)
        self.capture = CaptureLine()
        self.hint = QLabel(self.tr(HINT))
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter cards"))
        self.search.setAccessibleName(self.tr("Filter cards"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.cards = BoardView()
        self.cards.setItemDelegate(CardDelegate(self.cards))
        # The mandate check's notes, made the workshop's objective in one step.
        self.to_objective = QPushButton(self.tr("Make these notes the &objective"))
        self.to_objective.setToolTip(
            self.tr("The brief opens with the objective; Ctrl+Z takes it back")
        )
        self.to_objective.hide()
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.search, 1)
        filter_row.addWidget(self.count)
        filter_row.addWidget(self.to_objective)
        # The cards, or the exercise's own view (vote, matrix, readiness, ...).
        self.card_page = QWidget()
        card_column = QVBoxLayout(self.card_page)
        card_column.setContentsMargins(0, 0, 0, 0)
        card_column.addLayout(filter_row)
        card_column.addWidget(self.cards, 1)
        self.body = PageStack()
        self.body.addWidget(self.card_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.step)
        layout.addWidget(self.prompt)
        layout.addWidget(script_label)
        layout.addWidget(self.script_box)
        layout.addWidget(self.capture)
        layout.addWidget(self.hint)
        layout.addWidget(self.body, 1)
