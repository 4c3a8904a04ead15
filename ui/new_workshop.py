"""The "New workshop" dialog: title, client, date, facilitators, the mandate, the
currency of the spend sheet, an agenda recipe to start from, and where to save.

The recipes are read off the GUI thread (the template library takes a moment to
import the first time); the dialog is usable at once and the list fills in.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.live.dates import DayEdit
from ui.tasks import run_in_background

SUFFIX = ".workshop.json"
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY")
NO_RECIPE = ""


def recipe_choices(templates_folder: Path | None) -> list[tuple[str, str]]:
    """(label, recipe id) for every agenda recipe, built-in and the consultant's own."""
    from facilitator.templates import load_library

    library = load_library(templates_folder)
    return [
        (f"{recipe.title} ({recipe.minutes} min)", recipe.id)
        for recipe in sorted(library.recipes.values(), key=lambda r: r.minutes)
    ]


def file_name_for(title: str) -> str:
    """A safe file name from a workshop title ("Acme: AI day" -> "Acme AI day")."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', " ", title)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" .")
    return (cleaned[:80] or "Workshop") + SUFFIX


class NewWorkshopDialog(QDialog):
    """Asks for what a new workshop needs; Create stays disabled until it has a title."""

    def __init__(
        self, folder: Path, parent: QWidget | None = None, *, templates: Path | None = None
    ) -> None:
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
        self.date_edit = DayEdit()
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setAccessibleName(self.tr("Workshop date"))
        self.facilitators_edit = QLineEdit()
        self.facilitators_edit.setPlaceholderText(self.tr("Names, separated by commas"))
        self.facilitators_edit.setAccessibleName(self.tr("Facilitators"))
        self.objective_edit = QPlainTextEdit()
        self.objective_edit.setPlaceholderText(
            self.tr("Why did the client ask for this workshop? What would make it worthwhile?")
        )
        self.objective_edit.setTabChangesFocus(True)
        self.objective_edit.setFixedHeight(self.objective_edit.fontMetrics().lineSpacing() * 4)
        self.objective_edit.setAccessibleName(self.tr("Mandate"))
        self.currency_edit = QComboBox()
        self.currency_edit.setEditable(True)
        self.currency_edit.addItems(CURRENCIES)
        self.currency_edit.setAccessibleName(self.tr("Currency of the spend sheet"))
        self.recipe_edit = QComboBox()
        self.recipe_edit.addItem(self.tr("No agenda yet — add exercises later"), NO_RECIPE)
        self.recipe_edit.setAccessibleName(self.tr("Agenda recipe"))
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
        form.addRow(self.tr("&Mandate"), self.objective_edit)
        form.addRow(self.tr("C&urrency"), self.currency_edit)
        form.addRow(self.tr("&Agenda"), self.recipe_edit)
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
        self.currency_edit.currentTextChanged.connect(self._update)
        self._update()
        self.recipes_loaded = False
        run_in_background(
            lambda: recipe_choices(templates), self._fill_recipes, lambda _error: None
        )

    def _fill_recipes(self, choices: list[tuple[str, str]]) -> None:
        for label, ident in choices:
            self.recipe_edit.addItem(label, ident)
        self.recipes_loaded = True

    def recipe_id(self) -> str | None:
        """The agenda recipe to start from, if one was chosen."""
        return str(self.recipe_edit.currentData() or "") or None

    def currency(self) -> str:
        return self.currency_edit.currentText().strip().upper()

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
            "objective": self.objective_edit.toPlainText().strip(),
            "currency": self.currency(),
        }

    def _update(self) -> None:
        currency_ok = bool(re.fullmatch(r"[A-Z]{3}", self.currency()))
        self.create_button.setEnabled(bool(self.title_edit.text().strip()) and currency_ok)
        self.currency_edit.setToolTip(
            "" if currency_ok else self.tr("A three-letter currency code, such as EUR or USD")
        )
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
