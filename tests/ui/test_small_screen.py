"""A 1280×720 laptop is enough: the live window on it (and on a 2560×1440 screen at
200 %, the same 1280×720 logical pixels) shows every toolbar command, maximised or
not, and maximised every view's key widgets whole — no sideways scroll on the spend
sheet, cost per active user and the red unaccounted total in sight, several
readiness rows with their use cases readable, the inspector folded away while there
is nothing to inspect — and every dialog fits.

Qt chooses its screen once per process, so each screen is measured by
tests/ui/small_screen.py in a process of its own (offscreen, with the screen given
in a configuration file); these tests judge what it measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def measured(tmp_path: Path, width: int, height: int, ratio: int) -> dict[str, Any]:
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": ratio}
    config = tmp_path / f"screen-{ratio}.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.small_screen"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    facts: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return facts


@pytest.fixture(
    scope="module",
    params=[(1, "1280×720"), (2, "2560×1440 at 200 %")],
    ids=["1280x720", "2560x1440-at-200"],
)
def laptop(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    ratio, _name = request.param
    facts = measured(tmp_path_factory.mktemp("screen"), 1280, 720, ratio)
    assert facts["screen"] == [1280, 720] and facts["dpr"] == ratio
    assert facts["window"][0] == 1280 and facts["window"][1] >= 680  # maximised
    return facts


def test_every_toolbar_command_is_in_sight(laptop: dict[str, Any]) -> None:
    """Nothing hides in the toolbar's "»" menu — not as the window opens (maximised),
    not restored to a smaller window, not with the clock naming another exercise and
    the room open to 200 phones, 15 of them away."""
    toolbar = laptop["toolbar"]
    restored = toolbar["restored, at its widest"][0]
    assert restored < 1280  # restored, the window is smaller than the screen
    opened = toolbar["opened"][0]
    assert opened > restored  # maximised
    assert toolbar == {
        "opened": [opened, []],
        "opened, at its widest": [opened, []],
        "restored, at its widest": [restored, []],
        "maximised, at its widest": [1280, []],
    }


def test_windows_open_maximised_on_a_small_screen(laptop: dict[str, Any]) -> None:
    """A window shrunk to 92 % of a 720-pixel screen wasted the little room there is
    (and ran past its bottom edge with the title bar): every main window opens
    maximised here."""
    assert laptop["opened maximised"] == {
        "live window": True,
        "template library": True,
        "template editor": True,
        "projector on the laptop's screen": True,
        "home": True,
    }


def test_no_view_scrolls_sideways(laptop: dict[str, Any]) -> None:
    views = laptop["views"]
    assert set(views) == {"cards", "vote", "matrix", "readiness", "spend", "actions"}
    assert {name: view["sideways"] for name, view in views.items()} == dict.fromkeys(views, 0)


def test_the_spend_sheet_shows_its_key_figures_whole(laptop: dict[str, Any]) -> None:
    spend = laptop["views"]["spend"]
    assert spend["figures_whole"] == {"a month": True, "per active user": True, "unaccounted": True}
    assert spend["licence_columns_whole"]  # cost per active user, the last column, in sight
    # With a licence line selected the inspector opens beside it: still nothing sideways.
    assert spend["licence"] and spend["inspector_shown_for_a_line"]
    assert spend["sideways_with_a_line_selected"] == 0
    assert spend["unaccounted_whole_with_a_line_selected"]
    assert spend["use_cases_sideways_with_a_line_selected"] == 0


def test_the_readiness_grid_shows_several_readable_rows(laptop: dict[str, Any]) -> None:
    readiness = laptop["views"]["readiness"]
    assert readiness["rows"] == 5
    assert readiness["whole_rows_on_screen"] >= 3
    assert readiness["use_case_width"] >= 180  # a few words a line, never "R… c… d…"
    assert readiness["table_sideways"] == 0
    # With an idea in the inspector the grid stays whole: the Status column in sight
    # (only "▲" showed), the use cases readable, three rows (two and a half showed).
    inspected = readiness["with_an_idea_inspected"]
    assert inspected["status_whole"]
    assert inspected["use_case_width"] >= 180
    assert inspected["whole_rows"] >= 3


def test_wide_views_keep_their_width_while_the_inspector_is_open(
    laptop: dict[str, Any],
) -> None:
    """The agenda makes room for the inspector beside the readiness grid, the spend
    sheet and the matrix, and comes back when the inspector folds."""
    views = laptop["views"]
    assert views["readiness"]["agenda_folded"]
    spend = views["spend"]
    assert spend["agenda_folded_for_a_line"]
    assert spend["tool_width_with_a_line_selected"] >= 240  # not "Premium AI…"
    matrix = views["matrix"]
    assert matrix["inspector_shown_for_an_idea"]
    assert matrix["legend_whole_with_an_idea_inspected"]
    assert matrix["ranking_whole_with_an_idea_inspected"]
    assert matrix["agenda_folded"]
    assert all(view["agenda_back"] for view in views.values())
    assert not views["cards"]["agenda_folded"]  # the card board reflows: agenda stays


def test_the_export_dialog_shows_every_section_and_how_the_lines_start(
    laptop: dict[str, Any],
) -> None:
    export = laptop["export"]
    assert export["sections"] == 9
    assert export["sections_in_sight"] == 9  # two showed, in a box scrolling the rest
    assert export["confidentiality_from_its_start"]  # not "nfidential — prepared…"


def test_the_inspector_folds_away_while_there_is_nothing_to_inspect(
    laptop: dict[str, Any],
) -> None:
    views = laptop["views"]
    assert not any(view["inspector_shown_with_nothing_selected"] for view in views.values())
    assert views["readiness"]["inspector_shown_for_an_idea"]
    assert all(view["inspector_folds_again"] for view in views.values())


def test_every_dialog_fits_the_screen(laptop: dict[str, Any]) -> None:
    dialogs = laptop["dialogs"]
    assert len(dialogs) == 7
    assert [name for name, fits in dialogs.items() if not fits] == []


def test_the_workshop_details_labels_read_whole(laptop: dict[str, Any]) -> None:
    """Ctrl+I in the narrow inspector: "Objective (the mandate the brief opens with)"
    wraps inside the dock, not past its edge."""
    assert laptop["details_labels_cut"] == []
