"""The live window's status bar: whether everything is saved, and what was just said.

:class:`SaveStatusBar` is permanent: "Saved ✓", or a red "Not saved" with Retry
and Save elsewhere — never a popup. :class:`MessageLine` is the facilitator's
news: a refusal in red (it stays until the facilitator moves on), or news that
is not a problem (a card parked, a person added), which fades.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from facilitator.workshop import SaveStatus
from ui.live.session import Session
from ui.theme import ALARM_PAPER, tone

FADE_MS = 8000
"""How long good news stays on the line."""
SAVING_AFTER_MS = 250
"""From "Saved ✓", "Saving…" shows only once a write takes this long: while the
room's phones write, the state goes saving/saved many times a second, and the
bar would flicker (and re-style its label each time) for writes nobody waits on."""


class SaveStatusBar(QWidget):
    """ "Saved", or a red "Not saved" with Retry and Save elsewhere — never a popup."""

    moved = Signal()  # the workshop now lives in another file

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.label = QLabel()
        self.label.setAccessibleName(self.tr("Save state"))
        self.retry = QPushButton(self.tr("Retry"))
        self.elsewhere = QPushButton(self.tr("Save elsewhere…"))
        self.retry.clicked.connect(self.session.workshop.retry_save)
        self.elsewhere.clicked.connect(self.save_elsewhere)
        self._saved_shown = False
        self._saving_soon = QTimer(self)
        self._saving_soon.setSingleShot(True)
        self._saving_soon.setInterval(SAVING_AFTER_MS)
        self._saving_soon.timeout.connect(self._still_saving)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.retry)
        layout.addWidget(self.elsewhere)
        session.status_changed.connect(self.show_status)
        self.show_status(session.status())

    def show_status(self, status: SaveStatus) -> None:
        failing = status.failing
        self.retry.setVisible(failing)
        self.elsewhere.setVisible(failing)
        if self.session.read_only:
            self._show(self.tr("Read-only"), f"color: {tone('muted')};")
        elif failing:
            self._show(
                self.tr("Not saved — %s") % (status.error or ""),
                f"color: white; background: {ALARM_PAPER}; padding: 2px 8px; font-weight: 600;",
            )
        elif not status.saved:
            # The writer thread has the latest changes on their way to the disk.
            if self._saved_shown:
                if not self._saving_soon.isActive():
                    self._saving_soon.start()
                return
            self._show(self.tr("Saving…"), f"color: {tone('muted')};")
        elif status.warning:
            self._show(
                self.tr("Saved ✓ (%s)") % status.warning, f"color: {tone('warn')};", saved=True
            )
        else:
            self._show(self.tr("Saved ✓"), f"color: {tone('good')}; font-weight: 600;", saved=True)

    def _still_saving(self) -> None:
        self._saved_shown = False
        self.show_status(self.session.status())

    def _show(self, text: str, style: str, *, saved: bool = False) -> None:
        self._saved_shown = saved
        if saved:
            self._saving_soon.stop()
        # While phones write, the state goes saving/saved many times a second:
        # a style sheet set again re-polishes the label, so only when it differs.
        self.label.setText(text)
        if style != self.label.styleSheet():
            self.label.setStyleSheet(style)

    def save_elsewhere(self) -> None:
        workshop = self.session.workshop
        start = str(workshop.path) if workshop.path else str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the workshop elsewhere"),
            start,
            self.tr("Workshops (*.workshop.json)"),
        )
        if chosen:
            try:
                workshop.save_as(Path(chosen))
            except Exception as error:
                self.label.setText(self.tr("Not saved — %s") % error)
            self.moved.emit()


class MessageLine(QLabel):
    """What the window has to say: a refusal in red until the facilitator moves on
    (:meth:`say`), or news that fades (:meth:`tell`)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName(self.tr("Message"))
        self.mood = ""
        """ "bad" while a refusal is shown, "good" for news, "" when empty."""
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.setInterval(FADE_MS)
        self._fade.timeout.connect(lambda: self.say(""))

    def say(self, message: str) -> None:
        """A refusal or a problem, in red, until something else is done."""
        self._show(message, "bad")

    def tell(self, message: str) -> None:
        """News that is not a problem (a card parked, a person added): it fades."""
        self._show(message, "good")
        self._fade.start()

    def moved_on(self) -> None:
        """The facilitator did something else: a refusal about the last thing is old."""
        if self.mood == "bad":
            self.say("")

    def _show(self, message: str, mood: str) -> None:
        self._fade.stop()
        self.mood = mood if message else ""
        self.setText(message)
        self.setStyleSheet(f"color: {tone(mood)};" if message else "")
