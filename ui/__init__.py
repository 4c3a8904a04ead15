"""Facilitator's desktop views (PySide6) over the Qt-free core in ``facilitator``.

No business rules live here: a view calls one core operation and shows the
result. ``ui.app.run`` is the entry point used by ``facilitator`` and ``make run``.
"""
