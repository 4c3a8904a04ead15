"""``facilitator import``: a live feed is saved line by line under the lock, and a
CSV that does not read is refused with its line, never read around."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.errors import WorkshopLockedError
from facilitator.model import Note, Problem
from facilitator.workshop import Workshop, open_workshop


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "live.workshop.json"
    Workshop.create(target, title="Live", backup_dir=tmp_path / "backups").close()
    return target


def test_a_live_feed_is_saved_line_by_line_under_the_lock(path: Path) -> None:
    """Like ``tail -f captures.jsonl | facilitator import w.json -``: each line is
    on disk and acknowledged before the next one is even written."""
    feed = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "import", str(path), "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    assert feed.stdin is not None and feed.stdout is not None
    try:
        acknowledged = []
        for i in range(3):
            feed.stdin.write(json.dumps({"kind": "problem", "text": f"said live {i}"}).encode())
            feed.stdin.write(b"\n")
            feed.stdin.flush()
            # Answered while the feed stays open (a reader of all input would never answer).
            ready, _, _ = select.select([feed.stdout], [], [], 30)
            assert ready, "no answer to a line while the feed stays open"
            line = feed.stdout.readline().decode()
            assert line.startswith("saved problem "), line
            acknowledged.append(line.split()[-1])
            # Already durable: a reader sees it, and a second writer is turned away.
            assert acknowledged[-1] in {
                p.id for p in open_workshop(path, read_only=True).records("problems")
            }
            with pytest.raises(WorkshopLockedError, match="in use by"):
                open_workshop(path)
            assert main(["add", str(path), "note", "meanwhile"]) == 1
        feed.stdin.close()
        assert feed.wait(30) == 0
    finally:
        if feed.poll() is None:
            feed.kill()
        feed.wait()
        feed.stdout.close()
        assert feed.stderr is not None
        feed.stderr.close()
    workshop = open_workshop(path)
    assert [p.id for p in workshop.records("problems")] == acknowledged
    assert workshop.typed(Note) == []
    workshop.close()


def test_a_csv_with_a_quote_never_closed_is_refused_at_its_line(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "typed.csv"
    source.write_text(
        'kind,text\nnote,first\nnote,"second, with a quote left open\nnote,third\nnote,fourth\n'
    )
    assert main(["import", str(path), str(source)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1  # "first" only
    assert captured.err.splitlines() == [
        'line 3: a quoted cell that starts here is never closed: add the missing " '
        "(everything after it was read as one cell)"
    ]
    assert [n.text for n in open_workshop(path, read_only=True).typed(Note)] == ["first"]


def test_a_csv_with_a_column_named_twice_is_refused_whole(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "twice.csv"
    source.write_text("kind,text,Kind\nproblem,Permits wait,note\n")
    assert main(["import", str(path), str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "facilitator: line 1: the column 'kind' appears twice (columns 1 and 3); "
        "nothing was imported\n"
    )
    reader = open_workshop(path, read_only=True)
    assert reader.typed(Problem) == [] and reader.typed(Note) == []


def test_a_csv_from_standard_input_is_read_as_it_arrives(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "import", str(path), "-"],
        input="kind;text;impact\nproblem;Łódź office waits;3\nproblem;Quotes are slow;2\n",
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    problems = open_workshop(path, read_only=True).typed(Problem)
    assert [(p.text, p.impact) for p in problems] == [
        ("Łódź office waits", 3),
        ("Quotes are slow", 2),
    ]
