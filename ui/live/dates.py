"""A date as a facilitator enters it: a calendar, typed ("18 dec 2026"), or said ("friday").

Shared by the commitments table, the inspector and the new-workshop dialog, so a
date is edited the same way wherever it shows. What typed text means is the
core's (:mod:`facilitator.dates`); this module is the editor around it. Words
("friday", "next tuesday", "in 2 weeks", "end of month", in English or in the
user's language) are read as a whole: the field shows the day they name as they
are typed, and words that name no day are refused, saying so, with the date
left as it was.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QToolTip, QWidget

from facilitator import dates
from facilitator.numbers import day_with_weekday

EMPTY_DATE = QDate(2000, 1, 1)
"""The date editor's lowest date, shown as "No date": the due date is cleared."""
SEPARATORS = " /.-"


def typed_day(typed: str, year: int, *, complete: bool) -> QDate | None:
    """The day *typed* says (:func:`facilitator.dates.typed_day`), as a QDate,
    with the month names of the user's language too."""
    day = dates.typed_day(typed, year, complete=complete, names=local_names())
    return QDate(day.year, day.month, day.day) if day is not None else None


def said_day(typed: str, year: int) -> QDate | None:
    """The day *typed* names, as a date or in words ("friday", "in 2 weeks")."""
    now = QDate.currentDate()
    today = date(now.year(), now.month(), now.day())
    day = dates.day_said(typed, today, local_names(), year=year)
    return QDate(day.year, day.month, day.day) if day is not None else None


def refusal(typed: str) -> str:
    return (
        f"“{typed.strip()}” is not a day: type 18 dec, 18/12/2026, friday, next tuesday, "
        "in 2 weeks or end of month"
    )


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

    refused = Signal(str)  # words that name no day, in a sentence for the facilitator

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
        self._words = False
        """What is typed starts with a letter: words ("friday"), which Qt's sections
        would mangle, so they are kept here and read as a whole."""
        self._before = self.date()
        """The day shown when the typing began: what stays if the words name none."""
        self.refusal = ""
        """Why the last words typed were refused ("" if they were not)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

    def _start_typing(self) -> None:
        self._typed = ""
        self._words = False
        self._month_digits = ""
        self._advanced = False
        self._before = self.date()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._start_typing()
        self.refusal = ""
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.settle()
        super().focusOutEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.settle()
        self._start_typing()
        super().mousePressEvent(event)

    def settle(self) -> bool:
        """Take what was typed as the day it says (this year if no year was typed).
        Words that name no day are refused: False, the date is what it was before
        the typing, and :attr:`refused` says why."""
        typed, words, before = self._typed, self._words, self._before
        self._start_typing()
        if words:
            day = said_day(typed, before.year())
            if day is None:
                self._put(before)
                self.refusal = refusal(typed)
                QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self.refusal, self)
                self.refused.emit(self.refusal)
                return False
            # Shown as the words were typed; now chosen (a choice even of the same day).
            self._put(before)
            self.setDate(day)
            if day == before:
                self.dateChanged.emit(day)
        else:
            day = typed_day(typed, self.date().year(), complete=False)
            if day is not None and day != self.date():
                self.setDate(day)
        self._before = self.date()
        return True

    def _put(self, day: QDate) -> None:
        """Show *day* without it counting as a choice."""
        was = self.blockSignals(True)
        self.setDate(day)
        self.blockSignals(was)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        starts_words = plain and text[:1].isalpha() and not self._typed
        if (self._words or starts_words) and self._type_words(event, text, plain):
            event.accept()
            return
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

    def _type_words(self, event: QKeyEvent, text: str, plain: bool) -> bool:
        """A key while words are typed: True if it was taken as part of the words."""
        if event.key() == Qt.Key.Key_Backspace:
            self._typed = self._typed[:-1]
        elif text and text.isprintable() and plain:
            self._typed += text
            self._words = True
        else:
            return False  # Enter, Tab, Escape, the arrows: as always (Enter settles)
        if not self._typed:
            self._words = False
            self._put(self._before)
            return True
        day = said_day(self._typed, self._before.year())
        if day is not None:
            self._put(day)  # the day the words name so far; chosen when they are done
        shown = day_with_weekday(day.toString(Qt.DateFormat.ISODate)) if day else "…"
        QToolTip.showText(
            self.mapToGlobal(QPoint(0, self.height())), f"{self._typed} → {shown}", self
        )
        return True

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
        self.refusal = ""
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
        """The date to store: unchanged if it was empty and nobody touched it, or if
        the words typed name no day (:attr:`refusal` then says so)."""
        self.settle()  # "18 dec" or "friday" typed and Tab pressed: that day
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
