"""A date as a facilitator enters it: a calendar, or typed as said ("18 dec 2026").

Shared by the commitments table, the inspector and the new-workshop dialog, so a
date is edited the same way wherever it shows. What typed text means is the
core's (:mod:`facilitator.dates`); this module is the editor around it.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from facilitator import dates

EMPTY_DATE = QDate(2000, 1, 1)
"""The date editor's lowest date, shown as "No date": the due date is cleared."""
SEPARATORS = " /.-"


def typed_day(typed: str, year: int, *, complete: bool) -> QDate | None:
    """The day *typed* says (:func:`facilitator.dates.typed_day`), as a QDate,
    with the month names of the user's language too."""
    day = dates.typed_day(typed, year, complete=complete, names=local_names())
    return QDate(day.year, day.month, day.day) if day is not None else None


def local_names() -> dates.DayNames:
    """English month and weekday names, and the user's language's as Qt knows them."""
    locale = QLocale()
    formats = (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat)
    months = [[locale.monthName(m, f) for f in formats] for m in range(1, 13)]
    weekdays = [[locale.dayName(d, f) for f in formats] for d in range(1, 8)]
    return dates.names_with(months, weekdays)


class DayEdit(QDateEdit):
    """A day, picked from a calendar or typed as said; Tab leaves the field (a plain
    QDateEdit walks Tab through day, month and year, a trap for the keyboard)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self._advanced = False
        self._month_digits = ""
        # What has been typed since the field was entered. Qt types a date part by
        # part and checks each against the month on screen ("31" in November is a 3
        # and a 1), so the whole of what was typed is read again and wins.
        self._typed = ""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def _start_typing(self) -> None:
        self._typed = ""
        self._month_digits = ""
        self._advanced = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._start_typing()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.settle()
        super().focusOutEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.settle()
        self._start_typing()
        super().mousePressEvent(event)

    def settle(self) -> None:
        """Take what was typed as the date it says (this year if no year was typed)."""
        day = typed_day(self._typed, self.date().year(), complete=False)
        if day is not None and day != self.date():
            self.setDate(day)
        self._start_typing()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.settle()
        elif text and text.isprintable() and plain:
            self._typed += text
        elif event.key() not in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt):
            self._typed = ""  # the arrows, Backspace ...: Qt's own editing from here
        self._key(event)
        whole = typed_day(self._typed, self.date().year(), complete=True)
        if whole is not None and whole != self.date():
            self.setDate(whole)

    def _key(self, event: QKeyEvent) -> None:
        separator = event.text() in SEPARATORS and bool(event.text())
        if separator:
            # A separator ends the part being typed: "1 dec" is the 1st, not the 1x.
            # If the part was already complete ("18" moved on to the month by itself),
            # the space after it must not skip the month too.
            if not self._advanced:
                index = self.currentSectionIndex()
                if index < self.sectionCount() - 1:
                    self.setCurrentSectionIndex(index + 1)
                    self.setSelectedSection(self.currentSection())
            self._advanced = False
            event.accept()
            return
        month_section = self.currentSection() == QDateEdit.Section.MonthSection
        if month_section and event.text().isdigit():
            self._type_month(event.text())
            event.accept()
            return
        self._month_digits = ""
        section = self.currentSection()
        super().keyPressEvent(event)
        self._advanced = self.currentSection() != section

    def _type_month(self, digit: str) -> None:
        """The month shows as a name, but "1/12/2026" types it as a number."""
        digits = (self._month_digits + digit)[-2:]
        if not 1 <= int(digits) <= 12:
            digits = digit
        self._month_digits = digits
        month = int(digits)
        if month:
            day = self.date()
            last = QDate(day.year(), month, 1).daysInMonth()
            self.setDate(QDate(day.year(), month, min(day.day(), last)))
        if len(digits) == 2 or month > 1:  # nothing more can follow: on to the year
            self._month_digits = ""
            self.setCurrentSectionIndex(self.currentSectionIndex() + 1)
            self.setSelectedSection(self.currentSection())
            self._advanced = True
        else:
            self._advanced = False


class DueEditor(DayEdit):
    """A due date with a calendar, or typed as said ("18 dec 2026"); Delete (or the
    calendar's first day) means no date.

    An empty date opens on today, but is only set if the facilitator changes it:
    tabbing through an undated step leaves it undated. With *says_when_empty* (an
    editor always on screen, as in the inspector) an empty date reads "No date"
    until the editor is entered, so it never shows a day nobody chose."""

    def __init__(self, parent: QWidget | None = None, *, says_when_empty: bool = False) -> None:
        super().__init__(parent)
        self.says_when_empty = says_when_empty
        self.setMinimumDate(EMPTY_DATE)
        self.setMaximumDate(QDate(2199, 12, 31))
        self.setSpecialValueText(self.tr("No date"))
        self.setAccessibleName(self.tr("Due date"))
        self.setToolTip(self.tr("Pick a day, or type it; Delete leaves it without a date"))
        self.was_empty = False
        self.touched = False
        self.dateChanged.connect(self._touched)

    def _touched(self, _date: QDate) -> None:
        self.touched = True

    def set_due(self, iso: str | None) -> None:
        day = QDate.fromString(iso or "", Qt.DateFormat.ISODate)
        self.was_empty = not day.isValid()
        if day.isValid():
            self._show(day)
        else:
            self._show(EMPTY_DATE if self.says_when_empty else QDate.currentDate())
        self.touched = False

    def _show(self, day: QDate) -> None:
        """Show *day* without it counting as the facilitator's choice."""
        self._start_typing()
        was = self.blockSignals(True)
        self.setDate(day)
        self.blockSignals(was)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.says_when_empty and self.was_empty and not self.touched:
            self._show(QDate.currentDate())  # type or pick from today, not from 2000
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        leaving = event.reason() != Qt.FocusReason.PopupFocusReason  # not its calendar
        if leaving and self.says_when_empty and self.was_empty and not self.touched:
            self._show(EMPTY_DATE)

    def due(self) -> str | None:
        """The date to store: unchanged if it was empty and nobody touched it."""
        self.settle()  # "18 dec" typed and Tab pressed: the 18th of December
        if self.was_empty and not self.touched:
            return None
        day = self.date()
        return None if day <= EMPTY_DATE else day.toString(Qt.DateFormat.ISODate)

    def clear_date(self) -> None:
        self.setDate(EMPTY_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.clear_date()
            event.accept()
            return
        super().keyPressEvent(event)
