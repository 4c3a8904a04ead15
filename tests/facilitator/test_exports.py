"""CSV, Markdown and JSON exports, and the export command."""

from __future__ import annotations

import csv
import dataclasses
import errno
import io
import json
import os
import queue
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import branding, exports
from facilitator.brief import BriefError, BriefOptions
from facilitator.cli import main
from facilitator.demo import build_demo, write_demo
from facilitator.exports import (
    FORMATS,
    csv_bytes,
    export,
    format_for,
    json_bytes,
    strip_formula_guard,
)
from facilitator.model import (
    MAX_TEXT,
    SCHEMA_VERSION,
    Idea,
    Problem,
    Rating,
    Readiness,
    WorkshopMeta,
)
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop, open_workshop


@pytest.fixture
def demo() -> WorkshopData:
    return WorkshopData.of(build_demo(Workshop.in_memory(title="demo")))


def test_the_csv_is_the_use_cases_as_a_sheet_for_excel(demo: WorkshopData) -> None:
    raw = csv_bytes(demo)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs it to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(demo.ideas)  # one row per use case, nothing else
    assert list(rows[0]) == list(exports.USE_CASE_COLUMNS)
    first, second = rows[0], rows[1]
    assert first["Rank"] == "1" and first["Use case"].startswith("Monthly seat review")
    # The problem in words, its cost and baseline as captured; numbers as numbers.
    assert second["Solves"] == (
        "Building permit applications wait weeks before anyone checks they are complete"
    )
    assert (
        second["Cost of the problem today"] == "≈ $1.2M a year in delayed construction and re-work"
    )
    assert (second["Value"], second["Feasibility"], second["Priority"]) == ("5", "4", "20")
    assert (second["Budget per month"], second["Budget per year"]) == ("6500", "78000")
    assert (second["Shortlisted"], second["Last mile"], second["Owner"]) == (
        "yes",
        "Ready",
        "Helen Marsh",
    )
    blocked = next(r for r in rows if r["Use case"].startswith("Records-request triage"))
    assert blocked["Last mile"] == "Blocked"
    assert blocked["Blocker"].startswith("Production safety 1/5: A redaction miss")
    unassessed = next(r for r in rows if r["Use case"].startswith("Draft council reports"))
    assert unassessed["Last mile"] == "Not assessed"
    assert unassessed["Draws on licence"] == "Premium AI assistant — all employees"
    text = raw.decode("utf-8-sig")
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", text)  # no ids
    assert "[[steps]]" not in text and "template" not in text  # no agenda snapshots


def test_json_is_the_whole_workshop_normalised(demo: WorkshopData) -> None:
    document = json.loads(json_bytes(demo))
    assert document["format"] == "facilitator-workshop"
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["workshop"]["client"] == "City of Harbourview"
    for table in (
        "agenda",
        "participants",
        "problems",
        "ideas",
        "concerns",
        "actions",
        "licences",
        "votes",
        "notes",
    ):
        assert len(document[table]) == len(getattr(demo, table))
    assert [a["position"] for a in document["agenda"]] == list(range(len(demo.agenda)))


def test_markdown_carries_the_brief_and_escapes_what_was_typed(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="MD")
    workshop.add("problem", text="Use *stars* and <b>tags</b> | pipes", impact=3)
    target = tmp_path / "brief.md"
    export(WorkshopData.of(workshop), target, "md", BriefOptions())
    text = target.read_text(encoding="utf-8")
    assert "## Problem inventory" in text
    assert r"Use \*stars\* and \<b\>tags\</b\> \| pipes" in text


@pytest.mark.parametrize(
    ("name", "explicit", "expected"),
    [
        ("brief.pdf", None, "pdf"),
        ("records.CSV", None, "csv"),
        ("x.markdown", None, "md"),
        ("x.json", None, "json"),
        ("readout.PPTX", None, "pptx"),
        ("brief.docx", None, "docx"),
        ("deck.bin", "pptx", "pptx"),
        ("noext", None, "pdf"),
        ("x.txt", "md", "md"),
    ],
)
def test_format_from_suffix_or_choice(name: str, explicit: str | None, expected: str) -> None:
    assert format_for(Path(name), explicit) == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(BriefError, match="unknown format 'odt'"):
        format_for(Path("x.odt"), "odt")
    with pytest.raises(BriefError, match=r"cannot write brief.ppt: name it .pdf, .pptx, .docx"):
        format_for(Path("brief.ppt"))  # never a PDF under an old PowerPoint name
    with pytest.raises(BriefError, match=r"cannot write brief.doc: name it .pdf, .pptx, .docx"):
        format_for(Path("brief.doc"))


def test_export_command_writes_each_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "demo.workshop.json"
    write_demo(source).close()
    for fmt in ("pdf", "pptx", "docx", "csv", "md", "json"):
        out = tmp_path / f"brief.{fmt}"
        assert main(["export", str(source), "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")
    for office in ("pptx", "docx"):  # Office files are zip packages
        assert (tmp_path / f"brief.{office}").read_bytes().startswith(b"PK")
    assert (
        main(
            [
                "export",
                str(source),
                "-o",
                str(tmp_path / "x.pdf"),
                "--logo",
                str(tmp_path / "nope.png"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "nope.png does not exist" in err
    assert (
        main(
            ["export", str(source), "-o", str(tmp_path / "s.pdf"), "--sections", "summary,nonsense"]
        )
        == 1
    )
    assert "unknown section 'nonsense'" in capsys.readouterr().err


def test_export_uses_app_branding_with_the_workshops_overrides(tmp_path: Path) -> None:
    branding.save(
        branding.Branding(
            consultancy="App Consulting", accent="#123456", confidentiality="Internal"
        )
    )
    source = tmp_path / "w.workshop.json"
    workshop = Workshop.create(source, title="T")
    workshop.update_meta(branding={"consultancy": "Partner Firm"})
    workshop.close()
    out = tmp_path / "brief.md"
    assert main(["export", str(source), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Partner Firm" in text and "App Consulting" not in text
    assert "*Internal*" in text


def test_export_in_a_child_process_reports_progress_and_errors(
    demo: WorkshopData, tmp_path: Path
) -> None:
    from facilitator.exports import export_isolated

    seen: list[float] = []
    target = tmp_path / "brief.pdf"
    written = export_isolated(
        demo, target, "pdf", BriefOptions(), progress=lambda share, what: seen.append(share)
    )
    assert written == target and target.read_bytes().startswith(b"%PDF")
    assert seen[-1] == 1.0 and len(seen) > 3
    with pytest.raises(BriefError, match="does not exist"):
        export_isolated(demo, tmp_path / "x.pdf", "pdf", BriefOptions(logo=tmp_path / "no.png"))


def test_a_child_process_export_holds_every_record_in_order(tmp_path: Path) -> None:
    # The snapshot crosses to the child in chunks of records; a big workshop spans several.
    from facilitator.exports import PACK_CHUNK, export_isolated, json_bytes

    workshop = build_demo(Workshop.in_memory(title="Many"))
    problem = workshop.add("problem", text="Permits wait for weeks")
    for i in range(2 * PACK_CHUNK + 5):
        workshop.add("idea", text=f"Idea {i}", problem_ids=[problem.id], value=1 + i % 5)
    data = WorkshopData.of(workshop)
    target = tmp_path / "all.json"
    export_isolated(data, target, "json", BriefOptions())
    written, expected = json.loads(target.read_bytes()), json.loads(json_bytes(data))
    written.pop("exported_at"), expected.pop("exported_at")
    assert written == expected
    assert [idea["text"] for idea in written["ideas"]][-3:] == [
        f"Idea {i}" for i in range(2 * PACK_CHUNK + 2, 2 * PACK_CHUNK + 5)
    ]


def test_a_child_process_export_can_be_cancelled(demo: WorkshopData, tmp_path: Path) -> None:
    from facilitator.brief import CancelToken, ExportCancelledError
    from facilitator.exports import export_isolated

    token = CancelToken()
    token.cancel()
    with pytest.raises(ExportCancelledError):
        export_isolated(demo, tmp_path / "c.pdf", "pdf", BriefOptions(), cancel=token)
    assert not (tmp_path / "c.pdf").exists()


# --- text the formats cannot take as it is --------------------------------------------


def test_a_stray_byte_in_a_title_no_longer_stops_the_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A Latin-1 "é" on a UTF-8 command line reaches Python as the lone surrogate \udce9.
    source = tmp_path / "s.workshop.json"
    assert main(["new", str(source), "--title", "Caf\udce9 Lyon"]) == 0
    for fmt in ("csv", "json", "md"):
        status = main(["export", str(source), "-o", str(tmp_path / f"s.{fmt}")])
        assert status == 0, capsys.readouterr().err
    assert (tmp_path / "s.csv").read_bytes().startswith(b"\xef\xbb\xbfRank")
    document = json.loads((tmp_path / "s.json").read_bytes())
    assert document["workshop"]["title"] == "Caf\ufffd Lyon"


def test_each_lone_surrogate_becomes_u_fffd_and_nothing_else_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(exports, "now_iso", lambda: "2026-11-19T09:00:00.000Z")
    workshop = Workshop.in_memory(title="Caf\udce9")
    problem = workshop.add("problem", text="Stray \udcff byte", who="=\udce9")
    workshop.add(
        "idea",
        text="Idea",
        problem_ids=[problem.id],
        readiness={"safety": {"score": 2, "note": "n\udc80"}},
    )
    workshop.update_meta(facilitators=["Zo\udceb"], branding={"consultancy": "\udce9"})
    stray = WorkshopData.of(workshop)
    meta, (problem_,), (idea,) = stray.meta, stray.problems, stray.ideas
    assert isinstance(meta, WorkshopMeta)
    assert isinstance(problem_, Problem) and isinstance(idea, Idea)
    # The same workshop as if U+FFFD had been typed where each stray byte is.
    typed = dataclasses.replace(
        stray,
        meta=dataclasses.replace(
            meta, title="Caf\ufffd", facilitators=("Zo\ufffd",), branding={"consultancy": "\ufffd"}
        ),
        problems=(dataclasses.replace(problem_, text="Stray \ufffd byte", who="=\ufffd"),),
        ideas=(dataclasses.replace(idea, readiness=Readiness(safety=Rating(2, "n\ufffd"))),),
    )
    assert csv_bytes(stray) == csv_bytes(typed)
    assert json_bytes(stray) == json_bytes(typed)
    assert "Stray \ufffd byte" in csv_bytes(stray).decode("utf-8-sig")


@pytest.mark.parametrize(
    "error",
    [
        # Its repr holds the whole text it could not encode.
        UnicodeEncodeError("utf-8", "x" * 1_000_000, 5, 6, "surrogates not allowed"),
        ValueError("first line\n" + "y" * 100_000),
    ],
    ids=["unicode", "long"],
)
def test_an_unexpected_export_error_is_reported_short_and_readable(
    demo: WorkshopData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    def fails(*_args: object, **_kwargs: object) -> Path:
        raise error

    monkeypatch.setattr(exports, "export", fails)
    messages: queue.Queue[tuple[str, object]] = queue.Queue()
    options = BriefOptions()
    exports._export_child(  # what the child process runs, here in this one
        exports._pack(demo), tmp_path / "x.csv", "csv", options, messages, threading.Event()
    )
    kind, reported = messages.get_nowait()
    assert kind == "error" and isinstance(reported, BriefError)
    message = str(reported)
    assert message.startswith(f"the export failed: {type(error).__name__}: ")
    assert len(message) < 400 and "\n" not in message


# --- CSV cells a spreadsheet would run ------------------------------------------------

FORMULA_LIKE = [
    '=HYPERLINK("http://evil.example","Open")',
    "+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "-5",  # typed as text, so it is text
    "'=1+1",  # already an apostrophe: one more, so the import gives back this one
]
LEFT_AS_TYPED = ["plain", "a=b", "'quoted", "'", " =1", "1-2"]


def test_csv_text_a_spreadsheet_would_run_starts_with_an_apostrophe() -> None:
    workshop = Workshop.in_memory(title="=1+1")
    problem = workshop.add("problem", text="=cmd|' /C x'")
    for text in FORMULA_LIKE + LEFT_AS_TYPED:
        workshop.add("idea", text=text, problem_ids=[problem.id], owner="@owner")
    raw = csv_bytes(WorkshopData.of(workshop))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {row["Owner"] for row in rows} == {"'@owner"}
    assert {row["Solves"] for row in rows} == {"'=cmd|' /C x'"}
    texts = [row["Use case"] for row in rows]
    assert texts == ["'" + text for text in FORMULA_LIKE] + LEFT_AS_TYPED
    assert [strip_formula_guard(text) for text in texts] == FORMULA_LIKE + LEFT_AS_TYPED


@pytest.mark.parametrize(("number", "cell"), [(-5, "-5"), (-2.5, "-2.5"), (-3.0, "-3"), (7, "7")])
def test_a_number_stays_a_number_in_csv(number: float, cell: str) -> None:
    assert exports._csv_value(number) == cell


@given(st.text())
def test_the_import_gets_back_every_text_exactly(text: str) -> None:
    guarded = exports._csv_text(text)
    assert strip_formula_guard(guarded) == text
    assert guarded == text or guarded == "'" + text


def test_text_that_looks_like_a_formula_imports_back_as_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "f.workshop.json"
    workshop = Workshop.create(source, title="F")
    for text in FORMULA_LIKE + LEFT_AS_TYPED:
        workshop.add("problem", text=text)
    workshop.close()
    exported = tmp_path / "f.json"  # the full-fidelity export, which imports back
    assert main(["export", str(source), "-o", str(exported)]) == 0
    copy = tmp_path / "copy.workshop.json"
    assert main(["new", str(copy), "--title", "Copy"]) == 0
    assert main(["import", str(copy), str(exported)]) == 0, capsys.readouterr().err
    again = open_workshop(copy, read_only=True)
    assert sorted(p.text for p in again.typed(Problem)) == sorted(FORMULA_LIKE + LEFT_AS_TYPED)


# --- where an export may land (issue 12, points 2 and 9) ------------------------------


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="Where it lands")
    workshop.add("problem", text="Invoices are keyed twice", impact=4)
    workshop.close()
    return path


def refusal(capsys: pytest.CaptureFixture[str], source: Path, target: Path, fmt: str) -> str:
    """The one line the export command says when it refuses *target*."""
    status = main(["export", str(source), "-o", str(target), "--format", fmt])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1, err
    return err


def a_device(folder: Path) -> Path:
    """A character device like /dev/null, made in *folder* (only root may)."""
    device = folder / "fakenull"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return device


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_an_export_never_replaces_a_link_a_device_a_pipe_or_a_workshop(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("the consultant's own file")
    link = tmp_path / "brief.out"
    link.symlink_to(victim)
    assert "is a symbolic link to" in refusal(capsys, source, link, fmt)
    assert link.is_symlink() and victim.read_text() == "the consultant's own file"
    dangling = tmp_path / "dangling.out"
    dangling.symlink_to(tmp_path / "created-through-the-link")
    assert "is a symbolic link" in refusal(capsys, source, dangling, fmt)
    assert dangling.is_symlink() and not (tmp_path / "created-through-the-link").exists()
    pipe = tmp_path / "pipe.out"
    os.mkfifo(pipe)
    assert "is a named pipe, not a file" in refusal(capsys, source, pipe, fmt)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert "is a folder" in refusal(capsys, source, tmp_path, fmt)
    before = source.read_bytes()
    assert "is a workshop file" in refusal(capsys, source, source, fmt)
    assert source.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_export_never_replaces_a_device(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    device = a_device(tmp_path)
    for fmt in exports.FORMATS:
        assert "is a device, not a file" in refusal(capsys, source, device, fmt)
        assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize(
    ("code", "advice"),
    [
        (errno.EACCES, "you may not write in that folder; choose another folder"),
        (errno.EPERM, "you may not write in that folder; choose another folder"),
        (errno.EROFS, "that disk is read-only; choose another folder"),
        (errno.ENOSPC, "the disk is full; free some space or choose another disk"),
    ],
)
def test_a_refused_write_says_what_to_do(
    source: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    advice: str,
) -> None:
    """An export into a read-only folder said "could not write ro/x.pdf: Operation not
    permitted" and left the user to guess. (The disk's refusal is simulated: as root,
    no folder refuses.)"""

    def refused(target: Path, data: bytes) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(exports.atomic, "write_atomic", refused)
    target = source.parent / "brief.md"
    line = refusal(capsys, source, target, "md")
    assert line == f"facilitator: could not write {target}: {advice} ({os.strerror(code)})\n"
    assert not target.exists()


def test_an_export_never_replaces_a_file_marked_read_only(
    source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A brief the consultant marked read-only (the version sent to the client) was
    replaced without a word: the rename that makes a write atomic ignores the mark."""
    target = source.parent / "signed-off.md"
    target.write_text("the version the client signed off")
    target.chmod(0o444)
    line = refusal(capsys, source, target, "md")
    assert line == (
        f"facilitator: did not write {target}: it is marked read-only; "
        "make it writable to replace it, or choose a new name\n"
    )
    assert target.read_text() == "the version the client signed off"


def test_an_export_never_replaces_the_files_kept_beside_a_workshop(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o w.workshop.json.lock --format md` replaced the lock of a workshop open
    elsewhere: a second writer then got in, and what it saved was lost when the first
    closed. Over a journal segment, an export takes the changes a crash left there."""
    holder = open_workshop(source)  # open for writing, as the app holds it
    try:
        holder.add("note", text="in the journal")
        (segment,) = tmp_path.glob("w.workshop.json.journal-*")
        lock = tmp_path / "w.workshop.json.lock"
        kept = {p: p.read_bytes() for p in (segment, lock)}
        assert "is named as the lock file of a workshop" in refusal(capsys, source, lock, "md")
        assert "is named as a journal of a workshop" in refusal(capsys, source, segment, "md")
        assert {p: p.read_bytes() for p in (segment, lock)} == kept
        new = tmp_path / "w.workshop.json.journal-9"  # a new file the store would misread
        assert "is named as a journal of a workshop" in refusal(capsys, source, new, "md")
        assert not new.exists()
        assert main(["add", str(source), "note", "a second writer"]) == 1  # still locked
    finally:
        holder.close()


def test_an_export_never_replaces_a_workshop_named_plain_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workshop may be named client.json (`facilitator new client.json`); a JSON
    export to that name replaced the workshop with its own export."""
    workshop = tmp_path / "client.json"
    assert main(["new", str(workshop), "--title", "Client"]) == 0
    before = workshop.read_bytes()
    capsys.readouterr()
    assert "is a workshop file" in refusal(capsys, workshop, workshop, "json")
    assert workshop.read_bytes() == before


def test_a_regular_file_or_a_new_name_is_written(tmp_path: Path, source: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text("last week's export")
    assert main(["export", str(source), "-o", str(old)]) == 0
    assert "Invoices are keyed twice" in old.read_text(encoding="utf-8")
    fresh = tmp_path / "new folder" / "fresh.md"
    fresh.parent.mkdir()
    assert main(["export", str(source), "-o", str(fresh)]) == 0
    assert fresh.read_text(encoding="utf-8").startswith("# Where it lands")


@pytest.mark.parametrize(("fmt", "start"), [("pdf", b"%PDF"), ("md", b"# Where"), ("csv", None)])
def test_dash_writes_to_standard_output_not_a_file_named_dash(
    tmp_path: Path,
    *,
    source: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    fmt: str,
    start: bytes | None,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(source), "-o", "-", "--format", fmt]) == 0
    out, err = capsysbinary.readouterr()
    assert err == b""
    assert out.startswith(start or b"\xef\xbb\xbfRank,Use case")  # only the export, no name
    assert not (tmp_path / "-").exists()
    # "./-" is a file named "-", for whoever wants one.
    assert main(["export", str(source), "-o", "./-", "--format", "md"]) == 0
    assert (tmp_path / "-").read_bytes().startswith(b"# Where")


def _export_to_a_terminal(source: Path, fmt: str) -> tuple[int, bytes, str]:
    """``facilitator export SOURCE -o - --format FMT`` with standard output on a real
    terminal (a pseudo-terminal): exit status, what reached the terminal, stderr."""
    import pty  # POSIX only, like the terminal it stands for
    import select

    controller, terminal = pty.openpty()
    shown = b""
    try:
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "facilitator",
                "export",
                str(source),
                "-o",
                "-",
                "--format",
                fmt,
            ],
            stdout=terminal,
            stderr=subprocess.PIPE,
        )
        os.close(terminal)
        # Read as a terminal does, or a child writing more than its buffer would wait.
        while True:
            ready, _, _ = select.select([controller], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the child has gone and the terminal is closed
                break
            if not chunk:
                break
            shown += chunk
        _, err = child.communicate(timeout=60)
    finally:
        os.close(controller)
    return child.returncode, shown, err.decode()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("fmt", ["pdf", "pptx", "docx"])
def test_dash_refuses_to_pour_a_binary_file_onto_the_terminal(source: Path, fmt: str) -> None:
    """`-o -` typed by mistake (or to pipe it, but without the pipe) must not fill the
    consultant's terminal with a PDF's bytes, as gzip will not."""
    status, shown, err = _export_to_a_terminal(source, fmt)
    assert status == 1
    assert shown == b""
    assert f"did not write the {fmt.upper()} to the terminal" in err
    assert err.count("\n") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_dash_still_shows_markdown_on_the_terminal(source: Path) -> None:
    status, shown, _ = _export_to_a_terminal(source, "md")
    assert status == 0
    assert shown.startswith(b"# Where")


KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from facilitator import atomic

def killed(source, target):  # the temporary file is written whole; then the kill
    os.kill(os.getpid(), signal.SIGKILL)

atomic.replace = killed
atomic.write_atomic(Path(sys.argv[1]), b"x" * 1_000_000)
"""


def test_the_next_export_clears_what_a_killed_export_left(tmp_path: Path, source: Path) -> None:
    target = tmp_path / "brief.csv"
    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    (left,) = [p for p in tmp_path.iterdir() if p.name.startswith(".brief.csv.")]
    assert left.stat().st_size == 1_000_000 and not target.exists()
    two_minutes_ago = time.time() - 120
    os.utime(left, (two_minutes_ago, two_minutes_ago))
    # Not ours, or not stale: left alone.
    ours_now = tmp_path / f".brief.csv.{os.getpid()}.0123abcd.tmp"  # being written now
    ours_now.write_bytes(b"in flight")
    os.utime(ours_now, (two_minutes_ago, two_minutes_ago))
    other_target = tmp_path / f".brief.csv.bak.{left.name.split('.')[3]}.0123abcd.tmp"
    other_target.write_bytes(b"someone else's")
    os.utime(other_target, (two_minutes_ago, two_minutes_ago))
    notes = tmp_path / ".brief.csv.notes"
    notes.write_text("the consultant's")
    link = tmp_path / f".brief.csv.{left.name.split('.')[3]}.89abcdef.tmp"
    link.symlink_to(notes)
    os.utime(link, (two_minutes_ago, two_minutes_ago), follow_symlinks=False)

    assert main(["export", str(source), "-o", str(target)]) == 0
    assert not left.exists()
    assert ours_now.exists() and other_target.exists() and notes.exists() and link.is_symlink()
    assert target.read_bytes().startswith(b"\xef\xbb\xbfRank")


def test_only_stale_temp_files_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    gone = 2**22 + 12345  # above any pid this machine hands out: never running
    fresh = tmp_path / f".brief.pdf.{gone}.00000001.tmp"
    old = tmp_path / f".brief.pdf.{gone}.00000002.tmp"
    abandoned = tmp_path / f".brief.pdf.{os.getpid()}.00000003.tmp"
    for temp in (fresh, old, abandoned):
        temp.write_bytes(b"x")
    now = time.time()
    os.utime(old, (now - exports.STALE_AFTER_S - 1,) * 2)
    os.utime(abandoned, (now - exports.ABANDONED_AFTER_S - 1,) * 2)
    assert sorted(exports.remove_stale_temps(target, now=now)) == sorted([old, abandoned])
    assert fresh.exists()  # a minute may not be over yet: it could be another export's


# --- branding a received workshop stores (points 3 and 12) -----------------------------


def a_logo(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (240, 80), (31, 78, 121)).save(path)
    return path


def images_on_the_cover(pdf: Path) -> int:
    from pypdf import PdfReader

    resources = PdfReader(pdf).pages[0]["/Resources"]
    return len(resources["/XObject"]) if "/XObject" in resources else 0


def test_a_received_workshop_cannot_pick_a_logo_from_the_consultants_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private = a_logo(tmp_path / "home" / "Pictures" / "signature.png")
    received = tmp_path / "Downloads" / "acme" / "acme.workshop.json"
    received.parent.mkdir(parents=True)
    workshop = Workshop.create(received, title="Acme")
    workshop.update_meta(branding={"logo": str(private)})
    workshop.close()
    out = tmp_path / "brief.pdf"
    assert main(["export", str(received), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert images_on_the_cover(out) == 0
    assert err.count("\n") == 1 and "names a logo outside its folder" in err
    assert "signature.png" in err and "pass it to export --logo" in err
    # The user's own choice on the command line is used, and nothing is said.
    assert main(["export", str(received), "-o", str(out), "--logo", str(private)]) == 0
    assert capsys.readouterr().err == ""
    assert images_on_the_cover(out) == 1
    # A logo that came with the workshop, in its folder, is the workshop's own.
    a_logo(received.parent / "logo.png")
    workshop = open_workshop(received)
    workshop.update_meta(branding={"logo": "logo.png"})
    workshop.close()
    assert main(["export", str(received), "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert images_on_the_cover(out) == 1


def test_a_bad_accent_stored_in_the_workshop_never_blocks_an_export(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop = open_workshop(source)
    workshop.update_meta(branding={"accent": "red; evil", "consultancy": "Partner"})
    workshop.close()
    out = tmp_path / "brief.md"
    assert main(["export", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err == (
        "facilitator: warning: the workshop's accent colour 'red; evil' is not a colour, "
        "so the app's accent is used; set one with export --accent or in the Export dialog\n"
    )
    assert "Partner" in out.read_text(encoding="utf-8")  # the rest of its branding is used
    pdf = tmp_path / "brief.pdf"
    assert main(["export", str(source), "-o", str(pdf), "--accent", "#aa3300"]) == 0
    assert capsys.readouterr().err == ""  # the option overrides: nothing to warn about
    assert pdf.read_bytes().startswith(b"%PDF")
    # check says so too, rather than "healthy".
    assert main(["check", str(source)]) == 0
    out_, err = capsys.readouterr()
    assert "accent colour 'red; evil' is not a colour" in err
    assert "healthy" not in out_ and "1 warning" in out_


def test_an_accent_option_must_be_a_whole_colour_and_is_quoted_as_typed(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    assert main(["export", str(source), "-o", str(out), "--accent", "#1F4E79\n"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "facilitator: --accent: accent colour '#1F4E79\\n' is not a colour like #1F4E79 "
        "(# and six hexadecimal digits)\n"
    )
    assert main(["export", str(source), "-o", str(out), "--accent", "#abcdeg"]) == 1
    err = capsys.readouterr().err
    assert "'#abcdeg'" in err and "#ABCDEG" not in err  # as typed, not upper-cased
    assert not out.exists()


@pytest.mark.parametrize(
    ("logo", "said"),
    [
        ("/dev/zero", "is a device or a pipe, not a picture file; choose a PNG or JPEG file"),
        (".", "is a folder; choose a PNG or JPEG file in it"),
        ("missing.png", "does not exist; choose a PNG or JPEG file"),
    ],
)
def test_a_logo_option_that_is_no_picture_file_says_what_it_is(
    source: Path,
    tmp_path: Path,
    *,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    logo: str,
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(source), "-o", "brief.pdf", "--logo", logo]) == 1
    err = capsys.readouterr().err
    assert err == f"facilitator: logo: {logo} {said}\n"
    assert not (tmp_path / "brief.pdf").exists()


# --- a corpus of hostile text, through every format and back -----------------------------

CORPUS = {
    "markup": "<b>bold</b> <script>alert('x')</script> <img src=x onerror=y>",
    "ampersands": "Fish & Chips &amp; co &#x41; &",
    "controls": "bell\x07 escape\x1b[31m red nul\x00 end",
    "line ends": "first\r\nsecond\rthird\nfourth\u2028fifth",
    "emoji": "launch 🚀 coder 👩🏽‍💻 flag 🇪🇺",
    "right to left": "שלום עולם مرحبا بالعالم",
    "formula": '=HYPERLINK("http://evil.example","Open")',
    "markdown": "# not a heading | not a cell | *not bold* [not](a link)",
    "longest": "long " * (MAX_TEXT // 5),
}


def test_hostile_text_survives_every_format_and_comes_back_as_typed(tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="<Corpus> & \x1b[2J", client="Łódź")
    for name, text in CORPUS.items():
        problem = workshop.add("problem", text=text, who=name)
        workshop.add("idea", text=text, problem_ids=[problem.id], owner=name)
    data = WorkshopData.of(workshop)
    written = {fmt: export(data, tmp_path / f"x.{fmt}", fmt, BriefOptions()) for fmt in FORMATS}

    rows = list(
        csv.DictReader(io.StringIO(written["csv"].read_bytes().decode("utf-8-sig"), newline=""))
    )
    from_csv = {r["Owner"]: strip_formula_guard(r["Use case"]) for r in rows}
    assert from_csv == CORPUS
    document = json.loads(written["json"].read_bytes())
    assert {p["who"]: p["text"] for p in document["problems"]} == CORPUS
    markdown = written["md"].read_text(encoding="utf-8")
    assert "<script>" not in markdown and r"\<script\>" in markdown
    assert "\x1b" not in markdown and "\x00" not in markdown
    assert "launch 🚀 coder 👩🏽‍💻" in markdown
    from pypdf import PdfReader

    pdf = "".join(page.extract_text() or "" for page in PdfReader(written["pdf"]).pages)
    flat_pdf = "".join(pdf.split())
    for visible in ("<b>bold</b><script>", "Fish&Chips&amp;co&#x41;&", "=HYPERLINK("):
        assert visible in flat_pdf
    assert flat_pdf.count("long" * 50) >= 1  # the longest card prints, whole, in the appendix
