"""Running an exercise (ui/live/run.py, timer.py): the clock, the steps, what the room sees."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import FakeClock, agenda_items, go_to, type_card
from ui.live.models import RECORD_ROLE
from ui.live.timer import Phase, clock, phase_for
from ui.live.window import WorkshopWindow


def test_the_timer_counts_down_warns_and_extends(qtbot: QtBot, window: WorkshopWindow) -> None:
    item = go_to(window, "Why are we here?")
    window.workshop.update(item.id, planned_minutes=1, elapsed_seconds=58)
    window.timer.attach(None)
    window.timer.attach(item.id)
    with qtbot.waitSignal(window.timer.ticked, timeout=2000) as tick:
        window.timer.start()
    remaining, phase = tick.args
    assert 0 < remaining <= 2 and phase is Phase.ALARM  # 5 % or less of a minute left
    assert window.run.timer_widget.start_button.text() == "Pause"
    window.timer.add_minutes(5)
    assert window.workshop.get(item.id).planned_minutes == 6  # type: ignore[attr-defined]
    window.timer.pause()
    window.timer.reset()
    assert window.workshop.get(item.id).elapsed_seconds == 0  # type: ignore[attr-defined]


def test_the_timer_keeps_timing_its_exercise_while_you_look_at_another(
    qtbot: QtBot, window: WorkshopWindow, clock: FakeClock
) -> None:
    running = go_to(window, "Start with the problem")
    window.timer.start()
    go_to(window, "Why are we here?")  # a look back at the mandate, mid-exercise
    assert window.timer.running and window.timer.item_id == running.id
    label = window.run.timer_widget.timing
    assert label.isVisibleTo(window) and label.toolTip() == "timing: 2. Start with the problem"
    assert label.text().startswith("timing: 2. Start")  # elided if the toolbar is tight
    clock.advance(0.7)
    go_to(window, "Start with the problem")  # back: the label goes, the clock ran on
    assert not label.isVisibleTo(window)
    go_to(window, "Why are we here?")
    # Start times what is on screen: the button says so while the clock is elsewhere.
    assert window.run.timer_widget.start_button.text() == "Start"
    assert window.workshop.get(running.id).status == "running"  # type: ignore[attr-defined]
    qtbot.mouseClick(window.run.timer_widget.start_button, Qt.MouseButton.LeftButton)
    assert window.workshop.get(running.id).elapsed_seconds >= 1  # type: ignore[attr-defined]
    assert window.timer.item_id == window.run.item.id  # type: ignore[union-attr]
    assert window.timer.running and not label.isVisibleTo(window)
    assert window.run.timer_widget.start_button.text() == "Pause"
    # Starting the clock here moves the room on: the exercise left running is done.
    assert window.workshop.get(running.id).status == "done"  # type: ignore[attr-defined]
    statuses = [i.status for i in agenda_items(window)]
    assert statuses.count("running") == 1
    window.timer.pause()
    assert window.run.timer_widget.start_button.text() == "Start"


@pytest.mark.parametrize(
    ("remaining", "planned", "phase"),
    [
        (600, 600, Phase.CALM),
        (120, 600, Phase.WARN),
        (29, 600, Phase.ALARM),
        (-5, 600, Phase.ALARM),
    ],
)
def test_timer_phases(remaining: float, planned: float, phase: Phase) -> None:
    assert phase_for(remaining, planned) is phase


def test_clock_format() -> None:
    assert clock(754) == "12:34"
    assert clock(-150) == "−2:30"


def test_silent_writing_hides_the_cards_from_the_room_until_revealed(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    go_to(window, "Start with the problem")  # its first step is silent writing
    window.toggle_projector()
    projector = window.projector
    assert window.run.private_step()
    projector.resize(1280, 800)
    type_card(qtbot, window, "Quotes take three days")
    for n in range(8):
        type_card(qtbot, window, f"Nobody knows the stock level {n}")
    assert projector.body.currentWidget() is projector.blank  # no text on the wall
    assert projector.count.text().startswith("9 cards — shown when everyone")
    qtbot.waitUntil(lambda: window.board.count.text() == "9 cards")  # as each card arrives
    assert window.run.reveal_button.isEnabled() and not window.run.reveal_button.isChecked()
    window.run.reveal_button.click()  # F6
    assert projector.body.currentWidget() is projector.cards
    cards = projector.cards
    assert cards.model().rowCount() == 9
    # The reveal starts at the first card, whatever was typed last while hidden.
    qtbot.waitUntil(lambda: cards.visualRect(cards.model().index(0, 0)).isValid())
    assert cards.viewport().rect().contains(cards.visualRect(cards.model().index(0, 0)))
    window.run.go_step(+1)  # reading out: nothing is private any more
    assert projector.body.currentWidget() is projector.cards
    assert not window.run.reveal_button.isEnabled()
    assert projector.count.text() == "9 cards"
    window.run.go_step(-1)  # the reveal is remembered for the step
    assert projector.body.currentWidget() is projector.cards
    window.run.reveal_button.click()  # and can be taken back
    assert projector.body.currentWidget() is projector.blank
    window.toggle_projector()


def test_the_room_sees_the_card_the_facilitator_is_on(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Start with the problem")
    window.run.go_step(+1)  # past silent writing: the room reads the cards
    for n in range(12):
        window.workshop.add("problem", text=f"Problem number {n} from the room")
    window.projector.present(full_screen=False)
    window.projector.resize(1280, 800)
    cards = window.projector.cards
    qtbot.waitUntil(lambda: cards.model() is not None and cards.model().rowCount() == 12)
    qtbot.waitUntil(lambda: cards.visualRect(cards.model().index(0, 0)).isValid())
    # The columns share the room's width: no wide strip left empty on the right.
    first = cards.visualRect(cards.model().index(0, 0))
    columns = max(cards.viewport().width() // (first.width() + 2 * cards.spacing()), 1)
    used = columns * (first.width() + 2 * cards.spacing())
    assert cards.viewport().width() - used < first.width() // 4
    # Too many to read at once (nobody in the room can scroll): the wall shows the
    # groups, and the card the facilitator goes to is among its group's cards shown.
    for n in range(12, 40):
        window.workshop.add("problem", text=f"Problem number {n} from the room")
    qtbot.waitUntil(lambda: window.projector.body.currentWidget() is cards.groups)
    proxy = window.cards.board_proxy
    assert proxy is not None
    last = proxy.index(proxy.rowCount() - 1, 0)
    window.board.cards.setCurrentIndex(last)  # the facilitator goes to the last card
    fit, _shown = cards.groups.layout_tiles()
    assert fit is not None
    shown = [i for group in cards.groups.groups(fit.lines) for i in group.ids]
    assert last.data(RECORD_ROLE).id in shown
    window.toggle_projector()


def test_a_handful_of_cards_all_fit_on_the_wall(qtbot: QtBot, window: WorkshopWindow) -> None:
    go_to(window, "Start with the problem")
    window.run.go_step(+1)  # past silent writing
    for n in range(6):
        window.workshop.add("problem", text=f"Problem {n} as the room said it, in a few words")
    window.projector.present(full_screen=False)
    window.projector.resize(1280, 800)
    cards = window.projector.cards
    model = cards.model()
    qtbot.waitUntil(lambda: cards.visualRect(model.index(0, 0)).isValid())
    qtbot.waitUntil(
        lambda: all(
            cards.viewport().rect().contains(cards.visualRect(model.index(r, 0)))
            for r in range(model.rowCount())
        )
    )  # nobody in the room can scroll: none is left below the edge
    window.toggle_projector()
