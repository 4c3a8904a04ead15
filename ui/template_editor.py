"""Edit one of your exercise templates: a form, the TOML source, and a preview.

The template is one document (a dict, exactly what the TOML holds). The form and
the source tab both edit that document; every edit is an undoable command, and
every edit re-validates it with the same checks the library uses. Saving is
refused, with the reason, while the template is invalid; closing with unsaved
changes asks first.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
    QTextFormat,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import atomic
from facilitator.templates import (
    CAPTURES,
    FIELD_TYPES,
    VIEWS,
    Finding,
    Library,
    TemplateError,
    allowed_fields,
    check_template,
    parse,
    read_text,
    rewrite_toml,
    to_toml,
)
from ui.geometry import fit_to_screen
from ui.theme import qcolor, tone

Document = dict[str, Any]
CHECK_AFTER_MS = 250
"""How long typing in the form pauses before the template is checked again."""


class ListButtons(NamedTuple):
    """The buttons under the list of steps (or of fields)."""

    add: QPushButton
    remove: QPushButton
    up: QPushButton
    down: QPushButton


class _Edit(QUndoCommand):
    """One change to the template document; undo puts the previous document back."""

    def __init__(
        self, editor: TemplateEditor, before: Document, after: Document, label: str, merge_key: str
    ) -> None:
        super().__init__(label)
        self.editor = editor
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.first = True

    def id(self) -> int:  # typing in one box is one undo step, not one per letter
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        # The first time is the edit being made, often a key typed: checked once
        # typing pauses. Undo and redo are checked at once.
        self.editor._set_document(self.after, typing=self.first)
        self.first = False

    def undo(self) -> None:
        self.editor._set_document(self.before)


class TemplateEditor(QDialog):
    """The editor window for one of the consultant's own template files."""

    saved = Signal(object)  # the Path written

    def __init__(self, path: Path, library: Library, parent: QWidget | None = None) -> None:
        """Raises TemplateError, before any window exists, for a file that cannot be
        read as text: a pipe or a link to a device (which would never finish reading),
        one too big for a template, one not in UTF-8."""
        saved_text = read_text(path)
        super().__init__(parent)
        self.path = path
        self.library = library
        self.undo_stack = QUndoStack(self)
        self.saved_text = saved_text
        self.findings: list[Finding] = []
        self.close_question: QMessageBox | None = None
        try:
            self.document: Document = parse(self.saved_text, path.name)
        except TemplateError as error:  # a broken file still opens, in the source tab
            self.document = {}
            self.findings = error.findings
        self._updating = False
        self.setWindowTitle(self.tr("Edit template — %s") % path.name)
        # Writing the form's edit into the source and checking the whole template take
        # a moment on a long one (0.1–1 s each for a crafted 256 KB text): they run
        # once typing in the form pauses, not at every key (see _catch_up).
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_AFTER_MS)
        self.check_timer.timeout.connect(self._catch_up)
        self._source_behind = False
        self.list_buttons: dict[str, ListButtons] = {}
        """The Add, Remove, Up and Down buttons of the steps and of the fields."""

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_form(), self.tr("&Form"))
        self.source = QPlainTextEdit()
        self.source_state = self.saved_text  # the text the undo history is at
        self.source.setAccessibleName(self.tr("TOML source"))
        self.source.setUndoRedoEnabled(False)  # the editor's undo stack covers the source too
        self.source.setFont(QFont("monospace"))
        self.source.setPlainText(self.saved_text)
        self.source_timer = QTimer(self)
        self.source_timer.setSingleShot(True)
        self.source_timer.setInterval(300)
        self.source_timer.timeout.connect(self._source_edited)
        self.source.textChanged.connect(self._source_typed)
        self.tabs.addTab(self.source, self.tr("TOML s&ource"))
        self.tabs.addTab(self._build_preview(), self.tr("Pre&view"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setAccessibleName(self.tr("Problems"))
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        undo = QAction(self.tr("Undo"), self)
        undo.setShortcuts(_undo_keys())
        undo.triggered.connect(self.undo)
        redo = QAction(self.tr("Redo"), self)
        redo.setShortcuts(_redo_keys())
        redo.triggered.connect(self.redo)
        self.addAction(undo)
        self.addAction(redo)
        # The source has no undo of its own (one history covers the form and the
        # text), so it must not claim Ctrl+Z: the keys go to the actions above.
        self.source.installEventFilter(self)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self._refresh()
        fit_to_screen(self, 1000, 760)
        if self.findings and not self.document:
            self.tabs.setCurrentWidget(self.source)

    # -- building the form ---------------------------------------------------------------

    def _build_form(self) -> QWidget:
        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Title"))
        self.ident = QLineEdit()
        self.ident.setReadOnly(True)  # the file name carries the id
        self.ident.setAccessibleName(self.tr("Id"))
        self.purpose = QPlainTextEdit()
        self.purpose.setAccessibleName(self.tr("Purpose"))
        self.purpose.setMaximumHeight(70)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 480)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Timebox"))
        self.captures = QComboBox()
        self.captures.addItems(CAPTURES)
        self.captures.setAccessibleName(self.tr("Captures"))
        self.view = QComboBox()
        self.view.addItems(VIEWS)
        self.view.setAccessibleName(self.tr("View"))
        self.anonymous = QCheckBox(self.tr("Captures are anonymous unless someone opts in"))
        self.title.textEdited.connect(lambda text: self._edit_top("title", text))
        self.purpose.textChanged.connect(
            lambda: self._edit_top("purpose", self.purpose.toPlainText())
        )
        self.minutes.valueChanged.connect(lambda value: self._edit_top("minutes", value))
        self.captures.currentTextChanged.connect(lambda text: self._edit_top("captures", text))
        self.view.currentTextChanged.connect(lambda text: self._edit_top("view", text))
        self.anonymous.toggled.connect(lambda on: self._edit_top("anonymous", on))

        head = QFormLayout()
        head.addRow(self.tr("&Title"), self.title)
        head.addRow(self.tr("Id"), self.ident)
        head.addRow(self.tr("&Purpose"), self.purpose)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.minutes)
        kind_row.addWidget(QLabel(self.tr("captures")))
        kind_row.addWidget(self.captures)
        kind_row.addWidget(QLabel(self.tr("on the")))
        kind_row.addWidget(self.view)
        kind_row.addWidget(QLabel(self.tr("view")))
        kind_row.addStretch(1)
        head.addRow(self.tr("Timebox"), kind_row)
        head.addRow("", self.anonymous)

        self.step_list = QStandardItemModel(self)
        self.step_view = QListView()
        self.step_view.setModel(self.step_list)
        self.step_view.setAccessibleName(self.tr("Steps"))
        self.step_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.step_view.selectionModel().currentChanged.connect(lambda *_: self._show_step())
        self.step_title = QLineEdit()
        self.step_title.setAccessibleName(self.tr("Step title"))
        self.step_minutes = QSpinBox()
        self.step_minutes.setRange(1, 480)
        self.step_minutes.setSuffix(self.tr(" min"))
        self.step_minutes.setAccessibleName(self.tr("Step minutes"))
        self.step_prompt = QPlainTextEdit()
        self.step_prompt.setAccessibleName(self.tr("Projector prompt"))
        self.step_prompt.setMaximumHeight(60)
        self.step_script = QPlainTextEdit()
        self.step_script.setAccessibleName(self.tr("Facilitator script"))
        self.step_private = QCheckBox(
            self.tr("Silent writing: the projector shows how many cards, not their text")
        )
        self.step_private.setToolTip(
            self.tr("The cards appear on the projector when you press Reveal (F6)")
        )
        self.step_private.toggled.connect(self._edit_private)
        self.step_title.textEdited.connect(lambda text: self._edit_step("title", text))
        self.step_minutes.valueChanged.connect(lambda value: self._edit_step("minutes", value))
        self.step_prompt.textChanged.connect(
            lambda: self._edit_step("prompt", self.step_prompt.toPlainText())
        )
        self.step_script.textChanged.connect(
            lambda: self._edit_step("facilitator", self.step_script.toPlainText())
        )
        step_form = QFormLayout()
        step_form.addRow(self.tr("Step title"), self.step_title)
        step_form.addRow(self.tr("Minutes"), self.step_minutes)
        step_form.addRow(self.tr("Projector prompt"), self.step_prompt)
        step_form.addRow(self.tr("Facilitator script"), self.step_script)
        step_form.addRow("", self.step_private)
        steps_box = self._list_box(self.tr("Steps"), self.step_view, step_form, "steps")

        self.field_list = QStandardItemModel(self)
        self.field_view = QListView()
        self.field_view.setModel(self.field_list)
        self.field_view.setAccessibleName(self.tr("Fields"))
        self.field_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.field_view.selectionModel().currentChanged.connect(lambda *_: self._show_field())
        self.field_key = QComboBox()
        self.field_key.setAccessibleName(self.tr("Field key"))
        self.field_label = QLineEdit()
        self.field_label.setAccessibleName(self.tr("Field label"))
        self.field_type = QComboBox()
        self.field_type.addItems(FIELD_TYPES)
        self.field_type.setAccessibleName(self.tr("Field type"))
        self.field_help = QLineEdit()
        self.field_help.setAccessibleName(self.tr("Field help"))
        self.field_required = QCheckBox(self.tr("Required"))
        self.field_min = QSpinBox()
        self.field_max = QSpinBox()
        for box in (self.field_min, self.field_max):
            box.setRange(0, 10)
        self.field_choices = QLineEdit()
        self.field_choices.setPlaceholderText(self.tr("choices, separated by commas"))
        self.field_key.currentTextChanged.connect(lambda text: self._edit_field("key", text))
        self.field_label.textEdited.connect(lambda text: self._edit_field("label", text))
        self.field_type.currentTextChanged.connect(lambda text: self._edit_field("type", text))
        self.field_help.textEdited.connect(lambda text: self._edit_field("help", text))
        self.field_required.toggled.connect(lambda on: self._edit_field("required", on))
        self.field_min.valueChanged.connect(lambda value: self._edit_field("min", value))
        self.field_max.valueChanged.connect(lambda value: self._edit_field("max", value))
        self.field_choices.textEdited.connect(
            lambda text: self._edit_field(
                "choices", [c.strip() for c in text.split(",") if c.strip()]
            )
        )
        field_form = QFormLayout()
        field_form.addRow(self.tr("Key"), self.field_key)
        field_form.addRow(self.tr("Label"), self.field_label)
        field_form.addRow(self.tr("Type"), self.field_type)
        field_form.addRow(self.tr("Help"), self.field_help)
        self.scale_row = QWidget()
        scale = QHBoxLayout(self.scale_row)
        scale.setContentsMargins(0, 0, 0, 0)
        scale.addWidget(QLabel(self.tr("Scale from")))
        scale.addWidget(self.field_min)
        scale.addWidget(QLabel(self.tr("to")))
        scale.addWidget(self.field_max)
        scale.addStretch(1)
        field_form.addRow("", self.scale_row)
        field_form.addRow(self.tr("Choices"), self.field_choices)
        field_form.addRow("", self.field_required)
        fields_box = self._list_box(
            self.tr("Fields to capture"), self.field_view, field_form, "fields"
        )

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(head)
        lists = QHBoxLayout()
        lists.addWidget(steps_box, 3)
        lists.addWidget(fields_box, 2)
        layout.addLayout(lists, 1)
        return page

    def _list_box(self, title: str, view: QListView, form: QFormLayout, key: str) -> QGroupBox:
        box = QGroupBox(title)
        add = QPushButton(self.tr("Add"))
        remove = QPushButton(self.tr("Remove"))
        up = QPushButton(self.tr("Up"))
        down = QPushButton(self.tr("Down"))
        add.clicked.connect(lambda: self.add_item(key))
        remove.clicked.connect(lambda: self.remove_item(key))
        up.clicked.connect(lambda: self.move_item(key, -1))
        down.clicked.connect(lambda: self.move_item(key, +1))
        for button, name in (
            (add, "Add"),
            (remove, "Remove"),
            (up, "Move up"),
            (down, "Move down"),
        ):
            button.setAccessibleName(f"{name} {key}")
        row = QHBoxLayout()
        for button in (add, remove, up, down):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        view.setMaximumHeight(130)
        layout.addWidget(view)
        layout.addLayout(row)
        layout.addLayout(form)
        self.list_buttons[key] = ListButtons(add, remove, up, down)
        return box

    def _build_preview(self) -> QWidget:
        self.preview_step = QComboBox()
        self.preview_step.setAccessibleName(self.tr("Step to preview"))
        self.preview_step.currentIndexChanged.connect(lambda _i: self._show_preview())
        self.preview = QLabel()
        self.preview.setObjectName("projector")
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setStyleSheet(
            "QLabel#projector { background: #10263B; color: white; padding: 36px; }"
        )
        self.preview.setAccessibleName(self.tr("Projector preview"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.preview_step)
        layout.addWidget(self.preview, 1)
        return page

    # -- the document ---------------------------------------------------------------------

    def _apply(self, change: Callable[[Document], None], label: str, merge_key: str = "") -> None:
        """Change the document through the undo stack."""
        if self._updating:
            return
        before = copy.deepcopy(self.document)
        after = copy.deepcopy(self.document)
        change(after)
        if after != before:
            self.undo_stack.push(_Edit(self, before, after, label, merge_key))

    def _set_document(
        self, document: Document, *, from_source: bool = False, typing: bool = False
    ) -> None:
        self.document = copy.deepcopy(document)
        self._refresh(from_source=from_source, typing=typing)

    def _edit_top(self, key: str, value: Any) -> None:
        self._apply(lambda d: d.__setitem__(key, value), self.tr("Edit %s") % key, key)

    def _edit_step(self, key: str, value: Any) -> None:
        row = self.step_view.currentIndex().row()
        if row < 0 or row >= len(_rows(self.document, "steps")):
            return
        self._apply(
            lambda d: d["steps"][row].__setitem__(key, value),
            self.tr("Edit step %d") % (row + 1),
            f"steps.{row}.{key}",
        )

    def _edit_private(self, private: bool) -> None:
        row = self.step_view.currentIndex().row()
        if self._updating or row < 0 or row >= len(_rows(self.document, "steps")):
            return

        def change(document: Document) -> None:
            step = document["steps"][row]
            if private:
                step["private"] = True
            else:  # the default needs no line in the file
                step.pop("private", None)

        self._apply(change, self.tr("Edit step %d") % (row + 1), f"steps.{row}.private")

    def _edit_field(self, key: str, value: Any) -> None:
        row = self.field_view.currentIndex().row()
        if row < 0 or row >= len(_rows(self.document, "fields")):
            return

        def change(document: Document) -> None:
            entry = document["fields"][row]
            entry[key] = value
            if key == "type":
                self._shape_field(entry)

        self._apply(change, self.tr("Edit field %d") % (row + 1), f"fields.{row}.{key}")

    @staticmethod
    def _shape_field(entry: dict[str, Any]) -> None:
        """Give a field the options its type needs, and drop those it may not have."""
        if entry.get("type") == "scale":
            entry.setdefault("min", 1)
            entry.setdefault("max", 5)
        else:
            entry.pop("min", None)
            entry.pop("max", None)
        if entry.get("type") == "choice":
            entry.setdefault("choices", ["yes", "no"])
        else:
            entry.pop("choices", None)

    def add_item(self, key: str) -> None:
        def change(document: Document) -> None:
            rows = document.setdefault(key, [])
            if rows is not _rows(document, key):
                return  # not a list of tables, so nothing to add to: mend it in the source
            if key == "steps":
                rows.append(
                    {"title": self.tr("New step"), "minutes": 5, "prompt": "", "facilitator": ""}
                )
            else:
                allowed = _allowed(document)
                free = [k for k in allowed if k not in {f.get("key") for f in rows}]
                if not free:
                    return
                types = allowed[free[0]]
                entry = {
                    "key": free[0],
                    "label": free[0].replace("_", " ").capitalize(),
                    "type": types[0],
                }
                self._shape_field(entry)
                rows.append(entry)

        self._apply(change, self.tr("Add to %s") % key)
        view = self.step_view if key == "steps" else self.field_view
        model = view.model()
        view.setCurrentIndex(model.index(model.rowCount() - 1, 0))

    def remove_item(self, key: str) -> None:
        view = self.step_view if key == "steps" else self.field_view
        row = view.currentIndex().row()
        if row < 0:
            return
        self._apply(lambda d: d[key].pop(row), self.tr("Remove from %s") % key)

    def move_item(self, key: str, offset: int) -> None:
        view = self.step_view if key == "steps" else self.field_view
        row = view.currentIndex().row()
        target = row + offset
        if row < 0 or not 0 <= target < len(_rows(self.document, key)):
            return

        def change(document: Document) -> None:
            rows = document[key]
            rows[row], rows[target] = rows[target], rows[row]

        self._apply(change, self.tr("Reorder %s") % key)
        view.setCurrentIndex(view.model().index(target, 0))

    # -- showing the document ----------------------------------------------------------------

    def _refresh(self, *, from_source: bool = False, typing: bool = False) -> None:
        self._updating = True
        try:
            d = self.document
            if not self.title.hasFocus():
                self.title.setText(str(d.get("title", "")))
            self.ident.setText(str(d.get("id", "")))
            if self.purpose.toPlainText() != d.get("purpose", ""):
                self.purpose.setPlainText(str(d.get("purpose", "")))
            self.minutes.setValue(
                int(d.get("minutes", 1)) if isinstance(d.get("minutes"), int) else 1
            )
            self.captures.setCurrentText(str(d.get("captures", "")))
            self.view.setCurrentText(str(d.get("view", "")))
            self.anonymous.setChecked(bool(d.get("anonymous", False)))
            self._fill_list(
                self.step_list,
                self.step_view,
                [
                    f"{s.get('title', '')}  ·  {s.get('minutes', '?')} min"
                    for s in _rows(d, "steps")
                ],
            )
            self._fill_list(
                self.field_list,
                self.field_view,
                [
                    f"{f.get('label', '')}  ({f.get('key', '')}, {f.get('type', '')})"
                    for f in _rows(d, "fields")
                ],
            )
            self._show_step()
            self._show_field()
            self._source_behind = not from_source and bool(d)
            if not self._source_behind:
                self.source_state = self.source.toPlainText()
            self._fill_preview_steps()
        finally:
            self._updating = False
        if typing:
            self.check_timer.start()  # (again): once typing pauses
        else:
            self._catch_up()

    def _catch_up(self) -> None:
        """The form's last edit written into the source, as it is (its comments stay),
        and the template checked."""
        self.check_timer.stop()
        if self._source_behind:
            self._source_behind = False
            text = rewrite_toml(self.source.toPlainText(), self.document)
            if text != self.source.toPlainText():
                self._updating = True
                try:
                    self.source.setPlainText(text)
                finally:
                    self._updating = False
            self.source_state = self.source.toPlainText()
        self._validate()

    def _flush_form(self) -> None:
        """Catch up now, not when typing pauses: before the source is read — to save,
        undo, show it, or ask whether anything is unsaved."""
        if self.check_timer.isActive():
            self._catch_up()

    @staticmethod
    def _fill_list(model: QStandardItemModel, view: QListView, labels: list[str]) -> None:
        row = view.currentIndex().row()
        if [model.item(i).text() for i in range(model.rowCount())] != labels:
            model.clear()
            for label in labels:
                model.appendRow(QStandardItem(label))
        if model.rowCount():
            view.setCurrentIndex(model.index(min(max(row, 0), model.rowCount() - 1), 0))

    def _current(self, key: str, view: QListView) -> dict[str, Any] | None:
        rows = _rows(self.document, key)
        row = view.currentIndex().row()
        return rows[row] if 0 <= row < len(rows) else None

    def _show_step(self) -> None:
        step = self._current("steps", self.step_view)
        was, self._updating = self._updating, True
        for widget in (
            self.step_title,
            self.step_minutes,
            self.step_prompt,
            self.step_script,
            self.step_private,
        ):
            widget.setEnabled(step is not None)
        step = step or {}
        if not self.step_title.hasFocus():
            self.step_title.setText(str(step.get("title", "")))
        minutes = step.get("minutes", 1)
        self.step_minutes.setValue(minutes if isinstance(minutes, int) else 1)
        if self.step_prompt.toPlainText() != step.get("prompt", ""):
            self.step_prompt.setPlainText(str(step.get("prompt", "")))
        if self.step_script.toPlainText() != step.get("facilitator", ""):
            self.step_script.setPlainText(str(step.get("facilitator", "")))
        self.step_private.setChecked(step.get("private") is True)
        self._updating = was

    def _show_field(self) -> None:
        entry = self._current("fields", self.field_view)
        was, self._updating = self._updating, True
        for widget in (
            self.field_key,
            self.field_label,
            self.field_type,
            self.field_help,
            self.field_required,
            self.field_min,
            self.field_max,
            self.field_choices,
        ):
            widget.setEnabled(entry is not None)
        entry = entry or {}
        keys = list(_allowed(self.document))
        if [self.field_key.itemText(i) for i in range(self.field_key.count())] != keys:
            self.field_key.clear()
            self.field_key.addItems(keys)
        self.field_key.setCurrentText(str(entry.get("key", "")))
        if not self.field_label.hasFocus():
            self.field_label.setText(str(entry.get("label", "")))
        self.field_type.setCurrentText(str(entry.get("type", "")))
        if not self.field_help.hasFocus():
            self.field_help.setText(str(entry.get("help", "")))
        self.field_required.setChecked(bool(entry.get("required", False)))
        is_scale = entry.get("type") == "scale"
        self.scale_row.setVisible(is_scale)
        self.field_min.setValue(_whole(entry.get("min"), 1) if is_scale else 0)
        self.field_max.setValue(_whole(entry.get("max"), 5) if is_scale else 0)
        self.field_choices.setEnabled(entry.get("type") == "choice")
        if not self.field_choices.hasFocus():
            self.field_choices.setText(_listed(entry.get("choices", [])))
        self._updating = was

    def _fill_preview_steps(self) -> None:
        titles = [str(s.get("title", "")) for s in _rows(self.document, "steps")]
        current = self.preview_step.currentIndex()
        if [self.preview_step.itemText(i) for i in range(self.preview_step.count())] != titles:
            self.preview_step.clear()
            self.preview_step.addItems(titles)
            self.preview_step.setCurrentIndex(min(max(current, 0), len(titles) - 1))
        self._show_preview()

    def _show_preview(self) -> None:
        steps = _rows(self.document, "steps")
        index = self.preview_step.currentIndex()
        step = steps[index] if 0 <= index < len(steps) else {}
        title = _html(str(self.document.get("title", "")))
        self.preview.setText(
            f'<div style="font-size:18pt; color:#9CC3E6;">{title}</div>'
            f'<div style="font-size:22pt; margin-top:12px;">{_html(str(step.get("title", "")))}'
            f" · {step.get('minutes', '')} min</div>"
            f'<div style="font-size:34pt; font-weight:600; margin-top:28px;">'
            f"{_html(str(step.get('prompt', '')))}</div>"
        )

    # -- source ------------------------------------------------------------------------------

    def _source_typed(self) -> None:
        if not self._updating:
            self.source_timer.start()

    def _source_edited(self) -> None:
        """The text settled after typing: one undo step, whether or not it reads."""
        text = self.source.toPlainText()
        if text == self.source_state:  # typed and typed back: nothing to undo
            self._validate()
            return
        try:
            document: Document | None = parse(text, self.path.name)
        except TemplateError:
            document = None  # the form keeps the last template that read
        self.undo_stack.push(_SourceEdit(self, document, self.source_state, text))

    def _set_source(self, text: str, document: Document, *, typed: bool) -> None:
        """Show *text* in the source (unless it is there as *typed*) and *document* in
        the form; the problems line says what is wrong with the text, if it does not read."""
        if not typed:
            # As a text editor would: the cursor lands where the text changed.
            at = _change_end(self.source.toPlainText(), text)
            self._updating = True
            try:
                self.source.setPlainText(text)
            finally:
                self._updating = False
            cursor = self.source.textCursor()
            cursor.setPosition(min(at, self.source.document().characterCount() - 1))
            self.source.setTextCursor(cursor)
        self._set_document(document, from_source=True)

    def undo(self) -> None:
        """Ctrl+Z anywhere but a form box: what was just typed in the source too."""
        self._flush_source()
        self.undo_stack.undo()

    def redo(self) -> None:
        self._flush_source()
        self.undo_stack.redo()

    def _flush_source(self) -> None:
        self._flush_form()
        if self.source_timer.isActive():
            self.source_timer.stop()
            self._source_edited()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.source
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and _is_undo_or_redo(event)
        ):
            event.ignore()  # not the text box's: the window's Undo/Redo take it
            return True
        return super().eventFilter(watched, event)

    def _tab_changed(self, _index: int) -> None:
        self._flush_source()

    def goto_line(self, line: int) -> None:
        """Put the source cursor on *line* (1-based), where a syntax error is."""
        self.tabs.setCurrentWidget(self.source)
        block = self.source.document().findBlockByLineNumber(max(line - 1, 0))
        cursor = QTextCursor(block)
        self.source.setTextCursor(cursor)
        self.source.setFocus()

    def _mark_lines(self, lines: list[int]) -> None:
        """Point at the lines of syntax errors in the source, in red."""
        marks = []
        for line in lines:
            block = self.source.document().findBlockByLineNumber(line - 1)
            if not block.isValid():
                continue
            mark = QTextEdit.ExtraSelection()
            mark.format.setBackground(qcolor("error-paper"))
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            mark.cursor = QTextCursor(block)
            marks.append(mark)
        self.source.setExtraSelections(marks)

    # -- validation and saving ------------------------------------------------------------------

    def _validate(self) -> None:
        """The problems line and Save follow the text on screen: what does not read
        first, then what the template says that the library would refuse."""
        findings: list[Finding] = []
        try:
            parse(self.source.toPlainText(), self.path.name)
            template = check_template(self.document, self.path.name)
            if template.id != self.path.stem:
                findings.append(
                    Finding(
                        self.path.name,
                        "id",
                        f"is {template.id!r}, but the file is named {self.path.name}",
                    )
                )
        except TemplateError as error:
            findings = error.findings
        self._show_findings(findings)

    def _show_findings(self, findings: list[Finding]) -> None:
        self.findings = findings
        self._mark_lines([f.line for f in findings if f.line])
        if findings:
            shown = "<br>".join(
                _html(f"{f.path}: {f.message}" if f.path else f.message)
                + (f" (line {f.line})" if f.line else "")
                for f in findings[:6]
            )
            more = len(findings) - 6
            if more > 0:
                shown += "<br>" + self.tr("… and %d more") % more
            self.problems.setText(f'<span style="color:{tone("bad")};">{shown}</span>')
            self.save_button.setEnabled(False)
            self.save_button.setToolTip(self.tr("Fix the problems shown before saving"))
        else:
            self.problems.setText(f'<span style="color:{tone("good")};">{self.tr("Valid")}</span>')
            self.save_button.setEnabled(True)
            self.save_button.setToolTip("")

    @property
    def dirty(self) -> bool:
        # The source on screen is the template: typed there, or rewritten from the
        # form. Compare it, so a comment or a half-typed line counts as a change too.
        self._flush_form()
        return self.source.toPlainText() != self.saved_text

    def current_text(self) -> str:
        return to_toml(self.document) if self.document else self.source.toPlainText()

    def save(self) -> bool:
        """Write the template if it is valid; refuse (and say why) if not."""
        self._flush_source()
        source = self.source.toPlainText()
        try:
            typed = parse(source, self.path.name)
        except TemplateError as error:  # the source does not read: never save around it
            self._show_findings(error.findings)
            return False
        self._validate()
        if self.findings:
            return False
        # The source as typed keeps its comments and layout; rewritten only if it
        # somehow says something other than the template being saved.
        text = source if typed == self.document else rewrite_toml(source, self.document)
        try:
            atomic.write_atomic(self.path, text.encode("utf-8"))
        except OSError as error:  # a full disk, a folder gone read-only: say so, keep the edits
            reason = _html(f"{error.strerror or error} ({self.path.parent})")
            self.problems.setText(
                f'<span style="color:{tone("bad")};">'
                + self.tr("Not saved: %s. Your edits are still here; try again.") % reason
                + "</span>"
            )
            return False
        if text != source:
            was = self.source.blockSignals(True)
            self.source.setPlainText(text)
            self.source.blockSignals(was)
        self.saved_text = text
        self.undo_stack.setClean()
        self.saved.emit(self.path)
        return True

    def reject(self) -> None:
        """Esc, the Close button and the window's close box all come here (QDialog's
        close event calls reject); unsaved changes are never dropped silently."""
        if self.dirty and not self._confirm_close():
            return  # still visible, so QDialog ignores the close
        super().reject()

    def _confirm_close(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unsaved changes"))
        box.setText(self.tr("Save the changes to %s?") % self.path.name)
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        if self.findings:
            box.setInformativeText(self.tr("It cannot be saved until its problems are fixed."))
            box.button(buttons.Save).setEnabled(False)
        self.close_question = box
        answer = box.exec()
        self.close_question = None
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard


class _SourceEdit(QUndoCommand):
    """A change typed in the TOML source. It keeps both texts, so undo gives back the
    text exactly as it was (comments, a half-typed line and all), and the template
    it read as; text that does not read leaves the form at the last one that did."""

    def __init__(
        self, editor: TemplateEditor, after: Document | None, before_text: str, after_text: str
    ) -> None:
        super().__init__(editor.tr("Edit source"))
        self.editor = editor
        self.before = copy.deepcopy(editor.document)
        self.after = self.before if after is None else after
        self.before_text = before_text
        self.after_text = after_text
        self.first = True

    def redo(self) -> None:
        # The first time, the text on screen is the edit itself: keep it (and the cursor).
        self.editor._set_source(self.after_text, self.after, typed=self.first)
        self.first = False

    def undo(self) -> None:
        self.editor._set_source(self.before_text, self.before, typed=False)


def _change_end(old: str, new: str) -> int:
    """Where in *new* the change from *old* ends."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    tail = 0
    while tail < limit - start and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return len(new) - tail


def _undo_keys() -> list[QKeySequence]:
    # Standard keys come from the platform, known once the application exists.
    return [QKeySequence(QKeySequence.StandardKey.Undo)]


def _redo_keys() -> list[QKeySequence]:
    return [QKeySequence(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")]


def _is_undo_or_redo(event: QKeyEvent) -> bool:
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(keys) == QKeySequence.SequenceMatch.ExactMatch
        for keys in (*_undo_keys(), *_redo_keys())
    )


# A template that does not validate still opens (that is how it gets fixed), so
# the form reads the document without trusting its shape: what it cannot show is
# left to the source tab, and the problems line says what is wrong.


def _rows(document: Document, key: str) -> list[dict[str, Any]]:
    """The steps or fields as the form lists them; none unless they are tables."""
    rows = document.get(key, [])
    if isinstance(rows, list) and all(isinstance(row, dict) for row in rows):
        return rows
    return []


def _allowed(document: Document) -> dict[str, tuple[str, ...]]:
    """The field keys the document's captures can fill; none while captures is unknown."""
    captures = document.get("captures")
    return allowed_fields(captures) if isinstance(captures, str) and captures in CAPTURES else {}


def _whole(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _listed(choices: Any) -> str:
    if isinstance(choices, list):
        return ", ".join(str(choice) for choice in choices)
    return choices if isinstance(choices, str) else ""


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
    )
