"""Every item model of the app passes Qt's model tester, while what it shows changes under it.

The tester watches a model for the whole test: each insert, removal, reset and
change of data that the edits below cause is checked as it happens (rows
announced before they arrive, indexes that stay valid, a proxy in step with its
source).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.demo import write_demo
from facilitator.model import Action, AgendaItem, Concern, Idea, Licence, Participant, Problem
from facilitator.templates import load_library
from tests.ui.conftest import live_window
from ui import tasks
from ui.live.actions import ActionsView
from ui.live.readiness import ReadinessView
from ui.live.spend import SpendView
from ui.live.vote import VoteView
from ui.live.window import WorkshopWindow
from ui.recent_model import RecentWorkshopsModel
from ui.template_library import RecipeTableModel, TemplateTableModel


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.workshop.json"
    write_demo(path).close()
    return path


@pytest.fixture
def window(qtbot: QtBot, demo: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    with live_window(qtbot, demo, tmp_path, "cards") as win:
        yield win


def check(tester: ModelTester, *models: QAbstractItemModel | None) -> None:
    for model in models:
        assert model is not None
        tester.check(model)


def go_to(window: WorkshopWindow, view: str, captures: str | None = None) -> AgendaItem:
    item = next(
        i
        for i in window.workshop.typed(AgendaItem)
        if (i.template.get("view") == view)
        and (captures is None or i.template.get("captures") == captures)
    )
    window.agenda.select(item.id)
    if window.run.view_name() != view:
        window.run.go_step(+1)  # a vote groups the cards on the board first
    return item


def test_the_agenda_cards_and_their_proxies(
    qtbot: QtBot, qtmodeltester: ModelTester, window: WorkshopWindow
) -> None:
    go_to(window, "cards", "problem")
    cards = window.cards.card_models["problems"]
    window.toggle_projector()
    check(
        qtmodeltester,
        window.agenda.model,
        cards,
        window.cards.board_proxy,
        window.cards.projector_proxy,
    )
    session, workshop = window.session, window.workshop
    problem = workshop.typed(Problem)[0]
    session.perform(lambda: workshop.add("problem", text="Quotes are late", group="Sales"))
    session.perform(lambda: workshop.update(problem.id, group="Aaa first"))
    session.perform(lambda: workshop.delete(problem.id))
    session.undo_stack.undo()
    session.undo_stack.undo()
    window.board.search.setText("quote")
    window.board.search.setText("")
    first = workshop.typed(AgendaItem)[0]
    session.perform(lambda: workshop.move_agenda_item(first.id, 3))
    session.undo_stack.undo()

    go_to(window, "cards", "concern")
    concerns = window.cards.card_models["concerns"]
    check(qtmodeltester, concerns, window.cards.board_proxy, window.cards.projector_proxy)
    window.cards.concern_summary.choose("jobs")
    session.perform(lambda: workshop.add("concern", text="Who checks it?", category="trust"))
    concern = workshop.typed(Concern)[0]
    session.perform(lambda: workshop.update(concern.id, category="trust"))
    window.cards.concern_summary.choose(None)


def test_the_vote_its_order_and_the_room_s_result(
    qtmodeltester: ModelTester, window: WorkshopWindow
) -> None:
    go_to(window, "vote")
    view = window.run.current_view
    assert isinstance(view, VoteView)
    view.projector_view()
    check(qtmodeltester, view.model, view.order, view.room)
    session, workshop = window.session, window.workshop
    card = view.model.records[0]
    session.perform(lambda: workshop.set_votes(card.id, 9, exercise_id=view.tally.exercise_id))
    view.by_result.setChecked(True)
    view.set_revealed(True)
    session.perform(lambda: workshop.add("problem", text="A late card"))
    session.undo_stack.undo()
    view.set_revealed(False)
    view.new_round()


def test_the_readiness_grid_and_the_room_s_shortlist(
    qtmodeltester: ModelTester, window: WorkshopWindow
) -> None:
    go_to(window, "readiness")
    view = window.run.current_view
    assert isinstance(view, ReadinessView)
    view.projector_view()
    check(qtmodeltester, view.model, view.room)
    session, workshop = window.session, window.workshop
    idea = workshop.typed(Idea)[0]
    view.model.toggle_star(idea.id)
    view.model.toggle_star(idea.id)
    view.show_all.setChecked(True)
    session.perform(lambda: workshop.update(idea.id, owner="Ana"))
    session.undo_stack.undo()


def test_the_spend_sheet_and_the_room_s_lines(
    qtmodeltester: ModelTester, window: WorkshopWindow
) -> None:
    go_to(window, "spend")
    view = window.run.current_view
    assert isinstance(view, SpendView)
    view.projector_view()
    check(qtmodeltester, view.licence_model, view.case_model, view.room)
    session, workshop = window.session, window.workshop
    session.perform(lambda: workshop.add("licence", tool="Pilot", seats=3))
    line = workshop.typed(Licence)[0]
    session.perform(lambda: workshop.update(line.id, price_per_seat_month=None))
    session.undo_stack.undo()
    session.undo_stack.undo()


def test_the_commitments_and_the_room_s_read_back(
    qtmodeltester: ModelTester, window: WorkshopWindow
) -> None:
    go_to(window, "actions")
    view = window.run.current_view
    assert isinstance(view, ActionsView)
    view.projector_view()
    check(qtmodeltester, view.model, view.room)
    session, workshop = window.session, window.workshop
    session.perform(lambda: workshop.add("action", text="Call the vendor", due="2026-12-01"))
    step = workshop.typed(Action)[0]
    session.perform(lambda: workshop.update(step.id, due="2027-01-15"))
    session.perform(lambda: workshop.delete(step.id))
    session.undo_stack.undo()


def test_the_people_in_the_room(qtmodeltester: ModelTester, window: WorkshopWindow) -> None:
    window.open_people()
    dialog = window.people_dialog
    assert dialog is not None
    check(qtmodeltester, dialog.model)
    dialog.add_person("Bruno Costa")
    person = window.workshop.typed(Participant)[0]
    window.session.perform(lambda: window.workshop.update(person.id, role="CFO"))
    window.session.perform(lambda: window.workshop.delete(person.id))
    dialog.accept()


def test_the_recent_workshops_as_their_summaries_arrive(
    qtbot: QtBot, qtmodeltester: ModelTester, demo: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.workshop.json"
    model = RecentWorkshopsModel([demo, gone])
    check(qtmodeltester, model)
    qtbot.waitUntil(lambda: model.summary(demo) is not None and model.summary(gone) is not None)
    model.set_paths([gone])
    model.refresh(gone)
    qtbot.waitUntil(lambda: model.summary(gone) is not None)
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=10_000)


def test_the_template_library_tables(qtmodeltester: ModelTester) -> None:
    library = load_library(include_user=False)
    templates, recipes = TemplateTableModel(library), RecipeTableModel(library)
    check(qtmodeltester, templates, recipes)
    fewer = load_library(include_user=False)
    del fewer.templates[next(iter(fewer.templates))]
    templates.set_library(fewer)
    recipes.set_library(fewer)


def test_the_room_s_phones_and_the_cards_held_for_review(
    qtmodeltester: ModelTester, window: WorkshopWindow
) -> None:
    window.room.open()
    dialog = window.room.dialog
    assert dialog is not None
    check(qtmodeltester, dialog.phone_list, dialog.held_cards)
    session, workshop = window.session, window.workshop
    held = workshop.add("concern", text="They will replace us", held=True, from_phone=True)
    session.perform(lambda: workshop.update(held.id, held=False))  # accepted
    session.undo_stack.undo()
    dialog.close()
