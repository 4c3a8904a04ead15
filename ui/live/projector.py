"""The projector view: what the room sees, large enough to read from the back.

A second top-level window (F5) that can go full screen on a chosen screen. It
mirrors the exercise title, the current step's prompt, the timer and the cards,
live. It never shows facilitator scripts, and never shows who wrote a card —
anonymous or not, the room reads ideas, not names.

Nobody in the room can scroll, so the wall never shows a scroll bar: the cards'
columns and type size are chosen from how many there are and the size of the
wall (never below 24 pt on a 1080-pixel wall, scaled for a smaller one), and past
what fits at that size the wall shows the groups instead — each group's name,
count, dots and leading cards (:mod:`facilitator.wall`), the first of them on two
lines so they read whole. The vote's result does the same; the matrix scales its
markers with the wall and shows "+N" in a cell too crowded for them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from facilitator.model import Record
from facilitator.wall import WallGroup, card_lines, cards_in_a_tile, group_sizes, wall_groups
from ui.geometry import fit_to_screen
from ui.live.board import BoardView, CardDelegate, PageStack, fit_lines
from ui.live.models import DOTS_ROLE, RECORD_ROLE, BoardProxy
from ui.live.timer import Phase, clock, phase_style


def cards_text(count: int) -> str:
    return f"{count} card" if count == 1 else f"{count} cards"


def projector_style(scale: float = 1.0) -> str:
    """The wall's style sheet, its type scaled with the wall (1.0 on a 1920×1080 one;
    on a 1280×720 wall two thirds, never below what the back of a room can read)."""
    scale = min(scale, 1.0)

    def pt(size: float, least: float) -> str:
        return f"{max(size * scale, least):.1f}pt"

    return f"""
QWidget#projector {{ background: #0F2233; }}
QLabel {{ color: #F4F7FA; }}
QLabel#projector_exercise {{ font-size: {pt(26, 17)}; color: #9CC3E6; }}
QLabel#projector_step {{ font-size: {pt(24, 16)}; color: #C9D6E2; }}
QLabel#projector_prompt {{ font-size: 40pt; font-weight: 600; }}
QLabel#projector_count {{ font-size: {pt(24, 16)}; color: #C9D6E2; }}
QListView {{ background: transparent; border: none; }}
QScrollBar:vertical {{ background: #0F2233; width: 14px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #3A5670; border-radius: 7px; min-height: 40px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
"""


WALL_MIN_PT = 24.0
"""The smallest type on a 1080-pixel wall: readable from the back of a room."""
WALL_MAX_PT = 34.0
"""The largest card type on a 1080-pixel wall (a handful of cards need no more)."""
LINE_CHARS = 16
"""The fewest characters a line of a card may hold: fewer, and the words break."""
GROUP_LINE_CHARS = 24
"""The fewest characters a line of a group's tile may hold: a few words."""
CARD_PAD = 16


def wall_point_sizes(wall_height: int) -> tuple[float, float]:
    """The smallest and largest card type for a wall *wall_height* pixels high."""
    scale = max(wall_height, 1) / 1080
    return WALL_MIN_PT * scale, WALL_MAX_PT * scale


@dataclass(frozen=True)
class WallFit:
    """How a number of tiles sit on the wall: columns, each tile's size, the type."""

    columns: int
    size: QSize
    point_size: float
    lines: int  # lines of text a tile holds


def _tile_lines(size: QSize, font: QFont) -> int:
    """Lines of *font* a tile of *size* holds under its footer line (0: too narrow)."""
    metrics = QFontMetrics(font)
    if size.width() - 2 * CARD_PAD - 10 < LINE_CHARS * metrics.averageCharWidth():
        return 0
    footer = metrics.height() * 0.75 + 4
    room = size.height() - 2 * CARD_PAD - 10 - footer
    return max(int((room - metrics.height()) // max(metrics.lineSpacing(), 1)) + 1, 0)


WHOLE = 0
"""As a tile's lines: as many as its longest text needs (up to MOST_LINES)."""
MOST_LINES = 4


def _holds(size: QSize, font: QFont, lines: int, longest: int) -> bool:
    """Whether a tile of *size* holds *lines* lines of *font* (WHOLE: the longest
    text, *longest* characters, without cutting it, or MOST_LINES of it)."""
    held = _tile_lines(size, font)
    if lines != WHOLE:
        return held >= lines
    width = size.width() - 2 * CARD_PAD - 10
    # Words wrap before the edge: a line holds about nine tenths of what would fit.
    needed = -(-longest * QFontMetrics(font).averageCharWidth() * 10 // max(width * 9, 1))
    return held >= max(min(needed, MOST_LINES), 2)


_fits: dict[tuple[object, ...], WallFit | None] = {}
"""Fits already worked out: a card arriving asks again, with the same wall."""


def fit_tiles(
    count: int,
    area: QSize,
    wall_height: int,
    base: QFont,
    *,
    gap: int,
    lines: int,
    longest: int = 0,
) -> WallFit | None:
    """The largest type at which *count* tiles of *lines* lines each (WHOLE: their
    longest text, *longest* characters, uncut) all fit in *area*; None: not even at
    the smallest readable size."""
    key = (count, area.width(), area.height(), wall_height, base.key(), gap, lines, longest)
    if key not in _fits:
        if len(_fits) > 2000:
            _fits.clear()
        _fits[key] = _fit_tiles(count, area, wall_height, base, gap, (lines, longest))
    return _fits[key]


def _fit_tiles(  # noqa: PLR0917 - the cache's key, spelt out
    count: int,
    area: QSize,
    wall_height: int,
    base: QFont,
    gap: int,
    need: tuple[int, int],
) -> WallFit | None:
    low, high = wall_point_sizes(wall_height)
    steps = int((high - low) / 0.5)  # half points, from the smallest readable size up
    best: WallFit | None = None
    for columns in range(1, max(min(count, 12), 1) + 1):
        rows = -(-max(count, 1) // columns)
        size = QSize(area.width() // columns - gap, area.height() // rows - gap)

        def font_at(step: int) -> QFont:
            font = QFont(base)
            font.setPointSizeF(low + step * 0.5)
            return font

        if not _holds(size, font_at(0), *need):
            continue
        fitting, too_big = 0, steps + 1  # larger type never holds more
        while too_big - fitting > 1:
            middle = (fitting + too_big) // 2
            if _holds(size, font_at(middle), *need):
                fitting = middle
            else:
                too_big = middle
        point = low + fitting * 0.5
        if best is None or point > best.point_size:
            best = WallFit(columns, size, point, _tile_lines(size, font_at(fitting)))
    return best


class RoomCards(BoardView):
    """The cards as the room sees them: read-only, as wide as the wall allows — the
    columns share the whole width — and all on the wall at once, in the largest type
    that fits (:func:`fit_tiles`); the wall shows the groups when they cannot fit."""

    LINES = 2  # the fewest lines of a card's text on the wall

    def __init__(self) -> None:
        super().__init__()
        self.setDragDropMode(BoardView.DragDropMode.NoDragDrop)
        self.setEditTriggers(BoardView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(BoardView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The room cannot scroll: a scroll bar on the wall would only say "there is more".
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.delegate = CardDelegate(self, projector=True)
        self.setItemDelegate(self.delegate)
        self.current_id: str | None = None
        self.groups = RoomGroups(self)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                signal.connect(self._fit)
        self.groups.set_source(model)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def count(self) -> int:
        model = self.model()
        return model.rowCount() if model is not None else 0

    def area(self) -> QSize:
        """Where the cards go: the page the stack gives them (their own size lags
        while another page is shown)."""
        holder = self.parentWidget()
        size = holder.contentsRect().size() if holder is not None else self.viewport().size()
        return size - QSize(1, 1)  # the list wraps a row that would touch the edge

    def fit(self) -> WallFit | None:
        """Every card on the wall in the largest readable type: with each card's text
        whole if that fits, else three lines of it, else two; None: too many to read."""

        def measured(lines: int, longest: int = 0) -> WallFit | None:
            return fit_tiles(
                self.count(),
                self.area(),
                self.window().height(),
                self.font(),
                gap=2 * self.spacing(),
                lines=lines,
                longest=longest,
            )

        two = measured(self.LINES)
        if two is None:  # too many even at two lines: no need to read every text
            return None
        model = self.model()
        assert model is not None
        longest = max(
            (
                len(str(getattr(model.index(row, 0).data(RECORD_ROLE), "text", "") or ""))
                for row in range(self.count())
            ),
            default=0,
        )
        return measured(WHOLE, longest) or measured(self.LINES + 1) or two

    def crowded(self) -> bool:
        """More cards than fit at a readable size: the wall shows the groups (asked
        again when the wall is shown; until then, no)."""
        return self.window().isVisible() and self.count() > 0 and self.fit() is None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.window().isVisible():  # measured when the wall is shown: a card
            return  # typed while the projector is off costs the board nothing
        fit = self.fit()
        if fit is None:  # the groups show instead; the cards keep their last layout
            return
        if fit.size != self.delegate.card_size or fit.point_size != self.delegate.point_size:
            self.delegate.card_size = fit.size
            self.delegate.point_size = fit.point_size
            self.scheduleDelayedItemsLayout()

    def show_card(self, index: QModelIndex) -> None:
        """Bring the card the facilitator is on into the room's view (not while the
        cards are hidden: laid out at no size, the scroll would land at the end); in
        the groups, it is among its group's cards."""
        record = index.data(RECORD_ROLE) if index.isValid() else None
        self.current_id = getattr(record, "id", None)
        self.groups.update()
        if index.isValid() and self.isVisible():
            self.scrollTo(index, BoardView.ScrollHint.EnsureVisible)


class RoomGroups(QWidget):
    """The wall when the cards are too many: one tile a group, with its name, count,
    dots and leading cards (:func:`facilitator.wall.wall_groups`), all on the wall."""

    GAP = 12

    def __init__(self, cards: RoomCards) -> None:
        super().__init__()
        self.cards = cards
        self.source: QAbstractItemModel | None = None
        self._rows: list[tuple[Record, int | None] | None] | None = []
        """None: to be read again from the source when next wanted."""
        self._grouped: dict[tuple[int, str | None], list[WallGroup]] = {}
        self.setAccessibleName(self.tr("Groups on the projector"))

    def set_source(self, model: QAbstractItemModel | None) -> None:
        if self.source is not None:
            for signal, slot in self._wiring():
                signal.disconnect(slot)
        self.source = model
        if model is not None:
            for signal, slot in self._wiring():
                signal.connect(slot)
        self._reset()

    def _wiring(self) -> list[tuple[Any, Any]]:
        model = self.source
        assert model is not None
        return [
            (model.rowsInserted, self._inserted),
            (model.rowsRemoved, self._removed),
            (model.modelReset, self._reset),
            (model.layoutChanged, self._reset),
            (model.dataChanged, self._changed),
        ]

    # The room's cards, as (record, dots) in the room's order, kept in step with the
    # source row by row while the wall is shown: with 2,000 cards, reading them all
    # again for every card typed would stall the facilitator's window. While it is
    # not shown nobody reads them: they are read again once, when next wanted, and
    # a flood of phone cards costs nothing here.

    def rows(self) -> list[tuple[Record, int | None] | None]:
        if self._rows is None:
            model = self.source
            self._rows = [] if model is None else [self._row(r) for r in range(model.rowCount())]
        return self._rows

    def _following(self) -> bool:
        """Whether to follow the source row by row (else read it again when wanted)."""
        if self._rows is not None and not self.isVisible():
            self._rows = None
        return self._rows is not None

    def _row(self, row: int) -> tuple[Record, int | None] | None:
        assert self.source is not None
        index = self.source.index(row, 0)
        record = index.data(RECORD_ROLE)
        dots = index.data(DOTS_ROLE)
        if not isinstance(record, Record):
            return None
        return record, (max(dots, 0) if isinstance(dots, int) else None)

    def _reset(self) -> None:
        self._rows = None
        self._dirty()

    def _inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._following() and self._rows is not None:
            self._rows[first:first] = [self._row(r) for r in range(first, last + 1)]
        self._dirty()

    def _removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        if self._following() and self._rows is not None:
            del self._rows[first : last + 1]
        self._dirty()

    def _changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles: object) -> None:
        if self._following() and self._rows is not None:
            for row in range(top_left.row(), bottom_right.row() + 1):
                self._rows[row] = self._row(row)
        self._dirty()

    def _dirty(self) -> None:
        self._grouped = {}
        self.update()

    def groups(self, top: int) -> list[WallGroup]:
        """The groups as the wall shows them, each with its *top* leading cards."""
        key = (top, self.cards.current_id)
        if key not in self._grouped:
            rows = [row for row in self.rows() if row is not None]
            dots = {record.id: n for record, n in rows if n is not None}
            self._grouped[key] = wall_groups(
                [record for record, _ in rows],
                top=top,
                dots=dots or None,
                keep=self.cards.current_id,
            )
        return self._grouped[key]

    def type_size(self) -> float:
        """A group's cards are one line each: close to the smallest readable type, a
        line holds most of a card, and a tile most of its group's cards."""
        low, high = wall_point_sizes(self.window().height())
        return min(low + 2, high)

    def layout_tiles(self) -> tuple[WallFit | None, int]:
        """How the group tiles sit, and how many of them the wall shows (when not all
        fit, the last tile says what is left): the arrangement that shows the most of
        the cards' text, every tile with its heading and two cards or more."""
        sizes = group_sizes([row[0] for row in self.rows() if row is not None])
        count = len(sizes)
        area = self.contentsRect().size()
        font = QFont(self.font())
        font.setPointSizeF(self.type_size())
        metrics = QFontMetrics(font)
        line, char = max(metrics.lineSpacing(), 1), max(metrics.averageCharWidth(), 1)
        biggest = max(sizes.values(), default=1)
        for shown in range(count, 0, -1):
            best: tuple[int, WallFit] | None = None
            for columns in range(1, shown + 1):
                rows = -(-shown // columns)
                size = QSize(area.width() // columns - self.GAP, area.height() // rows - self.GAP)
                lines = (size.height() - 2 * CARD_PAD - line - 6) // line
                chars = (size.width() - 2 * CARD_PAD) // char
                if lines < 2 or chars < GROUP_LINE_CHARS:
                    continue
                # Lines past two for each card of the biggest group show nothing more.
                shows = min(lines, 2 * biggest) * min(chars, 60)
                if best is None or shows > best[0]:
                    best = (shows, WallFit(columns, size, font.pointSizeF(), lines))
            if best is not None:
                return best[1], shown
        return None, 0

    def paintEvent(self, _event: QPaintEvent) -> None:
        fit, shown = self.layout_tiles()
        if fit is None:
            return
        font = QFont(self.font())
        font.setPointSizeF(fit.point_size)
        groups = self.groups(cards_in_a_tile(fit.lines))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bold = QFont(font)
        bold.setBold(True)
        metrics, bold_metrics = QFontMetrics(font), QFontMetrics(bold)
        hidden = groups[shown - 1 :] if shown < len(groups) else []
        if hidden:  # the last tile says what is not shown
            groups = groups[: shown - 1]
        for n in range(shown):
            row, column = divmod(n, fit.columns)
            tile = QRect(
                column * (fit.size.width() + self.GAP),
                row * (fit.size.height() + self.GAP),
                fit.size.width(),
                fit.size.height(),
            )
            painter.setPen(QPen(QColor("#C9D6E2"), 1))
            painter.setBrush(QColor("#F4F7FA"))
            painter.drawRoundedRect(tile, 6, 6)
            body = tile.adjusted(CARD_PAD, CARD_PAD, -CARD_PAD, -CARD_PAD)
            if n >= len(groups):
                painter.setFont(bold)
                painter.setPen(QColor("#1B1F24"))
                cards = sum(g.count for g in hidden)
                painter.drawText(
                    body,
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    self.tr("and %d more groups, %d cards") % (len(hidden), cards),
                )
                continue
            group = groups[n]
            self._paint_group(painter, group, body, (font, metrics), (bold, bold_metrics))
        painter.end()

    def _paint_group(
        self,
        painter: QPainter,
        group: WallGroup,
        body: QRect,
        plain: tuple[QFont, QFontMetrics],
        strong: tuple[QFont, QFontMetrics],
    ) -> None:
        font, metrics = plain
        bold, bold_metrics = strong
        dots = f" · ● {group.dots}" if group.dots else ""
        facts = cards_text(group.count) + dots
        if bold_metrics.horizontalAdvance(group.name) + metrics.horizontalAdvance(facts) + 16 > (
            body.width()
        ):
            facts = f"{group.count}{dots}"  # the name first: "cards" is understood
        painter.setFont(font)
        painter.setPen(QColor("#4B5563"))
        facts_width = metrics.horizontalAdvance(facts)
        painter.drawText(body, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), facts)
        painter.setFont(bold)
        painter.setPen(QColor("#1F4E79"))
        name_room = body.width() - facts_width - 16
        painter.drawText(
            QRect(body.left(), body.top(), name_room, bold_metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            bold_metrics.elidedText(group.name, Qt.TextElideMode.ElideRight, name_room),
        )
        top = body.top() + bold_metrics.lineSpacing() + 6
        room = max((body.bottom() + 1 - top) // max(metrics.lineSpacing(), 1), 0)
        indent = metrics.horizontalAdvance("• ")
        width = body.width() - indent
        # The leading cards read whole on two lines, the others one line each
        # (facilitator.wall.card_lines): a card short enough for one line takes one.
        cards = [
            (text, card_id, bold if card_id == self.cards.current_id else font)
            for text, card_id in zip(group.top, group.ids, strict=True)
        ]
        given = card_lines([len(fit_lines(t, f, width, 2).split("\n")) for t, _, f in cards], room)
        for (text, _card_id, shown), lines in zip(cards, given, strict=False):
            painter.setFont(shown)
            painter.setPen(QColor("#1B1F24"))
            painter.drawText(QRect(body.left(), top, indent, metrics.height()), 0, "•")
            for part in fit_lines(text, shown, width, lines).split("\n"):
                painter.drawText(QRect(body.left() + indent, top, width, metrics.height()), 0, part)
                top += metrics.lineSpacing()


class RoomWall(PageStack):
    """The cards on the wall, or their groups when they are too many to read: for a
    view's own mirror (the vote's result), as the projector's body does for the board."""

    def __init__(self, cards: RoomCards) -> None:
        super().__init__()
        self.cards = cards
        self.addWidget(cards)
        self.addWidget(cards.groups)
        self._watched: QAbstractItemModel | None = None
        self.show_fitting()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        self.cards.setModel(model)
        if model is not None and model is not self._watched:
            self._watched = model
            for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
                signal.connect(self.show_fitting)
        self.show_fitting()

    def show_fitting(self) -> None:
        self.setCurrentWidget(self.cards.groups if self.cards.crowded() else self.cards)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.show_fitting()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self.show_fitting)  # not while Qt is showing the pages


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
        self.setStyleSheet(projector_style())
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
        self.body.addWidget(self.cards.groups)  # too many cards to read: their groups
        self.body.addWidget(self.blank)
        self.body.installEventFilter(self)  # a new size may fit the cards, or not
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
        if proxy is not None:
            for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset):
                signal.connect(self._show_body)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.Resize:
            self._show_body()
        return False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Measured once the wall is shown (not while Qt is showing the pages: changing
        # the page then is not safe).
        QTimer.singleShot(0, self, self._show_body)

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
        return self.body.currentWidget() in (self.cards, self.cards.groups)

    def _show_body(self) -> None:
        if self.view is not None:
            self.body.setCurrentWidget(self.view)
        elif self.cards.model() is not None and not self.private:
            self.body.setCurrentWidget(self.cards.groups if self.cards.crowded() else self.cards)
        else:
            self.body.setCurrentWidget(self.blank)
        self._count()

    def _count(self) -> None:
        model = self.cards.model()
        n = model.rowCount() if model is not None else 0
        text = cards_text(n) if model is not None and self.view is None else ""
        if text and self.private:
            text += self.tr(" — shown when everyone has finished writing")
        elif text and self.body.currentWidget() is self.cards.groups:
            text += self.tr(", by group: the leading cards of each")
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
        # The titles and the count give way too: the cards need the room.
        style = projector_style(scale)
        if style != self.styleSheet():
            self.setStyleSheet(style)

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
            # A window on the facilitator's own screen (no projector): as large as
            # fits, not 1280×800 on a 720-pixel laptop.
            fit_to_screen(self, 1280, 800)
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
