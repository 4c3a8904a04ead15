"""The "New workshop" dialog: title, client, date, facilitators and where to save."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

SUFFIX = ".workshop.json"


def file_name_for(title: str) -> str:
    """A safe file name from a workshop title ("Acme: AI day" -> "Acme AI day")."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', " ", title)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return (cleaned[:80] or "Workshop") + SUFFIX


class NewWorkshopDialog(QDialog):
    """Asks for what a new workshop needs; Create stays disabled until it has a title."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New workshop"))
        self.setMinimumWidth(520)
        self._folder = folder
        self._chosen_path: Path | None = None

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("e.g. AI discovery — leadership team"))
        self.title_edit.setAccessibleName(self.tr("Workshop title"))
        self.client_edit = QLineEdit()
        self.client_edit.setPlaceholderText(self.tr("Client organisation"))
        self.client_edit.setAccessibleName(self.tr("Client"))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setAccessibleName(self.tr("Workshop date"))
        self.facilitators_edit = QLineEdit()
        self.facilitators_edit.setPlaceholderText(self.tr("Names, separated by commas"))
        self.facilitators_edit.setAccessibleName(self.tr("Facilitators"))
        self.location_label = QLabel()
        self.location_label.setWordWrap(True)
        self.location_label.setObjectName("muted")
        change = QPushButton(self.tr("Change…"))
        change.clicked.connect(self._choose_location)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location_label, 1)
        location_row.addWidget(change)

        form = QFormLayout(self)
        form.addRow(self.tr("&Title"), self.title_edit)
        form.addRow(self.tr("&Client"), self.client_edit)
        form.addRow(self.tr("&Date"), self.date_edit)
        form.addRow(self.tr("&Facilitators"), self.facilitators_edit)
        form.addRow(self.tr("Save as"), location_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.title_edit.textChanged.connect(self._update)
        self._update()

    def path(self) -> Path:
        if self._chosen_path is not None:
            return self._chosen_path
        return self._folder / file_name_for(self.title_edit.text())

    def values(self) -> dict[str, object]:
        """Workshop fields for :meth:`facilitator.Workshop.create`."""
        facilitators = [n.strip() for n in self.facilitators_edit.text().split(",") if n.strip()]
        return {
            "title": self.title_edit.text().strip(),
            "client": self.client_edit.text().strip(),
            "date": self.date_edit.date().toString("yyyy-MM-dd"),
            "facilitators": facilitators,
        }

    def _update(self) -> None:
        self.create_button.setEnabled(bool(self.title_edit.text().strip()))
        self.location_label.setText(str(self.path()))

    def _choose_location(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the workshop as"),
            str(self.path()),
            self.tr("Workshops (*.workshop.json)"),
        )
        if chosen:
            path = Path(chosen)
            self._chosen_path = (
                path if path.name.endswith(".json") else path.with_name(path.name + SUFFIX)
            )
            self._update()
