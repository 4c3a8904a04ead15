"""The Export dialog, driven through its widgets: export, branding, cancel, errors."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator import branding
from facilitator.demo import write_demo
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from ui import tasks
from ui.export_dialog import ExportDialog
from ui.live.window import WorkshopWindow


def overview_of(qtbot: QtBot, workshop: Workshop) -> WorkshopWindow:
    window = WorkshopWindow(workshop, load_library(include_user=False))
    qtbot.addWidget(window)
    window.show()
    return window


def dialog_from(qtbot: QtBot, window: WorkshopWindow) -> ExportDialog:
    qtbot.mouseClick(window.buttons["export"], Qt.MouseButton.LeftButton)
    dialog = window.export_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_export_the_demo_brief_with_branding(qtbot: QtBot, tmp_path: Path) -> None:
    workshop = write_demo(tmp_path / "demo.workshop.json")
    window = overview_of(qtbot, workshop)  # keeps the window (the dialog's parent) alive
    dialog = dialog_from(qtbot, window)
    assert dialog.output.text() == str(tmp_path / "demo brief.pdf")
    dialog.consultancy.clear()
    qtbot.keyClicks(dialog.consultancy, "Northbridge Advisory")
    dialog.set_section("appendix", included=False)
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.value() == 100
    assert dialog.open_button.isEnabled() and dialog.open_button.text() == "&Open PDF"
    text = "".join(p.extract_text() or "" for p in PdfReader(tmp_path / "demo brief.pdf").pages)
    assert "Northbridge Advisory" in text and "Appendix" not in text
    assert branding.load().consultancy == "Northbridge Advisory"  # remembered for the app
    workshop.close()


def test_branding_for_this_client_only_goes_into_the_workshop(qtbot: QtBot, tmp_path: Path) -> None:
    branding.save(branding.Branding(consultancy="Our Firm"))
    path = tmp_path / "w.workshop.json"
    workshop = Workshop.create(path, title="Client")
    window = overview_of(qtbot, workshop)
    dialog = dialog_from(qtbot, window)
    assert dialog.consultancy.text() == "Our Firm"
    dialog.consultancy.setText("Partner Firm")
    dialog.client_only.setChecked(True)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    assert dialog.output.text().endswith("w brief.md")
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        dialog.start()
    assert "Partner Firm" in (tmp_path / "w brief.md").read_text(encoding="utf-8")
    assert dialog.open_button.text() == "&Open"  # a Markdown file is not a PDF
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    assert dialog.open_button.text() == "&Open"  # still names the file it would open
    assert branding.load().consultancy == "Our Firm"  # the app's branding is untouched
    workshop.close()
    assert open_workshop(path).meta.branding["consultancy"] == "Partner Firm"


def test_a_broken_logo_is_explained_in_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="T")
    dialog = ExportDialog(workshop)
    qtbot.addWidget(dialog)
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    dialog.logo.setText(str(bad))
    dialog.output.setText(str(tmp_path / "brief.pdf"))
    dialog.start()
    qtbot.waitUntil(lambda: "not a readable PNG or JPEG" in dialog.status.text(), timeout=10_000)
    assert dialog.export_button.isEnabled()
    assert not (tmp_path / "brief.pdf").exists()


def test_a_bad_colour_is_refused_before_exporting(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(Workshop.in_memory(title="T"))
    qtbot.addWidget(dialog)
    dialog.accent = "teal"
    dialog.start()
    assert "accent colour 'teal'" in dialog.status.text()
    assert not tasks.busy()


def test_cancel_stops_the_export_and_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    workshop = Workshop.in_memory(title="Big")
    problem = workshop.add("problem", text="P")
    for i in range(1500):
        workshop.add("idea", text=f"Idea {i} " + "words " * 20, problem_ids=[problem.id])
    dialog = ExportDialog(workshop)
    qtbot.addWidget(dialog)
    target = tmp_path / "big.pdf"
    dialog.output.setText(str(target))
    dialog.start()
    assert dialog.cancel_button.text() == "Cancel export"
    qtbot.waitUntil(lambda: dialog.progress.value() > 5, timeout=30_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Cancelled"), timeout=30_000)
    assert not target.exists()
    assert dialog.export_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"


def test_the_deck_and_the_word_brief_are_offered_and_the_last_format_remembered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from docx import Document
    from pptx import Presentation

    workshop = write_demo(tmp_path / "demo.workshop.json")
    window = overview_of(qtbot, workshop)
    dialog = dialog_from(qtbot, window)
    offered = [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())]
    assert {"pdf", "pptx", "docx"} <= set(offered)
    assert not dialog.template.isEnabled()  # the template is the deck's alone
    dialog.format_box.setFocus()
    while dialog.fmt != "pptx":  # choose it as a person would, with the keyboard
        qtbot.keyClick(dialog.format_box, Qt.Key.Key_Down)
    assert dialog.template.isEnabled() and dialog.section_view.isEnabled()
    assert dialog.output.text() == str(tmp_path / "demo readout.pptx")
    assert dialog.open_button.text() == "&Open"  # not "Open PDF" for a deck
    dialog.set_section("spend", included=False)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # The click came back at once, the deck still being made on another thread:
    assert dialog.cancel_button.text() == "Cancel export"
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        pass
    deck = Presentation(str(tmp_path / "demo readout.pptx"))
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert "Top problems" in titles and "Cost accountability" not in titles
    dialog.close()

    again = dialog_from(qtbot, window)  # a new dialog opens on the format last used
    assert again.fmt == "pptx" and again.output.text().endswith(".pptx")
    again.format_box.setCurrentIndex(again.format_box.findData("docx"))
    assert again.output.text() == str(tmp_path / "demo brief.docx")
    with qtbot.waitSignal(again.finished_export, timeout=60_000):
        again.start()
    headings = [
        p.text
        for p in Document(str(tmp_path / "demo brief.docx")).paragraphs
        if p.style.name == "Heading 1"
    ]
    assert headings[0] == "Executive summary"
    workshop.close()


def test_a_template_that_is_not_powerpoint_is_explained(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(Workshop.in_memory(title="T"))
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pptx"))
    bogus = tmp_path / "house.potx"
    bogus.write_text("not a template")
    dialog.template.setText(str(bogus))
    dialog.output.setText(str(tmp_path / "deck.pptx"))
    dialog.start()
    qtbot.waitUntil(lambda: "is not a PowerPoint template" in dialog.status.text(), timeout=30_000)
    assert not (tmp_path / "deck.pptx").exists()
    assert branding.load().template == str(bogus)  # remembered with the branding, as typed


# --- files and settings from someone else (issue 12) -----------------------------------


def test_the_dialog_refuses_to_write_through_a_link(qtbot: QtBot, tmp_path: Path) -> None:
    workshop = Workshop.create(tmp_path / "w.workshop.json", title="T")
    dialog = ExportDialog(workshop)
    qtbot.addWidget(dialog)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    link = tmp_path / "w records.csv"  # what the dialog offers for CSV: planted as a link
    link.symlink_to(victim)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("csv"))
    assert dialog.output.text() == str(link)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled() and not tasks.busy(), timeout=30_000)
    assert "is a symbolic link to" in dialog.status.text()
    assert "choose the file itself or a new name" in dialog.status.text()
    assert link.is_symlink() and victim.read_text() == "mine"
    workshop.close()


def a_png(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (240, 80), (120, 20, 20)).save(path)
    return path


def test_a_logo_the_workshop_names_outside_its_folder_waits_for_the_user(
    qtbot: QtBot, tmp_path: Path
) -> None:
    private = a_png(tmp_path / "home" / "signature.png")
    path = tmp_path / "received" / "acme.workshop.json"
    path.parent.mkdir()
    workshop = Workshop.create(path, title="Acme")
    workshop.update_meta(branding={"logo": str(private)})
    dialog = ExportDialog(workshop)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.logo.text() == ""  # not used unless chosen
    assert "names a logo outside its folder (signature.png)" in dialog.status.text()
    assert dialog.logo.placeholderText() == "Not used: signature.png, named by the workshop"
    assert dialog.use_withheld.isVisible() and dialog.use_withheld.toolTip() == str(private)
    qtbot.mouseClick(dialog.use_withheld, Qt.MouseButton.LeftButton)  # the user confirms
    assert dialog.logo.text() == str(private) and not dialog.use_withheld.isVisible()
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    cover = PdfReader(tmp_path / "received" / "acme brief.pdf").pages[0]
    assert len(cover["/Resources"]["/XObject"]) == 1
    # Chosen once, it is the user's logo: the next time nothing waits.
    again = ExportDialog(workshop)
    qtbot.addWidget(again)
    assert again.logo.text() == str(private) and again.withheld_logo is None
    workshop.close()


def test_a_bad_accent_stored_in_the_workshop_is_said_and_not_used(
    qtbot: QtBot, tmp_path: Path
) -> None:
    workshop = Workshop.create(tmp_path / "w.workshop.json", title="T")
    workshop.update_meta(branding={"accent": "red; evil"})
    dialog = ExportDialog(workshop)
    qtbot.addWidget(dialog)
    assert dialog.accent == branding.DEFAULT_ACCENT
    assert "accent colour 'red; evil' is not a colour" in dialog.status.text()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "w brief.md").exists()
    workshop.close()


def test_an_accent_too_pale_to_read_is_darkened_and_the_dialog_says_so(
    qtbot: QtBot, tmp_path: Path
) -> None:
    workshop = write_demo(tmp_path / "demo.workshop.json")
    window = overview_of(qtbot, workshop)
    dialog = dialog_from(qtbot, window)
    dialog.accent = "#FFFFFF"  # as the colour picker sets it
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    said = dialog.status.text()
    assert said.startswith(f"Saved {tmp_path / 'demo brief.pdf'}.")
    assert "The accent colour #FFFFFF has too little contrast against white" in said
    assert "the brief uses #757575 instead." in said
    workshop.close()


def markdown_dialog(qtbot: QtBot, tmp_path: Path) -> tuple[Workshop, ExportDialog]:
    """The demo workshop's Export dialog, on Markdown (quick to write)."""
    workshop = write_demo(tmp_path / "demo.workshop.json")
    dialog = dialog_from(qtbot, overview_of(qtbot, workshop))
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    return workshop, dialog


def test_the_export_click_leaves_the_disk_to_the_worker(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each fsync waits for the disk, tens of milliseconds on a busy one: the branding
    # and the format to remember are written off the GUI thread, still before the export.
    workshop, dialog = markdown_dialog(qtbot, tmp_path)
    dialog.consultancy.clear()
    qtbot.keyClicks(dialog.consultancy, "Northbridge Advisory")
    synced_on: list[str] = []
    fsync = os.fsync

    def watched(fd: int) -> None:
        synced_on.append(threading.current_thread().name)
        fsync(fd)

    monkeypatch.setattr(os, "fsync", watched)
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert synced_on == []  # the click came back without touching the disk
    assert synced_on and threading.main_thread().name not in synced_on
    assert branding.load().consultancy == "Northbridge Advisory"
    dialog.close()
    again = ExportDialog(workshop)
    qtbot.addWidget(again)
    assert again.fmt == "md"  # remembered, from the worker thread
    workshop.close()


def test_a_branding_that_cannot_be_kept_does_not_stop_the_export(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop, dialog = markdown_dialog(qtbot, tmp_path)

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(branding, "save", disk_full)
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "demo brief.md").exists()
    assert "The branding was not kept for next time" in dialog.status.text()
    assert "No space left on device" in dialog.status.text()
    workshop.close()
