"""The app's own settings (recent workshops), kept in an INI file via QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 12


class AppSettings:
    """Typed access to the few settings the app keeps."""

    def __init__(self, settings_file: Path) -> None:
        settings_file.parent.mkdir(parents=True, exist_ok=True)
        self._settings = QSettings(str(settings_file), QSettings.Format.IniFormat)

    def recent_workshops(self) -> list[Path]:
        raw = self._settings.value("recent/workshops", [])
        if isinstance(raw, str):  # QSettings gives a bare string for a one-item list
            raw = [raw]
        if not isinstance(raw, list):
            return []
        return [Path(p) for p in raw if isinstance(p, str) and p]

    def remember(self, path: Path) -> None:
        """Put *path* at the top of the recent workshops."""
        path = path.absolute()
        recent = [p for p in self.recent_workshops() if p != path]
        self._store([path, *recent][:MAX_RECENT])

    def forget(self, path: Path) -> None:
        self._store([p for p in self.recent_workshops() if p != path.absolute()])

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue("recent/workshops", [str(p) for p in paths])
        self._settings.sync()
