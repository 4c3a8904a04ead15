"""The app's own settings (recent workshops, the last export format), kept in an INI
file via QSettings."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 12


def _key(path: Path) -> str:
    """A settings key for a file path (slashes would make nested groups)."""
    return hashlib.sha1(str(path.absolute()).encode("utf-8")).hexdigest()[:16]


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

    # -- the Export dialog's last format ---------------------------------------------

    def export_format(self) -> str:
        """The format last exported in ("" if none yet)."""
        value = self._settings.value("export/format", "")
        return value if isinstance(value, str) else ""

    def remember_export_format(self, fmt: str) -> None:
        """Keep *fmt* as the format last exported in; may be called from a worker thread
        (the Export dialog does, so that the GUI thread does not wait for the disk):
        it writes through its own QSettings, which Qt allows in another thread, and
        QSettings objects on one file in one process see each other's values at once."""
        own = QSettings(self._settings.fileName(), self._settings.format())
        own.setValue("export/format", fmt)
        own.sync()

    # -- recovery: which workshops were open, at which exercise -------------------

    def mark_open(self, path: Path, item_id: str) -> None:
        """Note that *path* is open at agenda item *item_id* (cleared on a clean close)."""
        self._settings.setValue(f"open/{_key(path)}", [str(path.absolute()), item_id])
        self._settings.sync()

    def mark_closed(self, path: Path) -> None:
        self._settings.remove(f"open/{_key(path)}")
        self._settings.sync()

    def left_open(self) -> list[tuple[Path, str]]:
        """Workshops that were open when the app last ended without closing them."""
        self._settings.beginGroup("open")
        try:
            found = []
            for key in self._settings.childKeys():
                value = self._settings.value(key)
                if isinstance(value, list) and len(value) == 2:
                    found.append((Path(str(value[0])), str(value[1])))
            return found
        finally:
            self._settings.endGroup()

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue("recent/workshops", [str(p) for p in paths])
        self._settings.sync()
