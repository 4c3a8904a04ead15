"""The app's folders, as the platform wants them (QStandardPaths).

``FACILITATOR_DATA_DIR`` overrides the data folder, exactly as it does for the
command line (see :mod:`facilitator.paths`), so tests never touch real folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from facilitator import paths as core_paths


@dataclass(frozen=True)
class AppPaths:
    """Every folder the app writes to."""

    data: Path
    config: Path

    @property
    def workshops(self) -> Path:
        return self.data / "workshops"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def templates(self) -> Path:
        return self.data / "templates"

    @property
    def logs(self) -> Path:
        return self.data / "logs"

    @property
    def demo_workshop(self) -> Path:
        return self.data / "demo" / "Harbourview demo.workshop.json"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.ini"

    @classmethod
    def standard(cls) -> AppPaths:
        """The folders QStandardPaths gives for the running QApplication."""
        override = os.environ.get(core_paths.DATA_DIR_ENV)
        location = QStandardPaths.StandardLocation
        data = (
            Path(override)
            if override
            else Path(QStandardPaths.writableLocation(location.AppDataLocation))
        )
        config = (
            data / "config"
            if override
            else Path(QStandardPaths.writableLocation(location.AppConfigLocation))
        )
        return cls(data=data, config=config)
