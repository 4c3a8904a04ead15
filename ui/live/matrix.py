"""The value × feasibility matrix (the ``matrix`` view).

Ideas sit on a 5 × 5 grid by their scores — feasibility across, value up — with
the quadrants the brief uses (:func:`facilitator.scoring.quadrant_of`): quick
wins, big bets, fill-ins and money pits. New-value ideas are filled circles,
automation ideas hollow squares, unclassified ones grey diamonds, each marked
with its place in the ranking, which is listed beside the grid. A cell many ideas
share keeps them inside it: their markers shrink on the facilitator's screen, and
on the wall, where the numbers must read from the back, the best ranked have a
place and "+N" stands for the rest.

Drag an idea to another cell, or select it and use the arrow keys (← → for
feasibility, ↑ ↓ for value). An idea not on the grid yet starts from the middle,
3 × 3: an arrow moves it one cell from there, Enter places it there. Enter (or
Escape) on the grid is done with the idea: the keyboard goes back to the
ranking, where ↑ ↓ choose the next idea and Enter takes it to the grid; a line
under the grid says which keys do what where the keyboard is. Every move is one
saved, undoable edit of the idea's two scores. The projector shows the same
grid in large type with the top of the ranking.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator import scoring
from facilitator.model import AgendaItem, Idea, clipped
from facilitator.workshop import Change
from ui.live.session import Session
from ui.live.views import ExerciseView
from ui.theme import is_dark

SCALE = range(1, 6)
ACCENT = QColor("#1F4E79")
ACCENT_ON_DARK = QColor("#8CBCEB")
QUADRANT_TINTS = {
    "Quick wins": QColor(30, 123, 69, 34),
    "Big bets": QColor(31, 78, 121, 30),
    "Fill-ins": QColor(161, 92, 7, 26),
    "Money pits": QColor(180, 35, 24, 22),
}
TOP = 5  # the top of the ranking, shown large on the projector


def _short(text: str, limit: int) -> str:
    text = " ".join(clipped(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Marker:
    """An idea where it is drawn, with its place in the ranking."""

    idea: Idea
    rank: int
    centre: QPointF
    radius: float


@dataclass
class Crowd:
    """Where a cell too crowded for all its markers says how many more it holds."""

    more: int
    centre: QPointF
    radius: float


SMALLEST = 0.6
"""How far markers shrink in a crowded cell on the facilitator's screen (on the wall
they keep the size the room reads, and a "+N" stands for the rest)."""


class MatrixCanvas(QWidget):
    """The grid and its markers; in projector mode large, dark and read-only."""

    selected = Signal(object)  # the selected idea's id, or None
    moved = Signal(str, int, int)  # idea id, new value, new feasibility
    done = Signal()  # Enter or Escape: done with the idea, back to the ranking

    def __init__(self, *, projector: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.projector = projector
        self.ideas: list[Idea] = []
        self.ranks: dict[str, int] = {}
        self.current: str | None = None
        self.markers: list[Marker] = []
        self.crowds: list[Crowd] = []
        self._drag: str | None = None
        self._drag_at: QPointF | None = None
        self.setMinimumSize(QSize(320, 240))
        if not projector:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setAccessibleName(self.tr("Value and feasibility matrix"))
            self.setMouseTracking(False)

    # -- data ---------------------------------------------------------------------------

    def set_ideas(self, ideas: list[Idea], ranks: dict[str, int]) -> None:
        self.ideas = ideas
        self.ranks = ranks
        if self.current not in ranks:
            self.current = None
        self.update()

    def select(self, idea_id: str | None) -> None:
        if idea_id != self.current:
            self.current = idea_id
            self.update()
            self.selected.emit(idea_id)

    def current_idea(self) -> Idea | None:
        return next((i for i in self.ideas if i.id == self.current), None)

    # -- geometry -----------------------------------------------------------------------

    def _base_font(self) -> QFont:
        base = QFont(self.font())
        if self.projector:
            base.setPointSizeF(22)
        return base

    def _grid(self) -> QRectF:
        # Room for the axis titles and the 1–5 beside and under the grid, and for the
        # quadrants' names above it, measured in the font drawn (the projector's is
        # large, and so is 200 % scaling).
        metrics = QFontMetricsF(self._base_font())
        line = metrics.height()
        left = line * 1.2 + metrics.horizontalAdvance("5") + 14
        top = line + 8
        bottom = line * 2 + 6
        return QRectF(left, top, self.width() - left - 12, self.height() - top - bottom)

    def quadrants(self) -> dict[str, tuple[QRectF, QRectF, Qt.AlignmentFlag]]:
        """Each quadrant's area on the grid, where its name goes, and how it is aligned
        there. The names sit outside the grid, over or under their quadrant's outer
        edge: a marker may be anywhere in a cell, and a name inside covered one."""
        grid = self._grid()
        line = QFontMetricsF(self._base_font()).height()
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        found = {}
        for name, (values, feasibilities, side, above) in {
            "Quick wins": ((4, 5), (4, 5), right, True),
            "Big bets": ((4, 5), (1, 3), left, True),
            "Fill-ins": ((1, 3), (4, 5), right, False),
            "Money pits": ((1, 3), (1, 3), left, False),
        }.items():
            area = self.cell(values[1], feasibilities[0]).united(
                self.cell(values[0], feasibilities[1])
            )
            # Under the grid, on the line of "Feasibility →", beside it.
            y = grid.top() - line - 6 if above else grid.bottom() + 4 + line
            found[name] = (area, QRectF(area.left(), y, area.width(), line), side)
        return found

    def cell(self, value: int, feasibility: int) -> QRectF:
        grid = self._grid()
        width, height = grid.width() / 5, grid.height() / 5
        return QRectF(
            grid.left() + (feasibility - 1) * width,
            grid.top() + (5 - value) * height,
            width,
            height,
        )

    def scores_at(self, point: QPointF) -> tuple[int, int] | None:
        grid = self._grid()
        if not grid.contains(point):
            return None
        feasibility = int((point.x() - grid.left()) / (grid.width() / 5)) + 1
        value = 5 - int((point.y() - grid.top()) / (grid.height() / 5))
        return min(max(value, 1), 5), min(max(feasibility, 1), 5)

    def _radius(self) -> float:
        grid = self._grid()
        cell = min(grid.width(), grid.height()) / 5
        # On the wall a marker's number must read from the back of the room: the
        # markers take about half the cell, and crowd their neighbours rather than shrink.
        return max(cell / (2.8 if self.projector else 7), 9.0 if self.projector else 7.0)

    def _spacing(self, radius: float) -> float:
        return radius * (2.2 if self.projector else 2.6)

    def _crowded(self, box: QRectF, count: int) -> tuple[float, int, int]:
        """The markers' radius in a cell of *count* ideas, and the columns and rows
        of places it has: smaller markers where many share a cell on the facilitator's
        screen; on the wall they keep the size that reads from the back."""
        radius = self._radius()
        least = radius if self.projector else max(radius * SMALLEST, 6.0)
        while True:
            spacing = self._spacing(radius)
            columns = max(int(box.width() // spacing), 1)
            rows = max(int(box.height() // spacing), 1)
            if columns * rows >= count or radius <= least:
                return radius, columns, rows
            radius = max(radius - 0.5, least)

    def _layout_markers(self) -> None:
        """Each scored idea in its cell, the best ranked first; a cell with more
        ideas than places shows the first and "+N" — never a marker in a
        neighbour's cell, which would read as another score."""
        self.markers = []
        self.crowds = []
        by_cell: dict[tuple[int, int], list[Idea]] = {}
        for idea in self.ideas:
            if idea.value is not None and idea.feasibility is not None:
                by_cell.setdefault((idea.value, idea.feasibility), []).append(idea)
        for (value, feasibility), ideas in by_cell.items():
            box = self.cell(value, feasibility)
            ideas.sort(key=lambda i: self.ranks.get(i.id, 999))
            radius, columns, rows = self._crowded(box, len(ideas))
            shown = ideas
            if len(ideas) > columns * rows:
                shown = ideas[: columns * rows - 1]
                chosen = next((i for i in ideas if i.id == self.current), None)
                if chosen is not None and chosen not in shown and shown:
                    shown[-1] = chosen  # the idea being moved stays in sight
            more = len(ideas) - len(shown)
            places = len(shown) + (1 if more else 0)
            columns = min(columns, places)
            rows = -(-places // columns)
            spacing = self._spacing(radius)
            # Centred in the cell, clear of the quadrant names in the corners.
            left = box.center().x() - (columns - 1) * spacing / 2
            top = box.center().y() - (rows - 1) * spacing / 2
            for n in range(places):
                row, column = divmod(n, columns)
                centre = QPointF(left + column * spacing, top + row * spacing)
                if n < len(shown):
                    idea = shown[n]
                    self.markers.append(Marker(idea, self.ranks.get(idea.id, 0), centre, radius))
                else:
                    self.crowds.append(Crowd(more, centre, radius))

    def marker_at(self, point: QPointF) -> Marker | None:
        for marker in reversed(self.markers):
            delta = marker.centre - point
            if delta.x() ** 2 + delta.y() ** 2 <= (marker.radius * 1.3) ** 2:
                return marker
        return None

    # -- painting -----------------------------------------------------------------------

    def _ink(self) -> tuple[QColor, QColor, QColor]:
        """Text, grid lines and the marker colour for the surface being painted on."""
        if self.projector:
            return QColor("#F4F7FA"), QColor("#3A5670"), ACCENT_ON_DARK
        palette = self.palette()
        dark = is_dark(palette)
        return (
            palette.color(QPalette.ColorRole.Text),
            palette.color(QPalette.ColorRole.Mid),
            ACCENT_ON_DARK if dark else ACCENT,
        )

    def paintEvent(self, _event: QPaintEvent) -> None:
        self._layout_markers()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text, lines, mark = self._ink()
        grid = self._grid()
        base = self._base_font()
        painter.setFont(base)
        # Quadrants, as the brief draws them: "high" is 4 or 5.
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * (1.0 if self.projector else 0.9))
        small.setBold(True)
        for name, (area, label, corner) in self.quadrants().items():
            painter.fillRect(area, QUADRANT_TINTS[name])
            painter.setFont(small)
            colour = QColor(text)
            colour.setAlpha(150)
            painter.setPen(colour)
            painter.drawText(label, corner | Qt.AlignmentFlag.AlignVCenter, self.tr(name))
        painter.setFont(base)
        painter.setPen(QPen(lines, 1))
        for n in range(6):
            x = grid.left() + n * grid.width() / 5
            y = grid.top() + n * grid.height() / 5
            painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
            painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
        painter.setPen(text)
        metrics = QFontMetricsF(base)
        for n in SCALE:
            column = self.cell(1, n)
            painter.drawText(
                QRectF(column.left(), grid.bottom() + 2, column.width(), metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                str(n),
            )
            row = self.cell(n, 1)
            painter.drawText(
                QRectF(0, row.top(), grid.left() - 8, row.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(n),
            )
        painter.drawText(
            QRectF(
                grid.left(), grid.bottom() + 4 + metrics.height(), grid.width(), metrics.height()
            ),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Feasibility →"),
        )
        painter.save()
        painter.translate(metrics.height() * 1.1, grid.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-grid.height() / 2, -metrics.height(), grid.height(), metrics.height()),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Value →"),
        )
        painter.restore()
        for marker in self.markers:
            centre = marker.centre
            if marker.idea.id == self._drag and self._drag_at is not None:
                centre = self._drag_at
            self._paint_marker(painter, marker, centre, mark, text)
        for crowd in self.crowds:
            self._paint_crowd(painter, crowd, text)
        painter.end()

    def _paint_crowd(self, painter: QPainter, crowd: Crowd, text: QColor) -> None:
        """How many ideas of a crowded cell have no place of their own: "+N"."""
        radius = crowd.radius
        place = QRectF(crowd.centre.x() - radius, crowd.centre.y() - radius, 2 * radius, 2 * radius)
        font = QFont(self.font())
        font.setBold(True)
        label = f"+{crowd.more}"
        # As large as the markers' numbers, smaller only if "+12" would not fit.
        size = radius * (1.15 if self.projector else 1.0)
        font.setPixelSize(max(round(size * min(1.0, 2.0 / len(label))), 8))
        painter.setFont(font)
        painter.setPen(text)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawText(place, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_marker(
        self, painter: QPainter, marker: Marker, centre: QPointF, mark: QColor, text: QColor
    ) -> None:
        radius = marker.radius
        idea = marker.idea
        selected = idea.id == self.current and not self.projector
        pen = QPen(mark, 2.5 if selected else 1.6)
        label_ink = text
        if idea.value_type == "new_value":
            painter.setPen(pen)
            painter.setBrush(QBrush(mark))
            painter.drawEllipse(centre, radius, radius)
            label_ink = (
                QColor("#0F2233") if self.projector or is_dark(self.palette()) else QColor("white")
            )
        elif idea.value_type == "automation":
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(
                QRectF(centre.x() - radius, centre.y() - radius, radius * 2, radius * 2)
            )
        else:
            grey = QColor("#8A8F98")
            painter.setPen(QPen(grey, 2.5 if selected else 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(centre.x(), centre.y() - radius * 1.2),
                        QPointF(centre.x() + radius * 1.2, centre.y()),
                        QPointF(centre.x(), centre.y() + radius * 1.2),
                        QPointF(centre.x() - radius * 1.2, centre.y()),
                    ]
                )
            )
        if selected:
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius * 1.6, radius * 1.6)
        font = QFont(self.font())
        font.setBold(True)
        if self.projector:
            font.setPixelSize(max(round(radius * 1.15), 9))  # the number fills the marker
        else:
            font.setPointSizeF(max(radius * 0.75, 7.0))
        painter.setFont(font)
        painter.setPen(label_ink)
        painter.drawText(
            QRectF(centre.x() - radius, centre.y() - radius, radius * 2, radius * 2),
            Qt.AlignmentFlag.AlignCenter,
            str(marker.rank),
        )

    # -- mouse and keys -----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.projector:
            return
        self.setFocus()
        marker = self.marker_at(event.position())
        self.select(marker.idea.id if marker else None)
        self._drag = marker.idea.id if marker else None
        self._drag_at = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag_at = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        dragged, self._drag, self._drag_at = self._drag, None, None
        if dragged is None:
            return
        scores = self.scores_at(event.position())
        idea = next((i for i in self.ideas if i.id == dragged), None)
        if scores is not None and idea is not None and scores != (idea.value, idea.feasibility):
            self.moved.emit(dragged, *scores)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        idea = self.current_idea()
        key = event.key()
        if not self.projector and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            if idea is not None and key != Qt.Key.Key_Escape and scoring.priority(idea) is None:
                self.moved.emit(idea.id, idea.value or 3, idea.feasibility or 3)  # as shown
            self.done.emit()
            event.accept()
            return
        step = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Left: (0, -1),
        }.get(Qt.Key(event.key()))
        if step is None or idea is None or self.projector:
            super().keyPressEvent(event)
            return
        # An idea not on the grid yet moves from the middle: one Right is F4, as the
        # key says (it used to land on 3 × 3 whichever arrow was pressed first).
        value = min(max((idea.value or 3) + step[0], 1), 5)
        feasibility = min(max((idea.feasibility or 3) + step[1], 1), 5)
        if (value, feasibility) != (idea.value, idea.feasibility):
            self.moved.emit(idea.id, value, feasibility)
        event.accept()


class MatrixView(ExerciseView):
    """The matrix and the ranking beside it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.canvas = MatrixCanvas()
        self.canvas.moved.connect(self.move_idea)
        self.canvas.done.connect(self._back_to_ranking)
        self.canvas.selected.connect(self._canvas_selected)
        self.ranking = QListWidget()  # a ranked handful of ideas, rebuilt on change
        self.ranking.setAccessibleName(self.tr("Ranking"))
        self.ranking.setWordWrap(True)
        self.ranking.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.ranking.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ranking.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ranking.currentItemChanged.connect(self._ranking_selected)
        self.ranking.setMinimumWidth(260)
        self.ranking.installEventFilter(self)
        self.legend = QLabel(
            self.tr(
                "● new value   □ automation   ◇ not classified · the number is the place "
                "in the ranking · drag an idea, or select it (on the grid, or in the "
                "ranking and press Enter) and move it with the arrow keys"
            )
        )
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        # The keys where the keyboard is: the grid and the ranking take arrows differently.
        self.keys_hint = QLabel()
        self.keys_hint.setObjectName("muted")
        self.keys_hint.setWordWrap(True)
        self.canvas.installEventFilter(self)
        self.unscored = QLabel()
        self.unscored.setObjectName("muted")
        self.unscored.setWordWrap(True)
        side = QVBoxLayout()
        ranking_title = QLabel(self.tr("Ranking: value × feasibility"))
        ranking_title.setObjectName("section")
        side.addWidget(ranking_title)
        side.addWidget(self.ranking, 1)
        side.addWidget(self.unscored)
        row = QHBoxLayout()
        row.addWidget(self.canvas, 3)
        row.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.keys_hint)  # above the grid: in view on a 720p screen
        layout.addLayout(row, 1)
        layout.addWidget(self.legend)
        self._mirror: QWidget | None = None
        self.mirror_canvas: MatrixCanvas | None = None
        self.mirror_top: QLabel | None = None
        self._filling = False
        session.changed.connect(self._changed)

    def show_item(self, item: AgendaItem) -> None:
        super().show_item(item)
        self.reload()

    def _changed(self, change: Change) -> None:
        if self.active and any(rc.table == "ideas" for rc in change.records):
            self.reload()

    def reload(self) -> None:
        ideas = self.session.workshop.typed(Idea)
        ranked = scoring.ranked_ideas(ideas)
        ranks = {idea.id: n for n, idea in enumerate(ranked, start=1)}
        self.canvas.set_ideas(ideas, ranks)
        if self.mirror_canvas is not None:
            self.mirror_canvas.set_ideas(ideas, ranks)
        self._fill_ranking(ranked)
        missing = [i for i in ideas if scoring.priority(i) is None]
        self.unscored.setText(
            self.tr("Not yet on the grid: %d — select one and press an arrow key to place it")
            % len(missing)
            if missing
            else ""
        )
        self._fill_mirror_top(ranked)

    def _fill_ranking(self, ranked: list[Idea]) -> None:
        self._filling = True
        self.ranking.clear()
        for n, idea in enumerate(ranked, start=1):
            score = scoring.priority(idea)
            kind = {"new_value": "new value", "automation": "automation"}.get(
                idea.value_type or "", "not classified"
            )
            where = (
                f"V{idea.value} × F{idea.feasibility} = {score} · "
                f"{scoring.quadrant_of(idea.value or 0, idea.feasibility or 0).lower()}"
                if score is not None
                else f"V{idea.value or '?'} × F{idea.feasibility or '?'} · "
                + self.tr("not on the grid yet")
                if idea.value or idea.feasibility
                else self.tr("not scored")
            )
            entry = QListWidgetItem(f"{n}. {_short(idea.text, 70)}\n{where} · {kind}")
            entry.setToolTip(clipped(idea.text))
            entry.setData(Qt.ItemDataRole.UserRole, idea.id)
            if n <= 3 and score is not None:  # the top of the ranking, at a glance
                font = entry.font()
                font.setBold(True)
                entry.setFont(font)
            self.ranking.addItem(entry)
            if idea.id == self.canvas.current:
                self.ranking.setCurrentItem(entry)
        self._filling = False

    def move_idea(self, idea_id: str, value: int, feasibility: int) -> None:
        workshop = self.session.workshop
        self.session.perform(
            partial(workshop.update, idea_id, value=value, feasibility=feasibility)
        )

    def _canvas_selected(self, idea_id: str | None) -> None:
        self._emit(idea_id)
        self._show_keys()
        for row in range(self.ranking.count()):
            entry = self.ranking.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == idea_id:
                self._filling = True
                self.ranking.setCurrentItem(entry)
                self._filling = False

    def _ranking_selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        if self._filling or current is None:
            return
        idea_id = current.data(Qt.ItemDataRole.UserRole)
        self.canvas.select(idea_id)

    def _emit(self, idea_id: str | None) -> None:
        record = self.session.workshop.find(idea_id) if idea_id else None
        self.record_selected.emit(record)

    def _back_to_ranking(self) -> None:
        self.ranking.setFocus()

    def _show_keys(self) -> None:
        idea = self.canvas.current_idea()
        if self.canvas.hasFocus() and idea is not None:
            self.keys_hint.setText(
                self.tr(
                    "Moving “%s”: the arrows move it one cell · Enter places it and goes "
                    "back to the ranking"
                )
                % _short(idea.text, 40)
            )
        elif self.ranking.hasFocus():
            self.keys_hint.setText(
                self.tr("Ranking: ↑ ↓ choose an idea · Enter takes it to the grid to move it")
            )
        else:
            self.keys_hint.setText("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the ranking, Enter (or Space) takes the selected idea to the grid, and
        Left/Right start moving it there: Up/Down stay for going down the list."""
        if watched in (self.ranking, self.canvas) and event.type() in (
            QEvent.Type.FocusIn,
            QEvent.Type.FocusOut,
        ):
            self._show_keys()
        if watched is self.ranking and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            to_grid = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
            if plain and self.canvas.current is not None and to_grid:
                self.canvas.setFocus()
                return True
            if (
                plain
                and self.canvas.current is not None
                and key
                in (
                    Qt.Key.Key_Left,
                    Qt.Key.Key_Right,
                )
            ):
                self.canvas.setFocus()
                self.canvas.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def focus_main(self) -> None:
        self.canvas.setFocus()
        if self.canvas.current is None and self.ranking.count():
            self.canvas.select(self.ranking.item(0).data(Qt.ItemDataRole.UserRole))

    # -- the room -----------------------------------------------------------------------

    def projector_view(self) -> QWidget | None:
        if self._mirror is None:
            mirror = QWidget()
            canvas = MatrixCanvas(projector=True)
            top = QLabel()
            top.setObjectName("projector_step")
            top.setWordWrap(True)
            top.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            # Its lines wrap, so it asks for the height of all of them: on a 720-pixel
            # wall it gives way instead of pushing the window past the screen.
            top.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
            row = QHBoxLayout(mirror)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(canvas, 3)
            row.addWidget(top, 2)
            self._mirror, self.mirror_canvas, self.mirror_top = mirror, canvas, top
            self.reload()
        return self._mirror

    def _fill_mirror_top(self, ranked: list[Idea]) -> None:
        if self.mirror_top is None:
            return
        scored = [i for i in ranked if scoring.priority(i) is not None][:TOP]
        lines = [self.tr("Top of the ranking")] + [
            f"{n}. {_short(idea.text, 48)}" for n, idea in enumerate(scored, start=1)
        ]
        self.mirror_top.setText("\n".join(lines) if scored else self.tr("Nothing scored yet"))
