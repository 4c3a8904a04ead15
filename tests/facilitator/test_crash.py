"""Kill the app at random moments; every change it reported as saved must survive.

A child process captures records as fast as it can and prints each id once the
call returned (the app's "Saved"). The test SIGKILLs it at a random instant —
mid-append, mid-compaction, mid-backup — then checks that the file on disk is
valid JSON as it stands, that it opens, and that every acknowledged record is in it.
``FACILITATOR_CRASH_ROUNDS`` raises the number of rounds (default 30).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from facilitator.workshop import Workshop, open_workshop

ROUNDS = int(os.environ.get("FACILITATOR_CRASH_ROUNDS", "30"))

# Small thresholds so that compactions and backups happen all the time.
CAPTURER = """
import sys
from facilitator.workshop import open_workshop
workshop = open_workshop(sys.argv[1], compact_after=int(sys.argv[2]), backup_interval_s=0.05)
problems = []
i = 0
while True:
    record = workshop.add("problem", text=f"crash test {i} " + "é" * (i % 40), impact=1 + i % 5)
    problems.append(record.id)
    print("saved problem", record.id, flush=True)
    if i % 5 == 4:
        idea = workshop.add("idea", text=f"idea {i}", problem_ids=problems[-3:])
        print("saved idea", idea.id, flush=True)
    if i % 11 == 10:
        workshop.delete(workshop.add("note", text="short-lived").id)
    i += 1
"""


def run_and_kill(args: list[str], stdin: bytes | None, after_s: float) -> list[str]:
    """Start a child, SIGKILL it *after_s* seconds into its work (counted from its
    first acknowledgement, so a slow start on a busy machine still leaves it
    working when the kill lands); the lines it printed."""
    child = subprocess.Popen(
        args,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
        bufsize=0,  # nothing buffered on our side of the pipe: closing it cannot fail
    )
    feeder = None
    if stdin is not None and child.stdin is not None:
        # Import reads standard input as it arrives, line by line: feed it from a
        # thread, as a live feed would, so the kill lands in the middle of it.
        pipe = child.stdin

        def feed() -> None:
            try:
                pipe.write(stdin)
            except OSError:  # the child was killed while it read
                pass
            finally:
                with contextlib.suppress(OSError):
                    pipe.close()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        child.stdin = None  # the feeder owns it; communicate() must not touch it
    assert child.stdout is not None
    first = child.stdout.readline()  # b"" if it died before saving anything
    time.sleep(after_s)
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate()
    out = first + out
    if feeder is not None:
        feeder.join(10)
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")
    # Only whole lines count: a line cut by the kill was never fully acknowledged.
    return [line for line in out.decode().split("\n")[:-1] if line.startswith("saved ")]


@pytest.mark.slow
def test_no_acknowledged_record_is_lost_to_a_kill(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("FACILITATOR_CRASH_SEED", "20261127")))
    jsonl = "".join(
        json.dumps({"kind": "problem", "text": f"imported {i} <b>&</b>", "impact": 1 + i % 5})
        + "\n"
        for i in range(20_000)
    ).encode()
    total_acks = 0
    for round_number in range(ROUNDS):
        path = tmp_path / f"round{round_number}.workshop.json"
        Workshop.create(path, title=f"Round {round_number}").close()
        after = rng.uniform(0.3, 0.9)
        if round_number % 2:
            args = [sys.executable, "-m", "facilitator", "import", str(path), "-"]
            acks = run_and_kill(args, jsonl, after)
        else:
            compact_after = rng.choice(["3", "17", "60"])
            args = [sys.executable, "-c", CAPTURER, str(path), compact_after]
            acks = run_and_kill(args, None, after)
        total_acks += len(acks)
        json.loads(path.read_bytes())  # the file itself is whole JSON, before any recovery
        workshop = open_workshop(path)
        present = {r.id for t in ("problems", "ideas") for r in workshop.records(t)}
        missing = [line for line in acks if line.split()[-1] not in present]
        assert not missing, f"round {round_number}: lost {len(missing)} of {len(acks)}"
        workshop.close()
    assert total_acks > ROUNDS * 5  # the children really were working when killed
