"""Two bugs of one class each, found by reading every module of ui/ (no Qt needed).

A button's ``clicked`` and an action's ``triggered`` hand the slot Qt's
``checked`` flag: connected straight to a method that takes an argument, the
method gets ``False`` for it (Ctrl+G once grouped cards "as False" and the core
said "group: expected text, found false"). Such a connection must go through a
lambda that drops the flag.

``QShortcut(keys, parent, slot, context=...)`` is quietly made window-wide by
PySide: the agenda's Alt+Down fired from a drop-down in the inspector.
:func:`ui.keys.shortcut` sets the context so that it holds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
CHECKED_SIGNALS = ("clicked", "triggered")


def modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def takes_arguments(function: ast.FunctionDef) -> bool:
    """True if *function* takes anything besides ``self`` (a ``checked`` would land there)."""
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    if names and names[0] in ("self", "cls"):
        names = names[1:]
    return bool(names or arguments.vararg)


def functions_by_name() -> dict[str, list[ast.FunctionDef]]:
    found: dict[str, list[ast.FunctionDef]] = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append(node)
    return found


def checked_connections() -> list[tuple[str, ast.expr, dict[str, ast.FunctionDef]]]:
    """Every ``x.clicked.connect(slot)`` and ``x.triggered.connect(slot)`` in ui/, with
    the methods of the class it is made in (where ``self.slot`` is looked up first)."""
    found = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in CHECKED_SIGNALS
                and node.args
            ):
                owner = next(
                    (c for c in classes if c.lineno <= node.lineno <= (c.end_lineno or 0)), None
                )
                methods = {
                    f.name: f
                    for f in (owner.body if owner else [])
                    if isinstance(f, ast.FunctionDef)
                }
                where = f"{path.relative_to(UI.parent)}:{node.lineno}"
                found.append((where, node.args[0], methods))
    return found


def test_every_checked_signal_reaches_a_slot_that_takes_nothing() -> None:
    defined = functions_by_name()
    wrong = []
    connections = checked_connections()
    assert len(connections) > 20  # the scan sees the app's buttons and actions
    for where, slot, methods in connections:
        if isinstance(slot, ast.Lambda):
            continue  # a lambda drops what it does not name (or names it and ignores it)
        if isinstance(slot, ast.Call):  # partial(f, x) would call f(x, checked)
            wrong.append(f"{where}: {ast.unparse(slot)}")
            continue
        name = slot.attr if isinstance(slot, ast.Attribute) else getattr(slot, "id", "")
        own = isinstance(slot, ast.Attribute) and getattr(slot.value, "id", "") == "self"
        candidates = [methods[name]] if own and name in methods else defined.get(name, [])
        if any(takes_arguments(f) for f in candidates):
            wrong.append(f"{where}: {ast.unparse(slot)} takes an argument")
    assert wrong == []


def test_no_shortcut_is_given_a_context_that_pyside_would_ignore() -> None:
    wrong = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "QShortcut"
                and any(k.arg == "context" for k in node.keywords)
            ):
                wrong.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
    assert wrong == []


@pytest.mark.gui
def test_pyside_really_ignores_the_context_keyword_and_shortcut_does_not() -> None:
    """Why the rule above exists (should PySide fix it, this test says so)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.keys import shortcut

    _app = QApplication.instance() or QApplication([])
    widget = QWidget()
    made = QShortcut(
        QKeySequence("Alt+Up"), widget, lambda: None, context=Qt.ShortcutContext.WidgetShortcut
    )
    assert made.context() == Qt.ShortcutContext.WindowShortcut
    ours = shortcut("Alt+Up", widget, lambda: None, Qt.ShortcutContext.WidgetShortcut)
    assert ours.context() == Qt.ShortcutContext.WidgetShortcut
    widget.deleteLater()
