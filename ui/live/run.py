"""The run control: which exercise is on, its step, its view, what the room may see, the clock.

The live window shows one exercise at a time. :class:`RunControl` keeps what
belongs to running it — the step each exercise is at, the exercise's own view
(vote, matrix, readiness, spend, commitments) or the card board, whether a
silent-writing step has been revealed to the room — and keeps the board's
headings, the step buttons, the Reveal button, the projector and the timer in
step with it. What an exercise's template says (its steps, views, privacy) is
read through :class:`facilitator.exercise.Exercise`; what happens to the
workshop goes through the session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

from facilitator.agenda import finished
from facilitator.exercise import Exercise
from facilitator.model import AgendaItem
from ui.live.board import ExerciseBoard
from ui.live.projector import ProjectorWindow
from ui.live.session import Session
from ui.live.timer import ExerciseTimer, Phase, TimerWidget
from ui.live.views import ExerciseView, view_class


class RunControl(QObject):
    """The exercise being run (see the module docstring)."""

    record_selected = Signal(object)  # a record an exercise view chose, for the inspector
    view_shown = Signal()  # the view in the middle changed (the board, or a view)
    moved = Signal()  # the facilitator went to another exercise or step

    def __init__(
        self,
        session: Session,
        timer: ExerciseTimer,
        board: ExerciseBoard,
        projector: ProjectorWindow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = timer
        self.board = board
        self.projector = projector
        self.item: AgendaItem | None = None
        self.step_index: dict[str, int] = {}
        """The step each exercise is at (an exercise looked back at keeps its place)."""
        self.revealed_steps: set[tuple[str, int]] = set()
        self.views: dict[str, ExerciseView] = {}
        self.current_view: ExerciseView | None = None
        self.shown_view = "cards"
        self.timer_widget = TimerWidget(timer, start=self.toggle_clock)
        self.previous_step = QPushButton(self.tr("◀ Step"))
        self.next_step = QPushButton(self.tr("Step ▶"))
        self.previous_step.setToolTip("Ctrl+Left")
        self.next_step.setToolTip("Ctrl+Right")
        self.previous_step.clicked.connect(lambda: self.go_step(-1))
        self.next_step.clicked.connect(lambda: self.go_step(+1))
        self.reveal_button = QPushButton(self.tr("Reveal"))
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip(self.tr("Show the room what it cannot see yet (F6)"))
        self.reveal_button.toggled.connect(self.set_revealed)
        timer.ticked.connect(self._projector_time)
        timer.running_changed.connect(self._timer_running)

    # -- the exercise -------------------------------------------------------------------

    @property
    def exercise(self) -> Exercise | None:
        return Exercise(self.item) if self.item is not None else None

    @property
    def captures(self) -> str:
        """What the exercise on screen captures ("problem", "idea" …, or "none")."""
        exercise = self.exercise
        return exercise.captures if exercise is not None else "none"

    def fields(self) -> list[dict[str, object]]:
        """The fields the exercise's template lists for its cards (for the inspector)."""
        exercise = self.exercise
        return exercise.fields if exercise is not None else []

    def shows(self, item: AgendaItem | None) -> bool:
        """*item* is the exercise on screen, as it was planned (only its times or
        place on the agenda may have changed)."""
        return (
            item is not None
            and self.item is not None
            and item.id == self.item.id
            and item.template == self.item.template
        )

    def show(self, item: AgendaItem | None) -> None:
        """Run *item* (None: no exercise): its step, its view, its clock."""
        self.item = item
        self.moved.emit()
        if not self.timer.running:  # a running clock keeps timing its own exercise
            self.timer.attach(item.id if item else None)
        self._show_timing()
        self._show_step()
        self._show_view()

    def follow(self, item: AgendaItem) -> None:
        """The exercise on screen changed in the workshop (its timebox, its place, an
        update of its template undone): shown as it now is, where the facilitator is."""
        template_changed = self.item is None or item.template != self.item.template
        self.item = item
        self._show_step()
        if template_changed:
            self._show_view()

    # -- steps --------------------------------------------------------------------------

    def step(self) -> int:
        """The step the exercise on screen is at (from 0)."""
        return self.step_index.get(self.item.id, 0) if self.item else 0

    def go_step(self, offset: int) -> None:
        exercise = self.exercise
        if exercise is None:
            return
        self.step_index[exercise.id] = exercise.clamp(self.step() + offset)
        self.moved.emit()
        self._show_step()
        if self.view_name() != self.shown_view:
            self._show_view()  # e.g. from grouping on the board to the vote
        self._show_privacy()

    def _show_step(self) -> None:
        exercise = self.exercise
        index = self.step()
        step = exercise.step(index) if exercise is not None else None
        count = len(exercise.steps) if exercise is not None else 0
        title = exercise.title if exercise is not None else ""
        self.board.title.setText(title)
        self.board.step.setText(
            self.tr("Step %d of %d: %s · %s min") % (index + 1, count, step.title, step.minutes)
            if step is not None
            else ""
        )
        self.board.prompt.setText(step.prompt if step else "")
        self.board.script.setText(step.facilitator if step else "")
        self.previous_step.setEnabled(index > 0)
        self.next_step.setEnabled(index < count - 1)
        self.projector.show_exercise(title, step.title if step else "", step.prompt if step else "")

    # -- the exercise's own view, and what the room may see ----------------------------

    def view_name(self) -> str:
        """The view of the current step: its own (the board, to group before a vote)
        or the exercise's."""
        exercise = self.exercise
        return exercise.view_at(self.step()) if exercise is not None else "cards"

    def private_step(self) -> bool:
        """A silent-writing step: the room sees how many cards, not what they say."""
        exercise = self.exercise
        return exercise is not None and exercise.private_at(self.step())

    def _show_view(self) -> None:
        name = self.shown_view = self.view_name()
        for shown in self.views.values():
            shown.active = False
        kind = view_class(name)
        if kind is None or self.item is None:
            self.current_view = None
            self.board.body.setCurrentWidget(self.board.card_page)
            self.projector.set_view(None)
        else:
            found = self.views.get(name)
            view = found if found is not None else kind(self.session)
            if found is None:
                view.record_selected.connect(self.record_selected.emit)
                view.reveal_changed.connect(self._view_revealed)
                self.board.body.addWidget(view)
                self.views[name] = view
            view.show_item(self.item)
            self.current_view = view
            self.board.body.setCurrentWidget(view)
            self.projector.set_view(view.projector_view())
        self._view_revealed(self.current_view is not None and self.current_view.is_revealed())
        self._show_privacy()
        self.view_shown.emit()

    def _view_revealed(self, revealed: bool) -> None:
        """The toolbar's Reveal says what the view shows, whichever button revealed it."""
        self.reveal_button.blockSignals(True)
        self.reveal_button.setChecked(revealed)
        self.reveal_button.blockSignals(False)

    def set_revealed(self, revealed: bool) -> None:
        """The facilitator's Reveal (F6): the exercise's view shows the room what it
        hides (the vote), or a silent-writing step shows its cards."""
        if self.reveal_button.isChecked() != revealed:
            self.reveal_button.setChecked(revealed)  # comes back here through toggled
            return
        if self.current_view is not None:
            self.current_view.set_revealed(revealed)
        elif self.item is not None:
            key = (self.item.id, self.step())
            if revealed:
                self.revealed_steps.add(key)
            else:
                self.revealed_steps.discard(key)
        self._show_privacy()

    def _show_privacy(self) -> None:
        key = (self.item.id, self.step()) if self.item else None
        private = self.current_view is None and self.private_step()
        hidden = private and key not in self.revealed_steps
        self.projector.set_private(hidden)
        if private:
            self.reveal_button.blockSignals(True)
            self.reveal_button.setChecked(not hidden)
            self.reveal_button.blockSignals(False)
        self.reveal_button.setEnabled(private or self.current_view is not None)

    # -- the clock ----------------------------------------------------------------------

    def toggle_clock(self) -> None:
        """Start (Ctrl+Space): the clock of the exercise on screen starts or pauses.
        On an exercise other than the one being timed, its clock starts — and the
        one left running stops and is done (the core's rule)."""
        if self.item is not None and self.timer.item_id != self.item.id:
            self.timer.attach(self.item.id)  # the other exercise's time is saved
            self.timer.start()
            return
        self.timer.toggle()

    def _timer_running(self, running: bool) -> None:
        if not running and self.item is not None and self.timer.item_id != self.item.id:
            # Paused while looking at another exercise: the clock comes to this one,
            # so Start times what is on screen.
            self.timer.attach(self.item.id)
        self._show_timing()

    def _show_timing(self) -> None:
        timed = self.timer.item()
        here = timed is None or (self.item is not None and timed.id == self.item.id)
        # Start starts what is on screen: "Pause" only when the clock times it.
        pausing = self.timer.running and here
        self.timer_widget.start_button.setText(self.tr("Pause") if pausing else self.tr("Start"))
        if timed is None or here:
            self.timer_widget.show_timing("")
            return
        agenda = self.session.workshop.typed(AgendaItem)
        number = next((n for n, i in enumerate(agenda, start=1) if i.id == timed.id), 0)
        self.timer_widget.show_timing(f"{number}. {timed.summary()}")

    def _projector_time(self, remaining: float, phase: Phase) -> None:
        # The room sees the clock of the exercise on the wall only: not another
        # exercise's countdown under this one's title.
        live = (
            self.item is not None
            and self.timer.item_id == self.item.id
            and (self.timer.running or not finished(self.item))
        )
        self.projector.show_time(remaining, phase, visible=live)
