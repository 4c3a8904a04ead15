"""Huge text on screen: a 10 MB card from a file written before cards were limited to
20,000 characters, and a template snapshot crafted with a megabyte of prompt,
purpose and script. The live window, the inspector and the projector lay out only
what they can show, and the stored text stays whole; the template editor checks a
long template once typing pauses, not at every key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import MAX_TEXT, SHOWN_CHARS, Problem
from facilitator.templates import MAX_FIELD_CHARS, PROMPT_LIMIT, load_library
from facilitator.workshop import Workshop, open_workshop
from tests.ui.conftest import go_to, live_window
from ui import template_editor
from ui.live.board import fit_lines
from ui.template_editor import TemplateEditor

CARD = "Permits wait nine weeks for a signature. " * 250_000  # 10 MB
PROMPT = "Where does work get stuck? " * 40_000  # a megabyte
SCRIPT = "Say it again, slowly. " * 50_000


def legacy_workshop(path: Path) -> Path:
    """A workshop as a file from before the limit holds it: a 10 MB problem card, and
    the problem inventory's snapshot crafted with a megabyte in each of its texts."""
    workshop = Workshop.create(path, title="Legacy", client="City of Harbourview")
    library = load_library(include_user=False)
    items = apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    workshop.add("problem", text="Short card", exercise_id=items[1].id)
    workshop.close()
    data = json.loads(path.read_text(encoding="utf-8"))
    (problem,) = data["problems"].values()
    problem["text"] = CARD
    for item in data["agenda"].values():
        if item["id"] == items[1].id:
            template = item["template"]
            template["purpose"] = PROMPT
            template["title"] = "Start with the problem"
            for step in template["steps"]:
                step["prompt"] = PROMPT
                step["facilitator"] = SCRIPT
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_10_mb_card_and_a_crafted_snapshot_are_drawn_bounded_and_kept_whole(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = legacy_workshop(tmp_path / "legacy.workshop.json")
    with live_window(qtbot, path, tmp_path, "cards") as window:
        go_to(window, "Start with the problem")
        board = window.board
        # The step's prompt and script: what a template may hold, the rest cut with "…".
        assert len(board.prompt.text()) == PROMPT_LIMIT
        assert board.prompt.text().startswith("Where does work get stuck?")
        assert board.prompt.text().endswith("…")
        assert len(board.script.text()) <= MAX_FIELD_CHARS
        window.toggle_projector()
        qtbot.waitUntil(window.projector.isVisible)
        assert window.projector.prompt.text() == board.prompt.text()
        # The card: its start on the board and the wall, never the whole 10 MB.
        model = window.cards.card_models["problems"]
        (card,) = window.workshop.typed(Problem)
        index = model.index(model.row_of(card.id))
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert len(tip) == SHOWN_CHARS and CARD.startswith(tip[:-1])
        shown = fit_lines(CARD, board.cards.font(), 200, 4)
        assert shown.startswith("Permits wait nine weeks") and shown.endswith("…")
        board.cards.grab()  # painted, as the projector's cards are
        window.projector.grab()
        window.toggle_projector()

        # The inspector shows the card in part, read-only, and says why.
        proxy = window.cards.board_proxy
        assert proxy is not None
        board.cards.setCurrentIndex(proxy.mapFromSource(index))
        text = window.inspector.editors["text"]
        assert isinstance(text, QPlainTextEdit)
        assert text.isReadOnly() and len(text.toPlainText()) == MAX_TEXT
        assert f"{len(CARD):,} characters" in text.toolTip()
        text.setFocus()
        qtbot.keyClick(text, Qt.Key.Key_Tab)  # leaving the box writes nothing back
        assert window.workshop.get(card.id).text == CARD  # type: ignore[attr-defined]
        # A card of an allowed length is editable again, in the same box.
        window.workshop.add("problem", text="Forms come back incomplete")
        short = model.index(model.row_of(window.workshop.typed(Problem)[-1].id))
        board.cards.setCurrentIndex(proxy.mapFromSource(short))
        assert not text.isReadOnly() and text.toPlainText() == "Forms come back incomplete"
        assert "characters" not in text.toolTip()
    reopened = open_workshop(path)
    try:
        assert reopened.typed(Problem)[0].text == CARD  # the file keeps it whole
    finally:
        reopened.close()


def test_the_template_editor_checks_a_long_template_once_typing_pauses(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each key typed in the form is in the template at once; writing it into the
    source and checking the whole template (a second on a crafted 256 KB one) wait
    for typing to pause, and happen once."""
    source = load_library(include_user=False).template("problem-first").path
    path = tmp_path / "problem-first.toml"
    notes = "".join(f"# note {n}\n" for n in range(20_000))  # 250 KB the checks read
    path.write_text(source.read_text(encoding="utf-8") + notes, encoding="utf-8")
    editor = TemplateEditor(path, load_library(include_user=False))
    qtbot.addWidget(editor)
    editor.show()
    checks: list[str] = []
    real_check = template_editor.check_template

    def counted(document: dict[str, object], name: str) -> object:
        checks.append(name)
        return real_check(document, name)  # type: ignore[arg-type]

    monkeypatch.setattr(template_editor, "check_template", counted)
    editor.purpose.setFocus()
    qtbot.keyClick(editor.purpose, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.purpose, " Today.")  # seven keys
    assert editor.document["purpose"].endswith("what they cost. Today.")
    assert checks == []  # none of the seven waited for a check
    qtbot.waitUntil(lambda: len(checks) == 1)
    assert editor.problems.text().endswith("Valid</span>")
    text = editor.source.toPlainText()
    assert "what they cost. Today." in text and text.endswith(notes)  # its comments stay
    assert editor.save()
    assert path.read_text(encoding="utf-8") == text
