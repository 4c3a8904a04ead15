"""The laptop's addresses on its networks, to choose which one the room joins on.

The GUI asks Qt (QNetworkInterface); ``facilitator serve`` asks this module,
which needs nothing but the standard library: the addresses the operating
system gives for the machine's name, and on Linux each interface's own address.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys

_SIOCGIFADDR = 0x8915


def addresses() -> list[str]:
    """IPv4 addresses of this machine other than loopback, private networks first."""
    found: list[str] = []
    if sys.platform.startswith("linux"):
        found.extend(_linux_addresses())
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    usable = [a for a in dict.fromkeys(found) if not ipaddress.ip_address(a).is_loopback]
    return sorted(usable, key=lambda a: not ipaddress.ip_address(a).is_private)


def _linux_addresses() -> list[str]:
    import fcntl

    found = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            with contextlib.suppress(OSError):
                packed = fcntl.ioctl(
                    probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15])
                )
                found.append(socket.inet_ntoa(packed[20:24]))
    return found
