"""The template library: built-in and own exercise templates and recipes.

Search, see what each exercise is for, duplicate one to make it your own, edit,
import and export ``.toml`` files, delete your own. Broken files of yours are
listed in red with what is wrong, so a typo never makes a template vanish.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import WorkshopError
from facilitator.model import ValidationError
from facilitator.templates import (
    Broken,
    Library,
    Received,
    Recipe,
    Template,
    TemplateError,
    add_received,
    load_library,
    new_user_template,
    receive,
)
from ui.geometry import fit_to_screen
from ui.table_model import AnyIndex, TableModel
from ui.tasks import run_in_background
from ui.template_editor import TemplateEditor
from ui.theme import qcolor

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # what a column sorts by: names A→Z, lengths in minutes
COL_TITLE, COL_ID, COL_LENGTH, COL_KIND, COL_ORIGIN = range(5)
HEADERS = ("Exercise", "Id", "Timebox", "Captures / view", "Where from")


class TemplateTableModel(TableModel):
    """Templates (valid, then broken) as table rows."""

    def __init__(self, library: Library) -> None:
        super().__init__(HEADERS)
        self._rows: list[Template | Broken] = []
        self.set_library(library)

    def set_library(self, library: Library) -> None:
        self.beginResetModel()
        self._rows = [
            *sorted(library.templates.values(), key=lambda t: t.title.lower()),
            *library.broken,
        ]
        self.endResetModel()

    def row_of(self, ident: str) -> int:
        for row, item in enumerate(self._rows):
            if item.id == ident:
                return row
        return -1

    def item(self, row: int) -> Template | Broken:
        return self._rows[row]

    @property
    def listed(self) -> list[Template | Broken]:
        return self._rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == ID_ROLE:
            return item.id
        if role == SORT_ROLE:
            return self._sort_key(index)
        if isinstance(item, Broken):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(qcolor("bad"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(str(f) for f in item.findings)
            if role == Qt.ItemDataRole.DisplayRole:
                label = (
                    self.tr("Broken recipe: %s") if item.kind == "recipe" else self.tr("Broken: %s")
                )
                return {
                    COL_TITLE: label % item.path.name,
                    COL_ID: item.id,
                    COL_ORIGIN: item.origin,
                }.get(index.column(), "")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.purpose
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_TITLE: item.title,
            COL_ID: item.id,
            COL_LENGTH: self.tr("%d min") % item.minutes,
            COL_KIND: f"{item.captures} / {item.view}",
            COL_ORIGIN: item.origin,
        }[index.column()]

    def _sort_key(self, index: AnyIndex) -> str | int:
        item = self._rows[index.row()]
        if isinstance(item, Broken):  # after every template, A→Z
            return "\uffff" + item.path.name.casefold() if index.column() == COL_TITLE else ""
        if index.column() == COL_LENGTH:
            return item.minutes
        return str(self.data(index)).casefold()


class RecipeTableModel(TableModel):
    """Agenda recipes as table rows."""

    HEADERS = ("Recipe", "Length", "Exercises", "Where from")

    def __init__(self, library: Library) -> None:
        super().__init__(self.HEADERS)
        self._rows: list[Recipe] = []
        self.set_library(library)

    def set_library(self, library: Library) -> None:
        self.beginResetModel()
        self._rows = sorted(library.recipes.values(), key=lambda r: r.minutes)
        self.endResetModel()

    @property
    def listed(self) -> list[Recipe]:
        return self._rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        recipe = self._rows[index.row()]
        if role == SORT_ROLE and index.column() == 1:
            return recipe.minutes
        if role == SORT_ROLE:
            return str(self.data(index)).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            return recipe.description
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        hours, minutes = divmod(recipe.minutes, 60)
        return (
            recipe.title,
            f"{hours} h {minutes:02d}" if hours else f"{minutes} min",
            " → ".join(i.exercise for i in recipe.items),
            recipe.origin,
        )[index.column()]


class TemplateLibraryWindow(QMainWindow):
    """Browse, duplicate, edit, import, export and delete exercise templates."""

    changed = Signal()  # the library on disk changed (saved, imported, deleted)

    def __init__(self, user_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_folder = user_folder
        self.library = load_library(user_folder)
        self.editors: list[TemplateEditor] = []
        self.problem: QMessageBox | None = None  # why the last import or export was refused
        self.setWindowTitle(self.tr("Exercise templates — Facilitator"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search exercises and recipes"))
        self.search.setAccessibleName(self.tr("Search templates"))
        self.search.setClearButtonEnabled(True)
        self.model = TemplateTableModel(self.library)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search.textChanged.connect(self._filter)
        self.table = self._table(self.proxy, self.tr("Exercise templates"))
        header = self.table.horizontalHeader()
        # Every name whole: the columns take what their text needs, the last one the rest.
        for column in (COL_TITLE, COL_ID, COL_LENGTH, COL_KIND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.table.activated.connect(lambda _index: self.edit_selected())

        self.recipes = RecipeTableModel(self.library)
        self.recipe_proxy = QSortFilterProxyModel(self)
        self.recipe_proxy.setSourceModel(self.recipes)
        self.recipe_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.recipe_proxy.setFilterKeyColumn(-1)
        self.recipe_table = self._table(self.recipe_proxy, self.tr("Agenda recipes"))
        recipe_header = self.recipe_table.horizontalHeader()
        for column in (0, 1, 3):
            recipe_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        recipe_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        recipe_header.setStretchLastSection(False)

        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Template details"))

        self.duplicate_button = QPushButton(self.tr("&Duplicate to edit"))
        self.duplicate_button.setObjectName("primary")
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.import_button = QPushButton(self.tr("&Import…"))
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.delete_button = QPushButton(self.tr("De&lete"))
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.import_button.clicked.connect(lambda _checked=False: self.import_file())
        self.export_button.clicked.connect(lambda _checked=False: self.export_selected())
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (
            self.duplicate_button,
            self.edit_button,
            self.import_button,
            self.export_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, self.tr("Exercises"))
        self.tabs.addTab(self.recipe_table, self.tr("Recipes"))
        self.splitter = splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        hint = QLabel(
            self.tr(
                "Built-in exercises are read-only: duplicate one to make your "
                "own. Yours live in %s."
            )
            % user_folder
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        layout = QVBoxLayout()
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        if self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_buttons()
        fit_to_screen(self, 1180, 720)
        self._give_the_table_its_width()

    def _give_the_table_its_width(self) -> None:
        """The table as wide as its columns need, the details beside it taking the rest
        (but never less than a third of the window)."""
        self.table.resizeColumnsToContents()
        needed = (
            sum(self.table.columnWidth(c) for c in range(self.proxy.columnCount()))
            + 2 * self.table.frameWidth()
            + self.table.verticalScrollBar().sizeHint().width()
        )
        total = max(self.splitter.width(), self.width() - 20)
        table = min(needed + 12, total * 2 // 3)
        self.splitter.setSizes([table, total - table])

    def _table(self, model: QSortFilterProxyModel, name: str) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.setShowGrid(False)
        view.setAlternatingRowColors(True)
        model.setSortRole(SORT_ROLE)
        model.setSortLocaleAware(True)
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # A→Z (a header starts Z→A)
        return view

    # -- selection ------------------------------------------------------------------

    def selected(self) -> Template | Broken | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.item(self.proxy.mapToSource(index).row())

    def select(self, ident: str) -> None:
        row = self.model.row_of(ident)
        if row >= 0:
            self.table.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)))

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.recipe_proxy.setFilterFixedString(text)

    def _show_selected(self) -> None:
        item = self.selected()
        self._update_buttons()
        if item is None:
            self.details.clear()
        elif isinstance(item, Broken):
            self.details.setPlainText(
                self.tr("This file cannot be used:")
                + "\n\n"
                + "\n".join(str(f) for f in item.findings)
            )
        else:
            lines = [
                item.title,
                "",
                item.purpose,
                "",
                self.tr("%d minutes, captures %s, %s view")
                % (item.minutes, item.captures, item.view),
                "",
            ]
            for n, step in enumerate(item.steps, start=1):
                lines += [f"{n}. {step.title} ({step.minutes} min)", f"   {step.prompt}", ""]
            if item.fields:
                lines.append(self.tr("Captures: ") + ", ".join(f.label for f in item.fields))
            self.details.setPlainText("\n".join(lines))

    def _update_buttons(self) -> None:
        item = self.selected()
        own = item is not None and item.path is not None and _is_inside(item.path, self.user_folder)
        self.duplicate_button.setEnabled(isinstance(item, Template))
        self.edit_button.setEnabled(own)
        self.delete_button.setEnabled(own)
        self.export_button.setEnabled(isinstance(item, Template))

    def reload(self, select: str | None = None) -> None:
        self.library = load_library(self.user_folder)
        self.model.set_library(self.library)
        self.recipes.set_library(self.library)
        if select:
            self.select(select)
        self._show_selected()
        self.changed.emit()

    # -- commands -------------------------------------------------------------------

    def duplicate_selected(self) -> None:
        item = self.selected()
        if not isinstance(item, Template):
            return
        ident = _free_id(f"{item.id}-copy", self.library)
        try:
            path = new_user_template(ident, self.library, source=item.id)
        except ValidationError as error:
            QMessageBox.warning(self, self.tr("Cannot duplicate"), str(error))
            return
        self.reload(select=ident)
        self.open_editor(path)

    def edit_selected(self) -> None:
        item = self.selected()
        if item is None or item.path is None:
            return
        if not _is_inside(item.path, self.user_folder):
            self.duplicate_selected()
            return
        self.open_editor(item.path)

    def open_editor(self, path: Path) -> TemplateEditor | None:
        for editor in self.editors:
            if editor.path == path:
                editor.raise_()
                return editor
        try:
            editor = TemplateEditor(path, self.library, self)
        except TemplateError as error:  # a pipe, a device, not text: nothing to edit
            self._show_problem(self.tr("This template cannot be opened"), str(error.findings[0]))
            return None
        editor.saved.connect(lambda: self.reload(select=path.stem))
        editor.finished.connect(lambda _r, e=editor: self._forget(e))
        self.editors.append(editor)
        editor.show()
        return editor

    def _forget(self, editor: TemplateEditor) -> None:
        with contextlib.suppress(ValueError):
            self.editors.remove(editor)

    def import_file(self, path: Path | None = None) -> None:
        """Check a .toml file off the GUI thread (a crafted one can take a while even
        within the caps), then add it to your templates or recipes."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import an exercise template"),
                str(Path.home()),
                self.tr("Templates (*.toml)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        self.import_button.setEnabled(False)
        self.statusBar().showMessage(self.tr("Checking %s…") % path.name)
        library = self.library
        run_in_background(lambda: receive(path, library), self._received, self._import_failed)

    def _received(self, received: Received) -> None:
        target = received.target(self.user_folder)
        if target.exists():
            answer = QMessageBox.question(
                self,
                self.tr("Replace yours?"),
                self.tr("You already have %s. Replace it with the imported one?") % target.name,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._import_done()
                return
        run_in_background(
            lambda: add_received(received, self.user_folder),
            lambda _target: self._import_done(received.ident),
            self._import_failed,
        )

    def _import_failed(self, error: BaseException) -> None:
        self._import_done()
        if isinstance(error, TemplateError):
            text = "\n".join(str(f) for f in error.findings)
        elif isinstance(error, OSError):
            text = self.tr("It could not be saved: %s") % (error.strerror or error)
        else:
            raise error
        self._show_problem(self.tr("This template has problems"), text)

    def _show_problem(self, title: str, text: str) -> None:
        self.problem = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        self.problem.open()  # window-modal, without blocking the event loop

    def _import_done(self, ident: str | None = None) -> None:
        self.import_button.setEnabled(True)
        self.statusBar().clearMessage()
        if ident is not None:
            self.reload(select=ident)

    def export_selected(self, target: Path | None = None) -> None:
        item = self.selected()
        if not isinstance(item, Template) or item.path is None:
            return
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the template"),
                str(Path.home() / item.path.name),
                self.tr("Templates (*.toml)"),
            )
            if not chosen:
                return
            target = Path(chosen)
        from facilitator.exports import write_export  # loads ReportLab: only when needed

        try:
            write_export(target, item.path.read_bytes())
        except WorkshopError as error:
            self._show_problem(self.tr("Not exported"), str(error))

    def delete_selected(self, *, confirm: bool = True) -> None:
        item = self.selected()
        if item is None or item.path is None or not _is_inside(item.path, self.user_folder):
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete this template?"),
                self.tr("Delete your template %s? Workshops that used it keep their copy.")
                % item.path.name,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        item.path.unlink()
        self.reload()


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _free_id(wanted: str, library: Library) -> str:
    taken = set(library.templates) | {b.id for b in library.broken}
    ident, n = wanted, 2
    while ident in taken:
        ident, n = f"{wanted}-{n}", n + 1
    return ident
