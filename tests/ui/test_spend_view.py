"""The spend sheet, typed into as in the room, its totals, its saved file and its mirror."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.agenda import apply_recipe
from facilitator.model import Idea, Licence
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.ui.conftest import live_window
from ui.live.models import RECORD_ROLE
from ui.live.spend import (
    COL_ACCOUNTS,
    COL_BUDGET,
    COL_COST,
    COL_OWNER,
    COL_PER_USER,
    COL_PRICE,
    COL_SEATS,
    COL_USERS,
    EditGrid,
    SpendView,
)
from ui.live.window import WorkshopWindow

NBSP = "\u00a0"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "spend.workshop.json"
    workshop = Workshop.create(target, title="Spend", currency="EUR")
    library = load_library(include_user=False)
    apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    problem = workshop.add("problem", text="Quotes take three days")
    workshop.add("idea", text="Quote assistant", problem_ids=[problem.id], value=5, feasibility=4)
    # A budget nobody answers for: it must not count as accounted.
    workshop.add(
        "idea",
        text="Invoice checker",
        problem_ids=[problem.id],
        value=3,
        feasibility=3,
        monthly_budget=5000,
    )
    workshop.add("participant", name="Ana Silva")
    workshop.close()
    return target


@pytest.fixture
def window(qtbot: QtBot, path: Path, tmp_path: Path) -> Iterator[WorkshopWindow]:
    with live_window(qtbot, path, tmp_path, "spend") as win:
        yield win


def the_view(window: WorkshopWindow) -> SpendView:
    view = window.run.current_view
    assert isinstance(view, SpendView) and window.board.body.currentWidget() is view
    return view


def editing(table: EditGrid) -> bool:
    return table.state() == QAbstractItemView.State.EditingState


def type_in_editor(qtbot: QtBot, table: EditGrid, text: str, end: Qt.Key) -> None:
    """Type into the cell editor that is open, then Tab or Enter."""
    assert editing(table)
    editor = table.focusWidget()
    assert editor is not None and editor is not table
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, end)
    if end == Qt.Key.Key_Return:
        qtbot.waitUntil(lambda: not editing(table))


def type_on_cell(qtbot: QtBot, table: EditGrid, row: int, column: int, text: str) -> None:
    """Go to a cell and type over it, as a facilitator would: the first key opens it."""
    model = table.model()
    table.setFocus()
    table.setCurrentIndex(model.index(row, column))
    qtbot.keyClicks(table, text[0])
    type_in_editor(qtbot, table, text[1:], Qt.Key.Key_Return)


def cell(table: EditGrid, row: int, column: int) -> str:
    return str(table.model().index(row, column).data())


def line_row(view: SpendView, tool: str) -> int:
    return next(r for r, line in enumerate(view.sheet.licences) if line.tool == tool)


def case_row(view: SpendView, start: str) -> int:
    return next(r for r, idea in enumerate(view.sheet.ideas) if idea.text.startswith(start))


def euros(amount: float) -> str:
    """Independent of the app's money(): whole euros with thousands commas."""
    return f"€{amount:,.0f}"


def test_lines_typed_make_the_totals_and_an_unpriced_line_makes_them_lower_bounds(
    qtbot: QtBot, window: WorkshopWindow, path: Path
) -> None:
    view = the_view(window)
    table = view.licences
    assert view.licence_model.rowCount() == 0 and view.empty.isVisibleTo(view)

    # "Add licence line", then the line typed across with Tab.
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    type_in_editor(qtbot, table, "Copilot", Qt.Key.Key_Tab)
    type_in_editor(qtbot, table, "5,000", Qt.Key.Key_Tab)
    type_in_editor(qtbot, table, "200", Qt.Key.Key_Tab)
    type_in_editor(qtbot, table, "35", Qt.Key.Key_Return)  # percent, as the column says
    (line,) = window.workshop.typed(Licence)
    assert (line.tool, line.seats, line.price_per_seat_month, line.active_share) == (
        "Copilot",
        5000,
        200.0,
        0.35,
    )
    seats, price, share = 5_000, 200, 0.35
    cost = seats * price  # 1,000,000 a month
    users = seats * share  # 1,750
    row = line_row(view, "Copilot")
    assert cell(table, row, COL_COST) == euros(cost) == "€1,000,000"
    assert cell(table, row, COL_USERS) == f"{users:,.0f}" == "1,750"
    assert cell(table, row, COL_PER_USER) == f"€{cost / users:,.2f}" == "€571.43"
    assert view.total.value.text() == "€1,000,000"
    assert view.year.value.text() == euros(cost * 12) == "€12,000,000"
    assert view.unaccounted.value.text() == "€1,000,000"
    assert view.unaccounted.caption.text() == f"unaccounted (100{NBSP}%)"

    # A line captured in the quick-capture line, seats typed, no price: unknown, not €0.
    window.cards.focus_capture()
    qtbot.keyClicks(window.board.capture, "Meeting notes add-on")
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Return)
    addon = line_row(view, "Meeting notes add-on")
    type_on_cell(qtbot, table, addon, COL_SEATS, "100")
    assert cell(table, addon, COL_COST) == "price unknown"
    assert cell(table, addon, COL_PRICE) == "unknown"
    assert view.total.value.text() == f"≥{NBSP}€1,000,000"
    assert view.year.value.text() == f"≥{NBSP}€12,000,000"
    assert "Meeting notes add-on" in view.caveat.text() and view.caveat.isVisibleTo(view)

    # Use cases: owner, metric and budget make one accountable; a budget alone does not.
    cases = view.cases
    quote = case_row(view, "Quote")
    type_on_cell(qtbot, cases, quote, COL_OWNER, "Ana Silva")
    cases.setCurrentIndex(view.case_model.index(quote, COL_OWNER))
    qtbot.keyClick(cases, Qt.Key.Key_Tab)
    qtbot.keyClicks(cases, "Q")
    type_in_editor(qtbot, cases, "uotes out within 24 hours", Qt.Key.Key_Tab)
    type_in_editor(qtbot, cases, "250,000", Qt.Key.Key_Return)
    budget = 250_000
    assert cell(cases, quote, COL_BUDGET) == euros(budget)
    assert cell(cases, quote, COL_ACCOUNTS) == f"✓ {euros(budget)}"
    invoice = case_row(view, "Invoice")
    assert cell(cases, invoice, COL_ACCOUNTS) == ("✕ Not accounted: no owner, no success metric")
    assert "1 budget(s) account for nothing" in view.cases_note.text()
    assert view.accounted.value.text() == euros(budget)  # not the 5,000 without an owner
    assert view.accounted.caption.text() == f"accounted to owned use cases (≤{NBSP}25{NBSP}%)"
    assert view.unaccounted.value.text() == f"≥{NBSP}{euros(cost - budget)}"

    # The price arrives: the totals are whole again.
    type_on_cell(qtbot, table, addon, COL_PRICE, "30")
    total = cost + 100 * 30
    assert view.total.value.text() == euros(total) == "€1,003,000"
    assert view.unaccounted.value.text() == euros(total - budget) == "€753,000"
    share_left = round((total - budget) / total * 100)
    assert view.unaccounted.caption.text() == f"unaccounted ({share_left}{NBSP}%)"
    assert not view.caveat.isVisibleTo(view)

    # A bad value is refused in the core's words; nothing changes.
    type_on_cell(qtbot, table, addon, COL_SEATS, "lots")
    assert window.message.text().startswith("seats: expected a whole number")
    assert window.workshop.get(view.sheet.licences[addon].id).seats == 100  # type: ignore[attr-defined]

    # Delete takes the line out (the window's Delete must not take the key); Ctrl+Z back.
    table.setFocus()
    table.setCurrentIndex(view.licence_model.index(addon, COL_SEATS))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [x.tool for x in window.workshop.typed(Licence)] == ["Copilot"]
    assert view.total.value.text() == "€1,000,000"
    assert "Ctrl+Z" in view.notice.text()
    window.undo_action.trigger()
    assert [x.tool for x in window.workshop.typed(Licence)] == ["Copilot", "Meeting notes add-on"]
    assert view.total.value.text() == "€1,003,000"

    window.close()
    window.workshop.close()
    saved = open_workshop(path, read_only=True)
    kept = {x.tool: (x.seats, x.price_per_seat_month, x.active_share) for x in saved.typed(Licence)}
    assert kept == {"Copilot": (5000, 200.0, 0.35), "Meeting notes add-on": (100, 30.0, None)}
    idea = next(i for i in saved.typed(Idea) if i.text == "Quote assistant")
    assert (idea.owner, idea.success_metric, idea.monthly_budget) == (
        "Ana Silva",
        "Quotes out within 24 hours",
        250_000.0,
    )
    saved.close()


def test_the_projector_shows_the_big_numbers_and_the_lines(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    view = the_view(window)
    workshop = window.workshop
    item_id = view.item.id  # type: ignore[union-attr]
    workshop.add(
        "licence",
        tool="Copilot",
        seats=5000,
        price_per_seat_month=200,
        active_share=0.2,
        exercise_id=item_id,
    )
    workshop.add("licence", tool="Chatbot pilot", seats=1, exercise_id=item_id)
    quote = next(i for i in workshop.typed(Idea) if i.text == "Quote assistant")
    workshop.update(quote.id, owner="Ana Silva", success_metric="24 h", monthly_budget=100_000)

    window.toggle_projector()
    mirror = view.projector_view()
    assert isinstance(mirror, QWidget) and window.projector.body.currentWidget() is mirror
    assert view.room_figures is not None and view.room_caveat is not None
    total, accounted, gap = view.room_figures
    assert total.value.text() == f"≥{NBSP}€1,000,000"  # the pilot's price is not known
    assert accounted.value.text() == "€100,000"
    assert gap.value.text() == f"≥{NBSP}90{NBSP}%"
    assert "Chatbot pilot" in view.room_caveat.text()
    room = view.room
    rows = [
        [str(room.index(r, c).data()) for c in range(room.columnCount())]
        for r in range(room.rowCount())
    ]
    assert rows == [
        ["Copilot", "5,000", "€200", f"20{NBSP}%", "€1,000,000"],
        ["Chatbot pilot", "1", "unknown", "—", "price unknown"],
    ]
    assert room.index(0, 0).data(RECORD_ROLE) is None  # the room gets text, not records
    assert "font-size: 54pt" in total.value.styleSheet()
    assert view.mirror_table is not None and view.mirror_table.font().pointSizeF() >= 24

    # The numbers follow an edit made on the facilitator's sheet.
    type_on_cell(qtbot, view.licences, 1, COL_PRICE, "12,000")
    assert total.value.text() == "€1,012,000"
    assert not view.room_caveat.isVisibleTo(mirror)


def test_after_a_line_is_captured_the_keyboard_is_on_its_seats(
    qtbot: QtBot, window: WorkshopWindow
) -> None:
    """Issue 10, item 6: the Seats cell is highlighted after Enter on a tool name, so
    the keyboard is there too: "5000" fills the seats, it is not a licence called 5000."""
    view = the_view(window)
    before = len(window.workshop.typed(Licence))
    window.cards.focus_capture()
    qtbot.keyClicks(window.board.capture, "Meeting notes add-on")
    qtbot.keyClick(window.board.capture, Qt.Key.Key_Return)
    row = line_row(view, "Meeting notes add-on")
    assert view.licences.currentIndex() == view.licence_model.index(row, COL_SEATS)
    assert QApplication.focusWidget() is view.licences  # the keyboard is where the highlight is
    for key in "5000":  # each key to whatever has the keyboard (the first opens the cell)
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClicks(focused, key)
    type_in_editor(qtbot, view.licences, "", Qt.Key.Key_Return)
    lines = window.workshop.typed(Licence)
    assert len(lines) == before + 1  # no licence called "5000"
    assert next(line for line in lines if line.tool == "Meeting notes add-on").seats == 5000
