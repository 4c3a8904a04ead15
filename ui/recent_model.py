"""The home screen's list of recent workshops, as a Qt table model.

Each row starts with the path only; the title, client, date and record counts
are read off the GUI thread and filled in as they arrive. A file that is gone or
unreadable says so in its row instead of disappearing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from facilitator.errors import WorkshopError
from ui.table_model import AnyIndex, TableModel
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from facilitator.workshop import WorkshopSummary

COL_TITLE, COL_CLIENT, COL_DATE, COL_RECORDS, COL_LOCATION = range(5)
HEADERS = ("Workshop", "Client", "Date", "Records", "Location")
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class RecentWorkshopsModel(TableModel):
    """Rows of recent workshop files; summaries load in the background."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(HEADERS)
        self._paths: list[Path] = []
        self._summaries: dict[Path, WorkshopSummary | str] = {}
        self.set_paths(paths)

    def set_paths(self, paths: list[Path]) -> None:
        self.beginResetModel()
        self._paths = list(paths)
        self.endResetModel()
        for path in self._paths:
            if path not in self._summaries:
                self._load(path)

    def refresh(self, path: Path) -> None:
        """Read *path* again (e.g. after it was edited)."""
        self._summaries.pop(path, None)
        self._load(path)

    @property
    def listed(self) -> list[Path]:
        return self._paths

    def path_at(self, row: int) -> Path:
        return self._paths[row]

    def summary(self, path: Path) -> WorkshopSummary | str | None:
        return self._summaries.get(path)

    def _load(self, path: Path) -> None:
        def done(summary: WorkshopSummary) -> None:
            self._store(path, summary)

        def failed(error: BaseException) -> None:
            if isinstance(error, WorkshopError) and not path.exists():
                self._store(path, "file not found")
            elif isinstance(error, WorkshopError | OSError):
                self._store(path, "cannot be read — open it for details")
            else:
                raise error

        def read() -> WorkshopSummary:
            from facilitator.workshop import summarize  # on the worker: keeps startup light

            return summarize(path)

        run_in_background(read, done, failed)

    def _store(self, path: Path, summary: WorkshopSummary | str) -> None:
        self._summaries[path] = summary
        if path in self._paths:
            self.redraw(self._paths.index(path))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        path = self._paths[index.row()]
        if role == PATH_ROLE:
            return str(path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(path)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        summary = self._summaries.get(path)
        column = index.column()
        if column == COL_LOCATION:  # the file's name too: one folder holds many workshops
            return str(path)
        if summary is None:
            return path.name if column == COL_TITLE else "…"
        if isinstance(summary, str):
            return f"{path.name} — {summary}" if column == COL_TITLE else ""
        if column == COL_TITLE:
            return summary.title
        if column == COL_CLIENT:
            return summary.client
        if column == COL_DATE:
            return summary.date or ""
        return str(summary.records)
