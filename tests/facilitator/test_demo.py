"""The bundled demo: a realistic engagement with something in every table."""

from __future__ import annotations

from pathlib import Path

from facilitator.demo import write_demo
from facilitator.model import Concern, Idea, Licence
from facilitator.workshop import Workshop, open_workshop


def test_the_demo_fills_every_table_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "demo.workshop.json"
    write_demo(path).close()
    demo: Workshop = open_workshop(path, read_only=True)
    counts = demo.counts()
    assert all(counts[t] > 0 for t in counts), counts
    assert sum(counts.values()) >= 40
    assert demo.meta.client == "City of Harbourview"


def test_the_demo_tells_the_city_story(tmp_path: Path) -> None:
    demo = write_demo(tmp_path / "demo.workshop.json")
    (seats,) = [lic for lic in demo.typed(Licence) if lic.seats == 5000]
    assert seats.monthly_cost == 1_000_000
    ideas = demo.typed(Idea)
    assert any(i.value_type == "new_value" for i in ideas)
    assert any(i.value_type == "automation" for i in ideas)
    assert all(i.problem_ids for i in ideas)
    concerns = demo.typed(Concern)
    assert any(c.anonymous for c in concerns) and any(not c.anonymous for c in concerns)
    assert all(c.participant_id is None for c in concerns if c.anonymous)
    demo.close()
