"""The item models, tested without any view."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from facilitator.workshop import Workshop, WorkshopSummary
from ui.recent_model import COL_DATE, COL_LOCATION, COL_RECORDS, COL_TITLE, RecentWorkshopsModel


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
