"""The projector view: what the room sees, large enough to read from the back.

A second top-level window (F5) that can go full screen on a chosen screen. It
mirrors the exercise title, the current step's prompt, the timer and the cards,
live. It never shows facilitator scripts, and never shows who wrote a card —
anonymous or not, the room reads ideas, not names.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.live.board import BoardView, CardDelegate, PageStack
from ui.live.models import BoardProxy
from ui.live.timer import Phase, clock, phase_style


def cards_text(count: int) -> str:
    return f"{count} card" if count == 1 else f"{count} cards"


PROJECTOR_STYLE = """
QWidget#projector { background: #0F2233; }
QLabel { color: #F4F7FA; }
QLabel#projector_exercise { font-size: 26pt; color: #9CC3E6; }
QLabel#projector_step { font-size: 24pt; color: #C9D6E2; }
QLabel#projector_prompt { font-size: 40pt; font-weight: 600; }
QLabel#projector_count { font-size: 24pt; color: #C9D6E2; }
QListView { background: transparent; border: none; }
QScrollBar:vertical { background: #0F2233; width: 14px; margin: 0; }
QScrollBar::handle:vertical { background: #3A5670; border-radius: 7px; min-height: 40px; }
QScrollBar::add-line, QScrollBar::sub-line { height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""


class RoomCards(BoardView):
    """The cards as the room sees them: read-only, and as wide as the screen allows —
    the columns share the whole width rather than leaving a strip empty — and, as
    far as it can, short enough that every card is on the wall (nobody in the room
    can scroll; the view follows the facilitator's card when they do not fit)."""

    SMALLEST = QSize(430, 190)
    SHORTEST = 130

    def __init__(self) -> None:
        super().__init__()
        self.setDragDropMode(BoardView.DragDropMode.NoDragDrop)
        self.setEditTriggers(BoardView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(BoardView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.delegate = CardDelegate(self, projector=True)
        self.setItemDelegate(self.delegate)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                signal.connect(self._fit)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def _fit(self) -> None:
        gap = 2 * self.spacing()
        room = self.viewport().width() - 1
        columns = max(room // (self.SMALLEST.width() + gap), 1)
        width = max(room // columns - gap, 120)
        model = self.model()
        count = model.rowCount() if model is not None else 0
        rows = max(-(-count // columns), 1)
        tall = self.viewport().height() // rows - gap
        height = max(self.SHORTEST, min(self.SMALLEST.height(), tall))
        if QSize(width, height) != self.delegate.card_size:
            self.delegate.card_size = QSize(width, height)
            self.scheduleDelayedItemsLayout()

    def show_card(self, index: QModelIndex) -> None:
        """Bring the card the facilitator is on into the room's view (not while the
        cards are hidden: laid out at no size, the scroll would land at the end)."""
        if index.isValid() and self.isVisible():
            self.scrollTo(index, BoardView.ScrollHint.EnsureVisible)


class ProjectorWindow(QWidget):
    """The room's view of the current exercise."""

    def __init__(self) -> None:
        # The facilitator keeps the keyboard: the wall is to look at, and a card typed
        # just after F5 must land in the capture line, not in this window.
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setObjectName("projector")
        self.setWindowTitle(self.tr("Projector"))  # Qt adds " — Facilitator"
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(PROJECTOR_STYLE)
        self.exercise = QLabel()
        self.exercise.setObjectName("projector_exercise")
        self.step = QLabel()
        self.step.setObjectName("projector_step")
        self.timer = QLabel()
        self.timer.setObjectName("projector_timer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.prompt = QLabel()
        self.prompt.setObjectName("projector_prompt")
        self.prompt.setWordWrap(True)
        self.count = QLabel()
        self.count.setObjectName("projector_count")
        self.cards = RoomCards()
        self.cards.setAccessibleName(self.tr("Cards on the projector"))
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.exercise)
        titles.addWidget(self.step)
        top.addLayout(titles, 1)
        top.addWidget(self.timer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(18)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addWidget(self.count)
        # The cards, or the exercise view's own mirror (the vote, the matrix, ...).
        # (The stack decides what shows: never setVisible() a page yourself.)
        self.body = PageStack()
        self.blank = QWidget()  # silent writing, or an exercise without cards
        self.body.addWidget(self.cards)
        self.body.addWidget(self.blank)
        self.beside = QHBoxLayout()  # the cards, and the room's join panel while it is open
        self.beside.addWidget(self.body, 1)
        layout.addLayout(self.beside, 1)
        self.join: QWidget | None = None
        self.private = False
        self.view: QWidget | None = None
        self.resize(1280, 800)
        self.show_time(0.0, Phase.IDLE)

    def set_cards(self, proxy: BoardProxy | None) -> None:
        self.cards.setModel(proxy)
        self._show_body()
        self._count()
        if proxy is not None:
            proxy.rowsInserted.connect(self._count)
            proxy.rowsRemoved.connect(self._count)
            proxy.modelReset.connect(self._count)

    def show_join(self, panel: QWidget | None) -> None:
        """The room's QR code, address and code beside the cards (None: no room)."""
        if self.join is not None and self.join is not panel:
            self.join.hide()
        if panel is not None and self.beside.indexOf(panel) < 0:
            self.beside.addWidget(panel)
        if panel is not None:
            panel.show()
        self.join = panel

    def set_view(self, view: QWidget | None) -> None:
        """Show an exercise view's mirror instead of the cards (None: the cards)."""
        if view is not None and self.body.indexOf(view) < 0:
            self.body.addWidget(view)
        self.view = view
        self._show_body()

    def set_private(self, private: bool) -> None:
        """Silent writing: the room sees how many cards there are, not what they say,
        until the facilitator reveals them."""
        self.private = private
        self._show_body()

    def showing_cards(self) -> bool:
        return self.body.currentWidget() is self.cards

    def _show_body(self) -> None:
        if self.view is not None:
            self.body.setCurrentWidget(self.view)
        elif self.cards.model() is not None and not self.private:
            self.body.setCurrentWidget(self.cards)
        else:
            self.body.setCurrentWidget(self.blank)
        self._count()

    def _count(self) -> None:
        model = self.cards.model()
        n = model.rowCount() if model is not None else 0
        text = cards_text(n) if model is not None and self.view is None else ""
        if text and self.private:
            text += self.tr(" — shown when everyone has finished writing")
        self.count.setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The prompt is 40 pt on a 1920×1080 wall; on a smaller projector it gives
        # way (never below 26 pt) so the cards below it are not pushed off the screen.
        scale = min(self.width() / 1920, self.height() / 1080)
        size = max(26, min(40, round(40 * scale)))
        self.prompt.setStyleSheet(
            f"QLabel#projector_prompt {{ font-size: {size}pt; font-weight: 600; }}"
        )

    def show_exercise(self, exercise: str, step: str, prompt: str) -> None:
        self.exercise.setText(exercise)
        self.step.setText(step)
        self.prompt.setText(prompt)

    def show_time(self, remaining: float, phase: Phase, visible: bool = True) -> None:
        """The countdown, as the room should see it — not at all for an exercise that
        is finished (a red overrun on the wall helps nobody)."""
        self.timer.setVisible(visible and phase is not Phase.IDLE)
        self.timer.setText("" if phase is Phase.IDLE else clock(remaining))
        self.timer.setStyleSheet(
            "QLabel#projector_timer { font-size: 44pt; font-weight: 700;"
            " padding: 4px 18px; " + phase_style(phase, dark=True) + " }"
        )

    def present(self, screen: QScreen | None = None, *, full_screen: bool = True) -> None:
        """Show the projector window, full screen on *screen* (default: the last one,
        usually the projector)."""
        screens = QGuiApplication.screens()
        target = screen or (screens[-1] if screens else None)
        if target is not None:
            self.setScreen(target)
            self.move(target.geometry().topLeft())
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        self.raise_()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()  # the live window owns the projector; closing only hides it
