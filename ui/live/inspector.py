"""The inspector: every field of the selected card, as its exercise defines it.

Fields come from the template snapshot of the exercise (its labels, help and
types), after the card's own text. Each edit is one core update — validated
there, undoable, saved at once; a refused value shows its reason under the
field and the field goes back to the saved value. Ideas get a type-ahead
problem picker: an idea never exists without the problem it solves.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator import scoring
from facilitator.model import (
    MAX_TEXT,
    Concern,
    Idea,
    Licence,
    Participant,
    Problem,
    Readiness,
    Record,
    WorkshopMeta,
    clipped,
)
from facilitator.operations import set_author
from facilitator.templates import allowed_fields
from facilitator.workshop import Change
from ui.live.dates import DueEditor
from ui.live.session import Session
from ui.theme import tone

NOT_SET = "—"
MAIN_FIELD = {"participant": "name", "licence": "tool", "workshop": "title"}
META_FIELDS: list[dict[str, Any]] = [
    {"key": "client", "label": "Client", "type": "text"},
    {"key": "date", "label": "Date", "type": "date"},
    {"key": "start_time", "label": "Starts at (e.g. 09:30)", "type": "text"},
    {"key": "facilitators", "label": "Facilitators", "type": "names"},
    {
        "key": "objective",
        "label": "Objective (the mandate the brief opens with)",
        "type": "longtext",
    },
    {"key": "currency", "label": "Currency (ISO code: EUR, USD, GBP …)", "type": "text"},
    {"key": "confidentiality", "label": "Confidentiality line", "type": "text"},
]
"""The workshop's own details, edited in the inspector like any record."""


def default_fields(record: Record) -> list[dict[str, Any]]:
    """Fields for a card whose exercise defines none: every editable field."""
    out = []
    for key, types in allowed_fields(record.kind).items():
        spec = record.field_specs().get(key.split(".")[0])
        label = spec.label if spec is not None and "." not in key else key.split(".", 1)[1]
        entry: dict[str, Any] = {"key": key, "label": label, "type": types[0]}
        if types[0] == "scale":
            entry.update(min=1, max=5)
        if types[0] == "choice" and spec is not None:
            entry["choices"] = list(spec.choices)
        out.append(entry)
    return out


class MoneyBox(QDoubleSpinBox):
    """An amount, or "—" (not known) one step below zero. Up from "—" is 0, not 0.99:
    the arrow must not invent a price."""

    def stepBy(self, steps: int) -> None:
        if self.value() < 0 and steps > 0:
            self.setValue(0)
            steps -= 1
        if steps:
            super().stepBy(steps)


class _FocusOut(QObject):
    """Calls back when a multi-line box loses focus (its edit is then complete)."""

    def __init__(self, callback: Any) -> None:
        super().__init__()
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class Inspector(QWidget):
    """Edit the selected card, field by field; Escape goes back to the cards."""

    escaped = Signal()
    inspecting = Signal(bool)  # a record is shown (True), or nothing is (False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # a field left it to us: back to the room
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.record: Record | None = None
        self.fields: list[dict[str, Any]] = []
        self._given_fields: list[dict[str, Any]] | None = None
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._filters: list[_FocusOut] = []
        # Editors that list the people in the room: refilled when someone joins.
        self._author_boxes: list[QComboBox] = []
        self._name_completers: list[QCompleter] = []
        self.heading = QLabel(self.tr("Nothing selected"))
        self.heading.setObjectName("section")
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        # Labels above their fields: the dock is narrow, and long labels beside
        # the fields pushed them out of sight.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        session.changed.connect(self._changed)

    # -- showing a record ------------------------------------------------------------

    def show_record(self, record: Record | None, fields: list[dict[str, Any]] | None) -> None:
        same_form = (
            record is not None
            and self.record is not None
            and record.table == self.record.table
            and bool(self.editors)
            and (fields or None) == (self._given_fields or None)
        )
        again = same_form and record is self.record
        self._given_fields = fields
        self.record = record
        self.inspecting.emit(record is not None)
        if again:
            return  # the card just captured is both current and selected: shown once
        if same_form:  # another card of the same kind: refill the form, don't rebuild it
            for label in self.errors.values():
                label.hide()
            self._load_values()
            return
        self.fields = fields if fields else (default_fields(record) if record else [])
        self._rebuild()

    def _changed(self, change: Change) -> None:
        if any(rc.table == "participants" for rc in change.records):
            self._refill_people()
        if self.record is None:
            return
        if isinstance(self.record, Idea) and any(rc.table == "licences" for rc in change.records):
            # The licences a use case may draw on changed (a deleted one unlinks it).
            self.record = self.session.workshop.get(self.record.id)
            self._rebuild()
            return
        for rc in change.records:
            if rc.id == self.record.id:
                self.record = rc.after
                if rc.after is None:
                    self._rebuild()
                else:
                    self._load_values()
                return
        if isinstance(self.record, Idea | Concern) and any(
            rc.table in ("problems", "ideas", "participants") for rc in change.records
        ):
            self._load_values()  # names of linked records may have changed

    def _refill_people(self) -> None:
        people = self.session.workshop.typed(Participant)
        for combo in self._author_boxes:
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:  # keep "Anonymous / not recorded"
                combo.removeItem(1)
            for person in people:
                combo.addItem(person.name, person.id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)
        for completer in self._name_completers:
            completer.setModel(QStringListModel([p.name for p in people], completer))
        if self.record is not None:
            self._load_values()

    def _rebuild(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors.clear()
        self.errors.clear()
        self._filters.clear()
        self._author_boxes.clear()
        self._name_completers.clear()
        record = self.record
        if record is None:
            self.heading.setText(self.tr("Nothing selected"))
            return
        self.heading.setText(record.label)
        main = MAIN_FIELD.get(record.kind, "text")
        # A card's text may run to several lines; a workshop's title is one line (it is
        # the window's title, the cover's, the recent list's).
        one_line = isinstance(record, WorkshopMeta)
        self._add_row(
            main,
            {
                "key": main,
                "label": record.field_specs()[main].label,
                "type": "text" if one_line else "longtext",
            },
        )
        for entry in self.fields:
            key = str(entry.get("key", ""))
            if key == main or not self._has(record, key):
                continue
            self._add_row(key, entry)
        # Yes/no facts a template cannot ask for as a field (it sets them for the
        # exercise), but the facilitator must be able to change on one card.
        for kind, key, label in (
            (Concern, "anonymous", "Anonymous (no name anywhere, not even in the brief)"),
            (Idea, "shortlisted", "Shortlisted for the last mile"),
        ):
            if isinstance(record, kind) and not self._listed(key):
                self._add_row(key, {"key": key, "label": label, "type": "bool"})
        if isinstance(record, Problem | Idea | Concern) and not self._listed("participant_id"):
            self._add_row(
                "participant_id", {"key": "participant_id", "label": "Raised by", "type": "author"}
            )
        if isinstance(record, Idea) and not self._listed("problem_ids"):
            self._add_row(
                "problem_ids",
                {"key": "problem_ids", "label": "Solves problems", "type": "problem_link"},
            )
        # What the brief's spend and risk pages need of a card, whatever its exercise asked.
        if isinstance(record, Idea) and not self._listed("licence_id"):
            self._add_row(
                "licence_id",
                {"key": "licence_id", "label": self.tr("Draws on licence"), "type": "licence"},
            )
        if isinstance(record, Concern) and not self._listed("due"):
            self._add_row("due", {"key": "due", "label": self.tr("Mitigation due"), "type": "date"})
        self._load_values()

    def _listed(self, key: str) -> bool:
        return key in self.editors

    @staticmethod
    def _has(record: Record, key: str) -> bool:
        return key.split(".", maxsplit=1)[0] in record.field_specs()

    def _add_row(self, key: str, entry: dict[str, Any]) -> None:
        editor = self._editor_for(key, entry)
        editor.setAccessibleName(str(entry.get("label", key)))
        if entry.get("help"):
            editor.setToolTip(str(entry["help"]))
            editor.setProperty("help", str(entry["help"]))
        error = QLabel()
        error.setObjectName("error")
        error.setStyleSheet(f"color: {tone('bad')};")
        error.setWordWrap(True)
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(editor)
        column.addWidget(error)
        label = QLabel(str(entry.get("label", key)))
        label.setWordWrap(True)  # a long label must not widen the narrow dock
        label.setBuddy(editor)
        if isinstance(editor, QComboBox):
            # Size to a few characters, not the longest name in the room.
            editor.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            editor.setMinimumContentsLength(8)
        # The label on a row of its own, as wide as the dock: given the label's place
        # in the form, a long label keeps the width of its one-line size hint and its
        # end is cut off at the dock's edge ("…the brief open").
        self.form.addRow(label)
        self.form.addRow(holder)
        self.editors[key] = editor
        self.errors[key] = error
        editor.setEnabled(not self.session.read_only)

    def _editor_for(self, key: str, entry: dict[str, Any]) -> QWidget:
        kind = entry.get("type", "text")
        commit = partial(self._commit, key)
        if kind == "longtext":
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
            watcher = _FocusOut(commit)
            box.installEventFilter(watcher)
            self._filters.append(watcher)
            return box
        if kind == "scale":
            spin = QSpinBox()
            low, high = int(entry.get("min", 1)), int(entry.get("max", 5))
            spin.setRange(low - 1, high)
            spin.setSpecialValueText(NOT_SET)  # the value below min means "not scored"
            spin.valueChanged.connect(lambda _v: commit())
            return spin
        if kind == "number":
            number = QSpinBox()
            number.setRange(0, 10_000_000)
            number.setGroupSeparatorShown(True)
            number.editingFinished.connect(commit)
            return number
        if kind == "money":
            money = MoneyBox()
            # One step below zero is "not known": an unknown price is not a price of 0.
            money.setRange(-0.01, 1e12)
            money.setSpecialValueText(NOT_SET)
            money.setDecimals(2)
            money.setGroupSeparatorShown(True)
            money.editingFinished.connect(commit)
            return money
        if kind == "percent":
            share = QSpinBox()
            share.setRange(-1, 100)
            share.setSuffix(" %")
            share.setSpecialValueText(NOT_SET)
            share.editingFinished.connect(commit)
            return share
        if kind == "choice":
            combo = QComboBox()
            combo.addItem(NOT_SET, None)
            for choice in entry.get("choices", []):
                named = scoring.CATEGORY_LABELS.get(str(choice)) if key == "category" else None
                combo.addItem(named or str(choice).replace("_", " "), choice)
            combo.currentIndexChanged.connect(lambda _i: commit())
            return combo
        if kind == "bool":
            check = QCheckBox()
            check.toggled.connect(lambda _on: commit())
            return check
        if kind == "author":
            return self._author_editor(commit)
        if kind == "licence":
            licences = QComboBox()
            licences.addItem(self.tr("None named"), None)
            for licence in self.session.workshop.typed(Licence):
                licences.addItem(licence.tool, licence.id)
            licences.currentIndexChanged.connect(lambda _i: commit())
            return licences
        if kind in ("problem_link", "idea_link"):
            table = "problems" if kind == "problem_link" else "ideas"
            return LinkPicker(self.session, table, partial(self._links_changed, key))
        if kind == "date":
            due = DueEditor(says_when_empty=True)
            due.editingFinished.connect(commit)
            due.calendarWidget().clicked.connect(lambda _day: commit())
            return due
        line = QLineEdit()
        if kind == "names":  # several names on one line, kept as a list
            line.setProperty("names", True)
            line.setPlaceholderText(self.tr("Names, separated by commas"))
        if kind == "person":
            names = [p.name for p in self.session.workshop.typed(Participant)]
            completer = QCompleter(names, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            line.setCompleter(completer)
            self._name_completers.append(completer)
        line.editingFinished.connect(commit)
        return line

    def _author_editor(self, commit: Any) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("Anonymous / not recorded"), None)
        for person in self.session.workshop.typed(Participant):
            combo.addItem(person.name, person.id)
        combo.currentIndexChanged.connect(lambda _i: commit())
        self._author_boxes.append(combo)
        return combo

    # -- values in and out -----------------------------------------------------------------

    def _load_values(self) -> None:
        record = self.record
        if record is None:
            return
        for key, editor in self.editors.items():
            editor.blockSignals(True)
            try:
                self._put(editor, self._value(record, key))
            finally:
                editor.blockSignals(False)

    @staticmethod
    def _value(record: Record, key: str) -> Any:
        if key.startswith("readiness."):
            parts = key.split(".")
            rating = getattr(record.readiness, parts[1])  # type: ignore[attr-defined]
            return rating.note if len(parts) == 3 else rating.score
        return getattr(record, key, None)

    def _put(self, editor: QWidget, value: Any) -> None:
        if isinstance(editor, DueEditor):
            editor.set_due(value)
        elif isinstance(editor, QPlainTextEdit):
            if not self._too_long(editor, value) and editor.toPlainText() != (value or ""):
                editor.setPlainText(value or "")
        elif isinstance(editor, QSpinBox):
            if editor.suffix() == " %":
                editor.setValue(-1 if value is None else round(value * 100))
            else:
                editor.setValue(editor.minimum() if value is None else int(value))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(editor.minimum() if value is None else float(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, LinkPicker):
            editor.set_links(
                list(value) if isinstance(value, tuple | list) else ([value] if value else [])
            )
        elif isinstance(editor, QLineEdit) and editor.property("names"):
            editor.setText(", ".join(value or ()))
        elif isinstance(editor, QLineEdit) and self._too_long(editor, value):
            editor.setCursorPosition(0)
        elif isinstance(editor, QLineEdit) and editor.text() != (value or ""):
            editor.setText("" if value is None else str(value))
            # Show the start of a long value, not its tail.
            editor.setCursorPosition(0)

    def _too_long(self, editor: QPlainTextEdit | QLineEdit, value: Any) -> bool:
        """A text longer than a card may hold (written before the limit) is shown in
        part, read-only, and never written back: the part would cut the rest."""
        too_long = isinstance(value, str) and len(value) > MAX_TEXT
        # Set only what differs: the form is filled again for every card the
        # facilitator lands on, and each setter sends the editor events.
        if editor.isReadOnly() != too_long:
            editor.setReadOnly(too_long)
        if bool(editor.property("clipped")) != too_long:
            editor.setProperty("clipped", too_long)
        if too_long:
            shown = clipped(value, MAX_TEXT)
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(shown)
            else:
                editor.setText(shown)
            editor.setToolTip(
                self.tr(
                    "%s characters, more than a card holds (%s): kept whole, shown in part "
                    "and not editable here"
                )
                % (f"{len(value):,}", f"{MAX_TEXT:,}")
            )
        else:
            tip = str(editor.property("help") or "")
            if editor.toolTip() != tip:
                editor.setToolTip(tip)
        return too_long

    def _read(self, editor: QWidget) -> Any:
        if isinstance(editor, DueEditor):
            return editor.due()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QSpinBox):
            if editor.suffix() == " %":
                return None if editor.value() < 0 else editor.value() / 100
            return (
                None
                if editor.specialValueText() and editor.value() == editor.minimum()
                else editor.value()
            )
        if isinstance(editor, QDoubleSpinBox):
            return None if editor.value() < 0 else editor.value()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QLineEdit) and editor.property("names"):
            return tuple(name.strip() for name in editor.text().split(",") if name.strip())
        if isinstance(editor, QLineEdit):
            return editor.text()
        return None

    def _commit(self, key: str) -> None:
        record = self.record
        editor = self.editors.get(key)
        if record is None or editor is None or self.session.read_only:
            return
        if editor.property("clipped"):  # shown in part: the whole stays as it is
            return
        value = self._read(editor)
        if isinstance(editor, DueEditor) and editor.refusal:  # words that name no day
            self.errors[key].setText(editor.refusal)
            self.errors[key].show()
            return
        if value == self._value(record, key):
            self.errors[key].hide()
            return
        if key.startswith("readiness."):
            parts = key.split(".")
            readiness: Readiness = record.readiness  # type: ignore[attr-defined]
            change = {"note": value} if len(parts) == 3 else {"score": value}
            values: dict[str, Any] = {"readiness": readiness.with_rating(parts[1], **change)}
        elif key == "participant_id":
            # Naming who raised a concern makes it not anonymous (and naming nobody,
            # anonymous again): the core's rule.
            self._apply(key, partial(set_author, self.session.workshop, record.id, value))
            return
        else:
            values = {key: value}
        self._apply(key, values)

    def _links_changed(self, key: str, ids: list[str]) -> None:
        record = self.record
        if record is None:
            return
        spec = record.field_specs().get(key)
        single = spec is not None and spec.kind.name == "REF"
        self._apply(key, {key: (ids[0] if ids else None) if single else ids})

    def _apply(self, key: str, values: dict[str, Any] | Callable[[], Record]) -> None:
        """Save *values* on the record (or run the operation *values*); a refusal
        shows under the field, and the field goes back to what is saved."""
        record = self.record
        assert record is not None
        operation = (
            values
            if callable(values)
            else partial(self.session.workshop.update, record.id, **values)
        )
        errors: list[str] = []

        def collect(message: str) -> None:
            errors.append(message)

        self.session.failed.connect(collect)
        try:
            self.session.perform(operation)
        finally:
            self.session.failed.disconnect(collect)
        label = self.errors.get(key)
        if errors:
            if label is not None:
                label.setText(errors[0])
                label.show()
            self._load_values()  # back to what is saved
        elif label is not None:
            label.hide()


class LinkPicker(QWidget):
    """Linked problems (or ideas): a list with Remove, and a type-ahead box to add one."""

    def __init__(self, session: Session, table: str, changed: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.session = session
        self.table = table
        self.changed = changed
        self.ids: list[str] = []
        self.linked = QStandardItemModel(self)
        self.view = QListView()
        self.view.setModel(self.linked)
        self.view.setMaximumHeight(90)
        self.view.setWordWrap(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setAccessibleName(f"Linked {table}")
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Type to find a problem…")
            if table == "problems"
            else self.tr("Type to find an idea…")
        )
        self.search.setAccessibleName(f"Link a {table[:-1]}")
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self.search)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.search.setCompleter(self.completer)
        self.completer.activated.connect(self.link_text)
        self.search.returnPressed.connect(lambda: self.link_text(self.search.text()))
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(row)
        # The search box gets the full width of the narrow dock: it is the way in.
        layout.addWidget(self.search)

    def _choices(self) -> dict[str, str]:
        return {r.summary(): r.id for r in self.session.workshop.records(self.table)}

    def set_links(self, ids: list[str]) -> None:
        self.ids = list(ids)
        self.linked.clear()
        for record_id in self.ids:
            found = self.session.workshop.find(record_id)
            item = QStandardItem(found.summary() if found else record_id)
            item.setEditable(False)
            self.linked.appendRow(item)
        self.names.setStringList(list(self._choices()))

    def link_text(self, text: str) -> None:
        record_id = self._choices().get(text.strip())
        if record_id is None:
            matches = [
                rid for name, rid in self._choices().items() if text.strip().lower() in name.lower()
            ]
            record_id = matches[0] if len(matches) == 1 else None
        if record_id is None or record_id in self.ids:
            return
        self.search.clear()
        self.changed([*self.ids, record_id])

    def remove_selected(self) -> None:
        row = self.view.currentIndex().row()
        if 0 <= row < len(self.ids):
            self.changed([i for n, i in enumerate(self.ids) if n != row])


class InspectorFold(QObject):
    """With nothing to inspect, the right-hand docks fold away and the exercise takes
    their width (on a 1280-pixel laptop the spend sheet and the readiness grid need
    it); a record to inspect brings them back. The History tab in front keeps them
    open: the facilitator is reading it. A change made by a mouse click waits a
    double-click's time, so the second click lands where the first did, before the
    cards re-flow into the new width."""

    def __init__(self, window: QMainWindow, dock: QDockWidget, inspector: Inspector) -> None:
        super().__init__(window)
        self.window = window
        self.dock = dock
        self.inspector = inspector
        self.folded = False
        self._wanted = inspector.record is not None
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(QApplication.doubleClickInterval())
        self._later.timeout.connect(self._apply)
        inspector.inspecting.connect(self._inspecting)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self, self._apply)  # once the docks are laid out and visible
        return False

    def _inspecting(self, shown: bool) -> None:
        self._wanted = shown
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._later.start()
        else:
            self._later.stop()
            self._apply()

    def _apply(self) -> None:
        docks = [self.dock, *self.window.tabifiedDockWidgets(self.dock)]
        if self._wanted and self.folded:
            self.folded = False
            for dock in docks:
                dock.show()
            self.dock.raise_()
        elif not self._wanted and not self.folded and self.inspector.isVisible():
            self.folded = True
            for dock in docks:
                dock.hide()
