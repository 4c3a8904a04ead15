"""The last-mile readiness grid (the ``readiness`` view).

One row per shortlisted use case (:func:`facilitator.scoring.shortlist`: the
ideas starred for the shortlist, or the top five by priority while none is
starred — the grid says which): its workflow fit, real volume and production
safety, each a score from 1 to 5 with a note, its owner and success metric, and
the status the brief will print (:func:`facilitator.scoring.readiness`),
coloured, with what blocks it and what is still missing.

It is a spreadsheet driven from the keyboard. A score cell shows the score and
the first lines of its note: a digit typed on it sets the score, Delete clears
it, F2 (or typing words) writes the note. Typing or F2 edits the other text
cells, Enter keeps the edit, Tab moves on (into the next cell's editor while
editing). The check box before each use case is its star: checked when starred
for the shortlist, half-checked when it is on the shortlist only as one of the
top by priority. Space or a click puts a use case on the shortlist or takes it
off; while nobody has starred anything, that first change stars the list on
screen with the change made, as one undoable step — so the rows on screen stay
the rows on screen. "Show all ideas" lists the others below, to star one that
should be tested.

Every edit is one saved, undoable update of the idea. The projector shows the
use cases, their three scores and their status in large type — no notes, no
owners, nothing of the facilitator's.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from facilitator import scoring
from facilitator.exercise import Exercise
from facilitator.model import AgendaItem, Idea, clipped
from facilitator.operations import toggle_shortlist
from facilitator.scoring import Status, Verdict
from facilitator.workshop import Change
from ui.live.models import RECORD_ROLE
from ui.live.session import Session
from ui.live.tables import (
    EditGrid,
    RecordTableModel,
    RoomProxy,
    TableHeader,
    TextDelegate,
    focus_first_cell,
    room_font,
    room_table,
    room_tone,
    stack,
)
from ui.live.views import ExerciseView
from ui.table_model import AnyIndex
from ui.theme import tone

COL_CASE, COL_WORKFLOW, COL_VOLUME, COL_SAFETY, COL_OWNER, COL_METRIC, COL_STATUS = range(7)
SCORE_COLUMNS = {COL_WORKFLOW: "workflow", COL_VOLUME: "volume", COL_SAFETY: "safety"}
TEXT_FIELDS = {COL_CASE: "text", COL_OWNER: "owner", COL_METRIC: "success_metric"}
HEADERS = (
    "★ Use case",
    "Workflow\nfit",
    "Real\nvolume",
    "Production\nsafety",
    "Owner",
    "Success\nmetric",
    "Status",
)
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 30
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 31
NOTE_ROLE = Qt.ItemDataRole.UserRole + 32
STATUS_TONE = {Status.READY: "good", Status.NEEDS_WORK: "warn", Status.BLOCKED: "bad"}
STATUS_MARK = {Status.READY: "✓", Status.NEEDS_WORK: "▲", Status.BLOCKED: "✕"}
NOT_SCORED = "–"
NOTE_LINES = 1
"""Lines of a note shown in its cell; the tooltip and the inspector have all of it."""

# The projector is dark whatever the laptop's mode: its colours are the dark variants.
ROOM_INK = "#F4F7FA"
ROOM_QUIET = "#C9D6E2"
ROOM_BLOCKED_PAPER = "#5A2420"


def status_text(status: Status) -> str:
    return f"{STATUS_MARK[status]} {status.value}"


def wrap_lines(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """*text* broken into at most *most* lines of *width* pixels, the last one
    ending in "…" when the text goes on."""
    words = text.split()
    lines: list[str] = []
    line = ""
    for n, word in enumerate(words):
        trial = f"{line} {word}" if line else word
        if metrics.horizontalAdvance(trial) <= width or not line:
            line = trial
            continue
        lines.append(line)
        line = word
        if len(lines) == most:
            rest = " ".join([lines.pop(), *words[n:]])
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            return lines
    if line:
        lines.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    return lines


# -- the rows -------------------------------------------------------------------------------


class ReadinessRows:
    """The ideas in the grid: the shortlist first, in ranking order, then (with
    *show_all*, or once shown in this run) the others."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.show_all = False
        self.ideas: list[Idea] = []
        self.members: set[str] = set()
        self.starred = False
        self.seen: set[str] = set()
        """Ideas shown since the exercise was opened: taking one off the shortlist
        keeps its row (unstarred) instead of pulling it from under the cursor."""

    def refresh(self) -> None:
        ideas = self.session.workshop.typed(Idea)
        self.members = {i.id for i in scoring.shortlist(ideas)}
        self.starred = any(i.shortlisted for i in ideas)
        self.ideas = scoring.readiness_rows(ideas, every=self.show_all, kept=self.seen)
        self.seen.update(i.id for i in self.ideas)

    def on_shortlist(self) -> list[Idea]:
        return [i for i in self.ideas if i.id in self.members]


class ReadinessModel(RecordTableModel):
    """The facilitator's grid. A score cell holds the score (DisplayRole) and its
    note (NOTE_ROLE, and EditRole: what the cell's editor edits)."""

    def __init__(self, rows: ReadinessRows) -> None:
        super().__init__(HEADERS)
        self.rows = rows
        self.helps: dict[int, str] = {}

    @property
    def session(self) -> Session:
        return self.rows.session

    @property
    def records(self) -> list[Idea]:
        return self.rows.ideas

    def reload(self) -> None:
        before = self.record_ids()
        self.rows.refresh()
        self.refreshed(before)  # reset if the shortlist changed: a handful of rows

    def header_role(self, section: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == COL_CASE:
                return self.tr(
                    "★: on the shortlist for the last mile (Space or a click changes it)"
                )
            if section in SCORE_COLUMNS:
                help_text = self.helps.get(section, "")
                return self.tr("Type 1–5 for the score, words (or F2) for its note.") + (
                    f"\n{help_text}" if help_text else ""
                )
            return self.helps.get(section)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        idea = self.rows.ideas[index.row()]
        column = index.column()
        member = idea.id in self.rows.members
        if role == RECORD_ROLE:
            return idea
        if role == MEMBER_ROLE:
            return member
        if role == VERDICT_ROLE and column == COL_STATUS:
            return scoring.readiness(idea)
        if column in SCORE_COLUMNS:
            return self._score(idea, column, role, member)
        if column == COL_CASE and role == Qt.ItemDataRole.CheckStateRole:
            if idea.shortlisted:
                return Qt.CheckState.Checked
            # On the shortlist only as one of the top by priority: half a star.
            return Qt.CheckState.PartiallyChecked if member else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not member:
            return QColor(tone("muted"))
        if column == COL_STATUS:
            if role == Qt.ItemDataRole.DisplayRole:
                return status_text(scoring.readiness(idea).status)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(scoring.readiness(idea).reasons) or self.tr("Ready")
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_CASE:
            return self._membership(idea, member) + "\n\n" + clipped(idea.text)
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(clipped(str(getattr(idea, TEXT_FIELDS[column]))).split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return clipped(str(getattr(idea, TEXT_FIELDS[column])))
        if role == Qt.ItemDataRole.EditRole:
            return getattr(idea, TEXT_FIELDS[column])
        return None

    def _membership(self, idea: Idea, member: bool) -> str:
        if idea.shortlisted:
            return self.tr("★ Starred for the shortlist")
        if member:
            return self.tr(
                "On the shortlist as one of the top %d by priority (nobody starred ideas)"
            ) % (scoring.SHORTLIST_SIZE)
        return self.tr("Not on the shortlist")

    def _score(self, idea: Idea, column: int, role: int, member: bool) -> Any:
        dimension = SCORE_COLUMNS[column]
        rating = getattr(idea.readiness, dimension)
        status = scoring.rating_status(dimension, rating.score)
        if role == Qt.ItemDataRole.DisplayRole:
            return NOT_SCORED if rating.score is None else str(rating.score)
        if role in (Qt.ItemDataRole.EditRole, NOTE_ROLE):
            return rating.note
        if role == Qt.ItemDataRole.ForegroundRole:
            if status is None or not member:
                return QColor(tone("muted"))
            return QColor(tone(STATUS_TONE[status]))
        if role == Qt.ItemDataRole.BackgroundRole and status is Status.BLOCKED and member:
            return QColor(tone("error-paper"))
        if role == Qt.ItemDataRole.ToolTipRole:
            label = scoring.DIMENSION_LABELS[dimension]
            lines = [rating.note] if rating.note else []
            if status is Status.BLOCKED:
                lines.insert(0, self.tr("%s %d/5 blocks production") % (label, rating.score))
            return "\n\n".join(lines) or self.helps.get(column)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self.session.read_only or index.column() == COL_STATUS:
            return base
        if index.column() == COL_CASE:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        idea = self.rows.ideas[index.row()]
        column = index.column()
        if column == COL_CASE and role == Qt.ItemDataRole.CheckStateRole:
            return self.toggle_star(idea.id)
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = "" if value is None else str(value)
        workshop = self.session.workshop
        if column in SCORE_COLUMNS:  # the cell's editor edits the note
            dimension = SCORE_COLUMNS[column]
            if getattr(idea.readiness, dimension).note == text:
                return True
            done = self.session.perform(
                lambda: workshop.update(
                    idea.id, readiness=idea.readiness.with_rating(dimension, note=text)
                )
            )
            return done is not None
        name = TEXT_FIELDS.get(column)
        if name is None:
            return False
        if getattr(idea, name) == text:
            return True
        done = self.session.perform(partial(workshop.update, idea.id, **{name: text}))
        return done is not None

    def set_score(self, idea_id: str, dimension: str, value: Any) -> bool:
        """A score typed on the grid: a digit, or None to clear it. Anything else
        goes to the core, which says what a score must be."""
        workshop = self.session.workshop
        idea = workshop.find(idea_id)
        if not isinstance(idea, Idea):
            return False
        score: Any = value
        if isinstance(value, str):
            text = value.strip()
            score = int(text) if text.isdigit() else (text or None)
        if getattr(idea.readiness, dimension).score == score:
            return True
        done = self.session.perform(
            lambda: workshop.update(
                idea.id, readiness=idea.readiness.with_rating(dimension, score=score)
            )
        )
        return done is not None

    def toggle_star(self, idea_id: str) -> bool:
        """Put an idea on the shortlist or take it off (one undoable step; the rule
        is :func:`facilitator.operations.toggle_shortlist`)."""
        session = self.session
        return session.perform(partial(toggle_shortlist, session.workshop, idea_id)) is not None


class RatingDelegate(TextDelegate):
    """A score cell: the score, large and in its colour (on red when it blocks),
    and the first lines of its note under it. Its editor edits the note."""

    def __init__(self, session: Session, table: QTableView) -> None:
        super().__init__(session, table)
        self.table = table

    def _fonts(self, base: QFont) -> tuple[QFont, QFont]:
        score = QFont(base)
        score.setBold(True)
        score.setPointSizeF(base.pointSizeF() * 1.2)
        note = QFont(base)
        note.setPointSizeF(base.pointSizeF() * 0.9)
        return score, note

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = self.table.columnWidth(index.column())
        score, note = self._fonts(option.font)
        lines = wrap_lines(
            str(index.data(NOTE_ROLE) or ""), QFontMetrics(note), width - 12, NOTE_LINES
        )
        height = QFontMetrics(score).height() + len(lines) * QFontMetrics(note).lineSpacing()
        return QSize(width, height + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        score_font, note_font = self._fonts(opt.font)
        rect: QRect = opt.rect.adjusted(6, 4, -6, -4)
        ink = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            ink = palette.color(QPalette.ColorRole.HighlightedText)
        painter.save()
        painter.setClipRect(opt.rect)
        painter.setFont(score_font)
        painter.setPen(ink if isinstance(ink, QColor) else palette.color(QPalette.ColorRole.Text))
        score_height = QFontMetrics(score_font).height()
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), score_height),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        note_metrics = QFontMetrics(note_font)
        painter.setFont(note_font)
        painter.setPen(
            palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
        )
        top = rect.top() + score_height
        for line in wrap_lines(
            str(index.data(NOTE_ROLE) or ""), note_metrics, rect.width(), NOTE_LINES
        ):
            painter.drawText(
                QRect(rect.left(), top, rect.width(), note_metrics.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )
            top += note_metrics.lineSpacing()
        painter.restore()


class StatusDelegate(QStyledItemDelegate):
    """The status cell: the status in its colour, then what blocks it in bold red,
    then what else is missing, muted."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    def _lines(self, verdict: Verdict, font: QFont, width: int) -> list[tuple[str, str, bool]]:
        """(text, tone, bold) per line."""
        strong = QFontMetrics(self._bold(font))
        lines = [(status_text(verdict.status), STATUS_TONE[verdict.status], True)]
        for blocker in verdict.blockers:
            lines += [(part, "bad", True) for part in wrap_lines(blocker, strong, width, 2)]
        if verdict.gaps:
            gaps = "Also: " + "; ".join(verdict.gaps)
            lines += [
                (part, "muted", False) for part in wrap_lines(gaps, QFontMetrics(font), width, 2)
            ]
        return lines

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        verdict = index.data(VERDICT_ROLE)
        if not isinstance(verdict, Verdict):
            return super().sizeHint(option, index)
        width = self.table.columnWidth(index.column())
        lines = self._lines(verdict, option.font, width - 12)
        return QSize(width, len(lines) * QFontMetrics(option.font).lineSpacing() + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        verdict = index.data(VERDICT_ROLE)
        if not isinstance(verdict, Verdict):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        member = bool(index.data(MEMBER_ROLE))
        palette: QPalette = opt.palette
        bold = self._bold(opt.font)
        spacing = QFontMetrics(opt.font).lineSpacing()
        rect: QRect = opt.rect.adjusted(6, 4, -6, -4)
        painter.save()
        painter.setClipRect(opt.rect)
        top = rect.top()
        for text, tone_name, strong in self._lines(verdict, opt.font, rect.width()):
            name = tone_name if member else "muted"
            colour = room_tone(name) if selected else tone(name, palette)
            painter.setFont(bold if strong else opt.font)
            painter.setPen(QColor(colour))
            painter.drawText(
                QRect(rect.left(), top, rect.width(), spacing),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            top += spacing
        painter.restore()


# -- the room's view ------------------------------------------------------------------------

ROOM_HEADERS = ("Use case", "Workflow", "Volume", "Safety", "Status")


class RoomReadiness(RoomProxy):
    """The grid as the projector shows it: the shortlist only, its scores and status."""

    def __init__(self, grid: ReadinessModel) -> None:
        columns = (COL_CASE, COL_WORKFLOW, COL_VOLUME, COL_SAFETY, COL_STATUS)
        super().__init__(grid, columns, ROOM_HEADERS)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        source = self.sourceModel().index(source_row, COL_CASE, source_parent)
        return bool(source.data(MEMBER_ROLE))

    def header_role(self, section: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (0, 4):
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def room_data(self, source: QModelIndex, role: int) -> Any:
        idea: Idea = source.data(RECORD_ROLE)
        column = source.column()
        if role == RECORD_ROLE:
            return idea
        if column == COL_CASE:
            return (
                " ".join(clipped(idea.text).split())
                if role == Qt.ItemDataRole.DisplayRole
                else None
            )
        if column == COL_STATUS:
            verdict = scoring.readiness(idea)
            if role == Qt.ItemDataRole.DisplayRole:
                return status_text(verdict.status)  # the blocking scores are red beside it
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(room_tone(STATUS_TONE[verdict.status]))
            if role == Qt.ItemDataRole.FontRole:
                return room_font(24)
            return None
        dimension = SCORE_COLUMNS[column]
        score = getattr(idea.readiness, dimension).score
        status = scoring.rating_status(dimension, score)
        if role == Qt.ItemDataRole.DisplayRole:
            return NOT_SCORED if score is None else str(score)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(ROOM_QUIET if status is None else room_tone(STATUS_TONE[status]))
        if role == Qt.ItemDataRole.BackgroundRole and status is Status.BLOCKED:
            return QColor(ROOM_BLOCKED_PAPER)
        if role == Qt.ItemDataRole.FontRole:
            return room_font(32)
        return None


class RoomLinesDelegate(QStyledItemDelegate):
    """Projector text cells: wrapped to at most *most* lines, so every use case
    keeps a row of the same few lines however long its text."""

    def __init__(self, table: QTableView, most: int) -> None:
        super().__init__(table)
        self.table = table
        self.most = most

    def _font(self, option: QStyleOptionViewItem, index: AnyIndex) -> QFont:
        font = index.data(Qt.ItemDataRole.FontRole)
        return font if isinstance(font, QFont) else QFont(option.font)

    def _lines(self, text: str, metrics: QFontMetrics, width: int) -> list[str]:
        lines: list[str] = []
        for paragraph in text.split("\n"):
            lines += wrap_lines(paragraph, metrics, width, self.most - len(lines))
            if len(lines) >= self.most:
                break
        return lines[: self.most]

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = self.table.columnWidth(index.column())
        metrics = QFontMetrics(self._font(option, index))
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        lines = max(len(self._lines(text, metrics, width - 24)), 1)
        return QSize(width, lines * metrics.lineSpacing() + 20)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        font = self._font(option, index)
        metrics = QFontMetrics(font)
        rect = option.rect.adjusted(12, 10, -12, -10)
        ink = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.save()
        painter.setFont(font)
        painter.setPen(ink if isinstance(ink, QColor) else QColor(ROOM_INK))
        top = rect.top()
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        for line in self._lines(text, metrics, rect.width()):
            painter.drawText(
                QRect(rect.left(), top, rect.width(), metrics.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                line,
            )
            top += metrics.lineSpacing()
        painter.restore()


# -- the view --------------------------------------------------------------------------------


CASE_WIDTH = 180
"""The narrowest the use case's column gets: a few words a line."""
COLUMN_WIDTHS = {
    COL_WORKFLOW: 112,
    COL_VOLUME: 112,
    COL_SAFETY: 112,
    COL_OWNER: 92,
    COL_METRIC: 104,
    COL_STATUS: 172,
}
"""The columns' widths when there is room; the use case takes the rest."""


class ReadinessView(ExerciseView):
    """The last-mile exercise: the grid, the shortlist's source, the room's mirror."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The table's own width, not the view's: a vertical scroll bar coming or going
        # changes it too, and the use case must still end at the table's edge.
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """The use case keeps at least a third of the table and never less than
        CASE_WIDTH: a name broken into a word a line ("R… c… d…") reads as nothing.
        The other columns give way down to their titles' longest words; narrower than
        that, the table scrolls sideways rather than squeeze the use case."""
        room = self.table.viewport().width()
        bold = QFont(self.table.horizontalHeader().font())
        bold.setBold(True)  # titles and statuses are drawn bold: measure them so
        metrics = QFontMetrics(bold)
        case = max(room // 3, CASE_WIDTH)
        spare = room - case
        scale = min(1.0, spare / sum(COLUMN_WIDTHS.values())) if spare > 0 else 0.0
        widths = {}
        for column, width in COLUMN_WIDTHS.items():
            # Never narrower than the longest word of its title ("Workflow", "safety"),
            # nor, for the status, than "▲ Needs work".
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            words = [*title.split(), *(["▲ Needs work"] if column == COL_STATUS else [])]
            longest = max((metrics.horizontalAdvance(w) for w in words), default=0)
            widths[column] = max(int(width * scale), longest + 26, 56)
            self.table.setColumnWidth(column, widths[column])
        self.table.setColumnWidth(COL_CASE, max(room - sum(widths.values()), CASE_WIDTH))

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.rows = ReadinessRows(session)
        self.model = ReadinessModel(self.rows)
        self.table = EditGrid(self.tr("Last-mile readiness"), self._key)
        self.table.setModel(self.model)
        self.table.setItemDelegate(TextDelegate(session, self.table, (COL_OWNER,)))
        rating = RatingDelegate(session, self.table)
        for column in SCORE_COLUMNS:
            self.table.setItemDelegateForColumn(column, rating)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(56)
        self.table.viewport().installEventFilter(self)
        self._fit_columns()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Three lines a use case, a score and the first line of its note: three use
        # cases whole on a 720-pixel screen (the tooltip and the inspector have the rest).
        rows.setMaximumSectionSize(self.fontMetrics().lineSpacing() * 3 + 8)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.show_all = QCheckBox(self.tr("Show &all ideas"))
        self.show_all.setToolTip(self.tr("List the ideas not on the shortlist too, to star one"))
        self.show_all.toggled.connect(self._show_all)
        self.header = TableHeader(
            self.tr(
                "Scores: type 1–5, Delete clears, F2 or words write the note · Space stars a "
                "use case · Any 1, or safety 2 or less, blocks production."
            ),
            self.summary,
            self.show_all,
        )
        self.source = self.header.tally
        stack(self, self.header, main=self.table)

        self.room = RoomReadiness(self.model)
        self._mirror: QWidget | None = None
        self._mirror_title: QLabel | None = None
        self.mirror_table: QTableView | None = None
        session.changed.connect(self._changed)

    # -- the exercise -------------------------------------------------------------------

    def show_item(self, item: AgendaItem) -> None:
        super().show_item(item)
        self.rows.seen.clear()
        columns = {
            "readiness.workflow": COL_WORKFLOW,
            "readiness.volume": COL_VOLUME,
            "readiness.safety": COL_SAFETY,
            "owner": COL_OWNER,
            "success_metric": COL_METRIC,
        }
        self.model.helps = {
            columns[str(field.get("key"))]: str(field["help"])
            for field in Exercise(item).fields
            if field.get("help") and field.get("key") in columns
        }
        self.reload()

    def reload(self) -> None:
        current = self.table.currentIndex()
        idea = current.data(RECORD_ROLE) if current.isValid() else None
        column = current.column() if current.isValid() else COL_WORKFLOW
        self.model.reload()
        if idea is not None and not self.table.currentIndex().isValid():
            row = self.model.row_of(idea.id)
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, column))
        self._update_labels()

    def _changed(self, change: Change) -> None:
        if self.item is None or not self.active:
            return
        if any(rc.table == "ideas" for rc in change.records):
            self.reload()

    def _show_all(self, on: bool) -> None:
        self.rows.show_all = on
        self.reload()

    def _update_labels(self) -> None:
        shortlisted = self.rows.on_shortlist()
        verdicts = [scoring.readiness(i) for i in shortlisted]
        if not shortlisted:
            source = self.tr(
                "No shortlist yet: score the ideas for value and feasibility, or star "
                "them (Show all ideas)"
            )
        elif self.rows.starred:
            source = self.tr("Shortlist: the %d starred ideas") % len(shortlisted)
            if len(shortlisted) == 1:
                source = self.tr("Shortlist: the one starred idea")
        else:
            source = self.tr("Shortlist: none starred, so the top %d by priority") % len(
                shortlisted
            )
        self.source.setText(source)
        self.summary.setText(scoring.readiness_tally(verdicts) if shortlisted else "")
        if self._mirror_title is not None:
            count = len(shortlisted)
            self._mirror_title.setText(
                self.tr("%d use case%s on the shortlist: %s")
                % (count, "" if count == 1 else "s", scoring.readiness_tally(verdicts))
                if shortlisted
                else self.tr("No use cases on the shortlist yet")
            )

    # -- keys --------------------------------------------------------------------------

    def _key(self, event: QKeyEvent) -> bool:
        """Keys the grid handles itself before Qt's: see the module docstring."""
        index = self.table.currentIndex()
        if not index.isValid() or self.session.read_only:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        column = index.column()
        idea = index.data(RECORD_ROLE)
        key = event.key()
        clearing = key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if column == COL_CASE and key == Qt.Key.Key_Space:
            self.model.toggle_star(idea.id)
            return True
        if column in SCORE_COLUMNS:
            text = event.text()
            if clearing:
                self.model.set_score(idea.id, SCORE_COLUMNS[column], None)
                return True
            if len(text) == 1 and text.isdigit():
                self.model.set_score(idea.id, SCORE_COLUMNS[column], text)
                return True
        if clearing and column in (COL_OWNER, COL_METRIC):
            self.model.setData(index, "")
            return True
        return False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.record_selected.emit(current.data(RECORD_ROLE) if current.isValid() else None)

    def focus_main(self) -> None:
        focus_first_cell(self.table, COL_WORKFLOW)

    # -- the room -----------------------------------------------------------------------

    def projector_view(self) -> QWidget | None:
        if self._mirror is None:
            mirror = QWidget()
            title = QLabel()
            title.setObjectName("projector_count")
            title.setWordWrap(True)
            table = room_table(self.room, self.tr("Readiness on the projector"))
            table.setItemDelegateForColumn(0, RoomLinesDelegate(table, 2))
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for score_column in (1, 2, 3):
                table.setColumnWidth(score_column, 200)
            table.setColumnWidth(4, 290)
            header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
            stack(mirror, title, main=table)
            self._mirror, self._mirror_title, self.mirror_table = mirror, title, table
            self._update_labels()
        return self._mirror
