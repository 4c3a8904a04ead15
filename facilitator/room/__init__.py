"""The room: participants join from their phones, offline, with no account.

The facilitator's laptop serves a small phone page on the local network (the
laptop's hotspot or the venue's Wi-Fi). A phone joins with the room code, follows
the exercise on the wall, writes cards and places dots; each card is saved in
the workshop by the same rules as a typed one before the phone hears "sent ✓".

* :mod:`facilitator.room.room` — what a phone may do, on the workshop's thread;
* :mod:`facilitator.room.server` — the HTTP server (aiohttp);
* :mod:`facilitator.room.process` — the server in a process of its own, as the app runs it;
* :mod:`facilitator.room.inbox` — how requests cross from one thread to the other;
* :mod:`facilitator.room.serve` — ``facilitator serve``, the room without the GUI;
* ``static/`` — the phone page: plain HTML, CSS and JavaScript.
"""

from facilitator.room.inbox import Inbox
from facilitator.room.process import RoomServerProcess
from facilitator.room.room import Focus, Phone, RefusedError, Room
from facilitator.room.server import PhoneInfo, RoomError, RoomServer, phones_in_room

__all__ = [
    "Focus",
    "Inbox",
    "Phone",
    "PhoneInfo",
    "RefusedError",
    "Room",
    "RoomError",
    "RoomServer",
    "RoomServerProcess",
    "phones_in_room",
]
