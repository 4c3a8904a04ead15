"""What a card shows: whole lines, an ellipsis when words are cut, the scores it has;
and the question an idea without a problem meets."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.model import Idea, Problem
from ui.live.board import badges, fit_lines
from ui.live.problem_picker import ProblemPicker

TEXT = (
    "We pay a million dollars a month and nobody could tell council what we got for it "
    "and the union was not consulted before the licences were bought"
)


def test_a_long_card_keeps_to_its_lines_and_says_it_was_cut(qapp: QApplication) -> None:
    font = QFont()
    font.setPointSizeF(20)
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance("We pay a million dollars a")
    fitted = fit_lines(TEXT, font, width, 3).split("\n")
    assert len(fitted) == 3
    assert fitted[-1].endswith("…")
    assert all(metrics.horizontalAdvance(line) <= width for line in fitted)
    # Nothing but the tail is lost: the lines are the text's own words, in order.
    shown = " ".join(fitted).removesuffix("…").strip()
    assert TEXT.startswith(shown.rstrip(" ."))


def test_a_short_card_is_shown_whole_without_an_ellipsis(qapp: QApplication) -> None:
    font = QFont()
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance("x" * 40)
    assert fit_lines("Quotes are slow", font, width, 3) == "Quotes are slow"
    # Exactly as many lines as there is room for: whole, nothing elided.
    width = max(metrics.horizontalAdvance(w) for w in ("alpha beta", "gamma delta")) + 2
    assert metrics.horizontalAdvance("alpha beta gamma") > width
    two = fit_lines("alpha beta gamma delta", font, width, 2)
    assert two.split("\n") == ["alpha beta", "gamma delta"]


def test_a_word_longer_than_the_card_is_broken_not_lost(qapp: QApplication) -> None:
    font = QFont()
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance("x" * 10)
    fitted = fit_lines("y" * 25, font, width, 5).split("\n")
    assert "".join(fitted) == "y" * 25
    assert all(metrics.horizontalAdvance(line) <= width for line in fitted)


def test_an_idea_card_shows_the_scores_it_has() -> None:
    problem = Problem.build({"text": "Quotes are slow"})
    idea = Idea.build({"text": "Draft quotes", "problem_ids": [problem.id], "value": 4})
    assert "value 4" in badges(idea, "")  # typed as !4 while capturing ideas
    scored = Idea.build(
        {"text": "Draft quotes", "problem_ids": [problem.id], "value": 4, "feasibility": 2}
    )
    assert "V4×F2" in badges(scored, "") and "value 4" not in badges(scored, "")


def test_an_idea_before_any_problem_is_told_why_it_can_only_be_parked(qtbot: QtBot) -> None:
    picker = ProblemPicker([], "A chatbot for residents")
    qtbot.addWidget(picker)
    picker.show()
    assert picker.none_yet.isVisibleTo(picker) and "No problems are captured yet" in (
        picker.none_yet.text()
    )
    assert not picker.list.isVisibleTo(picker)
    assert picker.focusWidget() is picker.park_button  # Enter or Space parks it
    with_one = ProblemPicker([Problem.build({"text": "Residents wait"})], "A chatbot")
    qtbot.addWidget(with_one)
    assert not with_one.none_yet.isVisibleTo(with_one) and with_one.chosen() is not None
