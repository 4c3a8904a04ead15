"""CSV, Markdown and JSON exports, and the export command."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import queue
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator import branding, exports
from facilitator.brief import BriefError, BriefOptions
from facilitator.cli import main
from facilitator.demo import build_demo, write_demo
from facilitator.exports import csv_bytes, export, format_for, json_bytes, strip_formula_guard
from facilitator.model import SCHEMA_VERSION, Idea, Problem, Rating, Readiness, WorkshopMeta
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop, open_workshop


@pytest.fixture
def demo() -> WorkshopData:
    return WorkshopData.of(build_demo(Workshop.in_memory(title="demo")))


def test_csv_has_every_record_a_kind_column_and_a_bom(demo: WorkshopData) -> None:
    raw = csv_bytes(demo)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs it to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == demo.record_count + 1  # plus the workshop record
    assert list(rows[0])[:2] == ["kind", "id"]
    kinds = {row["kind"] for row in rows}
    assert {"workshop", "problem", "idea", "concern", "action", "licence", "vote"} <= kinds
    seats = next(r for r in rows if r["kind"] == "licence" and r["seats"] == "5000")
    assert seats["price_per_seat_month"] == "200"
    redaction = next(r for r in rows if r["text"].startswith("Records-request triage"))
    assert redaction["readiness.safety"] == "1"
    assert "legal sign-off" in redaction["readiness.safety.note"]
    assert any(r["anonymous"] == "yes" for r in rows if r["kind"] == "concern")
    assert "Zoë Ðorđević; Marcus Lindqvist" in raw.decode("utf-8-sig")


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
    assert err.strip().endswith("nope.png does not exist")
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
    assert "Caf\ufffd Lyon" in (tmp_path / "s.csv").read_bytes().decode("utf-8-sig")
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
    assert "'=\ufffd" in csv_bytes(stray).decode("utf-8-sig")


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
    workshop = Workshop.in_memory(title="=1+1", facilitators=["-lead", "other"])
    problems = [workshop.add("problem", text=text) for text in FORMULA_LIKE + LEFT_AS_TYPED]
    workshop.add(
        "idea",
        text="i",
        problem_ids=[problems[0].id],
        owner="@owner",
        readiness={"safety": {"note": "=cmd|' /C x'"}},
    )
    raw = csv_bytes(WorkshopData.of(workshop))
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    cells = {row["kind"]: row for row in rows}
    assert cells["workshop"]["title"] == "'=1+1"
    assert cells["workshop"]["facilitators"] == "'-lead; other"
    assert cells["idea"]["owner"] == "'@owner"
    assert cells["idea"]["readiness.safety.note"] == "'=cmd|' /C x'"
    texts = [row["text"] for row in rows if row["kind"] == "problem"]
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
    exported = tmp_path / "f.csv"
    assert main(["export", str(source), "-o", str(exported)]) == 0
    copy = tmp_path / "copy.workshop.json"
    assert main(["new", str(copy), "--title", "Copy"]) == 0
    assert main(["import", str(copy), str(exported)]) == 0, capsys.readouterr().err
    again = open_workshop(copy, read_only=True)
    assert sorted(p.text for p in again.typed(Problem)) == sorted(FORMULA_LIKE + LEFT_AS_TYPED)
