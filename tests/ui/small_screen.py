"""What a facilitator sees on a small screen, measured in a process of its own.

Run by tests/ui/test_small_screen.py as ``python -m tests.ui.small_screen`` with
``QT_QPA_PLATFORM=offscreen:configfile=…`` describing the screen under test (1280×720,
or 2560×1440 at 200 %, which is the same 1280×720 logical pixels). Qt picks its
screen once per process, so each size needs its own. It opens the demo workshop
at the size the app opens it and looks at the toolbar, then maximises it, as a
window manager would (less a title bar), visits every exercise view and the
dialogs, and prints what it measured as JSON for the test to judge.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMainWindow,
    QTableView,
    QToolBar,
    QToolButton,
    QWidget,
)

from ui.theme import style_sheet

if TYPE_CHECKING:
    from facilitator.model import Problem
    from ui.live.window import WorkshopWindow

TITLE_BAR = 30  # what a window manager's title bar takes from a maximised window


def shown_whole(widget: QWidget) -> bool:
    """On screen and not cut: every pixel of *widget* is inside what its ancestors show,
    and a label has the width its text needs."""
    if not widget.isVisible():
        return False
    region = widget.visibleRegion().boundingRect()
    if region != widget.rect():
        return False
    return not isinstance(widget, QLabel) or widget.width() >= widget.sizeHint().width()


def fits(window: QWidget) -> bool:
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    return area.contains(QRect(frame.topLeft(), frame.size()))


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def toolbar_overflow(window: QMainWindow) -> list[str]:
    """The toolbar's commands that do not fit and went into its "»" menu (and "»"
    itself, if shown): none may, or the facilitator cannot see them."""
    (bar,) = window.findChildren(QToolBar)
    hidden = [
        widget.text() if isinstance(widget, QAbstractButton) else type(widget).__name__
        for action in bar.actions()
        if (widget := bar.widgetForAction(action)) is not None and not widget.isVisible()
    ]
    more = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    return hidden + (["»"] if more is not None and more.isVisible() else [])


def widest_toolbar(app: QApplication, window: WorkshopWindow) -> None:
    """The toolbar at its widest: the clock timing another exercise than the one on
    screen (it names it), the room open with 200 phones (the room's budget)."""
    from facilitator.model import AgendaItem
    from facilitator.room import PhoneInfo
    from ui.live.room import room_button_text

    first, second = window.workshop.typed(AgendaItem)[:2]
    window.agenda.select(first.id)
    window.timer.start()
    window.agenda.select(second.id)
    # 200 phones, the room's budget, 15 of them asleep: "185 phones here · 15 away".
    phones = [PhoneInfo(n, "", n >= 15) for n in range(200)]
    door = SimpleNamespace(is_open=True, phones=phones)
    window.buttons["room"].setText(room_button_text(door))  # type: ignore[arg-type]
    settle(app)


def labels_cut(body: QWidget) -> list[str]:
    """The labels in *body* (a form in a scroll area) cut at the right or missing a
    line of their text: every label must read whole once scrolled to."""
    viewport = body.parentWidget()
    assert viewport is not None
    cut = []
    for label in body.findChildren(QLabel):
        if not label.isVisibleTo(body) or not label.text():
            continue
        right = label.mapTo(viewport, label.rect().topRight()).x()
        lines_fit = not label.wordWrap() or label.height() >= label.heightForWidth(label.width())
        if right >= viewport.width() or not lines_fit:
            cut.append(label.text())
    return cut


def within_board(window: WorkshopWindow, widget: QWidget) -> bool:
    """*widget* is not cut at the right or left by the board's edge, and a wrapped
    label has the height all its lines need (it may sit below the fold: the board
    scrolls up and down, never sideways)."""
    viewport = window.board_scroll.viewport()
    left = widget.mapTo(viewport, widget.rect().topLeft()).x()
    right = widget.mapTo(viewport, widget.rect().topRight()).x()
    lines_fit = (
        not isinstance(widget, QLabel)
        or not widget.wordWrap()
        or widget.height() >= widget.heightForWidth(widget.width())
    )
    return widget.isVisible() and left >= 0 and right < viewport.width() and lines_fit


def readiness_seen(table: QTableView) -> dict[str, Any]:
    """What the readiness grid shows: its Status column whole inside the table and the
    table inside the board, its use-case column wide enough to read, its whole rows."""
    from ui.live.readiness import COL_CASE, COL_STATUS

    viewport = table.viewport()
    status_right = table.columnViewportPosition(COL_STATUS) + table.columnWidth(COL_STATUS)
    shown = viewport.visibleRegion().boundingRect()
    rows = table.model().rowCount()
    whole_rows = sum(
        1
        for row in range(rows)
        if shown.contains(QRect(0, table.rowViewportPosition(row), 10, table.rowHeight(row)))
    )
    return {
        "status_whole": status_right <= viewport.width()
        and table.visibleRegion().boundingRect().width() == table.width(),
        "use_case_width": table.columnWidth(COL_CASE),
        "whole_rows": whole_rows,
    }


def measure() -> dict[str, Any]:
    from facilitator.demo import write_demo
    from facilitator.model import AgendaItem, Idea, Licence, Problem
    from facilitator.templates import load_library
    from ui.live.window import WorkshopWindow
    from ui.settings import AppSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyleSheet(style_sheet())  # as the app does: its padding is part of the fit
    folder = Path(tempfile.mkdtemp())
    workshop = write_demo(folder / "demo.workshop.json")
    window = WorkshopWindow(
        workshop, load_library(include_user=False), AppSettings(folder / "s.ini")
    )
    window.show()  # as the app opens it: maximised on a small screen
    settle(app)
    area = window.screen().availableGeometry()
    opened_maximised = window.isMaximized()
    toolbar = {"opened": [window.width(), toolbar_overflow(window)]}
    widest_toolbar(app, window)
    toolbar["opened, at its widest"] = [window.width(), toolbar_overflow(window)]
    window.showNormal()  # restored to the size it keeps for that
    settle(app)
    toolbar["restored, at its widest"] = [window.width(), toolbar_overflow(window)]
    window.timer.pause()
    window.showMaximized()
    settle(app)
    window.resize(area.width(), area.height() - TITLE_BAR)
    settle(app)
    toolbar["maximised, at its widest"] = [window.width(), toolbar_overflow(window)]
    facts: dict[str, Any] = {
        "screen": [area.width(), area.height()],
        "dpr": window.screen().devicePixelRatio(),
        "window": [window.width(), window.height()],
        "toolbar": toolbar,
        "views": {},
        "opened maximised": {"live window": opened_maximised},
    }
    inspector_dock = window.side_docks[1]
    for item in workshop.typed(AgendaItem):
        view = str(item.template["view"])
        if view in facts["views"]:
            continue
        window.agenda.select(item.id)
        settle(app)
        scroll = window.board_scroll.horizontalScrollBar()
        facts["views"][view] = {
            "sideways": scroll.maximum(),
            "inspector_shown_with_nothing_selected": inspector_dock.isVisible(),
        }
        current = window.run.current_view
        if view == "spend":
            from ui.live.spend import SpendView

            assert isinstance(current, SpendView)
            spend: dict[str, Any] = facts["views"]["spend"]
            spend["figures_whole"] = {
                name: shown_whole(figure.value) and shown_whole(figure.caption)
                for name, figure in (
                    ("a month", current.total),
                    ("per active user", current.per_user),
                    ("unaccounted", current.unaccounted),
                )
            }
            table = current.licences
            spend["licence_columns_whole"] = table.horizontalScrollBar().maximum() == 0
            table.setCurrentIndex(current.licence_model.index(0, 1))  # a line selected
            settle(app)
            spend["inspector_shown_for_a_line"] = inspector_dock.isVisible()
            spend["sideways_with_a_line_selected"] = scroll.maximum()
            spend["unaccounted_whole_with_a_line_selected"] = shown_whole(current.unaccounted.value)
            spend["use_cases_sideways_with_a_line_selected"] = (
                current.cases.horizontalScrollBar().maximum()
            )
            spend["tool_width_with_a_line_selected"] = table.columnWidth(0)
            spend["agenda_folded_for_a_line"] = not window.side_docks[0].isVisible()
            spend["licence"] = isinstance(window.inspector.record, Licence)
        if view == "readiness":
            from ui.live.readiness import COL_CASE, ReadinessView

            assert isinstance(current, ReadinessView)
            table = current.table
            rows = current.model.rowCount()
            viewport = table.viewport()
            shown = viewport.visibleRegion().boundingRect()
            whole_rows = sum(
                1
                for row in range(rows)
                if shown.contains(
                    QRect(0, table.rowViewportPosition(row), 10, table.rowHeight(row))
                )
            )
            facts["views"]["readiness"] |= {
                "rows": rows,
                "whole_rows_on_screen": whole_rows,
                "use_case_width": table.columnWidth(COL_CASE),
                "row_heights": [table.rowHeight(r) for r in range(rows)],
                "table_height": viewport.height(),
                "table_sideways": table.horizontalScrollBar().maximum(),
            }
            table.selectionModel().setCurrentIndex(
                current.model.index(0, COL_CASE), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            settle(app)
            facts["views"]["readiness"]["inspector_shown_for_an_idea"] = (
                inspector_dock.isVisible() and isinstance(window.inspector.record, Idea)
            )
            facts["views"]["readiness"]["with_an_idea_inspected"] = readiness_seen(table)
        if view == "matrix":
            from ui.live.matrix import MatrixView

            assert isinstance(current, MatrixView)
            current.ranking.setCurrentRow(0)
            settle(app)
            facts["views"]["matrix"] |= {
                "inspector_shown_for_an_idea": inspector_dock.isVisible()
                and isinstance(window.inspector.record, Idea),
                "legend_whole_with_an_idea_inspected": within_board(window, current.legend),
                "ranking_whole_with_an_idea_inspected": within_board(window, current.ranking),
            }
        facts["views"][view]["agenda_folded"] = not window.side_docks[0].isVisible()
        window.inspector.show_record(None, None)
        settle(app)
        facts["views"][view]["inspector_folds_again"] = not inspector_dock.isVisible()
        facts["views"][view]["agenda_back"] = window.side_docks[0].isVisible()
    window.show_workshop_details()  # Ctrl+I: the workshop's own fields in the inspector
    settle(app)
    facts["details_labels_cut"] = labels_cut(window.inspector.body)
    window.inspector.show_record(None, None)
    settle(app)
    dialogs: dict[str, bool] = {}
    window.open_people()
    settle(app)
    assert window.people_dialog is not None
    dialogs["people"] = fits(window.people_dialog)
    window.people_dialog.close()
    window.open_export()
    settle(app)
    assert window.export_dialog is not None
    dialogs["export"] = fits(window.export_dialog)
    facts["export"] = export_seen(window.export_dialog)
    window.export_dialog.close()
    window.show_shortcuts()
    settle(app)
    assert window.shortcuts_dialog is not None
    dialogs["shortcuts"] = fits(window.shortcuts_dialog)
    window.shortcuts_dialog.close()
    problems = workshop.typed(Problem)
    facts["dialogs"] = dialogs | other_dialogs(
        app, folder, window, problems, facts["opened maximised"]
    )
    window.projector.present(window.screen(), full_screen=False)  # one screen, no projector
    settle(app)
    facts["opened maximised"]["projector on the laptop's screen"] = window.projector.isMaximized()
    window.projector.close()
    facts["opened maximised"]["home"] = home_maximised(app, folder)
    window.close()
    workshop.close()
    return facts


def other_dialogs(
    app: QApplication,
    folder: Path,
    parent: QWidget,
    problems: list[Problem],
    maximised: dict[str, bool],
) -> dict[str, bool]:
    from ui.live.problem_picker import ProblemPicker
    from ui.new_workshop import NewWorkshopDialog
    from ui.template_editor import TemplateEditor
    from ui.template_library import TemplateLibraryWindow

    found: dict[str, bool] = {}
    new = NewWorkshopDialog(folder / "workshops", parent, templates=folder / "templates")
    new.show()
    settle(app)
    found["new workshop"] = fits(new)
    new.reject()
    library = TemplateLibraryWindow(folder / "templates")
    library.show()
    settle(app)
    found["template library"] = fits(library)
    maximised["template library"] = library.isMaximized()
    library.select("problem-first")
    library.duplicate_selected()
    settle(app)
    editor = library.editors[0]
    assert isinstance(editor, TemplateEditor)
    found["template editor"] = fits(editor)
    maximised["template editor"] = editor.isMaximized()
    editor.close()
    library.close()
    picker = ProblemPicker(problems, "Read invoices on arrival", parent)
    picker.show()
    settle(app)
    found["which problem?"] = fits(picker)
    picker.reject()
    return found


def export_seen(dialog: QWidget) -> dict[str, Any]:
    """The export dialog's sections, every one in sight without scrolling, and its
    confidentiality line showing how it starts."""
    from ui.export_dialog import ExportDialog

    assert isinstance(dialog, ExportDialog)
    view = dialog.section_view
    room = view.viewport().rect()
    model = view.model()
    return {
        "sections": model.rowCount(),
        "sections_in_sight": sum(
            1
            for row in range(model.rowCount())
            if room.contains(view.visualRect(model.index(row, 0)))
        ),
        "confidentiality_from_its_start": dialog.confidentiality.cursorPosition() == 0
        and bool(dialog.confidentiality.text()),
    }


def home_maximised(app: QApplication, folder: Path) -> bool:
    from ui.home import HomeWindow
    from ui.paths import AppPaths
    from ui.settings import AppSettings

    paths = AppPaths(data=folder / "data", config=folder / "config")
    home = HomeWindow(paths, AppSettings(paths.settings_file))
    home.show()
    settle(app)
    maximised = home.isMaximized()
    home.shutdown()
    return maximised


if __name__ == "__main__":
    print(json.dumps(measure()))
