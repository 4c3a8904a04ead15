"""The agenda on the clock of the day, and the facilitator's one-page run sheet.

A start time typed as people type it is stored as HH:MM; each exercise starts when
the ones before it end, so the day's end moves when one runs over. The run sheet is
read back from the PDF: one page, the times, every exercise and step, the opening of
the script, the brief's embedded fonts, and nothing anyone in the room wrote.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.agenda import apply_recipe, day_clock, step_starts
from facilitator.cli import main
from facilitator.model import AgendaItem, ValidationError, clock_time
from facilitator.runsheet import run_sheet_pdf, run_sheet_rows
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop

EXECUTIVE_STARTS = ["09:30", "09:40", "09:55", "10:05", "10:20", "10:30", "10:37", "10:44", "10:50"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("09:30", "09:30"),
        ("9:30", "09:30"),
        ("9.30", "09:30"),
        ("9h30", "09:30"),
        ("930", "09:30"),
        ("9", "09:00"),
        ("2pm", "14:00"),
        ("2:15 p.m.", "14:15"),
        ("12am", "00:00"),
        (" 14h ", "14:00"),
    ],
)
def test_a_start_time_is_read_as_people_type_it(typed: str, stored: str) -> None:
    assert clock_time(typed) == stored


@pytest.mark.parametrize("typed", ["lunch", "24:00", "9:60", "13pm", "9:3", "nine"])
def test_anything_else_is_not_a_time(typed: str) -> None:
    with pytest.raises(ValueError, match=typed):
        clock_time(typed)


def workshop_at(path: Path, recipe: str = "executive-90", start: str | None = "9.30") -> Workshop:
    library = load_library(include_user=False)
    workshop = Workshop.create(
        path, title="Harbourview AI day", client="City of Harbourview", start_time=start
    )
    apply_recipe(workshop, library.recipe(recipe), library)
    return workshop


def labels(workshop: Workshop) -> list[str]:
    clock = day_clock(workshop.typed(AgendaItem), workshop.meta.start_time)
    return [clock.label(t.starts) for t in clock.timings]


def test_the_start_time_is_kept_as_hh_mm_and_a_wrong_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "day.workshop.json"
    workshop = workshop_at(path)
    assert workshop.meta.start_time == "09:30"
    with pytest.raises(ValidationError, match="a time of day such as 09:30"):
        workshop.update(workshop.meta.id, start_time="after lunch")
    assert workshop.meta.start_time == "09:30"
    workshop.close()
    (meta,) = json.loads(path.read_text(encoding="utf-8"))["meta"].values()
    assert meta["start_time"] == "09:30" and meta["schema_version"] == 3


def test_each_exercise_starts_when_the_last_one_ends(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json")
    assert labels(workshop) == EXECUTIVE_STARTS
    clock = day_clock(workshop.typed(AgendaItem), workshop.meta.start_time)
    assert clock.label(clock.ends) == "11:00" and clock.over == 0
    workshop.close()


def test_the_end_moves_as_the_day_runs_over_or_an_exercise_is_skipped(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json")
    first, second, *_rest, last = workshop.typed(AgendaItem)
    workshop.update(first.id, status="done", elapsed_seconds=15 * 60)  # 10 planned
    workshop.update(second.id, status="running", elapsed_seconds=18 * 60)  # 15 planned
    clock = day_clock(workshop.typed(AgendaItem), workshop.meta.start_time)
    assert labels(workshop)[:3] == ["09:30", "09:45", "10:03"]
    assert clock.label(clock.ends) == "11:08" and clock.over == 8
    assert clock.label(clock.planned_ends) == "11:00"
    workshop.update(last.id, status="skipped")  # commitments, 10 minutes
    clock = day_clock(workshop.typed(AgendaItem), workshop.meta.start_time)
    assert clock.label(clock.ends) == "10:58" and clock.over == 8  # the plan lost it too
    workshop.close()


def test_without_a_start_time_the_clock_counts_from_the_start(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json", start=None)
    assert labels(workshop)[:3] == ["0:00", "0:10", "0:25"]
    workshop.close()


def test_steps_fit_their_exercise_even_when_its_timebox_was_cut(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json")
    item = workshop.typed(AgendaItem)[1]  # problem-first: steps of 5, 5 and 5 minutes
    assert step_starts(item, 100) == [100, 105, 110]
    short = workshop.update(item.id, planned_minutes=9)
    assert isinstance(short, AgendaItem)
    assert step_starts(short, 100) == [100, 103, 106]
    workshop.close()


def pdf_text(data: bytes) -> tuple[int, str, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    used: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            used.add(str(font.get_object()["/BaseFont"]))
    return len(reader.pages), " ".join(text.split()), used


@pytest.mark.parametrize("recipe", ["executive-90", "half-day-discovery", "change-clinic"])
def test_the_run_sheet_is_one_page_with_times_exercises_and_steps(
    tmp_path: Path, recipe: str
) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json", recipe)
    items = workshop.typed(AgendaItem)
    pages, text, used = pdf_text(run_sheet_pdf(workshop.meta, items))
    assert pages == 1
    assert "Run sheet — Harbourview AI day" in text
    assert "09:30" in text
    for item in items:
        assert str(item.template["title"]) in text
        for step in item.template["steps"]:
            assert str(step["title"]) in text
    assert all("DejaVuSans" in name for name in used)  # embedded, never Helvetica
    workshop.close()


def test_the_executive_run_sheet_has_the_script_and_the_clock(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json")
    _, text, _ = pdf_text(run_sheet_pdf(workshop.meta, workshop.typed(AgendaItem)))
    assert "09:30–11:00" in text
    for starts in EXECUTIVE_STARTS:
        assert starts in text
    assert "what to say first" in text
    assert 'Say: "Before we talk about any technology' in text  # the script's opening
    assert "Where does work get stuck, repeated, or lost?" in text  # the projector's prompt
    workshop.close()


def test_printed_mid_day_the_sheet_shows_the_day_as_it_is_going(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json")
    items = workshop.typed(AgendaItem)
    workshop.update(items[0].id, status="done", elapsed_seconds=15 * 60)
    workshop.update(items[6].id, status="skipped")  # people and change, quickly
    items = workshop.typed(AgendaItem)
    rows, _clock = run_sheet_rows(workshop.meta, items)
    assert [r.time for r in rows if r.exercise][:2] == ["09:30", "09:45"]
    assert not any("People and change" in r.title for r in rows)
    _, text, _ = pdf_text(run_sheet_pdf(workshop.meta, items))
    assert "09:30–10:58 (planned to end 10:53)" in text
    workshop.close()


def test_the_run_sheet_holds_nothing_the_room_wrote(tmp_path: Path) -> None:
    workshop = workshop_at(tmp_path / "day.workshop.json")
    person = workshop.add("participant", name="Maria Lopez")
    workshop.add("concern", text="I will lose my job to this", anonymous=True, severity=5)
    workshop.add("problem", text="Invoices are keyed twice", participant_id=person.id)
    _, text, _ = pdf_text(run_sheet_pdf(workshop.meta, workshop.typed(AgendaItem)))
    for written in ("Maria", "lose my job", "Invoices are keyed twice"):
        assert written not in text
    workshop.close()


def test_the_command_line_writes_the_run_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acme.workshop.json"
    args = ["new", str(path), "--title", "Leadership session", "--recipe", "executive-90"]
    assert main([*args, "--start", "9.30"]) == 0
    assert open_workshop(path, read_only=True).meta.start_time == "09:30"
    out = tmp_path / "run.pdf"
    assert main(["runsheet", str(path), "-o", str(out), "--start", "13:00"]) == 0
    pages, text, _ = pdf_text(out.read_bytes())
    assert pages == 1 and "13:00–14:30" in text  # this sheet's start; the file keeps 09:30
    assert open_workshop(path, read_only=True).meta.start_time == "09:30"
    capsys.readouterr()
    assert main(["runsheet", str(path), "-o", str(tmp_path / "x.pdf"), "--start", "lunch"]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "a time of day such as 09:30" in err
    assert not (tmp_path / "x.pdf").exists()


def test_the_run_sheet_lands_only_where_an_export_may(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`facilitator runsheet w.workshop.json -o w.workshop.json` replaced the workshop
    with the PDF, and a link or a device became a PDF: the run sheet reached the disk
    without the check every export goes through."""
    path = tmp_path / "acme.workshop.json"
    assert main(["new", str(path), "--title", "Session", "--recipe", "executive-90"]) == 0
    before = path.read_bytes()
    victim = tmp_path / "victim.txt"
    victim.write_text("the consultant's own notes")
    link = tmp_path / "run.pdf"
    link.symlink_to(victim)
    capsys.readouterr()
    for target, said in ((path, "it is a workshop file"), (link, "it is a symbolic link")):
        assert main(["runsheet", str(path), "-o", str(target)]) == 1
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1
    assert path.read_bytes() == before
    assert link.is_symlink() and victim.read_text() == "the consultant's own notes"


def test_after_the_day_every_time_on_the_sheet_is_on_one_clock(tmp_path: Path) -> None:
    """The walkthrough: exercises done in 1 and 2 minutes of the 10 and 15 planned
    printed "1 min, until 09:31" over steps at 09:30, 09:33 and 09:37, the last two
    inside the next exercise. A step's time is inside its exercise, and times only
    go forward down the sheet."""
    workshop = workshop_at(tmp_path / "day.workshop.json")
    first, second, third, *_ = workshop.typed(AgendaItem)
    workshop.update(first.id, status="done", elapsed_seconds=60)
    workshop.update(second.id, status="done", elapsed_seconds=2 * 60)
    workshop.update(third.id, status="running", elapsed_seconds=3 * 60)
    _, text, _ = pdf_text(run_sheet_pdf(workshop.meta, workshop.typed(AgendaItem)))
    rows = re.split(r"(?<!until) (?=\d\d:\d\d )", text[text.index("Exercise · step") :])[1:]
    times = [row[:5] for row in rows]
    assert times == sorted(times), times
    exercises = 0
    for row in rows:
        until = re.search(r"until (\d\d:\d\d)", row.split(" · ", 1)[-1][:40])
        if until:
            exercises += 1
            span = (row[:5], until.group(1))
        else:  # a step, inside its exercise
            assert span[0] <= row[:5] < span[1], (row[:60], span)
    assert exercises == len(EXECUTIVE_STARTS)
    assert "09:30–10:38 (planned to end 11:00)" in text
    assert "1 min, until 09:31 (planned 10 min)" in text  # what ran, beside the plan
    assert "2 min, until 09:33 (planned 15 min)" in text
    # The running one and those to come keep their steps, one after the other.
    assert "09:33 Group · 4 min" in text and "09:37 Vote · 3 min" in text
    workshop.close()
