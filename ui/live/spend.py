"""The spend sheet (the ``spend`` view): what the AI costs, and who answers for it.

Licence lines — tool, seats, price per seat per month, the share of seats in
use — are typed into a table, and the sheet does the arithmetic the room should
watch appear: monthly cost (never $0 for a price nobody knows: "price unknown"),
active users and cost per active user, then the totals a month and a year, and
how much of it is accounted for by use cases with an owner, a success metric
and a monthly budget. Every figure is :func:`facilitator.scoring.spend`, the
brief's own arithmetic, in the workshop's currency; while a line has no price
the totals are lower bounds, marked "≥" as in the brief.

Below, the use cases (the shortlist, and any idea given a budget) with their
owner, metric and budget, editable in place; a budget without an owner or a
metric is flagged: it accounts for nothing yet.

Lines come from the quick-capture line above (the tool's name) or "Add licence
line"; Delete removes the selected line and Ctrl+Z brings it back. The projector
shows the three numbers that matter and the licence lines, in large type.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import numbers, scoring
from facilitator.model import (
    AgendaItem,
    Idea,
    Licence,
    Record,
    ValidationError,
    clipped,
    parse_text,
)
from facilitator.numbers import money, percent
from facilitator.workshop import Change
from ui.flow import FlowLayout
from ui.live.models import RECORD_ROLE
from ui.live.session import Session
from ui.live.tables import (
    EditGrid,
    RecordTableModel,
    RoomProxy,
    TextDelegate,
    focus_first_cell,
    room_font,
    room_table,
    room_tone,
)
from ui.live.views import ExerciseView
from ui.table_model import AnyIndex
from ui.theme import tone

COL_TOOL, COL_SEATS, COL_PRICE, COL_SHARE, COL_COST, COL_USERS, COL_PER_USER = range(7)
LICENCE_HEADERS = (
    "Tool",
    "Seats",
    "Price per seat\na month",
    "Active\nshare",
    "Monthly cost",
    "Active\nusers",
    "Cost per\nactive user",
)
LICENCE_FIELDS = {
    COL_TOOL: "tool",
    COL_SEATS: "seats",
    COL_PRICE: "price_per_seat_month",
    COL_SHARE: "active_share",
}
COL_CASE, COL_OWNER, COL_METRIC, COL_BUDGET, COL_ACCOUNTS = range(5)
CASE_HEADERS = ("Use case", "Owner", "Success metric", "Budget a month", "Accounts for spend")
CASE_FIELDS = {COL_CASE: "text", COL_OWNER: "owner", COL_METRIC: "success_metric"}
CASE_WIDTH = 180
"""The narrowest the use case's own column gets in the table of use cases."""
CASE_COLUMN_WIDTHS = {COL_OWNER: 120, COL_METRIC: 200, COL_ACCOUNTS: 200}
"""Their widths when there is room; the use case takes the rest."""
NUMERIC = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
PRICE_UNKNOWN = "price unknown"
NEW_LINE = "New licence"


def at_least(picture: scoring.Spend, amount: str) -> str:
    return numbers.at_least(amount, picture.complete)


def at_most(picture: scoring.Spend, share: str) -> str:
    return numbers.at_most(share, picture.complete)


def whole(number: float) -> str:
    return f"{number:,.0f}" if number >= 10 or number == int(number) else f"{number:,.1f}"


class SpendSheet:
    """The licence lines, the use cases listed, and the arithmetic, refreshed on change."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.licences: list[Licence] = []
        self.ideas: list[Idea] = []
        self.picture = scoring.spend((), ())
        self.show_all = False
        self.seen: set[str] = set()
        """Use cases listed since the exercise was opened: clearing a budget keeps
        the row instead of pulling it from under the cursor."""

    @property
    def currency(self) -> str:
        return self.session.workshop.meta.currency

    def money(self, amount: float | None) -> str:
        return money(amount, self.currency)

    def refresh(self) -> None:
        workshop = self.session.workshop
        self.licences = workshop.typed(Licence)
        ideas = workshop.typed(Idea)
        self.picture = scoring.spend(self.licences, ideas)
        self.ideas = scoring.spend_cases(ideas, every=self.show_all, kept=self.seen)
        self.seen.update(i.id for i in self.ideas)


def _perform_edit(session: Session, record: Record, name: str, text: str) -> bool:
    """One field typed as text: parsed as the core parses text (5,000 · 22,50 ·
    35 %), checked by the core, saved and undoable; a refusal is the core's words."""
    spec = type(record).field_specs()[name]
    try:
        value = parse_text(spec, text)
    except ValidationError as error:
        session.failed.emit(str(error))
        return False
    if getattr(record, name) == value or (value is None and getattr(record, name) in (None, 0)):
        return True
    done = session.perform(partial(session.workshop.update, record.id, **{name: value}))
    return done is not None


class LicenceModel(RecordTableModel):
    """The licence lines and what they cost."""

    def __init__(self, sheet: SpendSheet) -> None:
        super().__init__(LICENCE_HEADERS)
        self.sheet = sheet

    @property
    def records(self) -> list[Licence]:
        return self.sheet.licences

    def header_role(self, section: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                COL_SHARE: self.tr("Share of seats used in a typical month, in %"),
                COL_COST: self.tr("Seats × price per seat (computed)"),
                COL_USERS: self.tr("Seats × active share (computed)"),
                COL_PER_USER: self.tr("Monthly cost ÷ active users (computed)"),
            }.get(section)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.sheet.licences[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_TOOL:
            return NUMERIC
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(line, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._typed(line, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TOOL:
            return line.tool
        unknown_price = line.price_per_seat_month is None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (COL_PRICE, COL_COST) and unknown_price:
                return QColor(tone("warn"))
            if column in (COL_USERS, COL_PER_USER) and self._shown(line, column) == "—":
                return QColor(tone("muted"))
        if role == Qt.ItemDataRole.FontRole and column == COL_COST:
            font = QFont()
            font.setBold(not unknown_price)
            font.setItalic(unknown_price)
            return font
        return None

    def _shown(self, line: Licence, column: int) -> str:
        sheet = self.sheet
        if column == COL_TOOL:
            return " ".join(line.tool.split())
        if column == COL_SEATS:
            return f"{line.seats:,}"
        if column == COL_PRICE:
            return (
                "unknown"
                if line.price_per_seat_month is None
                else sheet.money(line.price_per_seat_month)
            )
        if column == COL_SHARE:
            return percent(line.active_share)
        if column == COL_COST:
            cost = line.monthly_cost
            return PRICE_UNKNOWN if cost is None else sheet.money(cost)
        if column == COL_USERS:
            users = scoring.active_users(line)
            return "—" if users is None else whole(users)
        return sheet.money(scoring.cost_per_active_user(line))

    @staticmethod
    def _typed(line: Licence, column: int) -> str:
        """The value as the editor starts it: plain, as a person would type it."""
        if column == COL_TOOL:
            return line.tool
        if column == COL_SEATS:
            return str(line.seats)
        if column == COL_PRICE:
            price = line.price_per_seat_month
            return "" if price is None else f"{price:g}" if price < 1e15 else str(price)
        if column == COL_SHARE:
            share = line.active_share
            return "" if share is None else f"{round(share * 100, 4):g}%"
        return ""

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if (
            index.isValid()
            and index.column() in LICENCE_FIELDS
            and not self.sheet.session.read_only
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        name = LICENCE_FIELDS.get(index.column())
        if role != Qt.ItemDataRole.EditRole or name is None or not index.isValid():
            return False
        text = "" if value is None else str(value).strip()
        if name == "active_share" and text and not text.endswith("%"):
            text += "%"  # the column is in percent: 35 is 35 %
        line = self.sheet.licences[index.row()]
        return _perform_edit(self.sheet.session, line, name, text)


class UseCaseModel(RecordTableModel):
    """The use cases that account for spend, and those that do not yet."""

    def __init__(self, sheet: SpendSheet) -> None:
        super().__init__(CASE_HEADERS)
        self.sheet = sheet

    @property
    def records(self) -> list[Idea]:
        return self.sheet.ideas

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        idea = self.sheet.ideas[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return idea
        if column == COL_ACCOUNTS:
            return self._accounts(idea, role)
        if column == COL_BUDGET:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.sheet.money(idea.monthly_budget)
            if role == Qt.ItemDataRole.EditRole:
                return "" if idea.monthly_budget is None else f"{idea.monthly_budget:g}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return NUMERIC
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            text = str(getattr(idea, CASE_FIELDS[column]))
            if role == Qt.ItemDataRole.EditRole:
                return text
            shown = clipped(text)
            return " ".join(shown.split()) if role == Qt.ItemDataRole.DisplayRole else shown
        return None

    def _accounts(self, idea: Idea, role: int) -> Any:
        accountable = scoring.is_accountable(idea)
        lacking = scoring.accountability_gaps(idea)
        if role == Qt.ItemDataRole.DisplayRole:
            if accountable:
                return self.tr("✓ %s") % self.sheet.money(idea.monthly_budget)
            if idea.monthly_budget:
                return self.tr("✕ Not accounted: %s") % ", ".join(lacking)
            return self.tr("No budget yet")
        if role == Qt.ItemDataRole.ForegroundRole:
            if accountable:
                return QColor(tone("good"))
            return QColor(tone("bad" if idea.monthly_budget else "muted"))
        if role == Qt.ItemDataRole.FontRole and idea.monthly_budget and not accountable:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and not accountable:
            return self.tr(
                "A use case accounts for spend when it has an owner, a success metric and "
                "a monthly budget. Missing: %s"
            ) % ", ".join(lacking)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() != COL_ACCOUNTS and not self.sheet.session.read_only:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = index.column()
        name = "monthly_budget" if column == COL_BUDGET else CASE_FIELDS.get(column)
        if name is None:
            return False
        idea = self.sheet.ideas[index.row()]
        text = "" if value is None else str(value)
        return _perform_edit(self.sheet.session, idea, name, text)


class RoomLicences(RoomProxy):
    """The licence lines as the room sees them: what each costs, in the sheet's order
    of columns, as text (the room gets no records)."""

    def __init__(self, licences: LicenceModel) -> None:
        columns = (COL_TOOL, COL_SEATS, COL_PRICE, COL_SHARE, COL_COST)
        super().__init__(licences, columns, ("Tool", "Seats", "Per seat", "Active", "Monthly cost"))

    def header_role(self, section: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if section == 0 else NUMERIC
        return None

    def room_data(self, source: QModelIndex, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole):
            return source.data(role)
        column = source.column()
        unknown = source.data(RECORD_ROLE).price_per_seat_month is None
        if role == Qt.ItemDataRole.ForegroundRole and unknown and column in (COL_PRICE, COL_COST):
            return QColor(room_tone("warn"))
        if role == Qt.ItemDataRole.FontRole and column == COL_COST:
            return room_font(24)
        return None


class Figure(QWidget):
    """A big number with its caption (the brief's figure tiles)."""

    def __init__(self, caption: str, *, projector: bool = False) -> None:
        super().__init__()
        self.size_pt = 54 if projector else 17
        self.value = QLabel("—")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        if projector:
            self.caption.setStyleSheet("font-size: 24pt; color: #C9D6E2;")
        else:
            self.caption.setObjectName("muted")
        self.set_value("—")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 36 if projector else 12, 0)
        column.setSpacing(0)
        column.addWidget(self.value)
        column.addWidget(self.caption)

    def set_value(self, value: str, colour: str = "", caption: str | None = None) -> None:
        self.value.setText(value)
        ink = f" color: {colour};" if colour else ""
        self.value.setStyleSheet(f"font-size: {self.size_pt}pt; font-weight: 700;{ink}")
        if caption is not None:
            self.caption.setText(caption)


class SpendView(ExerciseView):
    """The spend exercise: licence lines, totals, the use cases that pay for them."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.sheet = SpendSheet(session)
        self.licence_model = LicenceModel(self.sheet)
        self.case_model = UseCaseModel(self.sheet)

        self.licences = EditGrid(self.tr("Licence lines"), self._licence_key)
        self.licences.setModel(self.licence_model)
        self.licences.setItemDelegate(TextDelegate(session, self.licences))
        header = self.licences.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TOOL, QHeaderView.ResizeMode.Stretch)
        self.licences.setWordWrap(False)  # one line a licence: the sheet stays compact
        self.licences.selectionModel().currentRowChanged.connect(self._licence_row)

        self.cases = EditGrid(self.tr("Use cases that account for spend"), self._case_key)
        self.cases.setModel(self.case_model)
        self.cases.setItemDelegate(TextDelegate(session, self.cases, (COL_OWNER,)))
        cases_header = self.cases.horizontalHeader()
        cases_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        cases_header.setSectionResizeMode(COL_CASE, QHeaderView.ResizeMode.Stretch)
        cases_header.setSectionResizeMode(COL_BUDGET, QHeaderView.ResizeMode.ResizeToContents)
        self.cases.viewport().installEventFilter(self)
        self._fit_cases()
        rows = self.cases.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMaximumSectionSize(self.fontMetrics().lineSpacing() * 3 + 12)
        self.cases.selectionModel().currentRowChanged.connect(self._case_row)

        self.add_button = QPushButton(self.tr("&Add licence line"))
        self.add_button.clicked.connect(self.add_line)
        self.delete_button = QPushButton(self.tr("Delete line"))
        self.delete_button.setToolTip(self.tr("Delete the selected licence line (Delete)"))
        self.delete_button.clicked.connect(self.delete_line)
        self.notice = QLabel()
        self.notice.setObjectName("muted")
        self.notice.setWordWrap(True)
        lines_title = QLabel(self.tr("What we pay for"))
        lines_title.setObjectName("section")
        buttons = QHBoxLayout()
        buttons.addWidget(lines_title)
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)

        self.total = Figure(self.tr("a month"))
        self.year = Figure(self.tr("a year at this rate"))
        self.per_user = Figure(self.tr("per active user a month"))
        self.accounted = Figure(self.tr("accounted to owned use cases"))
        self.unaccounted = Figure(self.tr("unaccounted"))
        # Two lines of figures on a narrow screen (1280×720 with the inspector open):
        # the total and what of it nobody answers for come first, so they stay in
        # sight above the fold; the year is the same number times twelve.
        figures = FlowLayout(spacing=24)
        for figure in (self.total, self.unaccounted, self.accounted, self.per_user, self.year):
            figures.addWidget(figure)
        self.caveat = QLabel()
        self.caveat.setWordWrap(True)
        self.empty = QLabel(
            self.tr(
                "No licence lines yet: type a tool's name in the capture line above and press "
                "Enter, or Add licence line."
            )
        )
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)

        cases_title = QLabel(self.tr("Use cases that account for spend"))
        cases_title.setObjectName("section")
        self.show_all = QCheckBox(self.tr("Show all ideas"))
        self.show_all.toggled.connect(self._show_all)
        self.cases_note = QLabel()
        self.cases_note.setWordWrap(True)
        cases_row = QHBoxLayout()
        cases_row.addWidget(cases_title)
        cases_row.addWidget(self.cases_note, 1)
        cases_row.addWidget(self.show_all)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.licences)
        layout.addWidget(self.empty)
        layout.addLayout(figures)
        layout.addWidget(self.caveat)
        layout.addSpacing(6)
        layout.addLayout(cases_row)
        layout.addWidget(self.cases, 1)

        self.room = RoomLicences(self.licence_model)
        self._mirror: QWidget | None = None
        self.room_figures: tuple[Figure, Figure, Figure] | None = None
        self.room_caveat: QLabel | None = None
        self.mirror_table: QTableView | None = None
        session.changed.connect(self._changed)

    # -- the exercise -------------------------------------------------------------------

    def show_item(self, item: AgendaItem) -> None:
        super().show_item(item)
        self.sheet.seen.clear()
        self.reload()

    def reload(self) -> None:
        licences = self.licence_model.record_ids()
        ideas = self.case_model.record_ids()
        keep = [(table, table.currentIndex()) for table in (self.licences, self.cases)]
        remembered = [
            (table, index.data(RECORD_ROLE), index.column())
            for table, index in keep
            if index.isValid()
        ]
        self.sheet.refresh()
        self.licence_model.refreshed(licences)  # reset if a line came or went: a few dozen rows
        self.case_model.refreshed(ideas)  # reset if a use case came or went: a handful of rows
        for table, record, column in remembered:
            if not table.currentIndex().isValid():
                model = table.model()
                assert isinstance(model, LicenceModel | UseCaseModel)
                row = model.row_of(record.id)
                if row >= 0:
                    table.setCurrentIndex(model.index(row, column))
        self._update_figures()
        self._fit_licences()
        self.delete_button.setEnabled(
            self.licences.currentIndex().isValid() and not self.session.read_only
        )
        self.add_button.setEnabled(not self.session.read_only)

    def _fit_licences(self) -> None:
        """The licence table as tall as its lines, up to two fifths of the view:
        the use cases below get the rest."""
        table = self.licences
        rows = sum(table.rowHeight(r) for r in range(self.licence_model.rowCount()))
        bar = table.horizontalScrollBar()
        needed = (
            table.horizontalHeader().sizeHint().height()
            + rows
            + 2 * table.frameWidth()
            + (bar.sizeHint().height() if bar.isVisible() else 0)
        )
        most = max(self.height() * 2 // 5, 160)
        table.setFixedHeight(min(needed, most))
        self.empty.setVisible(not self.licence_model.rowCount())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_licences()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.cases.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_cases()
        return False

    def _fit_cases(self) -> None:
        """Owner, metric and what it draws on share the width the use case leaves, up
        to their comfortable widths: at 1280 pixels with the inspector open the table
        still fits, with no sideways scroll."""
        room = self.cases.viewport().width() - self.cases.columnWidth(COL_BUDGET)
        spare = max(room - CASE_WIDTH, 0)
        scale = min(1.0, spare / sum(CASE_COLUMN_WIDTHS.values()))
        for column, width in CASE_COLUMN_WIDTHS.items():
            self.cases.setColumnWidth(column, max(int(width * scale), 80))

    def _changed(self, change: Change) -> None:
        if self.item is None or not self.active:
            return
        tables = {rc.table for rc in change.records}
        if not tables & {"licences", "ideas", "meta"}:
            return
        self.reload()

    def captured(self, record: Record) -> bool:
        """A line typed in the capture line: the keyboard goes on to its seats, where
        the highlight is (typing "5000" then fills the cell, not the capture line)."""
        row = self.licence_model.row_of(record.id)
        if row < 0:
            return False
        self.licences.setFocus()
        self.licences.setCurrentIndex(self.licence_model.index(row, COL_SEATS))
        self.licences.scrollTo(self.licences.currentIndex())
        return True

    def _show_all(self, on: bool) -> None:
        self.sheet.show_all = on
        self.reload()

    def _update_figures(self) -> None:
        picture = self.sheet.picture
        cur = self.sheet.money
        has_lines = bool(self.sheet.licences)
        known = picture.known
        total = at_least(picture, cur(picture.total)) if known else "unknown"
        self.total.set_value(total if has_lines else cur(0))
        self.year.set_value(at_least(picture, cur(picture.total * 12)) if known else "unknown")
        per_user = picture.cost_per_active_user
        self.per_user.set_value(cur(per_user) if per_user is not None else "—")
        share = percent(picture.accounted_share)
        self.accounted.set_value(
            cur(picture.accounted),
            tone("good") if picture.accounted else "",
            self.tr("accounted to owned use cases (%s)") % at_most(picture, share)
            if picture.total
            else self.tr("accounted to owned use cases"),
        )
        gap_share = percent(picture.unaccounted_share)
        self.unaccounted.set_value(
            at_least(picture, cur(picture.unaccounted)) if known else "unknown",
            tone("bad") if picture.unaccounted else "",
            self.tr("unaccounted (%s)") % at_least(picture, gap_share)
            if picture.total
            else self.tr("unaccounted"),
        )
        caveats = []
        if picture.unpriced:
            tools = ", ".join(" ".join(line.tool.split()) for line in picture.unpriced)
            caveats.append(
                self.tr("No price for %s: the totals leave it out, so they are lower bounds (≥).")
                % tools
            )
        if picture.over_budgeted:
            caveats.append(
                self.tr("The use-case budgets add up to more than the licences cost.")
                if picture.complete
                else self.tr("The use-case budgets add up to more than the priced lines cost.")
            )
        self.caveat.setText(" ".join(caveats))
        self.caveat.setStyleSheet(f"color: {tone('warn')};" if caveats else "")
        self.caveat.setVisible(bool(caveats))
        unowned = picture.unowned_budgets
        self.cases_note.setText(
            self.tr("%d budget(s) account for nothing yet: no owner or no success metric")
            % len(unowned)
            if unowned
            else ""
        )
        self.cases_note.setStyleSheet(f"color: {tone('bad')}; font-weight: 600;")
        self._update_room()

    # -- editing lines -------------------------------------------------------------------

    def add_line(self) -> None:
        """A new line named "New licence", its name open for typing."""
        if self.session.read_only or self.item is None:
            return
        item_id = self.item.id
        line = self.session.perform(
            lambda: self.session.workshop.add("licence", tool=NEW_LINE, exercise_id=item_id)
        )
        if line is None:
            return
        row = self.licence_model.row_of(line.id)
        index = self.licence_model.index(row, COL_TOOL)
        self.licences.setFocus()
        self.licences.setCurrentIndex(index)
        self.licences.edit(index)

    def delete_line(self) -> None:
        index = self.licences.currentIndex()
        line = index.data(RECORD_ROLE) if index.isValid() else None
        if not isinstance(line, Licence) or self.session.read_only:
            return
        row = index.row()
        if self.session.perform(partial(self.session.workshop.delete, line.id)) is None:
            return
        self.notice.setText(self.tr("Deleted “%s” — Ctrl+Z brings it back") % line.tool)
        count = self.licence_model.rowCount()
        if count:
            self.licences.setCurrentIndex(
                self.licence_model.index(min(row, count - 1), index.column())
            )

    def _licence_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Delete and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self.delete_line()
            return True
        if event.key() == Qt.Key.Key_Backspace:
            index = self.licences.currentIndex()
            if index.isValid() and index.column() in (COL_PRICE, COL_SHARE):
                self.licence_model.setData(index, "")  # back to "not known"
            return True
        return False

    def _case_key(self, event: QKeyEvent) -> bool:
        index = self.cases.currentIndex()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid():
            if index.flags() & Qt.ItemFlag.ItemIsEditable and index.column() != COL_CASE:
                self.case_model.setData(index, "")
            return True
        return False

    def _licence_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.delete_button.setEnabled(current.isValid() and not self.session.read_only)
        if current.isValid():
            self.record_selected.emit(current.data(RECORD_ROLE))

    def _case_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.record_selected.emit(current.data(RECORD_ROLE))

    def focus_main(self) -> None:
        focus_first_cell(self.licences, COL_SEATS)

    # -- the room -----------------------------------------------------------------------

    def projector_view(self) -> QWidget | None:
        if self._mirror is None:
            mirror = QWidget()
            figures = (
                Figure(self.tr("AI spend a month"), projector=True),
                Figure(self.tr("accounted to owned use cases"), projector=True),
                Figure(self.tr("unaccounted"), projector=True),
            )
            row = QHBoxLayout()
            for figure in figures:
                row.addWidget(figure, 1)
            caveat = QLabel()
            caveat.setObjectName("projector_count")
            caveat.setWordWrap(True)
            table = room_table(self.room, self.tr("Licence lines on the projector"))
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            grid = QGridLayout(mirror)
            grid.setContentsMargins(0, 0, 0, 0)
            grid.addLayout(row, 0, 0)
            grid.addWidget(caveat, 1, 0)
            grid.addWidget(table, 2, 0)
            grid.setRowStretch(2, 1)
            self._mirror, self.room_figures, self.room_caveat = mirror, figures, caveat
            self.mirror_table = table
            self._update_room()
        return self._mirror

    def _update_room(self) -> None:
        if self.room_figures is None or self.room_caveat is None:
            return
        picture = self.sheet.picture
        cur = self.sheet.money
        known = picture.known
        total, accounted, gap = self.room_figures
        total.set_value(at_least(picture, cur(picture.total)) if known else "unknown")
        accounted.set_value(cur(picture.accounted), room_tone("good") if picture.accounted else "")
        gap.set_value(
            at_least(picture, percent(picture.unaccounted_share)) if picture.total else "—",
            room_tone("bad") if picture.unaccounted else "",
            self.tr("unaccounted (%s a month)") % at_least(picture, cur(picture.unaccounted))
            if picture.total
            else self.tr("unaccounted"),
        )
        tools = ", ".join(" ".join(line.tool.split()) for line in picture.unpriced)
        self.room_caveat.setText(
            self.tr("Price not known yet for %s — the total is at least this much.") % tools
            if picture.unpriced
            else ""
        )
        self.room_caveat.setVisible(bool(picture.unpriced))
