"""The base of the app's table models: rows of things under a tuple of column titles.

Every table of the app (the recent workshops, the template library, the tables
of the live window) counts its rows and columns, titles its columns and answers
for nothing below a row the same way; a table says only where its rows are
(:attr:`TableModel.listed`) and what its cells hold (``data``). A header's tooltip
or alignment, when it has one, comes from :meth:`TableModel.header_role`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex


class Headed(Protocol):
    """A model with column titles and, perhaps, more to say in its headers."""

    headers: tuple[str, ...]

    def tr(self, text: str) -> str: ...

    def header_role(self, section: int, role: int) -> Any: ...


def column_header(model: Headed, section: int, orientation: Qt.Orientation, role: int) -> Any:
    """What a table's column header shows: its title, or the table's header_role."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(model.headers):
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return model.tr(model.headers[section])
    return model.header_role(section, role)


class TableModel(QAbstractTableModel):
    """Rows (:attr:`listed`) under the column titles *headers*."""

    def __init__(self, headers: tuple[str, ...]) -> None:
        super().__init__()
        self.headers = headers

    @property
    def listed(self) -> Sequence[object]:
        """The rows, in order."""
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listed)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_header(self, section, orientation, role)

    def header_role(self, section: int, role: int) -> Any:
        """What column *section*'s header holds for *role* besides its title
        (a tooltip, an alignment): nothing, unless the table says."""
        return None

    def redraw(self, row: int | None = None) -> None:
        """Every cell of *row* (or of every row) shows what it now holds."""
        if not self.listed:
            return
        first, last = (0, len(self.listed) - 1) if row is None else (row, row)
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.headers) - 1))
