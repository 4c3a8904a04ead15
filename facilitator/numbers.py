"""Money, counts, shares, bounds and dates as a consultant reads them, on screen and in
the brief.

One place for the wording the live views and the brief share, so a figure or a
date reads the same on the projector as in the PDF. Kept apart from the brief so
that a view showing a price does not load the PDF machinery (ReportLab takes a
third of a second to import).

Three rules hold everywhere a figure is shown:

* a **unit price** (per seat, per active user) keeps its cents: $1,999.99 is not
  $2,000 when a monthly total beside it only adds up with the cents;
* a **column** of amounts or counts is rounded so that what a reader adds up is
  the total shown (largest remainder), never row by row on its own;
* a **share** is a whole percent, one decimal only where a whole number would
  say "all" or "none" of something that is not, and never capped: budgets of
  twice the spend are 200 %.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# A no-break space keeps a number and its unit on one line ("42 %", "CHF 900").
NBSP = "\u00a0"
MINUS = "\u2212"
"""The minus sign (not the hyphen) for negative figures: "−1 min"."""
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": f"CHF{NBSP}"}


def symbol(currency: str) -> str:
    """ "$" for USD; "SEK " (with a no-break space) for a currency without a sign."""
    return _SYMBOLS.get(currency, f"{currency}{NBSP}")


def money(amount: float | None, currency: str) -> str:
    """A total: $1,024,000 · €6,500 · €37.50 — whole units from 1,000 up, cents below
    only when there are some."""
    if amount is None:
        return "—"
    cents = not float(amount).is_integer() and abs(amount) < 1000
    return _money_text(amount, currency, 2 if cents else 0)


def unit_price(amount: float | None, currency: str) -> str:
    """A price per seat or per user: $1,999.99 keeps its cents at any size."""
    if amount is None:
        return "—"
    whole = float(round(amount, 2)).is_integer()
    return _money_text(amount, currency, 0 if whole else 2)


def _money_text(amount: float, currency: str, decimals: int) -> str:
    rounded = _half_up(abs(float(amount)), decimals)
    text = f"{rounded:,.{decimals}f}"
    sign = MINUS if amount < 0 and rounded else ""
    return f"{sign}{symbol(currency)}{text}"


def _half_up(number: float, decimals: int, scale: int = 0) -> Decimal:
    """*number* × 10**scale to *decimals* places, half a unit rounding up, as a reader
    rounds it (Python's format rounds a half to even: €2,500,162.50 would print
    €2,500,162 beside rows adding up to …163). From the shortest decimal form of the
    float, so 2.675 is 2.68 and a share of 0.0045 is 0.5 %, as typed and as divided."""
    exact = Decimal(repr(number)).scaleb(scale)
    if not exact.is_finite():
        return exact
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def signed(number: int, unit: str = "") -> str:
    """+3 min · −1 min · +0 min, with a real minus sign."""
    text = f"+{number:,}" if number >= 0 else f"{MINUS}{-number:,}"
    return f"{text}{NBSP}{unit}" if unit else text


def largest_remainder(values: Sequence[float], decimals: int = 0) -> list[float]:
    """*values* rounded to *decimals* so that they add up to their rounded sum.

    Rounding each row on its own can make rows of 2,532 add up to a total of
    2,531; this gives the rounding surplus or deficit to the rows whose
    fractions were largest (Hamilton's method), so a reader's sum matches.
    """
    scale = 10**decimals
    scaled = [v * scale for v in values]
    floors = [math.floor(v + 1e-9) for v in scaled]
    target = round(sum(scaled) + 1e-9)
    short = target - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[: max(short, 0)]:
        floors[i] += 1
    return [f / scale for f in floors]


def money_column(amounts: Sequence[float | None], currency: str) -> tuple[list[str], str]:
    """The texts of a column of amounts and of its total, rounded alike so that the
    rows shown add up to the total shown. Unknown amounts print "—" and are left
    out of the total. Cents show only when some amount has them and the total is
    under 1,000; otherwise every figure is in whole units."""
    known = [a for a in amounts if a is not None]
    total = sum(known)
    cents = any(not float(a).is_integer() for a in known) and abs(total) < 1000
    decimals = 2 if cents else 0
    rows = largest_remainder(known, decimals)
    rounded = iter(rows)
    texts = ["—" if a is None else _money_text(next(rounded), currency, decimals) for a in amounts]
    return texts, _money_text(sum(rows), currency, decimals)  # what the rows add up to


def count_column(counts: Sequence[float | None]) -> tuple[list[int | None], int]:
    """Whole numbers for a column of (fractional) counts — active users are seats ×
    a share — that add up to the whole-number total shown beneath them."""
    known = [c for c in counts if c is not None]
    rounded = iter(int(r) for r in largest_remainder(known))
    return [None if c is None else next(rounded) for c in counts], round(sum(known) + 1e-9)


def percent(share: float | None) -> str:
    """42 % · 215 % · 99.6 % (not 100 %) · under 0.1 % (not 0 %)."""
    if share is None:
        return "—"
    text = f"{_half_up(share, 0, scale=2):.0f}"
    # Rounding must not say "all" or "none" of something that is not: $29,880 of
    # $30,000 is 99.6 %, not 100 %, and $1 of $1,000,000 is under 0.1 %, not 0 %.
    if text == "100" and share < 1:
        finer = f"{_half_up(share, 1, scale=2):.1f}"
        return f"over{NBSP}99.9{NBSP}%" if finer == "100.0" else f"{finer}{NBSP}%"
    if text == "0" and share > 0:
        finer = f"{_half_up(share, 1, scale=2):.1f}"
        return f"under{NBSP}0.1{NBSP}%" if finer == "0.0" else f"{finer}{NBSP}%"
    return f"{text}{NBSP}%"


def percents_adding_up(share: float | None) -> tuple[str, str]:
    """*share* of a whole and the rest of it, as two percents a reader adds up to
    100 %: $4,500 of $1,000,000 is 0.5 % and 99.5 % (each rounded alone, 0.5 % and
    99.6 %). The rest is what the shown share leaves, at the same precision."""
    if share is None:
        return "—", "—"
    if not 0 <= share <= 1:  # budgets beyond the whole: nothing is left over
        return percent(share), percent(max(1 - share, 0.0))
    whole = _half_up(share, 0, scale=2)
    if 0 < whole < 100 or share in (0, 1):
        return f"{whole:.0f}{NBSP}%", f"{100 - whole:.0f}{NBSP}%"
    finer = _half_up(share, 1, scale=2)  # under 1 % or over 99 %: one decimal
    if finer == 0:
        return f"under{NBSP}0.1{NBSP}%", f"over{NBSP}99.9{NBSP}%"
    if finer == 100:
        return f"over{NBSP}99.9{NBSP}%", f"under{NBSP}0.1{NBSP}%"
    return f"{finer:.1f}{NBSP}%", f"{100 - finer:.1f}{NBSP}%"


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


__all__ = [
    "MINUS",
    "NBSP",
    "at_least",
    "at_most",
    "count_column",
    "day_with_weekday",
    "largest_remainder",
    "long_date",
    "money",
    "money_column",
    "percent",
    "signed",
    "symbol",
    "unit_price",
]
