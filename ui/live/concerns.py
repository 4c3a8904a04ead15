"""The concerns at a glance: how many of each kind, above the cards and on the projector.

While an exercise captures concerns (People and change), a row of chips sits
above the cards — ``All 12 · Jobs 3 · Trust 2 · …`` — counted live as concerns
are captured, sorted into categories or deleted. Clicking a chip shows only that
category's cards, on the board and on the projector (the facilitator saying
"now the job worries" and the room seeing them); clicking it again, or All,
shows every card. The chips keep a fixed order so that they do not move under
the mouse; the projector's line ranks the categories, most concerns first, as
the brief does.

The filter is the card views' proxies' own (:meth:`BoardProxy.set_category
<ui.live.models.BoardProxy.set_category>`), beside the board's search: a card
filtered out leaves the selection with its row, so Delete never removes a card
nobody can see.
"""

from __future__ import annotations

import html
from collections import Counter

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from facilitator import scoring
from facilitator.model import Concern
from facilitator.workshop import Change
from ui.flow import FlowLayout
from ui.live.board import ExerciseBoard
from ui.live.models import RECORD_ROLE, BoardProxy
from ui.live.projector import ProjectorWindow
from ui.live.session import Session
from ui.theme import tone

CATEGORIES = tuple(scoring.CATEGORY_LABELS)
ROOM_CHOSEN = "background: #9CC3E6; color: #0F2233;"


def chip_text(label: str, count: int) -> str:
    return f"{label} {count}"


def room_text(concerns: list[Concern], chosen: str | None) -> str:
    """The projector's line: categories ranked as in the brief, the chosen one lit."""
    parts = []
    for label, count in scoring.concerns_by_category(concerns):
        text = html.escape(chip_text(label, count)).replace(" ", "&nbsp;")
        if chosen is not None and scoring.CATEGORY_LABELS[chosen] == label:
            text = f"<span style='{ROOM_CHOSEN}'>&nbsp;{text}&nbsp;</span>"
        parts.append(text)
    return " &nbsp;·&nbsp; ".join(parts)


class ConcernSummary(QWidget):
    """Concerns by category, as chips that filter the cards (see the module docstring)."""

    category_chosen = Signal(object)  # a category of CONCERN_CATEGORIES, or None for all

    def __init__(
        self,
        session: Session,
        cards: QListView | None = None,
        room_cards: QListView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.cards = cards
        self.room_cards = room_cards
        self.concerns: list[Concern] = []
        self.counts: Counter[str] = Counter()
        self.anonymous_count = 0
        self.chosen: str | None = None
        self.following = False
        self._sheet = ""

        self.all_chip = self._chip(None)
        self.chips = {category: self._chip(category) for category in CATEGORIES}
        self.anonymous = QLabel()
        self.anonymous.setObjectName("muted")
        self.anonymous.setMinimumWidth(1)  # on a line of its own when short of room
        self.anonymous.setMinimumHeight(self.all_chip.sizeHint().height())  # level with them
        # The chips wrap onto a second line rather than widen the board: at 200 %
        # scaling it may be only a few hundred pixels wide.
        row = FlowLayout(self)
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(self.all_chip)
        for chip in self.chips.values():
            row.addWidget(chip)
        row.addWidget(self.anonymous)
        self.setAccessibleName(self.tr("Concerns by category"))

        self.mirror = QLabel()
        """The projector's line (placed in the projector window by :meth:`install`)."""
        self.mirror.setObjectName("projector_concerns")
        self.mirror.setStyleSheet("QLabel#projector_concerns { font-size: 24pt; color: #C9D6E2; }")
        self.mirror.setWordWrap(True)
        self.mirror.setTextFormat(Qt.TextFormat.RichText)  # even with no category lit
        self.mirror.setAccessibleName(self.tr("Concerns by category on the projector"))
        self.mirror.hide()
        stack = room_cards.parentWidget() if room_cards is not None else None
        if isinstance(stack, QStackedWidget):
            # Silent writing shows the room no cards: then no summary either.
            stack.currentChanged.connect(lambda _i: self._show_mirror())
        self._restyle()
        self.hide()
        session.changed.connect(self._changed)

    @classmethod
    def install(
        cls, session: Session, board: ExerciseBoard, projector: ProjectorWindow
    ) -> ConcernSummary:
        """Make the summary for a live window: above the board's cards, its line on the
        projector under the card count."""
        summary = cls(session, board.cards, projector.cards)
        column = board.card_page.layout()
        assert isinstance(column, QBoxLayout)
        column.insertWidget(0, summary)
        room = projector.layout()
        assert isinstance(room, QBoxLayout)
        room.insertWidget(room.indexOf(projector.count) + 1, summary.mirror)
        return summary

    def _chip(self, category: str | None) -> QPushButton:
        chip = QPushButton()
        chip.setObjectName("chip")
        chip.setCheckable(True)
        chip.setAutoDefault(False)
        chip.clicked.connect(lambda on: self.choose(category if on else None))
        return chip

    # -- following the exercise -----------------------------------------------------------

    def follow(self, on: bool) -> None:
        """Show the summary (True: the exercise shown captures concerns) and filter the
        card views' current models; False hides it and shows every card again."""
        self.following = on
        if not on:
            self.chosen = None
            self._apply_filter()
            self.hide()
            self.mirror.hide()
            return
        self._apply_filter()
        self.show()
        self._recount()

    def choose(self, category: str | None) -> None:
        """Show only *category*'s cards (None: all of them)."""
        self.chosen = category
        self._update_chips()
        self._apply_filter()
        self.category_chosen.emit(category)

    def _changed(self, change: Change) -> None:
        if self.following and any(rc.table == "concerns" for rc in change.records):
            self._recount()

    def _recount(self) -> None:
        self.concerns = concerns = self.session.workshop.typed(Concern)
        self.counts = Counter(c.category for c in concerns)
        self.anonymous_count = sum(1 for c in concerns if c.anonymous)
        if self.chosen is not None and not self.counts[self.chosen]:
            self.chosen = None  # its last card went: show them all again
            self._apply_filter()
        self._update_chips()

    def _update_chips(self) -> None:
        total = sum(self.counts.values())
        self.all_chip.setText(chip_text(self.tr("All"), total))
        self.all_chip.setChecked(self.chosen is None)
        self.all_chip.setToolTip(self.tr("Show every concern"))
        for category, chip in self.chips.items():
            count = self.counts[category]
            label = self.tr(scoring.CATEGORY_LABELS[category])
            chip.setText(chip_text(label, count).replace("&", "&&"))  # not a shortcut key
            chip.setVisible(count > 0)  # a chip appears with its category's first card
            chip.setChecked(self.chosen == category)
            chip.setToolTip(
                self.tr("Show only the %s concerns; click again to show all") % label.lower()
            )
        if self.chosen is not None:
            shown = self.counts[self.chosen]
            self.anonymous.setText(
                self.tr("Showing %d of %d · All shows every card") % (shown, total)
            )
        else:
            self.anonymous.setText(
                self.tr("%d of %d anonymous") % (self.anonymous_count, total) if total else ""
            )
        self.mirror.setText(room_text(self.concerns, self.chosen))
        self._show_mirror()

    def _show_mirror(self) -> None:
        room = self.room_cards
        stack = room.parentWidget() if room is not None else None
        showing_cards = not isinstance(stack, QStackedWidget) or stack.currentWidget() is room
        self.mirror.setVisible(self.following and bool(self.counts) and showing_cards)

    # -- filtering the cards --------------------------------------------------------------

    def _views(self) -> list[QListView]:
        return [v for v in (self.cards, self.room_cards) if v is not None]

    def _apply_filter(self) -> None:
        for view in self._views():
            model = view.model()
            if isinstance(model, BoardProxy):
                model.set_category(self.chosen)

    def shown_cards(self, view: QListView) -> list[Concern]:
        """The concerns *view* shows now, in its order."""
        model = view.model()
        if model is None:
            return []
        rows = (model.index(r, 0) for r in range(model.rowCount()))
        return [card for index in rows if isinstance(card := index.data(RECORD_ROLE), Concern)]

    # -- looks --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()  # light or dark mode changed under us

    def _restyle(self) -> None:
        sheet = (
            "QPushButton#chip { padding: 2px 12px; border-radius: 11px;"
            " border: 1px solid palette(mid); background: palette(base); }"
            f" QPushButton#chip:checked {{ background: {tone('accent')};"
            f" border-color: {tone('accent')}; color: palette(base); font-weight: 600; }}"
        )
        if sheet != self._sheet:
            self._sheet = sheet
            self.setStyleSheet(sheet)
