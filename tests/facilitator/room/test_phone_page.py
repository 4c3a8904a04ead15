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
    accessible(browser, "offline")
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


# What a participant needs of every screen, checked in the page itself (the
# script says what it checks; it returns what fails, in words).
ACCESSIBILITY = (Path(__file__).parent / "accessibility.js").read_text(encoding="utf-8")


def accessible(driver: WebDriver, screen: str) -> None:
    """The screen passes the checks above, and is kept as a screenshot."""
    shoot(driver, f"phone-{screen}")
    assert driver.execute_script(ACCESSIBILITY) == [], screen


def test_every_screen_of_the_phone_reads_and_taps_well(browser: WebDriver, tmp_path: Path) -> None:
    path = tmp_path / "acme.workshop.json"
    workshop = Workshop.create(path, title="Acme AI day — finance and operations")
    library = load_library(include_user=False)
    names = (
        "problem-first",
        "new-value-ideas",
        "people-and-change",
        "mandate-check",
        "commitments",
        "break",
        "problem-vote",
    )
    items = {name: add_exercise(workshop, library.template(name)) for name in names}
    workshop.close()
    serving = Serving(path)
    server = serving.server
    assert server is not None

    def facilitator(focus: Focus) -> None:
        serving.on_owner(lambda: server.room.follow(focus))

    def showing(title: str) -> Callable[[WebDriver], bool]:
        return lambda d: d.find_element(By.ID, "title").text == title

    def write(text: str) -> None:
        browser.find_element(By.ID, "text").send_keys(text)
        browser.find_element(By.ID, "send").click()
        wait_for(
            browser, lambda d: queued(d) == 0 and "sent ✓" in d.find_element(By.ID, "mine").text
        )

    try:
        browser.get(server.join_url)
        wait_for(browser, lambda d: d.find_element(By.ID, "code").is_displayed())
        accessible(browser, "join")
        browser.find_element(By.ID, "code").clear()
        browser.find_element(By.ID, "code").send_keys("WRONG1")
        browser.find_element(By.ID, "join-button").click()
        wait_for(browser, lambda d: d.find_element(By.ID, "join-error").text != "")
        assert browser.find_element(By.ID, "join-error").text == "That is not this room's code."
        accessible(browser, "join-refused")
        browser.find_element(By.ID, "code").clear()  # the code on the wall, typed right
        browser.find_element(By.ID, "code").send_keys(server.code.lower())
        browser.find_element(By.ID, "name").send_keys("Ana")
        browser.find_element(By.ID, "join-button").click()
        wait_for(browser, showing("Start with the problem"))

        facilitator(Focus(None))
        wait_for(browser, showing("Welcome"))
        accessible(browser, "waiting")

        facilitator(Focus(items["problem-first"].id, 0, remaining_s=300, running=True))
        wait_for(browser, showing("Start with the problem"))
        write("Quotes take a week to go out")
        _another_phone_writes(
            server.address, server.code, items["problem-first"].id, "Invoices are typed twice"
        )
        wait_for(browser, lambda d: "2 cards in the room" in d.find_element(By.ID, "silent").text)
        accessible(browser, "problem-silent")
        note = browser.find_element(By.ID, "silent").rect
        assert note["y"] + note["height"] <= browser.find_element(By.ID, "text").rect["y"]
        _keyboard_up(browser)
        facilitator(Focus(items["problem-first"].id, 0, revealed=True))
        wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#wall li")) == 2)
        accessible(browser, "problem-revealed")

        facilitator(Focus(items["new-value-ideas"].id))
        wait_for(browser, showing("Could not do before"))
        wait_for(browser, lambda d: d.find_element(By.ID, "problem-row").is_displayed())
        accessible(browser, "idea")

        facilitator(Focus(items["people-and-change"].id))
        wait_for(browser, showing("People and change"))
        assert browser.find_element(By.ID, "anonymous").is_selected()  # concerns: no name
        accessible(browser, "concern")

        for name, title in (("mandate-check", "Why are we here?"), ("commitments", "Commitments")):
            facilitator(Focus(items[name].id))
            wait_for(browser, showing(title))
            accessible(browser, name)

        facilitator(Focus(items["break"].id))
        wait_for(browser, showing("Break"))
        assert not browser.find_element(By.ID, "write").is_displayed()
        accessible(browser, "break")

        facilitator(Focus(items["problem-vote"].id, 1))
        wait_for(browser, lambda d: d.find_element(By.ID, "vote").is_displayed())
        accessible(browser, "vote")
        facilitator(Focus(items["problem-vote"].id, 1, revealed=True))
        wait_for(browser, lambda d: d.find_element(By.ID, "results").is_displayed())
        accessible(browser, "result")

        server.remove(1)  # the facilitator takes this phone out of the room
        wait_for(browser, lambda d: d.find_element(By.ID, "gone").is_displayed())
        accessible(browser, "removed")
    finally:
        serving.stop()


def _keyboard_up(driver: WebDriver) -> None:
    """The phone's keyboard takes the lower half of the screen: a person who had
    scrolled down to their cards taps back into the box, and it is in sight, not
    under the keyboard nor under the page's bar."""
    half = {"width": 390, "height": 420, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", half)
    try:
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        driver.execute_script("document.getElementById('text').focus()")
        box = driver.find_element(By.ID, "text").rect
        bar = driver.find_element(By.CSS_SELECTOR, "header").rect
        seen = driver.execute_script("return [window.scrollY, window.innerHeight]")
        top = box["y"] - seen[0]
        assert bar["height"] <= top and top + box["height"] <= seen[1], (box, bar, seen)
        shoot(driver, "phone-keyboard-up")
    finally:
        whole = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", whole)
