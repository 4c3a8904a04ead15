"""The phone page in a real browser: Debian's Chromium, driven by Selenium, in a
390×844 window (a phone held in one hand), against ``serve`` on 127.0.0.1.

Set FACILITATOR_SCREENSHOTS=folder to keep the browser's screenshots.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from facilitator.agenda import add_exercise
from facilitator.model import AgendaItem, Participant, Problem, Vote
from facilitator.room import Focus
from facilitator.templates import load_library
from facilitator.workshop import Workshop, open_workshop
from tests.facilitator.room.conftest import Serving

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

if not (CHROMIUM and DRIVER):
    if os.environ.get("CI"):
        pytest.fail(
            "chromium and chromium-driver are needed for the phone page tests "
            "(.ci/run installs them)",
            pytrace=False,
        )
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=390,844",
        "--force-device-scale-factor=1",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    # The viewport of a 390×844 phone, touch and all, not a desktop window that size.
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    yield driver
    driver.quit()


@pytest.fixture
def room(tmp_path: Path) -> Iterator[tuple[Serving, dict[str, AgendaItem]]]:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day")
    library = load_library(include_user=False)
    items = {
        name: add_exercise(workshop, library.template(name))
        for name in ("problem-first", "problem-vote")
    }
    workshop.close()
    running = Serving(path)
    yield running, items
    running.stop()


def wait_for(driver: WebDriver, check: Callable[[WebDriver], Any], timeout: float = 15) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(check)


def shoot(driver: WebDriver, name: str) -> None:
    folder = os.environ.get("FACILITATOR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def tap(driver: WebDriver, css: str) -> bool:
    """Tap a button the page may be redrawing this instant (then try again)."""
    try:
        driver.find_element(By.CSS_SELECTOR, css).click()
    except StaleElementReferenceException:
        return False
    return True


def queued(driver: WebDriver) -> int:
    """What the page keeps to send (in the phone's own storage)."""
    script = "return JSON.parse(localStorage.getItem('facilitator-room') || '{}').queue.length"
    return int(driver.execute_script(script))


def texts(driver: WebDriver, css: str) -> list[str]:
    return [
        e.get_attribute("textContent") or "" for e in driver.find_elements(By.CSS_SELECTOR, css)
    ]


def test_a_phone_joins_writes_sees_the_reveal_and_votes(
    browser: WebDriver, room: tuple[Serving, dict[str, AgendaItem]]
) -> None:
    serving, items = room
    server = serving.server
    assert server is not None

    def facilitator(focus: Focus) -> None:
        serving.on_owner(lambda: server.room.follow(focus))

    browser.get(server.join_url)
    code = wait_for(browser, lambda d: d.find_element(By.ID, "code"))
    assert code.get_attribute("value") == server.code  # from the QR's address
    browser.find_element(By.ID, "name").send_keys("Ana")
    shoot(browser, "phone-join")
    browser.find_element(By.ID, "join-button").click()
    wait_for(browser, lambda d: d.find_element(By.ID, "title").text == "Start with the problem")
    assert browser.find_element(By.ID, "step").text.lower() == "silent writing"

    browser.find_element(By.ID, "text").send_keys("Quotes take a week to go out")
    browser.find_element(By.ID, "send").click()
    wait_for(browser, lambda d: "sent ✓" in d.find_element(By.ID, "mine").text)
    hostile = '<b>loud</b> <img src=x onerror="document.title=1"> & more'
    _another_phone_writes(server.address, server.code, items["problem-first"].id, hostile)
    wait_for(browser, lambda d: "2 cards in the room" in d.find_element(By.ID, "silent").text)
    assert texts(browser, "#wall li") == []  # silent: only my own card is on my phone
    shoot(browser, "phone-silent-writing")

    facilitator(Focus(items["problem-first"].id, 0, revealed=True))
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#wall li")) == 2)
    assert hostile in texts(browser, "#wall li")  # shown as the text it is
    assert browser.find_elements(By.CSS_SELECTOR, "#wall b, #wall img") == []
    assert browser.title != "1"

    browser.refresh()  # a reload keeps the person and their cards
    wait_for(browser, lambda d: "sent ✓" in d.find_element(By.ID, "mine").text)
    assert browser.find_element(By.ID, "join").is_displayed() is False

    facilitator(Focus(items["problem-vote"].id, 1))
    wait_for(browser, lambda d: d.find_element(By.ID, "vote").is_displayed())
    assert browser.find_element(By.ID, "dots-left").text == "3 dots left"
    first_plus = "#ballot li:first-child button:last-child"
    wait_for(browser, lambda d: tap(d, first_plus))
    wait_for(browser, lambda d: d.find_element(By.ID, "dots-left").text == "2 dots left")
    wait_for(browser, lambda d: tap(d, first_plus))
    wait_for(browser, lambda d: d.find_element(By.ID, "dots-left").text == "1 dot left")
    script = f"return document.querySelector('{first_plus}').disabled"
    assert browser.execute_script(script) is True  # at most 2 on one card
    wait_for(browser, lambda d: d.find_element(By.ID, "link").text == "Online")
    assert queued(browser) == 0  # both dots are on the laptop before the vote closes
    shoot(browser, "phone-vote")

    facilitator(Focus(items["problem-vote"].id, 1, revealed=True))
    wait_for(browser, lambda d: d.find_element(By.ID, "results").is_displayed())
    results = texts(browser, "#result-list li")
    assert results[0].startswith("2 dots")
    assert not browser.find_element(By.ID, "vote").is_displayed()  # no dots to move now
    shoot(browser, "phone-result")

    serving.stop()
    workshop = open_workshop(serving.path, read_only=True)
    (ana,) = workshop.typed(Participant)
    mine = [p for p in workshop.typed(Problem) if p.participant_id == ana.id]
    assert [p.text for p in mine] == ["Quotes take a week to go out"]
    dots = [v for v in workshop.typed(Vote) if v.participant_id == ana.id]
    assert len(dots) == 2 and {v.item_id for v in dots} == {mine[0].id}


def _another_phone_writes(address: str, code: str, exercise: str, text: str) -> None:
    async def phone() -> None:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{address}/api/join", json={"code": code}) as response:
                key = (await response.json())["device"]
            card = {"id": str(uuid.uuid4()), "exercise": exercise, "text": text}
            async with session.post(
                f"{address}/api/card", json=card, headers={"X-Room-Device": key}
            ) as response:
                assert response.status == 200

    asyncio.run(phone())


def offline(driver: WebDriver, cut: bool) -> None:
    """Cut the phone's network (or give it back), as a Wi-Fi dropping out would."""
    driver.execute_cdp_cmd("Network.enable", {})
    conditions = {"offline": cut, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)


def test_cards_written_offline_are_kept_and_sent_once_when_the_network_is_back(
    browser: WebDriver, room: tuple[Serving, dict[str, AgendaItem]]
) -> None:
    serving, _ = room
    server = serving.server
    assert server is not None

    def on_the_laptop() -> list[str]:
        return serving.ask(lambda: sorted(p.text for p in server.room.workshop.typed(Problem)))

    def statuses(d: WebDriver) -> dict[str, str]:
        """Each of my cards on the phone, and what the phone says of it."""
        script = """return Array.from(document.querySelectorAll('#mine li'), li =>
            [li.firstChild.textContent, li.querySelector('.status').textContent])"""
        return dict(d.execute_script(script))

    def write(text: str) -> None:
        browser.find_element(By.ID, "text").send_keys(text)
        browser.find_element(By.ID, "send").click()

    browser.get(server.join_url)
    wait_for(browser, lambda d: d.find_element(By.ID, "code"))
    browser.find_element(By.ID, "join-button").click()
    wait_for(browser, lambda d: d.find_element(By.ID, "title").text == "Start with the problem")

    offline(browser, True)
    write("Invoices are typed twice")
    write("Nobody knows the stock")
    waiting = {
        "Invoices are typed twice": "waiting to send…",
        "Nobody knows the stock": "waiting to send…",
    }
    wait_for(browser, lambda d: statuses(d) == waiting)
    wait_for(browser, lambda d: d.find_element(By.ID, "link").text == "Offline — 2 to send")
    assert queued(browser) == 2
    shoot(browser, "phone-offline")
    assert on_the_laptop() == []

    offline(browser, False)  # the Wi-Fi is back: the phone sends them by itself
    sent = {"Invoices are typed twice": "sent ✓", "Nobody knows the stock": "sent ✓"}
    wait_for(browser, lambda d: statuses(d) == sent, timeout=40)
    assert queued(browser) == 0
    assert on_the_laptop() == ["Invoices are typed twice", "Nobody knows the stock"]

    offline(browser, True)
    write("Orders wait for a signature")
    wait_for(browser, lambda d: queued(d) == 1)
    assert len(on_the_laptop()) == 2
    browser.refresh()  # offline: the browser shows its own "no internet" page …
    assert browser.find_elements(By.ID, "mine") == []
    offline(browser, False)
    browser.refresh()  # … and the page, when the network is back, has the card kept
    wait_for(browser, lambda d: statuses(d) == {**sent, "Orders wait for a signature": "sent ✓"})
    wait_for(browser, lambda d: queued(d) == 0)
    assert on_the_laptop() == [
        "Invoices are typed twice",
        "Nobody knows the stock",
        "Orders wait for a signature",
    ]  # each once: the retries never made a second card
