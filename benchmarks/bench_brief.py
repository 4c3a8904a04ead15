"""How long the PDF brief takes, how much memory it needs, and whether the GUI stays live.

Budget (DESIGN.md): a 300-record workshop <= 2 s; a 5,000-record workshop <= 20 s
and <= 300 MB; the GUI stays responsive during an export (event loop never
blocked for more than ~50 ms). The readout deck (PPTX) and the Word brief (DOCX)
of a 300-record workshop <= 5 s each (other sizes are shown, not budgeted); their
baseline is the same words written as plain paragraphs by python-pptx /
python-docx themselves.

Each size runs in a fresh process so its peak memory is its own. As a baseline
measured in the same run, the same process also lays out the same words as
plain ReportLab paragraphs (no tables, charts or font fallback): the ratio says
what the brief's layout costs over ReportLab itself on this machine.

    python benchmarks/bench_brief.py [--sizes 300 5000]

Exits 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = {300: 2.0, 5000: 20.0}
OFFICE_BUDGET_S = {"pptx": 5.0, "docx": 5.0}
OFFICE_RECORDS = 300
MEMORY_BUDGET_MB = 300
STALL_BUDGET_MS = 50


def synthetic(records: int):
    """A deterministic workshop of about *records* records, shaped like a big one."""
    from facilitator.scoring import WorkshopData
    from facilitator.workshop import Workshop

    rng = random.Random(records)
    workshop = Workshop.in_memory(
        title=f"Benchmark ({records} records)",
        client="Client",
        currency="USD",
        objective="Decide what AI is for. " * 5,
    )
    problems = [
        workshop.add(
            "problem",
            text=f"Problem {i}: " + "work gets stuck " * rng.randint(2, 12),
            who="Team",
            frequency="Daily",
            impact=rng.randint(1, 5),
            baseline="Baseline " * rng.randint(0, 8),
        ).id
        for i in range(int(records * 0.3))
    ]
    for i in range(int(records * 0.3)):
        workshop.add(
            "idea",
            text=f"Idea {i}: " + "do something new " * rng.randint(1, 8),
            problem_ids=[rng.choice(problems)],
            value=rng.randint(1, 5),
            feasibility=rng.randint(1, 5),
            value_type=rng.choice(["new_value", "automation"]),
            shortlisted=rng.random() < 0.01,
            owner="Owner",
            success_metric="A metric",
            monthly_budget=rng.randint(0, 5000),
        )
    for i in range(int(records * 0.2)):
        workshop.add(
            "concern",
            text=f"Concern {i}: " + "we worry " * rng.randint(2, 10),
            category=rng.choice(["jobs", "skills", "trust", "cost"]),
            severity=rng.randint(1, 5),
            mitigation="Mitigation " * 3,
            owner="Owner",
        )
    for i in range(int(records * 0.1)):
        workshop.add("action", text=f"Next step {i}", owner="Owner", due="2027-01-15")
    for i in range(records - sum(workshop.counts().values()) - 1):
        workshop.add("note", text=f"Note {i}: " + "observation " * rng.randint(2, 30))
    workshop.add(
        "licence", tool="Assistant", seats=5000, price_per_seat_month=200, active_share=0.18
    )
    return WorkshopData.of(workshop)


def baseline_seconds(data) -> float:
    """The same words as plain paragraphs in ReportLab's default font."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from facilitator.exports import all_records

    style = getSampleStyleSheet()["BodyText"]
    started = time.perf_counter()
    story = [Paragraph(escape(r.summary()), style) for r in all_records(data)]
    SimpleDocTemplate(io.BytesIO()).build(story)
    return time.perf_counter() - started


def child(records: int) -> None:
    """Run one size and print its figures as JSON (in a fresh process)."""
    from facilitator.brief import BriefOptions, write_brief

    data = synthetic(records)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_brief(data, Path(folder) / "brief.pdf", BriefOptions())
        seconds = time.perf_counter() - started
        pages = len(Path(folder, "brief.pdf").read_bytes().split(b"/Type /Page\n")) - 1
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "records": data.record_count + 1,
                "seconds": seconds,
                "peak_mb": peak_mb,
                "baseline": baseline_seconds(data),
                "pages": pages,
            }
        )
    )


def office_baseline_seconds(data, fmt: str) -> float:
    """The same words as plain paragraphs, written by python-pptx or python-docx."""
    from facilitator.exports import all_records

    texts = [r.summary() for r in all_records(data)]
    started = time.perf_counter()
    if fmt == "docx":
        from docx import Document

        document = Document()
        for text in texts:
            document.add_paragraph(text)
        document.save(io.BytesIO())
    else:
        from pptx import Presentation
        from pptx.util import Inches

        deck = Presentation()
        for start in range(0, len(texts), 10):
            slide = deck.slides.add_slide(deck.slide_layouts[6])
            frame = slide.shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(9), Inches(6))
            frame.text_frame.text = "\n".join(texts[start : start + 10])
        deck.save(io.BytesIO())
    return time.perf_counter() - started


def office_child(records: int, fmt: str) -> None:
    """Time one Office export (in a fresh process) and print its figures as JSON."""
    from facilitator.brief import BriefOptions
    from facilitator.exports import export

    data = synthetic(records)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"brief.{fmt}"
        started = time.perf_counter()
        export(data, target, fmt, BriefOptions())
        seconds = time.perf_counter() - started
        if fmt == "pptx":
            from pptx import Presentation

            parts = len(Presentation(str(target)).slides)
        else:
            from docx import Document

            parts = len(Document(str(target)).paragraphs)
    print(
        json.dumps(
            {
                "records": data.record_count + 1,
                "seconds": seconds,
                "baseline": office_baseline_seconds(data, fmt),
                "parts": parts,
            }
        )
    )


def gui_stall(records: int) -> float:
    """The longest pause of the Qt event loop while the GUI exports the brief (the way
    the Export dialog does it: a child process, waited on from a worker thread)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from facilitator.brief import BriefOptions
    from facilitator.exports import export_isolated
    from ui.tasks import run_in_background

    app = QApplication.instance() or QApplication([])
    data = synthetic(records)
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    longest = [0]
    done = [False]

    def tick() -> None:
        now = clock.elapsed()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "b.pdf"
        failures: list[BaseException] = []
        run_in_background(
            lambda: export_isolated(data, target, "pdf", BriefOptions()),
            lambda _: done.__setitem__(0, True),
            lambda error: (failures.append(error), done.__setitem__(0, True)),
        )
        while not done[0]:
            app.processEvents()
            time.sleep(0.001)
        if failures:
            raise failures[0]
        if not target.exists():
            raise RuntimeError("the export wrote nothing")
    timer.stop()
    return float(longest[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 5000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--office", choices=sorted(OFFICE_BUDGET_S), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child and options.office:
        office_child(options.child, options.office)
        return 0
    if options.child:
        child(options.child)
        return 0
    failures = []
    for records in options.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(records)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures = json.loads(out)
        ratio = figures["seconds"] / figures["baseline"]
        print(
            f"brief of {figures['records']:,} records: {figures['seconds']:.2f} s, "
            f"{figures['pages']} pages, peak memory {figures['peak_mb']:.0f} MB; "
            f"plain ReportLab baseline {figures['baseline']:.2f} s (ratio {ratio:.1f}x)"
        )
        budget = BUDGET_S.get(records)
        if budget and figures["seconds"] > budget:
            failures.append(f"{records} records took {figures['seconds']:.1f} s > {budget} s")
        if records >= 5000 and figures["peak_mb"] > MEMORY_BUDGET_MB:
            failures.append(f"peak memory {figures['peak_mb']:.0f} MB > {MEMORY_BUDGET_MB} MB")
    office_runs = [(fmt, records) for fmt in OFFICE_BUDGET_S for records in options.sizes]
    for fmt, records in office_runs:  # the budget is for 300 records; others are shown
        budget = OFFICE_BUDGET_S[fmt] if records == OFFICE_RECORDS else None
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(records), "--office", fmt],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures = json.loads(out)
        ratio = figures["seconds"] / figures["baseline"]
        unit = "slides" if fmt == "pptx" else "paragraphs"
        print(
            f"{fmt} of {figures['records']:,} records: {figures['seconds']:.2f} s, "
            f"{figures['parts']} {unit}; plain {fmt} baseline {figures['baseline']:.2f} s "
            f"(ratio {ratio:.1f}x)"
        )
        if budget and figures["seconds"] > budget:
            failures.append(f"{fmt} of {records} records took {figures['seconds']:.1f} s")
    stall = gui_stall(max(options.sizes))
    print(
        f"longest GUI event-loop stall during a {max(options.sizes):,}-record export: "
        f"{stall:.0f} ms"
    )
    if stall > STALL_BUDGET_MS:
        failures.append(f"the GUI stalled {stall:.0f} ms > {STALL_BUDGET_MS} ms")
    print("within budget" if not failures else "OVER BUDGET: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
