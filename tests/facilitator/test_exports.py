"""CSV, Markdown and JSON exports, and the export command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from facilitator import branding
from facilitator.brief import BriefError, BriefOptions
from facilitator.cli import main
from facilitator.demo import build_demo, write_demo
from facilitator.exports import csv_bytes, export, format_for, json_bytes
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop


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
    assert document["schema_version"] == 1
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
        ("noext", None, "pdf"),
        ("x.txt", "md", "md"),
    ],
)
def test_format_from_suffix_or_choice(name: str, explicit: str | None, expected: str) -> None:
    assert format_for(Path(name), explicit) == expected


def test_unknown_format_is_refused() -> None:
    with pytest.raises(BriefError, match="unknown format 'docx'"):
        format_for(Path("x.docx"), "docx")


def test_export_command_writes_each_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "demo.workshop.json"
    write_demo(source).close()
    for fmt in ("pdf", "csv", "md", "json"):
        out = tmp_path / f"brief.{fmt}"
        assert main(["export", str(source), "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")
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
