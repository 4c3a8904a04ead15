"""The item models, tested without any view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.workshop import Workshop, WorkshopSummary
from ui.recent_model import COL_DATE, COL_LOCATION, COL_RECORDS, COL_TITLE, RecentWorkshopsModel
from ui.record_model import RECORD_ID_ROLE, RecordTableModel


def sample() -> Workshop:
    workshop = Workshop.in_memory(title="T", currency="USD")
    problem = workshop.add("problem", text="Permits wait\nfor weeks", impact=5)
    workshop.add(
        "idea",
        text="Pre-check",
        problem_ids=[problem.id],
        value_type="new_value",
        shortlisted=True,
        readiness={"safety": {"score": 2, "note": "PII"}},
    )
    workshop.add(
        "licence", tool="Assistant", seats=5000, price_per_seat_month=200, active_share=0.18
    )
    return workshop


def column(model: RecordTableModel, name: str) -> int:
    return model.column_names.index(name)


def test_record_model_shows_labels_and_readable_values() -> None:
    workshop = sample()
    ideas = RecordTableModel(workshop, "ideas")
    assert ideas.rowCount() == 1
    headers = [ideas.headerData(c, Qt.Orientation.Horizontal) for c in range(ideas.columnCount())]
    assert headers[:3] == ["Idea", "Solves problems", "Kind of value"]
    row = {name: ideas.index(0, column(ideas, name)).data() for name in ideas.column_names}
    assert row["problem_ids"] == "Permits wait"  # the linked problem, by its text
    assert row["value_type"] == "new value"
    assert row["shortlisted"] == "yes"
    assert row["readiness"] == "safety 2"
    assert ideas.index(0, 0).data(RECORD_ID_ROLE) == workshop.records("ideas")[0].id
    licences = RecordTableModel(workshop, "licences")
    assert licences.index(0, column(licences, "active_share")).data() == "18%"
    assert licences.index(0, column(licences, "price_per_seat_month")).data() == "200.00"


def test_record_model_shows_the_first_line_and_the_rest_as_a_tooltip() -> None:
    problems = RecordTableModel(sample(), "problems")
    assert problems.index(0, 0).data() == "Permits wait"
    assert problems.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Permits wait\nfor weeks"


def test_recent_model_fills_in_summaries_as_they_load(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "a.workshop.json"
    workshop = Workshop.create(path, title="Acme day", client="Acme", date="2026-11-19")
    workshop.add("problem", text="A")
    workshop.close()
    model = RecentWorkshopsModel([path])
    assert model.index(0, COL_TITLE).data() == "a.workshop.json"  # until the summary arrives
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    assert isinstance(model.summary(path), WorkshopSummary)
    assert model.index(0, COL_TITLE).data() == "Acme day"
    assert model.index(0, COL_DATE).data() == "2026-11-19"
    assert model.index(0, COL_RECORDS).data() == "1"
    assert model.index(0, COL_LOCATION).data() == str(tmp_path)
