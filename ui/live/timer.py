"""The exercise timer: a countdown against the timebox that never loses time used.

The timer belongs to the window, not to a view, so it keeps running while the
facilitator moves around the app. Time used is written to the agenda item every
few seconds while running, and at every pause or switch — a crash costs at most
those few seconds; that record of time is not an undo step. What the facilitator
does to the exercise with the clock — start it (which closes the one left
running), reset its time, add minutes to its timebox — is one core operation and
one undo step each, and the clock follows when Ctrl+Z takes one back.

The time is read from a clock given to the timer (the monotonic clock unless a
test gives its own), so a test moves time on instead of waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.model import AgendaItem
from facilitator.operations import extend_timebox, reset_clock, start_exercise
from facilitator.workshop import Change
from ui.live.session import Session
from ui.theme import ALARM_PAPER, TONES, tone

SAVE_EVERY_MS = 5_000
TICK_MS = 200
TIMING_WIDTH = 130
"""The widest the note of the exercise timed elsewhere gets, under the clock."""


class Phase(Enum):
    """How the countdown looks: calm, hurry up, or time is up."""

    IDLE = "idle"
    CALM = "calm"
    WARN = "warn"  # 20 % or less left
    ALARM = "alarm"  # 5 % or less left, or over time


def phase_for(remaining_s: float, planned_s: float) -> Phase:
    if planned_s <= 0:
        return Phase.CALM if remaining_s >= 0 else Phase.ALARM
    share = remaining_s / planned_s
    if share <= 0.05:
        return Phase.ALARM
    if share <= 0.20:
        return Phase.WARN
    return Phase.CALM


def clock(seconds: float) -> str:
    """12:05, or −2:30 when over time."""
    sign = "−" if seconds < 0 else ""
    whole = abs(int(seconds)) if seconds >= 0 else int(-seconds + 0.999)
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes}:{secs:02d}"


class ExerciseTimer(QObject):
    """Counts the time used on one agenda item against its planned minutes."""

    ticked = Signal(float, object)  # remaining seconds, Phase
    expired = Signal()  # the countdown reached zero (once per run)
    running_changed = Signal(bool)
    told = Signal(str)  # what a reset or added minutes did, for the status bar

    def __init__(
        self,
        session: Session,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.item_id: str | None = None
        self._base_s = 0  # time used before the current run
        self._clock = clock
        self._started = 0.0  # the clock's reading when the current run began
        self._running = False
        self._expired = False
        self._saving = False  # our own record of time used is not news to follow
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.tick)
        self._autosave = QTimer(self)
        self._autosave.setInterval(SAVE_EVERY_MS)
        self._autosave.timeout.connect(self.save)
        session.changed.connect(self._follow)

    # -- what is being timed ---------------------------------------------------------

    def item(self) -> AgendaItem | None:
        if self.item_id is None:
            return None
        found = self.session.workshop.find(self.item_id)
        return found if isinstance(found, AgendaItem) else None

    def attach(self, item_id: str | None) -> None:
        """Time another exercise (pausing, and saving, the current one)."""
        if item_id == self.item_id:
            return
        self.pause()
        self.item_id = item_id
        item = self.item()
        self._base_s = item.elapsed_seconds if item else 0
        self._expired = self.remaining() <= 0
        self._emit()

    @property
    def running(self) -> bool:
        return self._running

    def used(self) -> float:
        extra = self._clock() - self._started if self._running else 0.0
        return self._base_s + extra

    def planned(self) -> float:
        item = self.item()
        return float(item.planned_minutes * 60) if item else 0.0

    def remaining(self) -> float:
        return self.planned() - self.used()

    # -- controls ---------------------------------------------------------------------

    def start(self) -> None:
        item = self.item()
        if item is None or self._running or self.session.read_only:
            return
        self._started = self._clock()
        self._running = True
        self._tick.start()
        self._autosave.start()
        # The exercise runs, and one left running elsewhere is done (the core's rule):
        # an undo step the first time (Ctrl+Z puts the agenda back and stops the clock).
        self.session.perform(partial(start_exercise, self.session.workshop, item.id))
        self.running_changed.emit(True)
        self._emit()

    def pause(self) -> None:
        if not self._running:
            return
        self._base_s = round(self.used())
        self._running = False
        self._tick.stop()
        self._autosave.stop()
        self.save()
        self.running_changed.emit(False)
        self._emit()

    def toggle(self) -> None:
        if self._running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Forget the time used on the exercise (one undo step, and said so)."""
        item = self.item()
        if item is None or self.session.read_only:
            return
        self.save()  # all the time used so far is what Ctrl+Z brings back
        was_running = self._running
        self._running = False
        self._tick.stop()
        self._autosave.stop()
        change = self.session.perform(partial(reset_clock, self.session.workshop, item.id))
        self._base_s = 0
        self._expired = False
        if change is not None:
            self.told.emit(
                self.tr("%s — Ctrl+Z brings it back") % change.label
                if change.records
                else self.tr("No time used on “%s” yet: nothing to reset") % item.summary()
            )
        if was_running:
            self.running_changed.emit(False)
        self._emit()

    def add_minutes(self, minutes: int) -> None:
        """Give the exercise more time: its timebox grows (one undo step, and said so)."""
        item = self.item()
        if item is None or self.session.read_only:
            return
        change = self.session.perform(
            partial(extend_timebox, self.session.workshop, item.id, minutes)
        )
        if change is not None and change.records:
            self.told.emit(self.tr("%s — Ctrl+Z takes it back") % change.label)
        if self.remaining() > 0:
            self._expired = False
        self._emit()

    def save(self) -> None:
        """Write the time used so far to the agenda item (not an undo step)."""
        item = self.item()
        if item is None or self.session.read_only:
            return
        seconds = round(self.used())
        if seconds != item.elapsed_seconds:
            self._saving = True
            try:
                self.session.quietly(
                    lambda: self.session.workshop.update(item.id, elapsed_seconds=seconds)
                )
            finally:
                self._saving = False

    def _follow(self, change: Change) -> None:
        """The exercise timed changed under the clock (an undo or redo of a reset,
        of added minutes, of its start): the clock shows what is recorded, and stops
        if the exercise is no longer the one running."""
        if self._saving or self.item_id is None:
            return
        for rc in change.records:
            before, after = rc.before, rc.after
            if rc.id != self.item_id or not isinstance(before, AgendaItem):
                continue
            if not isinstance(after, AgendaItem):
                continue
            if after.elapsed_seconds != before.elapsed_seconds:
                self._base_s = after.elapsed_seconds
                self._started = self._clock()
            if after.planned_minutes != before.planned_minutes or (
                after.elapsed_seconds != before.elapsed_seconds
            ):
                self._expired = self.remaining() <= 0
            if self._running and before.status == "running" and after.status != "running":
                self.pause()
            self._emit()

    # -- ticking ------------------------------------------------------------------------

    def tick(self) -> None:
        """Show the time left (every 200 ms while running); cue once when it runs out."""
        remaining = self.remaining()
        if remaining <= 0 and not self._expired:
            self._expired = True
            self.expired.emit()
        self._emit()

    def _emit(self) -> None:
        if self.item() is None:
            self.ticked.emit(0.0, Phase.IDLE)
            return
        remaining = self.remaining()
        self.ticked.emit(remaining, phase_for(remaining, self.planned()))


def phase_style(phase: Phase, *, dark: bool | None = None) -> str:
    """The timer's colours for a phase: amber when time is short, white on red at
    the end. *dark* forces a mode (the projector is always dark)."""
    if phase is Phase.WARN:
        light_tone, dark_tone = TONES["warn"]
        colour = tone("warn") if dark is None else (dark_tone if dark else light_tone)
        return f"color: {colour};"
    if phase is Phase.ALARM:
        return f"color: white; background: {ALARM_PAPER}; border-radius: 6px;"
    return ""


class TimerWidget(QWidget):
    """The countdown and its buttons, for the window's toolbar."""

    def __init__(
        self,
        timer: ExerciseTimer,
        parent: QWidget | None = None,
        start: Callable[[], None] | None = None,
    ) -> None:
        """*start* is what Start does (the timer's own start/pause unless given)."""
        super().__init__(parent)
        self.timer = timer
        self.display = QLabel("–:––")
        self.display.setObjectName("timer")
        self.display.setAccessibleName(self.tr("Time left"))
        self.display.setMinimumWidth(110)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Flashing when time is up must not shake the toolbar's buttons sideways.
        policy = self.display.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.display.setSizePolicy(policy)
        self.phase = Phase.IDLE
        # Which exercise the clock is timing, when it is not the one on screen: the
        # timer keeps running while the facilitator looks back at another exercise.
        # Written small under the clock, so the toolbar is no wider for it.
        self.timing = QLabel()
        self.timing.setObjectName("timing_elsewhere")
        self.timing.setAccessibleName(self.tr("Exercise being timed"))
        self.timing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timing.setMaximumWidth(TIMING_WIDTH)
        self.timing.hide()
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip("Ctrl+Space")
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip("Ctrl+R")
        self.plus_one = QPushButton(self.tr("+1 min"))
        self.plus_one.setToolTip("Ctrl+1")
        self.plus_five = QPushButton(self.tr("+5 min"))
        self.plus_five.setToolTip("Ctrl+5")
        toggle = start if start is not None else timer.toggle
        self.start_button.clicked.connect(lambda _checked=False: toggle())
        self.reset_button.clicked.connect(timer.reset)
        self.plus_one.clicked.connect(lambda: timer.add_minutes(1))
        self.plus_five.clicked.connect(lambda: timer.add_minutes(5))
        face = QVBoxLayout()
        face.setSpacing(0)
        face.addWidget(self.display)
        face.addWidget(self.timing)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(face)
        for button in (self.start_button, self.reset_button, self.plus_one, self.plus_five):
            layout.addWidget(button)
        timer.ticked.connect(self.show_time)
        timer.running_changed.connect(self._running)
        timer.expired.connect(self._cue)
        self._flashes = 0
        self._flash = QTimer(self)
        self._flash.setInterval(250)
        self._flash.timeout.connect(self._blink)

    def show_time(self, remaining: float, phase: Phase) -> None:
        self.display.setText("–:––" if phase is Phase.IDLE else clock(remaining))
        self.phase = phase
        self._paint_display()

    def _paint_display(self) -> None:
        # A clock timing another exercise is smaller, with that exercise named under
        # it in the height the big clock takes: the toolbar keeps its size.
        size = (
            "15pt; padding: 0px 10px"
            if self.timing.isVisibleTo(self)
            else "20pt; padding: 2px 10px"
        )
        self.display.setStyleSheet(
            f"QLabel#timer {{ font-size: {size}; font-weight: 600; {phase_style(self.phase)} }}"
        )

    def _running(self, running: bool) -> None:
        self.start_button.setText(self.tr("Pause") if running else self.tr("Start"))

    def show_timing(self, exercise: str) -> None:
        """Name the exercise being timed when it is not the one shown ("" hides it)."""
        text = self.tr("timing: %s") % exercise if exercise else ""
        self.timing.ensurePolished()  # measured in the style sheet's small type
        metrics = self.timing.fontMetrics()
        self.timing.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, TIMING_WIDTH))
        self.timing.setToolTip(text)
        self.timing.setVisible(bool(exercise))
        self._paint_display()

    def _cue(self) -> None:
        """Time is up: a beep and a few flashes, enough to notice, not to startle."""
        QApplication.beep()
        self._flashes = 8
        self._flash.start()

    def _blink(self) -> None:
        self._flashes -= 1
        self.display.setVisible(self._flashes % 2 == 0 or self._flashes <= 0)
        if self._flashes <= 0:
            self._flash.stop()
            self.display.setVisible(True)
