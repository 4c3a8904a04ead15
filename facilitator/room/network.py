"""Which of the laptop's networks the room can open on, and in what order to offer them.

The phones must reach the laptop: on its own Wi-Fi hotspot (the surest — no
venue firewall, no client isolation), on the venue's Wi-Fi or a wired network,
or, to try the page alone, on this computer only. :func:`offers` puts them in
that order from a plain list of :class:`Interface` values, so the rule is tested
without a network: the GUI fills the list from Qt's ``QNetworkInterface``,
``facilitator serve`` from :func:`interfaces` (the standard library only).

Left out: addresses a phone cannot use — IPv6 (a QR code of an IPv6 address is
long, and hotspots hand phones IPv4 ones), link-local addresses (169.254.x.y: a
network whose DHCP never answered), interfaces that are down, and a second
copy of an address.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import socket
import struct
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

WIFI, WIRED, OTHER, VIRTUAL, LOOPBACK = "wifi", "wired", "other", "virtual", "loopback"
"""What an interface is, as far as the operating system says."""

HOTSPOT_ADDRESSES = frozenset({"192.168.137.1", "10.42.0.1", "192.168.2.1"})
"""The laptop's own address when it shares a connection as a hotspot: Windows'
Mobile hotspot, NetworkManager's (Linux) hotspot, macOS's Internet Sharing."""

_HOTSPOT_NAMES = re.compile(r"^(bridge1\d\d|ap\d+|uap\d+)$|hotspot|wi-fi direct", re.IGNORECASE)
"""Interface names of a hotspot: macOS's bridge100, Linux's ap0/uap0, Windows'
"Microsoft Wi-Fi Direct Virtual Adapter"."""

_ORDER = {WIFI: 1, WIRED: 2, OTHER: 3, VIRTUAL: 4}
_KIND_WORDS = {WIFI: "Wi-Fi", WIRED: "wired", VIRTUAL: "virtual"}

THIS_COMPUTER = "127.0.0.1"


@dataclass(frozen=True)
class Interface:
    """One address of one of the laptop's network interfaces."""

    name: str
    """As the system names it to a person ("Wi-Fi", "wlan0", "Ethernet 2")."""
    address: str
    kind: str = OTHER
    """:data:`WIFI`, :data:`WIRED`, :data:`VIRTUAL` (a virtual machine's or a
    container's bridge), :data:`LOOPBACK` or :data:`OTHER`."""
    up: bool = True


@dataclass(frozen=True)
class Offer:
    """A network the room can open on, as the facilitator picks it."""

    label: str
    address: str
    hotspot: bool = False


def offers(found: Iterable[Interface]) -> list[Offer]:
    """The networks to offer, best first: the laptop's hotspot, Wi-Fi, wired,
    other and virtual networks, and last "this computer only" (always there)."""
    usable: dict[str, tuple[tuple[int, bool, int], Offer]] = {}
    for position, interface in enumerate(found):
        address = _ipv4(interface.address)
        if (
            address is None
            or not interface.up
            or address.is_loopback
            or address.is_link_local
            or address.is_unspecified
            or interface.kind == LOOPBACK
            or str(address) in usable
        ):
            continue
        hotspot = is_hotspot(interface)
        rank = 0 if hotspot else _ORDER.get(interface.kind, _ORDER[OTHER])
        # Within a kind, private networks first: a phone on the room's Wi-Fi has one.
        key = (rank, not address.is_private, position)
        usable[str(address)] = (key, _offer(interface, str(address), hotspot))
    ranked = [offer for _key, offer in sorted(usable.values(), key=lambda pair: pair[0])]
    return [*ranked, Offer(f"This computer only — {THIS_COMPUTER}", THIS_COMPUTER)]


def is_hotspot(interface: Interface) -> bool:
    """The laptop's own hotspot, by its well-known address or its interface's name."""
    return interface.address in HOTSPOT_ADDRESSES or bool(_HOTSPOT_NAMES.search(interface.name))


def _offer(interface: Interface, address: str, hotspot: bool) -> Offer:
    what = "this laptop's hotspot" if hotspot else _KIND_WORDS.get(interface.kind, "")
    detail = f"{interface.name}, {what}" if what else interface.name
    return Offer(f"{detail} — {address}", address, hotspot)


def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return address if isinstance(address, ipaddress.IPv4Address) else None


# -- the laptop's interfaces, without Qt (for ``facilitator serve``) -------------------

_SIOCGIFADDR = 0x8915
_SYS_NET = Path("/sys/class/net")


def interfaces() -> list[Interface]:
    """This machine's IPv4 interfaces as the standard library sees them: on Linux
    each interface with its name and kind; elsewhere the addresses of the
    machine's name (named after the address)."""
    found: list[Interface] = []
    if sys.platform.startswith("linux"):
        found.extend(_linux_interfaces())
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            found.append(Interface(address, address))
    return found


def addresses() -> list[str]:
    """The addresses ``serve`` may listen on, best first, without "this computer only"."""
    return [offer.address for offer in offers(interfaces()) if offer.address != THIS_COMPUTER]


def _linux_interfaces() -> list[Interface]:
    import fcntl

    found = []
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            with contextlib.suppress(OSError):
                packed = fcntl.ioctl(
                    probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15])
                )
                found.append(Interface(name, socket.inet_ntoa(packed[20:24]), _linux_kind(name)))
    return found


def _linux_kind(name: str) -> str:
    """Wi-Fi if the kernel says so; virtual if no device stands behind it."""
    folder = _SYS_NET / name
    if name == "lo":
        return LOOPBACK
    if (folder / "wireless").exists() or (folder / "phy80211").exists():
        return WIFI
    if not (folder / "device").exists():
        return VIRTUAL
    return WIRED
