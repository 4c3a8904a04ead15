"""The Export dialog: the strategy brief, the readout deck, the Word brief (or CSV,
Markdown, JSON) with branding.

The export itself is :func:`facilitator.exports.export`, run off the GUI thread
with a progress bar and Cancel; the dialog only gathers choices and reports.
Branding — with the PowerPoint template the deck is built on — is saved for the
app, or, when "for this client only" is ticked, in the workshop, overriding the
app's. The dialog opens on the format last exported.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import branding
from facilitator.brief import (
    ALL_SECTIONS,
    SECTION_TITLES,
    BriefOptions,
    CancelToken,
    ExportCancelledError,
)
from facilitator.errors import WorkshopError, shown_path
from facilitator.exports import SUFFIXES, export_isolated
from facilitator.scoring import WorkshopData
from facilitator.workshop import Workshop
from ui import heap
from ui.paths import AppPaths
from ui.settings import AppSettings
from ui.tasks import run_in_background

FORMAT_LABELS = {
    "pdf": "PDF strategy brief",
    "pptx": "PowerPoint readout deck",
    "docx": "Word brief (editable)",
    "md": "Markdown (the brief's text)",
    "csv": "CSV (every record, for Excel)",
    "json": "JSON (the whole workshop)",
}
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1
BRIEF_FORMATS = ("pdf", "pptx", "docx", "md")
"""Formats made from the brief's sections (the others are every record)."""


class _Progress(QObject):
    """Carries progress from the export's worker thread to the GUI thread."""

    moved = Signal(float, str)
    warned = Signal(str)


def default_output(workshop: Workshop, fmt: str) -> Path:
    folder = workshop.path.parent if workshop.path else Path.home()
    stem = (workshop.path.name if workshop.path else "workshop").removesuffix(".workshop.json")
    kind = {"pptx": "readout"}.get(fmt, "brief" if fmt in BRIEF_FORMATS else "records")
    return folder / f"{stem} {kind}{SUFFIXES[fmt]}"


class ExportDialog(QDialog):
    """Choose what to export and how it is branded; export without freezing the app."""

    finished_export = Signal(object)  # the Path written, for tests and callers

    def __init__(
        self,
        workshop: Workshop,
        parent: QWidget | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self._notices: list[str] = []
        self.settings = settings or AppSettings(AppPaths.standard().settings_file)
        self.setWindowTitle(self.tr("Export — %s") % workshop.meta.title)
        self.setMinimumWidth(620)
        self.cancel_token: CancelToken | None = None
        self.written: Path | None = None
        self._output_chosen = False
        try:
            self.app_branding = branding.load()
            problem = ""
        except branding.BrandingError as error:
            self.app_branding = branding.Branding()
            problem = str(error)
        own = branding.overrides(workshop.meta)
        folder = workshop.path.parent if workshop.path else None
        trusted = branding.trusted_logos()
        # What the workshop file stores is used with care (facilitator.branding): a
        # logo it names outside its folder waits until the consultant chooses it.
        chosen = branding.for_workshop(
            self.app_branding, workshop.meta, folder=folder, trusted=trusted
        )
        self.withheld_logo = branding.withheld_logo(workshop.meta, folder, trusted)
        unused = branding.left_out(workshop.meta, folder=folder, trusted=trusted, ignore=("logo",))
        problem = "\n".join(p for p in (problem, *map(self._left_out_line, unused)) if p)

        self.format_box = QComboBox()
        for fmt, label in FORMAT_LABELS.items():
            self.format_box.addItem(self.tr(label), fmt)
        self.format_box.setAccessibleName(self.tr("Format"))
        last = self.format_box.findData(self.settings.export_format())
        if last >= 0:
            self.format_box.setCurrentIndex(last)
        self.format_box.currentIndexChanged.connect(self._format_changed)

        self.sections = QStandardItemModel(self)
        for key in ALL_SECTIONS:
            item = QStandardItem(self.tr(SECTION_TITLES[key]))
            item.setData(key, SECTION_ROLE)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked)
            item.setEditable(False)
            self.sections.appendRow(item)
        self.section_view = QListView()
        self.section_view.setModel(self.sections)
        self.section_view.setAccessibleName(self.tr("Sections to include"))
        # Every section in sight, in two columns: nine rows do not fit a 720-pixel
        # screen, and a box scrolling two of them at a time hid the other seven.
        self.section_view.setFlow(QListView.Flow.TopToBottom)
        self.section_view.setWrapping(True)
        self.section_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.section_view.setSpacing(1)
        off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.section_view.setVerticalScrollBarPolicy(off)
        self.section_view.setHorizontalScrollBarPolicy(off)
        rows = (self.sections.rowCount() + 1) // 2
        row = self.section_view.sizeHintForRow(0) + 2 * self.section_view.spacing()
        self.section_view.setFixedHeight(rows * row + 2 * self.section_view.frameWidth() + 2)

        self.consultancy = QLineEdit(chosen.consultancy)
        self.consultancy.setAccessibleName(self.tr("Consultancy name"))
        self.logo = QLineEdit(chosen.logo)
        self.logo.setAccessibleName(self.tr("Logo file"))
        self.logo.setPlaceholderText(self.tr("PNG or JPEG, shown on the cover"))
        logo_button = QPushButton(self.tr("Choose…"))
        logo_button.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(logo_button)
        # A logo the workshop names outside its folder: one press puts it in the field.
        self.use_withheld = QPushButton(self.tr("&Use it"))
        self.use_withheld.clicked.connect(self._use_withheld_logo)
        logo_row.addWidget(self.use_withheld)
        self._other_problems = problem
        if self.withheld_logo is not None:
            self.use_withheld.setToolTip(shown_path(self.withheld_logo))
            name = shown_path(self.withheld_logo.name)
            self.logo.setPlaceholderText(self.tr("Not used: %s, named by the workshop") % name)
            withheld = (
                self.tr(
                    "The workshop names a logo outside its folder (%s); press Use it to put it "
                    "in the brief."
                )
                % name
            )
            problem = "\n".join(p for p in (problem, withheld) if p)
        else:
            self.use_withheld.hide()
        self.accent = chosen.accent
        self.accent_button = QPushButton()
        self.accent_button.setAccessibleName(self.tr("Accent colour"))
        self.accent_button.clicked.connect(self._choose_accent)
        self._show_accent()
        self.confidentiality = QLineEdit(chosen.confidentiality)
        self.confidentiality.setAccessibleName(self.tr("Confidentiality line"))
        self.template = QLineEdit(chosen.template)
        self.template.setAccessibleName(self.tr("PowerPoint template"))
        self.template.setPlaceholderText(self.tr("Optional .potx or .pptx the deck is built on"))
        self.template_button = QPushButton(self.tr("Choose…"))
        self.template_button.clicked.connect(self._choose_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template, 1)
        template_row.addWidget(self.template_button)
        for line in (self.consultancy, self.logo, self.confidentiality, self.template):
            line.setCursorPosition(0)  # a long line shows how it starts, not how it ends
        self.client_only = QCheckBox(self.tr("Use this branding for this client only"))
        self.client_only.setChecked(bool(own))
        self.client_only.setEnabled(not workshop.read_only)

        brand_box = QGroupBox(self.tr("Branding"))
        brand_form = QFormLayout(brand_box)
        brand_form.addRow(self.tr("Consultancy"), self.consultancy)
        brand_form.addRow(self.tr("Logo"), logo_row)
        brand_form.addRow(self.tr("Accent colour"), self.accent_button)
        brand_form.addRow(self.tr("Confidentiality"), self.confidentiality)
        brand_form.addRow(self.tr("Deck template"), template_row)
        brand_form.addRow("", self.client_only)

        self.output = QLineEdit(str(default_output(workshop, self.fmt)))
        self.output.setAccessibleName(self.tr("Save to"))
        self.output.textEdited.connect(self._output_edited)
        output_button = QPushButton(self.tr("Choose…"))
        output_button.clicked.connect(self._choose_output)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(output_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.status = QLabel(problem)
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")

        self.export_button = QPushButton(self.tr("&Export"))
        self.export_button.setObjectName("primary")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Close"))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.open_button = QPushButton(self.tr("&Open PDF"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_result)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)

        form = QFormLayout()
        form.addRow(self.tr("&Format"), self.format_box)
        form.addRow(self.tr("Sections"), self.section_view)
        form.addRow(self.tr("Save to"), output_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(brand_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._format_changed()
        # The brief's modules (ReportLab and all) were imported for this dialog: tens of
        # thousands of objects that live as long as the app, kept out of collections.
        heap.keep_out_of_collections()

    # -- choices ----------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(
            self.sections.item(row).data(SECTION_ROLE)
            for row in range(self.sections.rowCount())
            if self.sections.item(row).checkState() == Qt.CheckState.Checked
        )

    def set_section(self, key: str, included: bool) -> None:
        for row in range(self.sections.rowCount()):
            item = self.sections.item(row)
            if item.data(SECTION_ROLE) == key:
                item.setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def chosen_branding(self) -> branding.Branding:
        return branding.Branding(
            consultancy=self.consultancy.text().strip(),
            logo=self.logo.text().strip(),
            accent=self.accent,
            confidentiality=self.confidentiality.text().strip(),
            template=self.template.text().strip(),
        )

    def _format_changed(self) -> None:
        self.section_view.setEnabled(self.fmt in BRIEF_FORMATS)
        deck = self.fmt == "pptx"
        self.template.setEnabled(deck)
        self.template_button.setEnabled(deck)
        if not self._output_chosen:
            self.output.setText(str(default_output(self.workshop, self.fmt)))
        if self.written is None:  # once a file is written, the button names that file
            pdf = self.fmt == "pdf"
            self.open_button.setText(self.tr("&Open PDF") if pdf else self.tr("&Open"))

    def _output_edited(self) -> None:
        self._output_chosen = True

    def _choose_output(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.output.text())
        if chosen:
            self.output.setText(chosen)
            self._output_chosen = True

    def _choose_logo(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a logo"),
            self.logo.text(),
            self.tr("Images (*.png *.jpg *.jpeg)"),
        )
        if chosen:
            self.logo.setText(chosen)

    def _choose_template(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a PowerPoint template"),
            self.template.text(),
            self.tr("PowerPoint templates (*.potx *.pptx)"),
        )
        if chosen:
            self.template.setText(chosen)

    def _left_out_line(self, unused: branding.LeftOut) -> str:
        if unused.setting == "accent":
            return self.tr(
                "The workshop's accent colour %s is not a colour; the app's is shown."
            ) % (unused.shown)
        return self.tr("Not used: %s.") % unused.reason

    def _use_withheld_logo(self) -> None:
        """The consultant confirms the logo the workshop names: it goes in the field,
        and is remembered as chosen when the brief is exported."""
        if self.withheld_logo is not None:
            self.logo.setText(str(self.withheld_logo))
        self.logo.setPlaceholderText(self.tr("PNG or JPEG, shown on the cover"))
        self.use_withheld.hide()
        self.status.setText(self._other_problems)  # the logo is settled; the rest stands

    def _choose_accent(self) -> None:
        colour = QColorDialog.getColor(QColor(self.accent), self, self.tr("Accent colour"))
        if colour.isValid():
            self.accent = colour.name().upper()
            self._show_accent()

    def _show_accent(self) -> None:
        self.accent_button.setText(self.accent)
        self.accent_button.setStyleSheet(
            f"background: {self.accent}; color: white; font-weight: 600;"
        )

    # -- exporting --------------------------------------------------------------------

    def start(self) -> None:
        """Save the branding choice, then export on a worker thread."""
        target = Path(self.output.text()).expanduser()
        chosen = self.chosen_branding()
        try:
            chosen = chosen.checked()
            keep = self._remember(chosen)
        except WorkshopError as error:
            self._report(str(error))
            return
        options = BriefOptions(
            sections=self.chosen_sections(),
            consultancy=chosen.consultancy,
            logo=chosen.logo_path,
            accent=chosen.accent,
            confidentiality=chosen.confidentiality,
            template=chosen.template_path,
        )
        data = WorkshopData.of(self.workshop)  # immutable snapshot for the worker
        fmt = self.fmt
        settings = self.settings
        token = CancelToken()
        self.cancel_token = token
        relay = _Progress(self)
        relay.moved.connect(self._moved)
        relay.warned.connect(self._notices.append)
        self._notices.clear()
        self._set_busy(True)
        self.status.setText(self.tr("Starting…"))

        def work() -> Path:
            # The app's files (branding, settings) are written here, not on the GUI
            # thread: each write waits for the disk (fsync), which on a busy disk
            # takes tens of milliseconds.
            settings.remember_export_format(fmt)
            try:
                for write in keep:
                    write()
            except OSError as error:  # the export itself need not fail for it
                relay.warned.emit(f"the branding was not kept for next time ({error})")
            return export_isolated(
                data,
                target,
                fmt,
                options,
                progress=relay.moved.emit,
                cancel=token,
                warn=relay.warned.emit,
            )

        run_in_background(work, self._done, self._failed)

    def _remember(self, chosen: branding.Branding) -> list[Callable[[], object]]:
        """Take *chosen* as the branding from now on; returns the writes of the app's
        branding files that keep it for next time (for a worker thread). A workshop's
        own branding is saved here, with the workshop, as every change to it is."""
        keep: list[Callable[[], object]] = []
        if chosen.logo_path is not None:
            # Shown in the dialog and exported with: the consultant's choice, so a
            # workshop naming this logo later may use it without asking again.
            keep.append(functools.partial(branding.trust_logo, chosen.logo_path))
        if self.client_only.isChecked() and not self.workshop.read_only:
            overrides = {k: getattr(chosen, k) for k in branding.OVERRIDABLE}
            self.workshop.update_meta(branding=overrides, confidentiality=chosen.confidentiality)
            if chosen.template != self.app_branding.template:
                # The deck's template is the app's setting, never a workshop's.
                self.app_branding = dataclasses.replace(self.app_branding, template=chosen.template)
                keep.append(functools.partial(branding.save, self.app_branding))
            return keep
        if not self.workshop.read_only and branding.overrides(self.workshop.meta):
            self.workshop.update_meta(branding={})  # back to the app's branding
        self.app_branding = chosen
        keep.append(functools.partial(branding.save, chosen))
        return keep

    @Slot(float, str)
    def _moved(self, share: float, what: str) -> None:
        self.progress.setValue(round(share * 100))
        self.status.setText(self.tr(what))

    def _done(self, path: Path) -> None:
        self._set_busy(False)
        self.written = path
        # Named for the file written, which is what it opens (not the format now chosen).
        pdf = path.suffix.lower() == ".pdf"
        self.open_button.setText(self.tr("&Open PDF") if pdf else self.tr("&Open"))
        self.progress.setValue(100)
        # What the export changed to stay readable (a darkened accent) is said with it.
        said = "".join(f" {notice[:1].upper()}{notice[1:]}." for notice in self._notices)
        self.status.setText(self.tr("Saved %s.") % path + said)
        self.open_button.setEnabled(True)
        self.open_button.setFocus()
        self.finished_export.emit(path)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ExportCancelledError):
            self.progress.setValue(0)
            self._report(self.tr("Cancelled; nothing was written."))
        elif isinstance(error, WorkshopError | OSError):
            self._report(str(error))
        else:
            raise error

    def _report(self, message: str) -> None:
        self.status.setText(message)

    def _set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.cancel_button.setText(self.tr("Cancel export") if busy else self.tr("Close"))
        if busy:
            self.open_button.setEnabled(False)
        else:
            self.cancel_token = None

    def _cancel_or_close(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def open_result(self) -> None:
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
