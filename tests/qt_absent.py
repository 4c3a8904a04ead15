"""pytest plugin: run the core's tests as on a machine where Qt is not installed.

Loaded with ``-p tests.qt_absent`` (and ``-p no:pytestqt``) by ``make test``:
any import of PySide6, shiboken6 or the ``ui`` package then fails, so a core
module that reaches for Qt fails its tests instead of passing by accident.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

import pytest

BLOCKED = ("PySide6", "shiboken6", "ui")


class QtBlocker(importlib.abc.MetaPathFinder):
    """Refuses to find the blocked packages."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.split(".", maxsplit=1)[0] in BLOCKED:
            raise ModuleNotFoundError(
                f"No module named {fullname!r} (Qt is blocked: the core must work without it)",
                name=fullname,
            )
        return None


already = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
if already:
    raise RuntimeError(f"imported before the Qt blocker was installed: {already}")
sys.meta_path.insert(0, QtBlocker())


def pytest_addoption(parser: pytest.Parser) -> None:
    """Accept pytest-qt's settings in pyproject.toml, which mean nothing without Qt."""
    for name in ("qt_log_level_fail", "qt_log_ignore"):
        parser.addini(name, "pytest-qt setting (unused: Qt is absent in this run)", type="linelist")
