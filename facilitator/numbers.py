"""Money, shares, bounds and dates as a consultant reads them, on screen and in the brief.

One place for the wording the live views and the brief share, so a figure or a
date reads the same on the projector as in the PDF. Kept apart from the brief so
that a view showing a price does not load the PDF machinery (ReportLab takes a
third of a second to import).
"""

from __future__ import annotations

from datetime import date

# A no-break space keeps a number and its unit on one line ("42 %", "CHF 900").
NBSP = "\u00a0"
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": f"CHF{NBSP}"}


def money(amount: float | None, currency: str) -> str:
    """$1,024,000 · €6,500.50 · SEK 1,200 — whole amounts without decimals."""
    if amount is None:
        return "—"
    symbol = _SYMBOLS.get(currency, f"{currency}{NBSP}")
    text = f"{amount:,.0f}" if float(amount).is_integer() or amount >= 1000 else f"{amount:,.2f}"
    return f"{symbol}{text}"


def percent(share: float | None) -> str:
    if share is None:
        return "—"
    value = share * 100
    text = f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}"
    # Rounding must not say "all" or "none" of something that is not: $29,880 of
    # $30,000 is 99.6 %, not 100 %, and $1 of $1,000,000 is under 0.1 %, not 0 %.
    if text == "100" and share < 1:
        finer = f"{value:.1f}"
        return f"over{NBSP}99.9{NBSP}%" if finer == "100.0" else f"{finer}{NBSP}%"
    if text == "0.0" and share > 0:
        return f"under{NBSP}0.1{NBSP}%"
    return f"{text}{NBSP}%"


def at_least(amount: str, complete: bool) -> str:
    """A figure that leaves something out (a licence without a price) is a lower
    bound: "≥ $1,000,000", the sign kept with its number."""
    return amount if complete else f"≥{NBSP}{amount}"


def at_most(share: str, complete: bool) -> str:
    """A share of a total that leaves something out is an upper bound: "≤ 25 %"."""
    return share if complete else f"≤{NBSP}{share}"


def long_date(iso: str | None) -> str:
    """``2026-12-04`` as "4 December 2026" ("" for no date; a date that is not one
    is shown as it was written)."""
    day = _day(iso)
    return f"{day.day} {day:%B %Y}" if day is not None else iso or ""


def day_with_weekday(iso: str | None) -> str:
    """``2026-12-04`` as "Fri 4 Dec 2026": the weekday helps ("by Friday")."""
    day = _day(iso)
    return f"{day:%a} {day.day} {day:%b %Y}" if day is not None else iso or ""


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


__all__ = ["NBSP", "at_least", "at_most", "day_with_weekday", "long_date", "money", "percent"]
