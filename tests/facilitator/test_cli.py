"""The command line: what a consultant or a script types, and what comes back."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from facilitator.cli import main
from facilitator.model import MAX_TEXT, Licence, Problem
from facilitator.workshop import open_workshop


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "acme.workshop.json"
    status, out, _ = run(
        capsys,
        "new",
        str(target),
        "--title",
        "AI day",
        "--client",
        "Acme",
        "--date",
        "2026-11-19",
        "--facilitator",
        "Zoë",
        "--currency",
        "usd",
    )
    assert status == 0 and out.strip() == str(target)
    return target


def test_new_writes_a_workshop_with_its_details(path: Path) -> None:
    meta = open_workshop(path, read_only=True).meta
    assert (meta.title, meta.client, meta.date, meta.facilitators, meta.currency) == (
        "AI day",
        "Acme",
        "2026-11-19",
        ("Zoë",),
        "USD",
    )


def test_new_adds_the_suffix_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "new", str(tmp_path / "plain"), "--title", "T")
    assert status == 0 and out.strip().endswith("plain.workshop.json")
    status, _, err = run(capsys, "new", str(tmp_path / "plain"), "--title", "T")
    assert status == 1 and "already exists" in err


def test_new_needs_a_title_unless_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", str(tmp_path / "x"))
    assert status == 2 and "--title is required" in err


def test_new_demo_writes_the_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "new", str(tmp_path / "demo"), "--demo")
    assert status == 0
    assert open_workshop(out.strip(), read_only=True).meta.client == "City of Harbourview"


def test_add_prints_the_new_id_and_parses_fields(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        capsys,
        "add",
        str(path),
        "problem",
        "Invoices keyed twice",
        "--set",
        "impact=4",
        "--set",
        "who=Finance",
    )
    assert status == 0
    problem = open_workshop(path, read_only=True).get(out.strip())
    assert (problem.impact, problem.who) == (4, "Finance")  # type: ignore[attr-defined]
    status, idea_id, _ = run(
        capsys,
        "add",
        str(path),
        "idea",
        "Read invoices on arrival",
        "--set",
        f"problem_ids={out.strip()[:8]}",
        "--set",
        "readiness.safety=2",
        "--set",
        "readiness.safety.note=PII in scans",
    )
    assert status == 0
    idea = open_workshop(path, read_only=True).get(idea_id.strip())
    assert idea.problem_ids == (out.strip(),)  # type: ignore[attr-defined]
    assert idea.readiness.safety.score == 2  # type: ignore[attr-defined]
    status, _, _ = run(
        capsys,
        "add",
        str(path),
        "licence",
        "Assistant",
        "--set",
        "seats=5000",
        "--set",
        "price_per_seat_month=$200",
        "--set",
        "active_share=18%",
    )
    assert status == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["problem", "x", "--set", "impact=9"], "impact: expected a whole number from 1 to 5"),
        (["problem", "x", "--set", "impakt=3"], "unknown field 'impakt'"),
        (["idea", "Buy a chatbot"], "which problem does this solve"),
        (["wish", "x"], "unknown kind 'wish'"),
        (["problem", "x", "--set", "impact"], "--set expects KEY=VALUE"),
    ],
)
def test_add_errors_are_one_clear_line(
    path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, "add", str(path), *args)
    assert status in (1, 2)
    assert out == ""
    assert message in err
    assert "Traceback" not in err
    assert open_workshop(path, read_only=True).records("problems") == []


def test_import_jsonl_reports_each_bad_line_and_goes_on(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {
            "kind": "problem",
            "id": "6f1c1a3e-9d1e-4c55-9c59-0d0f6d7d2a01",
            "text": "Permits wait",
            "impact": 5,
        },
        {"kind": "idea", "text": "Pre-check", "problem_ids": ["6f1c1a3e"], "value": "4"},
        {"kind": "problem", "text": "bad", "impact": 11},
        "not json",
        {"text": "no kind"},
        {"kind": "concern", "text": "Jobs", "category": "jobs"},
    ]
    source = tmp_path / "captures.jsonl"
    source.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "import", str(path), str(source))
    assert status == 1
    saved = out.splitlines()
    assert [s.split()[1] for s in saved] == ["problem", "idea", "concern"]
    assert all(s.startswith("saved ") for s in saved)
    assert err.splitlines() == [
        "line 3: impact: expected a whole number from 1 to 5, found 11",
        "line 4: not valid JSON (Expecting value, column 1)",
        "line 5: no kind (add a 'kind' column or use --kind)",
    ]
    workshop = open_workshop(path, read_only=True)
    assert workshop.get(saved[1].split()[2]).value == 4  # type: ignore[attr-defined]


def test_import_csv_with_excel_bom_and_semicolons(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "from-excel.csv"
    source.write_bytes(
        "kind;text;impact;who\nproblem;Łódź office waits;3;Ops\nproblem;;2;\n".encode("utf-8-sig")
    )
    status, out, err = run(capsys, "import", str(path), str(source))
    assert status == 1
    assert len(out.splitlines()) == 1
    assert err.strip() == "line 3: text: is required"
    (problem,) = open_workshop(path, read_only=True).records("problems")
    assert problem.summary() == "Łódź office waits"


def test_import_from_standard_input(path: Path) -> None:
    lines = "".join(json.dumps({"kind": "problem", "text": f"P{i}"}) + "\n" for i in range(3))
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "import", str(path), "-"],
        input=lines,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_list_json_is_one_document_with_a_list_per_table(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add", str(path), "problem", "<b>bold</b> & co")
    status, out, _ = run(capsys, "list", str(path), "--json")
    assert status == 0
    document = json.loads(out)
    assert set(document) >= {"meta", "problems", "ideas", "votes", "agenda"}
    assert document["problems"][0]["text"] == "<b>bold</b> & co"
    status, out, _ = run(capsys, "list", str(path), "problem")
    assert status == 0 and "<b>bold</b> & co" in out and "Ideas" not in out


def test_list_never_sends_control_codes_to_the_terminal(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "Quotes \x1b[2J\x1b[31mlate\u202e reversed"
    holder = open_workshop(path)
    holder.add("problem", text=hostile)
    holder.close()
    status, out, _ = run(capsys, "list", str(path), "problem")
    assert status == 0
    assert "\x1b" not in out and "\u202e" not in out
    assert "Quotes \\x1b[2J\\x1b[31mlate\\u202e reversed" in out
    status, out, _ = run(capsys, "list", str(path), "--json")
    assert json.loads(out)["problems"][0]["text"] == hostile  # the data itself is kept


def test_check_while_the_app_holds_the_file_says_what_it_did(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = open_workshop(path)
    holder.add("problem", text="captured live")  # in the journal, not yet in the file
    status, out, _ = run(capsys, "check", str(path))
    holder.close()
    assert status == 0
    assert "checked read-only" in out
    assert "1 change in the journal, folded in when the app that holds it closes" in out
    assert "recovered" not in out and "nothing" not in out


def test_list_works_while_the_app_holds_the_file(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = open_workshop(path)
    holder.add("problem", text="captured live")
    status, out, _ = run(capsys, "list", str(path), "problem")
    assert status == 0 and "captured live" in out
    holder.close()


def test_check_reports_health_and_recovers_the_journal(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crashed = open_workshop(path)
    crashed.add("problem", text="never compacted")
    crashed.store.abandon()  # type: ignore[attr-defined]
    status, out, _ = run(capsys, "check", str(path))
    assert status == 0
    assert "healthy" in out and "1 problem" in out and "recovered 1 change" in out


def test_check_names_the_problem_and_the_backup(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "check", str(path))  # opening writes a backup
    path.write_text("{not json", encoding="utf-8")
    status, out, err = run(capsys, "check", str(path))
    assert status == 1 and out == ""
    assert "cut off" in err and "Newest valid backup:" in err
    assert len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["list"])
    assert caught.value.code == 2


HEADLESS = """
import sys
from facilitator.cli import main
from facilitator.model import Licence, Problem
status = main(sys.argv[1:])
leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))
print('LEAKED', leaked, file=sys.stderr)
sys.exit(status if not leaked else 99)
"""


@pytest.mark.parametrize("command", ["new", "add", "import", "list", "check"])
def test_headless_commands_never_import_qt(path: Path, tmp_path: Path, command: str) -> None:
    jsonl = tmp_path / "one.jsonl"
    jsonl.write_text('{"kind": "note", "text": "hi"}\n', encoding="utf-8")
    args = {
        "new": ["new", str(tmp_path / "other"), "--title", "T"],
        "add": ["add", str(path), "note", "hello"],
        "import": ["import", str(path), str(jsonl)],
        "list": ["list", str(path)],
        "check": ["check", str(path)],
    }[command]
    result = subprocess.run(
        [sys.executable, "-c", HEADLESS, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "LEAKED []" in result.stderr


def test_errors_never_show_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.workshop.json"
    bad.write_bytes(b"\x00\x01\x02")
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "list", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("facilitator: cannot open")
    assert "Traceback" not in result.stderr


def test_import_rejects_odd_lines_without_stopping(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "odd.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"kind": "problem", "id": ["not", "an", "id"], "text": "x"}),
                "[" * 100_000,
                json.dumps({"kind": "problem", "text": ["a", "list"]}),
                json.dumps({"kind": "problem", "text": "still imported"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "import", str(path), str(source))
    assert status == 1
    assert len(out.splitlines()) == 1
    assert [line.split(":")[0] for line in err.splitlines()] == ["line 1", "line 2", "line 3"]
    assert "Traceback" not in err


def test_import_csv_with_a_200000_character_note(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_text = "word " * 40_000  # 200,000 characters, beyond the csv module's default limit
    longest = "word " * (MAX_TEXT // 5)  # as long as a card may be
    source = tmp_path / "long.csv"
    source.write_text(f"kind,text\nnote,{long_text}\nnote,{longest}\n", encoding="utf-8")
    status, _, err = run(capsys, "import", str(path), str(source))
    # Read whole, then refused with the line and the limit; the card that fits is saved.
    assert status == 1
    assert err.startswith("line 2: text: is 200,000 characters; at most 20,000 fit on a card")
    assert len(err.splitlines()[0]) < 200
    (note,) = open_workshop(path, read_only=True).records("notes")
    assert note.text == longest  # type: ignore[attr-defined]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_import_reads_a_utf16_csv_by_its_byte_order_mark(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """Excel's "Unicode Text" and many Windows tools write UTF-16 with a byte-order
    mark; read as Windows-1252 it gave "line 2: no kind" for every line."""
    source = tmp_path / "unicode.csv"
    text = "kind,text\nproblem,Caf\u00e9 queue \u2013 \u20ac5\n"
    mark = "\ufeff" if encoding == "utf-16-be" else ""  # utf-16 writes its own
    source.write_bytes((mark + text).encode(encoding))
    status, out, err = run(capsys, "import", str(path), str(source))
    assert (status, err) == (0, "")
    assert out.startswith("saved problem ")
    (problem,) = open_workshop(path, read_only=True).records("problems")
    assert problem.text == "Caf\u00e9 queue \u2013 \u20ac5"  # type: ignore[attr-defined]


def test_import_reads_excels_windows_csv_and_says_so(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "excel-1252.csv"
    source.write_bytes("kind,text\nproblem,Caf\u00e9 queue \u2013 \u20ac5\n".encode("cp1252"))
    status, out, err = run(capsys, "import", str(path), str(source))
    assert status == 0 and out.startswith("saved problem ")
    assert "not UTF-8" in err and "Windows-1252" in err
    (problem,) = open_workshop(path, read_only=True).typed(Problem)
    assert problem.text == "Caf\u00e9 queue \u2013 \u20ac5"


def test_import_names_a_file_that_is_no_text_at_all(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "binary.csv"
    source.write_bytes(b"kind,text\nproblem,\x81\x8d\xff\n")
    status, out, err = run(capsys, "import", str(path), str(source))
    assert status == 1 and out == ""
    assert "is not UTF-8 text" in err and "CSV UTF-8" in err


def test_import_refuses_a_spreadsheet_and_says_what_to_give(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "problems.xlsx"
    source.write_bytes(b"PK\x03\x04 not really")
    status, out, err = run(capsys, "import", str(path), str(source))
    assert status == 2 and out == ""
    assert "cannot import problems.xlsx" in err and "CSV UTF-8" in err


def test_import_takes_spreadsheet_headers_and_european_numbers(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "licences.csv"
    source.write_text(
        "Kind;Tool;Seats;Price per seat month;Active share\n"
        'licence;Copilot;"5.000.000";"22,50";"0,4"\n'
        "licence;ChatGPT;1.234;30;40 %\n",
        encoding="utf-8",
    )
    status, _out, err = run(capsys, "import", str(path), str(source))
    assert status == 0, err
    copilot, chatgpt = open_workshop(path, read_only=True).typed(Licence)
    assert (copilot.seats, copilot.price_per_seat_month, copilot.active_share) == (
        5_000_000,
        22.5,
        0.4,
    )
    assert (chatgpt.seats, chatgpt.active_share) == (1234, 0.4)


def test_a_near_miss_gets_a_suggestion(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run(capsys, "add", str(path), "problem", "Late", "--set", "impcat=4")
    assert status == 1 and "did you mean 'impact'?" in err
    status, _out, err = run(
        capsys, "add", str(path), "idea", "Pre-check", "--set", "value_type=New value"
    )
    assert "value_type" not in err  # "New value" is understood as new_value
    status, _out, err = run(capsys, "add", str(path), "concern", "Jobs", "--set", "category=job")
    assert status == 1 and "did you mean 'jobs'?" in err


def test_a_json_export_imports_back_with_the_same_dots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = tmp_path / "demo.workshop.json"
    assert run(capsys, "new", str(demo), "--demo")[0] == 0
    exported = tmp_path / "all.json"  # the full-fidelity export (the CSV is a use-case sheet)
    assert run(capsys, "export", str(demo), "-o", str(exported))[0] == 0
    copy = tmp_path / "copy.workshop.json"
    assert run(capsys, "new", str(copy), "--title", "Copy")[0] == 0
    status, _out, err = run(capsys, "import", str(copy), str(exported))
    assert status == 0, err
    assert "skipped the workshop's own details" in err  # the copy keeps its own title
    original = {p.text: p.votes for p in open_workshop(demo, read_only=True).typed(Problem)}
    again = {p.text: p.votes for p in open_workshop(copy, read_only=True).typed(Problem)}
    assert again == original and sum(original.values()) > 0

    # Every record comes back as it was, but for when it was saved.
    def contents(target: Path) -> dict[str, Any]:
        workshop = open_workshop(target, read_only=True)
        return {
            r.id: dataclasses.replace(r, created_at="", updated_at="")
            for table in workshop.counts()
            if table != "meta"
            for r in workshop.records(table)
        }

    assert contents(copy) == contents(demo)


def test_output_survives_a_console_that_cannot_show_the_text(path: Path) -> None:
    import os

    subprocess.run(
        [sys.executable, "-m", "facilitator", "add", str(path), "note", "Zoë Ðorđević"],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "list", str(path), "note"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 0, result.stderr
    assert "Zo\\xeb" in result.stdout


def test_adding_to_a_workshop_open_elsewhere_says_to_close_it_first(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    held = open_workshop(path)  # the app has it open
    try:
        status, out, err = run(capsys, "add", str(path), "problem", "Typed in the terminal")
        assert status == 1 and out == ""
        assert "is in use by" in err and "close it there first" in err
        assert "read-only" not in err
        # Reading is fine while it is open.
        status, out, _err = run(capsys, "list", str(path))
        assert status == 0
    finally:
        held.close()
    assert run(capsys, "add", str(path), "problem", "Typed in the terminal")[0] == 0


def test_a_number_of_thousands_of_digits_is_not_echoed_back(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "big.jsonl"
    source.write_text(
        '{"kind": "licence", "tool": "Copilot", "seats": ' + "9" * 4000 + "}\n"
        '{"kind": "licence", "tool": "Copilot", "seats": ' + "9" * 5000 + "}\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, "import", str(path), str(source))
    assert status == 1
    first, second = err.splitlines()
    assert first == (
        "line 1: seats: expected a whole number from 0 to 1,000,000,000, "
        "found a number of about 4,000 digits"
    )
    assert second == "line 2: a number in it is too long to read (thousands of digits)"
    status, _, err = run(
        capsys, "add", str(path), "licence", "Copilot", "--set", "seats=" + "9" * 4000
    )
    assert status == 1 and len(err) < 200 and err.count("\n") == 1


def test_an_error_line_stays_one_short_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / ("very-long-folder-name-" * 60)
    status, _, err = run(capsys, "list", str(folder / "x.workshop.json"))
    assert status == 1 and err.count("\n") == 1 and len(err) <= 1_020


def test_branding_nested_900_deep_is_a_reason_the_file_cannot_open_not_a_crash(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    (meta,) = document["meta"].values()
    deep: dict[str, Any] = {}
    meta["branding"] = {"consultancy": deep}
    for _ in range(900):
        deep["x"] = {}
        deep = deep["x"]
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    for command in ("check", "export"):
        extra = ["-o", str(path.with_name("b.md"))] if command == "export" else []
        status, _, err = run(capsys, command, str(path), *extra)
        assert status == 1 and err.count("\n") == 1
        assert "branding: is nested more than 32 levels deep" in err
        assert "The file was not changed" in err
    assert path.read_bytes() == before
