"""The concerns summary above the People-and-change cards: live counts, a chip filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import AgendaItem, Concern
from facilitator.templates import load_library
from facilitator.workshop import Workshop
from ui.live.concerns import ConcernSummary
from ui.live.window import WorkshopWindow


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "people.workshop.json"
    workshop = Workshop.create(target, title="People")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    workshop.add("concern", text="Will this replace my job?", category="jobs", severity=4)
    workshop.add("concern", text="I don't trust what it writes", category="trust")
    workshop.add("concern", text="Nobody asked the union", category="trust", anonymous=False)
    workshop.close()
    return target


def select(window: WorkshopWindow, template: str) -> None:
    item = next(i for i in window.workshop.typed(AgendaItem) if i.template["id"] == template)
    window.agenda.select(item.id)


@pytest.fixture
def summary(window: WorkshopWindow) -> ConcernSummary:
    """The summary as the live window places it (made here until window.py makes it)."""
    made = getattr(window, "concern_summary", None)
    if not isinstance(made, ConcernSummary):
        made = ConcernSummary.install(window.session, window.board, window.projector)
    select(window, "people-and-change")
    made.follow(window.run.captures == "concern")
    return made


def chips(summary: ConcernSummary) -> list[str]:
    shown = [summary.all_chip, *summary.chips.values()]
    return [c.text() for c in shown if not c.isHidden()]


def shown_texts(summary: ConcernSummary, on_projector: bool = False) -> list[str]:
    assert summary.cards is not None and summary.room_cards is not None
    view = summary.room_cards if on_projector else summary.cards
    return [c.text for c in summary.shown_cards(view)]


def room_line(summary: ConcernSummary) -> str:
    """The projector's line as the room reads it."""
    assert summary.mirror.textFormat() == Qt.TextFormat.RichText
    page = QTextDocument()
    page.setHtml(summary.mirror.text())
    return page.toPlainText().replace("\xa0", " ")


def capture(qtbot: QtBot, window: WorkshopWindow, text: str) -> None:
    qtbot.keyClicks(window.board.capture, text)
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Return)


def test_counts_follow_concerns_captured_sorted_and_deleted(
    qtbot: QtBot, window: WorkshopWindow, summary: ConcernSummary
) -> None:
    assert summary.isVisible()
    assert summary.parentWidget() is window.board.card_page  # above the cards
    assert chips(summary) == ["All 3", "Jobs 1", "Trust 2"]
    assert summary.anonymous.text() == "2 of 3 anonymous"

    capture(qtbot, window, "One more tool on top of the day job")  # lands in "other"
    assert chips(summary) == ["All 4", "Jobs 1", "Trust 2", "Other 1"]
    assert summary.anonymous.text() == "3 of 4 anonymous"

    # Sorted during "Read out and sort": the inspector's category moves it.
    card = window.workshop.typed(Concern)[-1]
    window.session.perform(lambda: window.workshop.update(card.id, category="workload"))
    assert chips(summary) == ["All 4", "Jobs 1", "Trust 2", "Workload 1"]

    # Deleted from the board with the keyboard, and back with undo.
    window.board.cards.setFocus()
    jobs = next(
        window.cards.board_proxy.index(r, 0)  # type: ignore[union-attr]
        for r in range(4)
        if window.cards.board_proxy.index(r, 0).data() == "Will this replace my job?"  # type: ignore[union-attr]
    )
    window.board.cards.setCurrentIndex(jobs)
    qtbot.keyClick(window.board.cards, Qt.Key.Key_Delete)
    assert chips(summary) == ["All 3", "Trust 2", "Workload 1"]
    window.undo_action.trigger()
    assert chips(summary) == ["All 4", "Jobs 1", "Trust 2", "Workload 1"]

    # The room sees the categories ranked, most concerns first, in large type (once
    # the anonymous writing is over).
    window.toggle_projector()
    window.run.go_step(+1)
    mirror = summary.mirror
    assert mirror.isVisible() and mirror.window() is window.projector
    assert [part.strip() for part in room_line(summary).split("·")] == [
        "Trust 2",
        "Jobs 1",
        "Workload 1",
    ]
    assert mirror.font().pointSizeF() >= 24


def test_a_chip_filters_the_cards_on_the_board_and_the_projector(
    qtbot: QtBot, window: WorkshopWindow, summary: ConcernSummary
) -> None:
    window.toggle_projector()
    everything = shown_texts(summary)
    assert len(everything) == 3

    # Select everything, then filter: a hidden card leaves the selection, so Delete
    # never removes what nobody can see.
    window.board.cards.setFocus()
    window.board.cards.selectAll()
    qtbot.mouseClick(summary.chips["trust"], Qt.MouseButton.LeftButton)
    assert summary.chosen == "trust"
    assert summary.chips["trust"].isChecked() and not summary.all_chip.isChecked()
    trust = ["I don't trust what it writes", "Nobody asked the union"]
    assert shown_texts(summary) == trust
    assert shown_texts(summary, on_projector=True) == trust
    assert "background" in summary.mirror.text()  # the chosen category is lit for the room
    assert room_line(summary).split("·")[0].strip() == "Trust 2"
    assert sorted(c.text for c in window.cards.selected_cards()) == trust
    assert summary.anonymous.text() == "Showing 2 of 3 · All shows every card"

    # A new card of another category stays out of sight; one of this category shows.
    capture(qtbot, window, "Where does our data go?")
    assert shown_texts(summary) == trust
    assert chips(summary)[0] == "All 4"
    card = window.workshop.typed(Concern)[-1]
    window.session.perform(lambda: window.workshop.update(card.id, category="privacy_security"))
    assert shown_texts(summary) == trust
    # "&" would underline the next letter as a shortcut key: it is doubled on the button.
    assert chips(summary) == ["All 4", "Jobs 1", "Trust 2", "Privacy && security 1"]
    card = window.workshop.typed(Concern)[-1]
    window.session.perform(lambda: window.workshop.update(card.id, category="trust"))
    assert shown_texts(summary) == [*trust, "Where does our data go?"]

    # Clicking the chip again, or All, shows every card.
    qtbot.mouseClick(summary.chips["trust"], Qt.MouseButton.LeftButton)
    assert summary.chosen is None and summary.all_chip.isChecked()
    assert len(shown_texts(summary)) == 4
    qtbot.mouseClick(summary.chips["jobs"], Qt.MouseButton.LeftButton)
    assert shown_texts(summary) == ["Will this replace my job?"]
    qtbot.mouseClick(summary.all_chip, Qt.MouseButton.LeftButton)
    assert len(shown_texts(summary, on_projector=True)) == 4

    # When the last card of the chosen category goes, every card shows again.
    qtbot.mouseClick(summary.chips["jobs"], Qt.MouseButton.LeftButton)
    jobs = next(c for c in window.workshop.typed(Concern) if c.category == "jobs")
    window.session.perform(lambda: window.workshop.delete(jobs.id))
    assert summary.chosen is None and len(shown_texts(summary)) == 3
    assert summary.chips["jobs"].isHidden()


def test_only_while_the_exercise_captures_concerns(
    window: WorkshopWindow, summary: ConcernSummary
) -> None:
    summary.choose("jobs")
    select(window, "problem-first")
    summary.follow(window.run.captures == "concern")
    assert summary.isHidden() and summary.mirror.isHidden()
    window.workshop.add("problem", text="Quotes are late")  # the problem cards all show
    assert window.cards.board_proxy is not None
    assert not any(
        window.board.cards.isRowHidden(r) for r in range(window.cards.board_proxy.rowCount())
    )

    select(window, "people-and-change")
    summary.follow(window.run.captures == "concern")
    assert not summary.isHidden() and summary.chosen is None
    assert len(shown_texts(summary)) == 3


def test_silent_writing_shows_the_room_no_summary(
    window: WorkshopWindow, summary: ConcernSummary
) -> None:
    window.toggle_projector()
    assert window.run.private_step()  # People and change starts with anonymous writing
    window.run.go_step(+1)
    assert summary.mirror.isVisible()
    window.run.go_step(-1)
    assert not summary.mirror.isVisible()
    window.run.set_revealed(True)
    assert summary.mirror.isVisible()
