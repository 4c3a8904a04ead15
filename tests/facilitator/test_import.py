"""``facilitator import``: a live feed is saved line by line under the lock, and a
CSV that does not read is refused with its line, never read around."""

from __future__ import annotations

import io
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


def _import_in_a_small_process(
    path: Path, source: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """``facilitator import PATH SOURCE`` in a process allowed 1 GB, so an import
    that reads without end fails fast instead of taking the machine's memory."""

    def limited() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "facilitator", "import", str(path), source],
        input=stdin.decode() if stdin is not None else None,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=limited,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="no /dev/zero, no rlimit")
def test_a_file_that_never_ends_is_refused_not_read(path: Path, tmp_path: Path) -> None:
    """A received captures.jsonl that is a link to /dev/zero took 3.7 GB in ten
    seconds and never finished; a named pipe waited for ever."""
    endless = tmp_path / "captures.jsonl"
    endless.symlink_to("/dev/zero")
    result = _import_in_a_small_process(path, str(endless))
    assert result.returncode == 1
    assert result.stderr == (
        "facilitator: cannot import captures.jsonl: it is a device or a pipe, not a file; "
        "a live feed is piped in: ... | facilitator import WORKSHOP -\n"
    )
    pipe = tmp_path / "feed.csv"
    os.mkfifo(pipe)
    result = _import_in_a_small_process(path, str(pipe))
    assert result.returncode == 1 and "feed.csv: it is a device or a pipe" in result.stderr
    assert open_workshop(path, read_only=True).typed(Note) == []


def test_a_file_too_big_to_import_is_refused_in_one_line(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("facilitator.cli.IMPORT_MAX_BYTES", 1000)
    big = tmp_path / "big.jsonl"
    big.write_text('{"kind": "note", "text": "fits"}\n' * 100)
    assert main(["import", str(path), str(big)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "facilitator: cannot import big.jsonl: it has 3,300 bytes, more than the 1,000 "
        "an import reads; split it into smaller files\n"
    )
    assert open_workshop(path, read_only=True).typed(Note) == []


@pytest.mark.skipif(sys.platform == "win32", reason="no rlimit")
def test_a_stream_without_line_ends_is_refused_after_what_it_saved(path: Path) -> None:
    """``cat /dev/zero | facilitator import w.json -`` read one endless line into
    memory; the lines before a line that long are saved, then the import stops."""
    feed = b'{"kind": "note", "text": "before"}\n' + b"x" * (40 * 1024 * 1024)
    result = _import_in_a_small_process(path, "-", stdin=feed)
    assert result.returncode == 1
    assert result.stdout.startswith("saved note ")
    assert result.stderr.endswith(
        "facilitator: line 2 of standard input is longer than 16 MB; the lines before it "
        "are saved\n"
    )
    assert [n.text for n in open_workshop(path, read_only=True).typed(Note)] == ["before"]


def test_a_document_on_standard_input_that_never_closes_is_refused(
    path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``yes '{' | facilitator import w.json -``: an exported workshop is read whole,
    so one that never closes would be read until the memory is gone."""
    monkeypatch.setattr("facilitator.cli.IMPORT_MAX_BYTES", 1000)
    feed = b'{"kind": "note", "text": "before"}\n' + b"{\n" * 2000
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(feed)))
    assert main(["import", str(path), "-"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("saved note ")
    assert err == (
        "facilitator: line 2: the JSON document that starts here runs past 1,000 "
        "characters; it was not imported\n"
    )
    assert [n.text for n in open_workshop(path, read_only=True).typed(Note)] == ["before"]
