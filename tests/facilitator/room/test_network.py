"""Which networks the room offers to open on, and in what order: the laptop's
hotspot first, then Wi-Fi, wired and the rest, "this computer only" last; what a
phone could never reach is not offered."""

from __future__ import annotations

import io

import pytest

from facilitator.room import network, serve
from facilitator.room.network import LOOPBACK, OTHER, VIRTUAL, WIFI, WIRED, Interface


def addresses_offered(*found: Interface) -> list[str]:
    return [offer.address for offer in network.offers(found)]


def test_the_hotspot_comes_first_and_this_computer_alone_last() -> None:
    found = (
        Interface("lo", "127.0.0.1", LOOPBACK),
        Interface("docker0", "172.17.0.1", VIRTUAL),
        Interface("Ethernet", "10.1.4.20", WIRED),
        Interface("Wi-Fi", "192.168.1.34", WIFI),
        Interface("Local Area Connection* 10", "192.168.137.1", WIFI),  # Windows' hotspot
    )
    offered = network.offers(found)
    assert [o.address for o in offered] == [
        "192.168.137.1",
        "192.168.1.34",
        "10.1.4.20",
        "172.17.0.1",
        "127.0.0.1",
    ]
    assert [o.hotspot for o in offered] == [True, False, False, False, False]
    assert offered[0].label == "Local Area Connection* 10, this laptop's hotspot — 192.168.137.1"
    assert offered[1].label == "Wi-Fi, Wi-Fi — 192.168.1.34"
    assert offered[-1].label == "This computer only — 127.0.0.1"


@pytest.mark.parametrize(
    ("interface", "why"),
    [
        (Interface("wlp2s0", "10.42.0.1", WIFI), "Linux's hotspot (NetworkManager)"),
        (Interface("bridge100", "192.168.3.1", OTHER), "macOS's Internet Sharing"),
        (Interface("ap0", "192.168.12.1", WIFI), "an access point interface"),
        (
            Interface("Microsoft Wi-Fi Direct Virtual Adapter #2", "192.168.50.1", VIRTUAL),
            "Windows",
        ),
    ],
)
def test_a_hotspot_is_known_by_its_address_or_its_interface(interface: Interface, why: str) -> None:
    found = (Interface("eth0", "10.0.0.5", WIRED), Interface("wlan0", "192.168.1.9", WIFI))
    offered = network.offers((*found, interface))
    assert offered[0].address == interface.address and offered[0].hotspot, why


def test_what_a_phone_cannot_reach_is_not_offered() -> None:
    assert addresses_offered(
        Interface("eth0", "169.254.10.3", WIRED),  # no DHCP answered: link-local
        Interface("wlan0", "fe80::1c2d:3eff:fe4f:5a6b", WIFI),  # IPv6
        Interface("wlan1", "192.168.1.9", WIFI, up=False),  # switched off
        Interface("lo", "127.0.0.1", LOOPBACK),
        Interface("lo:1", "127.0.1.1", OTHER),  # Debian's name for the machine itself
        Interface("wlan0", "192.168.1.34", WIFI),
        Interface("192.168.1.34", "192.168.1.34", OTHER),  # the same address again
        Interface("bogus", "not an address", OTHER),
        Interface("any", "0.0.0.0", OTHER),
    ) == ["192.168.1.34", "127.0.0.1"]


def test_within_a_kind_the_private_network_comes_first_then_the_system_order() -> None:
    assert addresses_offered(
        Interface("eth0", "81.2.69.160", WIRED),
        Interface("eth1", "10.0.0.7", WIRED),
        Interface("eth2", "172.16.4.2", WIRED),
    ) == ["10.0.0.7", "172.16.4.2", "81.2.69.160", "127.0.0.1"]


def test_with_no_network_only_this_computer_is_offered() -> None:
    assert addresses_offered() == ["127.0.0.1"]


def test_serve_takes_the_best_network_and_names_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = [Interface("eth0", "10.1.4.20", WIRED), Interface("wlan0", "10.42.0.1", WIFI)]
    monkeypatch.setattr(network, "interfaces", lambda: found)
    out = io.StringIO()
    assert serve.choose_address(None, out) == "10.42.0.1"
    assert out.getvalue() == (
        "the room joins on 10.42.0.1; other networks: 10.1.4.20 (choose with --bind)\n"
    )
    assert serve.choose_address("10.1.4.20", io.StringIO()) == "10.1.4.20"
    monkeypatch.setattr(network, "interfaces", lambda: [Interface("lo", "127.0.0.1", LOOPBACK)])
    out = io.StringIO()
    assert serve.choose_address(None, out) == "127.0.0.1"
    assert "no network found" in out.getvalue()


def test_this_machines_interfaces_are_read_without_qt() -> None:
    found = network.interfaces()
    assert all(isinstance(i, Interface) and i.address.count(".") == 3 for i in found)
    assert network.addresses() == addresses_offered(*found)[:-1]
