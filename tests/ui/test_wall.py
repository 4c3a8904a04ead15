"""The wall: what the room sees on a 1280×720 projector, with 9, 30 and 120 cards.

Nobody in the room can scroll. Up to what fits, every card is on the wall, whole,
in type never smaller than 24 pt on a 1080-pixel wall (16 pt on a 720-pixel one);
past that the wall shows the groups — name, count, leading cards. The vote's result
does the same, the matrix's markers read from the back, and on a single screen the
projector is a window that fits it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import Idea, Problem
from facilitator.templates import load_library
from facilitator.wall import UNGROUPED
from facilitator.workshop import Workshop
from tests.ui.conftest import go_to, live_window
from ui.live.board import fit_lines
from ui.live.matrix import MatrixView
from ui.live.models import RECORD_ROLE
from ui.live.projector import CARD_PAD, ProjectorWindow
from ui.live.vote import VoteView
from ui.live.window import WorkshopWindow

GROUPS = ("billing", "service", "operations", "licences", "people")
TEXTS = (
    "Invoices are keyed twice into two systems",
    "Quotes take three days to go out",
    "Nobody knows the stock level before an order",
    "Permit applications come back incomplete",
    "Residents repeat their story at every transfer",
    "Month-end close takes eight working days",
)


def workshop_with(path: Path, cards: int) -> Path:
    """A half-day workshop whose problem inventory holds *cards* cards in five groups."""
    workshop = Workshop.create(path, title="Harbourview wall", client="City of Harbourview")
    library = load_library(include_user=False)
    items = apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    for n in range(cards):
        workshop.add(
            "problem",
            text=f"{TEXTS[n % len(TEXTS)]} ({n + 1})",
            group=GROUPS[n % len(GROUPS)],
            impact=n % 5 + 1,
            exercise_id=items[1].id,
        )
    workshop.close()
    return path


@pytest.fixture(params=[9, 30, 120])
def wall(
    request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path
) -> Iterator[tuple[int, WorkshopWindow]]:
    cards = int(request.param)
    path = workshop_with(tmp_path / f"wall{cards}.workshop.json", cards)
    with live_window(qtbot, path, tmp_path, "cards") as window:
        go_to(window, "Start with the problem")
        window.run.go_step(+1)  # reading out: the room sees the cards
        yield cards, window


def on_the_wall(qtbot: QtBot, projector: ProjectorWindow, width: int, height: int) -> None:
    projector.present(full_screen=False)
    projector.showNormal()  # on the small test screen it opens maximised: this size instead
    projector.resize(width, height)
    qtbot.waitUntil(lambda: projector.height() == height)
    QApplication.processEvents()


def test_on_a_720p_wall_every_card_is_whole_or_the_groups_show(
    qtbot: QtBot, wall: tuple[int, WorkshopWindow]
) -> None:
    count, window = wall
    projector = window.projector
    on_the_wall(qtbot, projector, 1280, 720)
    cards = projector.cards
    least = 24 * 720 / 1080
    if count == 9:  # the wall: 4 of 9 cards visible, the rest behind a scroll bar
        assert projector.body.currentWidget() is cards
        model = cards.model()
        assert model is not None and model.rowCount() == 9
        qtbot.waitUntil(lambda: cards.visualRect(model.index(8, 0)).isValid())
        for row in range(9):
            assert cards.viewport().rect().contains(cards.visualRect(model.index(row, 0)))
        assert not cards.verticalScrollBar().isVisible()
        point = cards.delegate.point_size
        assert point >= least
        font = QFont(cards.font())
        font.setPointSizeF(point)
        width = cards.delegate.card_size.width() - 10 - 2 * 16 - 4
        fit = cards.fit()
        assert fit is not None
        for row in range(9):
            text = model.index(row, 0).data(RECORD_ROLE).text
            assert not fit_lines(text, font, width, fit.lines).endswith("…"), text
        assert projector.count.text() == "9 cards"
        return
    # 30 or 120 cards do not fit at a readable size: the groups, all of them, instead.
    groups = cards.groups
    assert projector.body.currentWidget() is groups
    assert projector.count.text() == f"{count} cards, by group: the leading cards of each"
    fit, shown = groups.layout_tiles()
    assert fit is not None and fit.point_size >= least
    listed = groups.groups(fit.lines)
    assert shown == len(listed) == len(GROUPS)
    assert sum(g.count for g in listed) == count
    assert {g.name for g in listed} == set(GROUPS)
    assert all(len(g.top) >= 2 for g in listed)  # the leading cards, not only a number
    rows = -(-shown // fit.columns)
    needed = rows * (fit.size.height() + groups.GAP) - groups.GAP
    assert needed <= groups.height() and fit.columns * fit.size.width() <= groups.width()
    assert fit.size.width() - 2 * CARD_PAD > 0


def test_on_a_1080p_wall_the_type_is_never_below_24_pt(
    qtbot: QtBot, wall: tuple[int, WorkshopWindow]
) -> None:
    _count, window = wall
    projector = window.projector
    on_the_wall(qtbot, projector, 1920, 1080)
    if projector.body.currentWidget() is projector.cards:
        assert projector.cards.delegate.point_size >= 24
    else:
        fit, _shown = projector.cards.groups.layout_tiles()
        assert fit is not None and fit.point_size >= 24


def test_on_a_single_screen_the_projector_is_a_window_that_fits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = workshop_with(tmp_path / "w.workshop.json", 9)
    with live_window(qtbot, path, tmp_path, "cards") as window:
        window.toggle_projector()  # one screen: a window, not full screen
        projector = window.projector
        qtbot.waitUntil(projector.isVisible)
        screen = projector.screen().availableGeometry()
        assert not projector.isFullScreen()
        assert screen.contains(projector.frameGeometry())
        window.toggle_projector()


def test_the_vote_result_shows_the_groups_and_their_dots_past_what_fits(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = workshop_with(tmp_path / "vote.workshop.json", 60)
    with live_window(qtbot, path, tmp_path, "vote") as window:
        window.run.go_step(+2)  # past grouping and voting: reading the result
        view = window.run.current_view
        assert isinstance(view, VoteView)
        problems = window.workshop.typed(Problem)
        vote = view.item.id if view.item else None
        window.workshop.set_votes(problems[2].id, 7, exercise_id=vote)  # "operations"
        window.workshop.set_votes(problems[7].id, 2, exercise_id=vote)  # "operations" too
        view.set_revealed(True)
        on_the_wall(qtbot, window.projector, 1280, 720)
        wall = view.projector_view()
        assert wall is not None
        groups = view.mirror_cards.groups
        qtbot.waitUntil(groups.isVisible)
        fit, _shown = groups.layout_tiles()
        assert fit is not None
        first = groups.groups(fit.lines)[0]
        assert first.name == "operations" and first.dots == 9  # most dots first
        assert first.top[0] == problems[2].text  # its most voted card leads


def scored(
    window: WorkshopWindow, scores: list[tuple[int, int]], kinds: tuple[str | None, ...]
) -> MatrixView:
    """Ideas "Idea 0"… with these value × feasibility scores (of these kinds in turn),
    on the matrix the window shows."""
    problem = window.workshop.typed(Problem)[0]
    for n, (value, feasibility) in enumerate(scores):
        window.workshop.add(
            "idea",
            text=f"Idea {n}",
            problem_ids=[problem.id],
            value=value,
            feasibility=feasibility,
            value_type=kinds[n % len(kinds)],
        )
    view = window.run.current_view
    assert isinstance(view, MatrixView)
    view.reload()
    return view


def test_the_matrix_markers_read_on_the_wall_and_no_quadrant_name_covers_one(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = workshop_with(tmp_path / "matrix.workshop.json", 3)
    with live_window(qtbot, path, tmp_path, "matrix") as window:
        view = scored(window, [(5, 5), (5, 5), (5, 4), (4, 5), (1, 1)], ("new_value",))
        on_the_wall(qtbot, window.projector, 1280, 720)
        assert window.projector.minimumSizeHint().height() <= 720  # the wall holds it all
        canvas = view.mirror_canvas
        qtbot.waitUntil(lambda: canvas.isVisible() and canvas.height() > 100)
        canvas.repaint()
        assert len(canvas.markers) == 5
        radius = canvas._radius()
        assert radius * 1.15 >= 16 * 96 / 72  # the number on a marker: 16 pt on this wall
        labels = [label for _area, label, _side in canvas.quadrants().values()]
        for marker in canvas.markers:
            spot = QRectF(
                marker.centre.x() - radius, marker.centre.y() - radius, 2 * radius, 2 * radius
            )
            assert not any(spot.intersects(label) for label in labels), marker.idea.text
        assert {m.idea.text for m in canvas.markers} == {
            i.text for i in window.workshop.typed(Idea)
        }


def test_cards_not_grouped_yet_come_last_under_their_own_name(qtbot: QtBot, tmp_path: Path) -> None:
    path = workshop_with(tmp_path / "w.workshop.json", 40)
    with live_window(qtbot, path, tmp_path, "cards") as window:
        go_to(window, "Start with the problem")
        window.run.go_step(+1)
        for n in range(5):
            window.workshop.add("problem", text=f"Said just now {n}")
        on_the_wall(qtbot, window.projector, 1280, 720)
        groups = window.projector.cards.groups
        fit, _shown = groups.layout_tiles()
        assert fit is not None
        assert groups.groups(fit.lines)[-1].name == UNGROUPED


def test_a_crowded_matrix_cell_keeps_its_ideas_inside_it(qtbot: QtBot, tmp_path: Path) -> None:
    """Six ideas scored alike: on the wall the markers keep the size the room reads
    and "+N" stands for those without a place; on the facilitator's screen they
    shrink to fit. Never a marker in a neighbour's cell, which reads as another score."""
    path = workshop_with(tmp_path / "matrix.workshop.json", 3)
    with live_window(qtbot, path, tmp_path, "matrix") as window:
        crowded = [(4, 4)] * 6 + [(3, 3)] * 9 + [(5, 2)] * 4 + [(1, 1)]
        view = scored(window, crowded, ("new_value", "automation", None))
        on_the_wall(qtbot, window.projector, 1280, 720)
        wall = view.mirror_canvas
        qtbot.waitUntil(lambda: wall.isVisible() and wall.height() > 100)
        for canvas in (wall, view.canvas):
            canvas.repaint()
            for marker in canvas.markers:
                idea = marker.idea
                assert idea.value is not None and idea.feasibility is not None
                cell = canvas.cell(idea.value, idea.feasibility).adjusted(-1, -1, 1, 1)
                r = marker.radius
                spot = QRectF(marker.centre.x() - r, marker.centre.y() - r, 2 * r, 2 * r)
                assert cell.contains(spot), (idea.text, idea.value, idea.feasibility)
            shown = len(canvas.markers) + sum(crowd.more for crowd in canvas.crowds)
            assert shown == len(crowded)
        assert all(m.radius == wall._radius() for m in wall.markers)  # readable, not shrunk
        assert wall.crowds and all(crowd.more >= 2 for crowd in wall.crowds)
        ranks = {m.idea.id: m.rank for m in wall.markers}
        assert min(ranks.values()) == 1  # the best ranked have places first
