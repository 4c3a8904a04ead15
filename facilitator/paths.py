"""Where Facilitator keeps its own files when Qt is not there to say.

The GUI asks QStandardPaths; the command line must not import Qt, so this module
computes the same folders (a test checks they agree). ``FACILITATOR_DATA_DIR``
overrides everything, which is how tests keep away from the real user folders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Facilitator"
DATA_DIR_ENV = "FACILITATOR_DATA_DIR"


def data_dir() -> Path:
    """The user's data folder: workshops, own templates, backups, logs."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / APP_NAME


def config_dir() -> Path:
    """The user's settings folder (the GUI's QSettings file and branding.json)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override) / "config"
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Preferences"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    return base / APP_NAME


def backups_dir() -> Path:
    return data_dir() / "backups"


def templates_dir() -> Path:
    """The consultant's own exercise templates (they may override built-ins)."""
    return data_dir() / "templates"


def logs_dir() -> Path:
    return data_dir() / "logs"
