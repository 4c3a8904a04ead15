"""A read-only overview of an open workshop: its details and its records per table.

The live workshop window replaces this in a later version; this view is what
the home screen opens today, so a consultant can see what a file holds.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import TABLES
from facilitator.workshop import Workshop
from ui.export_dialog import ExportDialog
from ui.record_model import RecordTableModel

TABLE_ROLE = Qt.ItemDataRole.UserRole + 1
SHOWN_TABLES = (
    "problems",
    "ideas",
    "concerns",
    "actions",
    "licences",
    "participants",
    "agenda",
    "notes",
    "votes",
)
"""The order a consultant reads a workshop in: problems first, raw votes last."""
WIDE_COLUMNS = {
    "text": 420,
    "name": 200,
    "tool": 300,
    "template": 280,
    "position": 40,
    "problem_ids": 260,
    "who": 200,
    "baseline": 260,
    "mitigation": 300,
}


class WorkshopOverview(QMainWindow):
    """Shows one workshop; closing the window releases the file."""

    closed = Signal(object)  # the Workshop, so its owner can close it off the GUI thread

    def __init__(self, workshop: Workshop, read_only_reason: str = "") -> None:
        super().__init__()
        self.workshop = workshop
        meta = workshop.meta
        self.setWindowTitle(f"{meta.title} — Facilitator")
        self.resize(1200, 760)

        title = QLabel(meta.title)
        title.setObjectName("title")
        title.setWordWrap(True)
        details = " · ".join(
            part for part in (meta.client, meta.date or "", ", ".join(meta.facilitators)) if part
        )
        subtitle = QLabel(details)
        subtitle.setObjectName("subtitle")
        objective = QLabel(meta.objective or self.tr("No objective recorded yet."))
        objective.setWordWrap(True)
        objective.setObjectName("objective")
        self.banner = QLabel(read_only_reason)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(bool(read_only_reason))
        self.export_button = QPushButton(self.tr("E&xport brief…"))
        self.export_button.setObjectName("primary")
        self.export_button.setToolTip("Ctrl+E")
        self.export_button.clicked.connect(self.open_export)
        self.export_dialog: ExportDialog | None = None
        self.location = QLabel(str(workshop.path or ""))
        self.location.setObjectName("muted")
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table_list = QStandardItemModel(self)
        counts = workshop.counts()
        for table in SHOWN_TABLES:
            cls = TABLES[table]
            item = QStandardItem(f"{self.tr(cls.label + 's')}  ({counts[table]})")
            item.setData(table, TABLE_ROLE)
            item.setEditable(False)
            self.table_list.appendRow(item)
        self.tables = QListView()
        self.tables.setModel(self.table_list)
        self.tables.setAccessibleName(self.tr("Tables"))
        self.tables.setMaximumWidth(230)
        self.view = QTableView()
        self.view.setAccessibleName(self.tr("Records"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.tables.selectionModel().currentChanged.connect(self._show_table)

        body = QHBoxLayout()
        body.addWidget(self.tables)
        body.addWidget(self.view, 1)
        layout = QVBoxLayout()
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        heading.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(heading)
        for widget in (subtitle, objective, self.banner):
            layout.addWidget(widget)
        layout.addLayout(body, 1)
        layout.addWidget(self.location)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence("Ctrl+E"), self, self.open_export)
        self.show_table(self._first_table_with_records())

    def open_export(self) -> None:
        """The Export dialog for this workshop (one at a time)."""
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self.workshop, self)
        self.export_dialog.show()
        self.export_dialog.raise_()

    def _first_table_with_records(self) -> str:
        counts = self.workshop.counts()
        return next((t for t in SHOWN_TABLES if counts[t]), SHOWN_TABLES[0])

    def show_table(self, table: str) -> None:
        for row in range(self.table_list.rowCount()):
            if self.table_list.item(row).data(TABLE_ROLE) == table:
                self.tables.setCurrentIndex(self.table_list.index(row, 0))

    def current_table(self) -> str:
        return str(self.tables.currentIndex().data(TABLE_ROLE) or "")

    def _show_table(self, current: QModelIndex) -> None:
        if not current.isValid():
            return
        model = RecordTableModel(self.workshop, current.data(TABLE_ROLE))
        self.view.setModel(model)
        header = self.view.horizontalHeader()
        for column, name in enumerate(model.column_names):
            header.resizeSection(column, WIDE_COLUMNS.get(name, 140))
        for column in model.narrow_columns():
            header.resizeSection(column, 80)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.closed.emit(self.workshop)
        super().closeEvent(event)
