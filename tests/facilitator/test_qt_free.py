"""The core must never import Qt or the GUI package, not even lazily inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import facilitator

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui")
CORE = Path(facilitator.__file__).parent


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def test_no_core_module_imports_qt_or_ui() -> None:
    offenders = [
        f"{path.relative_to(CORE)} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_the_scan_would_catch_an_offender(tmp_path: Path) -> None:
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def later():\n    from PySide6.QtCore import QObject\n")
    assert imports(sneaky) == ["PySide6.QtCore"]
