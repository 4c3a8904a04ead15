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

The GUI's pauses during an export are measured on the GUI thread itself, beside
an idle Qt app's (the machine's pauses), and split by the kernel's count of the
GUI thread's wait for a core: on a loaded machine a pause is mostly that wait,
which no code of ours can shorten; the rest is ours (see ``PauseProbe``).

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
import shutil
import statistics
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

    workshop = Workshop.in_memory(**synthetic_meta(records))
    populate(workshop, records)
    return WorkshopData.of(workshop)


def synthetic_meta(records: int) -> dict[str, str]:
    return {
        "title": f"Benchmark ({records} records)",
        "client": "Client",
        "currency": "USD",
        "objective": "Decide what AI is for. " * 5,
    }


def populate(workshop, records: int) -> None:
    """Add about *records* deterministic records to *workshop*, shaped like a big one."""
    rng = random.Random(records)
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


PROBE_MS = 5
"""The pause probe: a timer this often on the GUI thread; a late tick is a pause."""


Pause = tuple[float, float, float]
"""(began, ended, of which queued): a pause on the system-wide monotonic clock
(``time.perf_counter``, so pauses of two processes can be laid side by side), and
how much of it the thread spent runnable but waiting for a core, in seconds."""


class PauseProbe:
    """Records each pause of this thread's event loop: the time from one tick of a
    5 ms timer to the next (see :data:`Pause`).

    A pause has two possible causes. Either the thread could have run but every
    core was busy — the machine's doing, which the kernel counts as the thread's
    run-queue wait (Linux: ``/proc/thread-self/schedstat``, second field) — or it
    could not run: it waited for the interpreter (another thread holding the GIL,
    a collection), or it was busy with work of ours on the GUI thread. The pause
    less the run-queue wait is that second part: what is ours to fix."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.pauses: list[Pause] = []
        self._schedstat = _open_schedstat()  # this thread's (the probe lives on it)
        self._last = time.perf_counter()
        self._queued = self._queued_s()
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)

    def _queued_s(self) -> float:
        """This thread's total run-queue wait so far, in seconds (0 where unknown)."""
        if self._schedstat is None:
            return 0.0
        return int(os.pread(self._schedstat, 200, 0).split()[1]) / 1e9

    def _tick(self) -> None:
        now, queued = time.perf_counter(), self._queued_s()
        self.pauses.append((self._last, now, queued - self._queued))
        self._last, self._queued = now, queued

    def start(self) -> None:
        self.pauses.clear()
        self._last, self._queued = time.perf_counter(), self._queued_s()
        self._timer.start(PROBE_MS)

    def stop(self) -> list[Pause]:
        self._timer.stop()
        return self.pauses

    @property
    def sees_the_queue(self) -> bool:
        return self._schedstat is not None


def _open_schedstat() -> int | None:
    try:
        return os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:  # not Linux, or a kernel without scheduler statistics
        return None


def ms(pause: Pause) -> float:
    return (pause[1] - pause[0]) * 1000


def unqueued_ms(pause: Pause) -> float:
    """The part of *pause* the thread did not spend waiting for a core (see PauseProbe)."""
    return ms(pause) - pause[2] * 1000


def own_ms(pause: Pause, machine: list[Pause]) -> float:
    """How much of *pause* an idle app running at the same time did not pause for too:
    the part of it that is ours, not the machine's (other processes, the scheduler)."""
    began, ended = pause[0], pause[1]
    shared = max((min(ended, p[1]) - max(began, p[0]) for p in machine), default=0.0)
    return ms(pause) - max(shared, 0.0) * 1000


def pause_figures(pauses: list[Pause], machine: list[Pause]):
    lengths = sorted(ms(p) for p in pauses) or [0.0]
    return {
        "longest": lengths[-1],
        "p99": lengths[min(len(lengths) - 1, round(0.99 * (len(lengths) - 1)))],
        "over_budget": sum(length > STALL_BUDGET_MS for length in lengths),
        "own_longest": max((own_ms(p, machine) for p in pauses), default=0.0),
        "unqueued_longest": max((unqueued_ms(p) for p in pauses), default=0.0),
    }


def idle_child(stop_file: str) -> None:
    """The baseline: a Qt app doing nothing but the same probe, until *stop_file* exists.
    Its pauses are what the machine (other processes, the scheduler) costs any app."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    probe = PauseProbe()
    watch = QTimer()
    watch.timeout.connect(lambda: Path(stop_file).exists() and app.quit())
    watch.start(20)
    probe.start()
    print("ready", flush=True)
    app.exec()
    print(json.dumps(probe.stop()), flush=True)


class CollectionWatch:
    """Times every collection of Python's garbage collector, on any thread."""

    def __init__(self) -> None:
        self.collections: list[tuple[int, float]] = []  # (generation, ms)
        self._began: dict[int, float] = {}

    def __enter__(self) -> CollectionWatch:
        import gc

        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        import gc

        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        import threading

        thread = threading.get_ident()
        if phase == "start":
            self._began[thread] = time.perf_counter()
        elif thread in self._began:
            ms = (time.perf_counter() - self._began.pop(thread)) * 1000
            self.collections.append((info["generation"], ms))


class Phases:
    """When each step of an export ran (on any thread), to say in which a pause fell."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, float, float]] = []

    def watch(self, owner: object, attribute: str, name: str) -> None:
        """Time every call of *owner.attribute* as the phase *name*."""
        original = getattr(owner, attribute)

        def timed(*args: object, **kwargs: object) -> object:
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spans.append((name, began, time.perf_counter()))

        setattr(owner, attribute, timed)

    def during(self, pause: tuple[float, float]) -> str:
        """The phase that overlaps *pause* most."""
        best, shared = "between the steps", 0.0
        for name, began, ended in self.spans:
            overlap = min(ended, pause[1]) - max(began, pause[0])
            if overlap > shared:
                best, shared = name, overlap
        return best


def opened_like_the_app(folder: Path, records: int):
    """A *records*-record workshop file, opened as the app opens one (the home window,
    the file read on a worker thread, the live window shown), with the Export dialog
    open on it. Returns the home window and the dialog."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from facilitator.workshop import Workshop
    from ui.home import HomeWindow
    from ui.paths import AppPaths
    from ui.settings import AppSettings

    app = QApplication.instance() or QApplication([])
    path = folder / "big.workshop.json"
    made = Workshop.create(path, backup_dir=folder / "backups", **synthetic_meta(records))
    with made.batch():
        populate(made, records)
    made.close()
    paths = AppPaths.standard()
    home = HomeWindow(paths, AppSettings(paths.settings_file))
    loop = QEventLoop()
    home.opener.opened.connect(lambda *_: QTimer.singleShot(0, loop.quit))
    home.open_path(path)
    loop.exec()
    (window,) = home.windows
    window.open_export()
    dialog = window.export_dialog
    dialog.output.setText(str(folder / "brief.pdf"))
    for _ in range(50):  # let the windows settle before measuring
        app.processEvents()
    return home, dialog


def stall_child(records: int) -> None:
    """One export of a *records*-record workshop the way a consultant makes it: the
    Export dialog's button clicked. Prints (JSON) the GUI's pauses from the click
    until the brief is written, those of an idle Qt app running at the same time, and
    the garbage collector's collections meanwhile."""
    import gc

    folder = Path(tempfile.mkdtemp(prefix="bench-stall-"))
    os.environ["FACILITATOR_DATA_DIR"] = str(folder / "data")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    home, dialog = opened_like_the_app(folder, records)
    import multiprocessing.context

    from facilitator import branding, exports
    from ui.settings import AppSettings

    phases = Phases()
    phases.watch(AppSettings, "remember_export_format", "writing the app's settings")
    phases.watch(branding, "save", "writing the app's settings")
    phases.watch(exports, "_pack", "packing the records for the child")
    phases.watch(multiprocessing.context.SpawnProcess, "start", "starting the child process")
    stop_file = folder / "stop"
    idle = subprocess.Popen(
        [sys.executable, __file__, "--idle", str(stop_file)], stdout=subprocess.PIPE, text=True
    )
    assert idle.stdout is not None
    idle.stdout.readline()  # "ready"
    probe = PauseProbe()
    finished = QEventLoop()
    dialog.finished_export.connect(lambda _path: finished.quit())
    clicked: list[float] = []

    def click() -> None:
        clicked.append(time.perf_counter())
        dialog.export_button.click()
        clicked.append(time.perf_counter())
        phases.spans.append(("the click", clicked[0], clicked[1]))

    with CollectionWatch() as watch:
        probe.start()
        QTimer.singleShot(20, click)
        QTimer.singleShot(300_000, finished.quit)
        finished.exec()
        seconds = time.perf_counter() - clicked[0]
        pauses = probe.stop()
    stop_file.write_text("")
    machine = [tuple(p) for p in json.loads(idle.communicate()[0].splitlines()[-1])]
    machine = [p for p in machine if pauses[0][0] <= p[1] and p[0] <= pauses[-1][1]]
    worst = max(pauses, key=ms)
    worst_unqueued = max(pauses, key=unqueued_ms)
    started_child = [end for name, _, end in phases.spans if name.startswith("starting")]
    phases.spans.append(("the child at work", max(started_child, default=0.0), pauses[-1][1]))
    if not (folder / "brief.pdf").exists():
        raise RuntimeError(f"the export wrote nothing: {dialog.status.text()}")
    started = time.perf_counter()
    gc.collect()  # what one full collection costs the app now, on any keypress
    full_now = (time.perf_counter() - started) * 1000
    print(
        json.dumps(
            {
                "ours": pause_figures(pauses, machine),
                "idle": pause_figures(machine, []),
                "seconds": seconds,
                "click_ms": (clicked[1] - clicked[0]) * 1000,
                "worst_ended_ms": (worst[1] - clicked[0]) * 1000,
                "worst_during": phases.during(worst),
                "worst_unqueued_ended_ms": (worst_unqueued[1] - clicked[0]) * 1000,
                "worst_unqueued_during": phases.during(worst_unqueued),
                "sees_the_queue": probe.sees_the_queue,
                "load": os.getloadavg()[0],
                "full_collections": [ms for gen, ms in watch.collections if gen == 2],
                "full_collection_now_ms": full_now,
            }
        )
    )
    for window in home.windows:
        window.close()
    shutil.rmtree(folder, ignore_errors=True)


def in_fresh_process(*arguments: str) -> dict:
    """Run this script with *arguments* in a fresh process; the figures it printed last."""
    out = subprocess.run(
        [sys.executable, __file__, *arguments], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def gui_stalls(records: int, repeat: int) -> list[dict]:
    """:func:`stall_child` *repeat* times, each in a fresh process."""
    return [in_fresh_process("--stall", str(records)) for _ in range(repeat)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 5000])
    parser.add_argument(
        "--repeat", type=int, default=3, help="exports from the dialog to measure pauses in"
    )
    parser.add_argument("--only-pauses", action="store_true", help="skip the timings")
    parser.add_argument("--stall", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--idle", help=argparse.SUPPRESS)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--office", choices=sorted(OFFICE_BUDGET_S), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child and options.office:
        office_child(options.child, options.office)
        return 0
    if options.child:
        child(options.child)
        return 0
    if options.stall:
        stall_child(options.stall)
        return 0
    if options.idle:
        idle_child(options.idle)
        return 0
    failures = [] if options.only_pauses else timings(options.sizes)
    failures += pauses(max(options.sizes), options.repeat)
    print("within budget" if not failures else "OVER BUDGET: " + "; ".join(failures))
    return 1 if failures else 0


def timings(sizes: list[int]) -> list[str]:
    """Time the brief at each size and the Office formats; the budgets missed."""
    failures = []
    for records in sizes:
        figures = in_fresh_process("--child", str(records))
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
    office_runs = [(fmt, records) for fmt in OFFICE_BUDGET_S for records in sizes]
    for fmt, records in office_runs:  # the budget is for 300 records; others are shown
        budget = OFFICE_BUDGET_S[fmt] if records == OFFICE_RECORDS else None
        figures = in_fresh_process("--child", str(records), "--office", fmt)
        ratio = figures["seconds"] / figures["baseline"]
        unit = "slides" if fmt == "pptx" else "paragraphs"
        print(
            f"{fmt} of {figures['records']:,} records: {figures['seconds']:.2f} s, "
            f"{figures['parts']} {unit}; plain {fmt} baseline {figures['baseline']:.2f} s "
            f"(ratio {ratio:.1f}x)"
        )
        if budget and figures["seconds"] > budget:
            failures.append(f"{fmt} of {records} records took {figures['seconds']:.1f} s")
    return failures


def pauses(records: int, repeat: int) -> list[str]:
    """Measure the GUI's pauses during exports from the dialog; the budget missed.

    The verdict is on the pauses less the GUI thread's wait for a core (see
    :class:`PauseProbe`), where the kernel reports it; elsewhere on the part of
    them that an idle app running at the same time did not pause for too."""
    runs = gui_stalls(records, repeat)
    queue_seen = all(run["sees_the_queue"] for run in runs)
    print(
        f"GUI pauses while the Export dialog writes a {records:,}-record brief: a "
        f"{PROBE_MS} ms timer on the GUI thread, and the same timer in an idle Qt app "
        "at the same time (the machine's share); 'ours' is what the idle app did not "
        "pause for too"
        + (
            "; 'not queued' is the longest pause less the GUI thread's wait for a core "
            "(what is ours: the interpreter held by another thread, or work on the GUI "
            f"thread; it includes the {PROBE_MS} ms between ticks, and the idle app's own "
            "figure shows the method's floor)"
            if queue_seen
            else ""
        )
    )
    for number, run in enumerate(runs, 1):
        ours, idle = run["ours"], run["idle"]
        full = run["full_collections"]
        print(
            f"  {number}. longest {ours['longest']:3.0f} ms (p99 {ours['p99']:2.0f}, "
            f"{ours['over_budget']} over {STALL_BUDGET_MS}) | idle app {idle['longest']:3.0f} "
            f"ms (p99 {idle['p99']:2.0f}, {idle['over_budget']} over) | ours "
            f"{ours['own_longest']:3.0f} ms | the click {run['click_ms']:.0f} ms; the worst "
            f"pause {run['worst_ended_ms'] / 1000:.2f} s after it, {run['worst_during']}; export "
            f"{run['seconds']:.1f} s; {len(full)} full collections"
            + (f" (longest {max(full):.0f} ms)" if full else "")
            + f", one now {run['full_collection_now_ms']:.0f} ms; load {run['load']:.1f}"
        )
        if queue_seen:
            print(
                f"     not queued: {ours['unqueued_longest']:3.0f} ms, "
                f"{run['worst_unqueued_ended_ms'] / 1000:.2f} s after the click, "
                f"{run['worst_unqueued_during']} | the idle app's {idle['unqueued_longest']:.0f} ms"
            )

    def spread(key: str, who: str = "ours") -> str:
        values = [run[who][key] for run in runs]
        return f"{statistics.median(values):.0f} ms ({min(values):.0f}-{max(values):.0f})"

    print(
        f"  medians (spread) of the longest pauses: the app {spread('longest')}, "
        f"the idle app {spread('longest', 'idle')}, ours {spread('own_longest')}"
        + (
            f"; not queued: the app {spread('unqueued_longest')}, the idle app "
            f"{spread('unqueued_longest', 'idle')}"
            if queue_seen
            else ""
        )
    )
    key = "unqueued_longest" if queue_seen else "own_longest"
    own = statistics.median(run["ours"][key] for run in runs)
    if own > STALL_BUDGET_MS:
        return [f"the GUI paused {own:.0f} ms > {STALL_BUDGET_MS} ms beyond the machine's pauses"]
    return []


if __name__ == "__main__":
    sys.exit(main())
