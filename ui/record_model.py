"""One table of a workshop (problems, ideas, ...) as a read-only Qt table model.

Columns come from the record type's field declarations, so every table is shown
with the same code and the labels a consultant knows ("Impact", "Owner").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from facilitator.model import Kind, Readiness, Record, record_type
from facilitator.workshop import Workshop

AnyIndex = QModelIndex | QPersistentModelIndex
RECORD_ID_ROLE = Qt.ItemDataRole.UserRole + 1

HIDDEN = {"id", "created_at", "updated_at", "exercise_id", "schema_version"}


class RecordTableModel(QAbstractTableModel):
    """The records of one table of an open workshop."""

    def __init__(self, workshop: Workshop, table: str) -> None:
        super().__init__()
        self._workshop = workshop
        self._cls = record_type(table)
        specs = self._cls.field_specs()
        self._columns = [specs[name] for name in specs if name not in HIDDEN]
        self._rows: list[Record] = workshop.records(table)

    @property
    def column_names(self) -> list[str]:
        return [spec.name for spec in self._columns]

    def narrow_columns(self) -> list[int]:
        """Columns holding a short number or yes/no, which need little width."""
        narrow = (Kind.SCORE, Kind.COUNT, Kind.ORDINAL, Kind.BOOL, Kind.SHARE)
        return [i for i, spec in enumerate(self._columns) if spec.kind in narrow]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self._columns[section].label)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        if role == RECORD_ID_ROLE:
            return record.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        spec = self._columns[index.column()]
        text = self._display_field(spec.name, spec.kind, getattr(record, spec.name))
        if role == Qt.ItemDataRole.DisplayRole:
            first_line = text.split("\n", 1)[0]
            return first_line if len(first_line) <= 120 else first_line[:117] + "…"
        return text

    def _display_field(self, name: str, kind: Kind, value: Any) -> str:
        if name == "position":
            return str(value + 1)
        if name == "template":
            return str(value.get("title", ""))
        if name == "elapsed_seconds":
            return f"{round(value / 60)} {self.tr('min')}"
        if name == "planned_minutes":
            return f"{value} {self.tr('min')}"
        return self._display(kind, value)

    def _display(self, kind: Kind, value: Any) -> str:
        if value is None or value in ((), ""):
            return ""
        if kind is Kind.REF:
            target = self._workshop.find(value)
            return target.summary() if target else "?"
        if kind is Kind.REFS:
            names = [t.summary() for v in value if (t := self._workshop.find(v))]
            return "; ".join(names)
        if kind is Kind.BOOL:
            return self.tr("yes") if value else self.tr("no")
        if kind is Kind.SHARE:
            return f"{value:.0%}"
        if kind is Kind.MONEY:
            return f"{value:,.2f}"
        if kind is Kind.TEXTS:
            return ", ".join(value)
        if isinstance(value, Readiness):
            parts = [
                f"{name} {rating.score}"
                for name in ("workflow", "volume", "safety")
                if (rating := getattr(value, name)).score is not None
            ]
            return ", ".join(parts)
        if kind is Kind.CHOICE:
            return str(value).replace("_", " ")
        return str(value)
