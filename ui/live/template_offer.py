"""A bar above the exercise when its template has changed since the run was planned.

Editing a template never changes a workshop by itself (the agenda keeps a
snapshot); the facilitator is offered the new version for the exercise on
screen — "Update this run", one undoable step — or keeps the plan for the rest
of the session.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from facilitator.agenda import newer_template, update_run
from facilitator.model import AgendaItem
from facilitator.templates import Library, Template
from ui.live.session import Session


class TemplateOffer(QWidget):
    """The offer for the exercise on screen (see the module docstring)."""

    updated = Signal(str)  # the agenda item that took the new version

    def __init__(self, session: Session, library: Library) -> None:
        super().__init__()
        self.session = session
        self.library = library
        self.item: AgendaItem | None = None
        self.kept: set[str] = set()
        """Runs the facilitator chose to keep as planned, for this session."""
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.update_button = QPushButton(self.tr("&Update this run"))
        self.update_button.clicked.connect(self.update_run)
        keep = QPushButton(self.tr("Keep as planned"))
        keep.clicked.connect(self.keep)
        self.setObjectName("banner_box")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.notice, 1)
        row.addWidget(self.update_button)
        row.addWidget(keep)
        self.hide()

    def newer(self) -> Template | None:
        item = self.item
        if item is None or item.id in self.kept or self.session.read_only:
            return None
        return newer_template(item, self.library)

    def offer(self, item: AgendaItem | None) -> None:
        """Offer the new version of *item*'s template, if there is one."""
        self.item = item
        newer = self.newer()
        self.setVisible(newer is not None)
        if newer is not None:
            self.notice.setText(
                self.tr(
                    "The “%s” template has changed since this exercise was planned. "
                    "Update this run? Cards already captured stay as they are."
                )
                % newer.title
            )

    def update_run(self) -> None:
        newer, item = self.newer(), self.item
        if newer is None or item is None:
            return
        if self.session.perform(partial(update_run, self.session.workshop, item, newer)):
            self.updated.emit(item.id)

    def keep(self) -> None:
        if self.item is not None:
            self.kept.add(self.item.id)
        self.hide()
