"""The room's protocol, as a phone speaks it: joining, cards of every kind, silent
writing, dot voting, retries, limits, holding for review, and the room closing."""

from __future__ import annotations

import logging
import uuid

import pytest

from facilitator.model import AgendaItem, Concern, Idea, Note, Participant, Problem, Vote
from facilitator.room.room import record_id_for
from facilitator.room.server import LocalOwner, PhoneInfo
from facilitator.workshop import Change, open_workshop
from tests.facilitator.room.conftest import Venue, run


def test_joining_needs_the_room_code_and_every_call_needs_the_phone_key(
    venue: Venue, caplog: pytest.LogCaptureFixture
) -> None:
    async def test(v: Venue) -> None:
        assert v.client is not None
        for body in ({"name": "Ana"}, {"code": "WRONG1", "name": "Ana"}):
            response = await v.client.post("/api/join", json=body)
            assert response.status == 403
            assert "code" in (await response.json())["error"]
        response = await v.client.get("/api/state", headers={"X-Room-Device": "made-up"})
        assert response.status == 403
        response = await v.client.post("/api/card", json={"text": "sneaked in"})
        assert response.status == 403
        phone = await v.join("Ana", code="room42")  # read off the wall in lower case
        assert (await phone.state())["workshop"] == "Acme AI day"

    with caplog.at_level(logging.WARNING, logger="facilitator.room"):
        run(venue, test)
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 4
    assert all("403" in line for line in refusals)
    assert venue.workshop.records("problems") == []


def test_a_named_phone_joins_the_people_in_the_room_once(venue: Venue) -> None:
    venue.workshop.add(Participant, name="Ana Lopez")

    async def test(v: Venue) -> None:
        await v.join("ana lopez")
        await v.join("Ben")
        await v.join("Ben")  # a reload on a second phone, or a namesake: one Ben
        await v.join()  # anonymous: nobody is added

    run(venue, test)
    assert sorted(p.name for p in venue.workshop.typed(Participant)) == ["Ana Lopez", "Ben"]


def test_every_kind_of_card_follows_the_rules_of_a_typed_card(venue: Venue) -> None:
    async def test(v: Venue) -> None:
        ana = await v.join("Ana")
        hidden = await v.join()
        problems = v.show("problem-first")
        status, _ = await ana.card(problems, "Quotes take a week #sales !5 @ben", anonymous=False)
        assert status == 200
        ideas = v.show("new-value-ideas")
        status, body = await ana.card(ideas, "Draft quotes from the CRM")
        assert status == 400
        assert "problem this idea solves" in body["error"]
        (problem,) = v.workshop.typed(Problem)
        status, _ = await ana.card(
            ideas, "Draft quotes from the CRM", problem=problem.id, anonymous=False
        )
        assert status == 200
        concerns = v.show("people-and-change")
        assert (await ana.card(concerns, "Will this replace our team?"))[0] == 200
        assert (await ana.card(concerns, "I need training first", anonymous=False))[0] == 200
        notes = v.show("mandate-check")
        assert (await hidden.card(notes, "The board told us to", anonymous=False))[0] == 200
        actions = v.show("commitments")
        assert (await ana.card(actions, "Book the pilot team", anonymous=False))[0] == 200
        spend = v.show("spend-accountability")
        status, body = await ana.card(spend, "20 seats")
        assert status == 409
        assert "no cards from phones" in body["error"]

    run(venue, test)
    workshop = venue.workshop
    (ana,) = workshop.typed(Participant)
    (problem,) = workshop.typed(Problem)
    # Taken literally: marks typed on a phone are words, not fields or authors.
    assert (problem.text, problem.group, problem.impact) == (
        "Quotes take a week #sales !5 @ben",
        "",
        None,
    )
    assert problem.participant_id == ana.id and problem.from_phone
    (idea,) = workshop.typed(Idea)
    assert idea.problem_ids == (problem.id,) and idea.participant_id == ana.id
    anonymous, named = workshop.typed(Concern)
    assert anonymous.anonymous and anonymous.participant_id is None
    assert not named.anonymous and named.participant_id == ana.id
    (note,) = workshop.typed(Note)
    assert note.participant_id is None  # a phone without a name writes anonymously
    (action,) = workshop.records("actions")
    assert action.owner == "Ana"  # type: ignore[attr-defined]
    assert all(c.from_phone for c in (problem, idea, anonymous, named, note))  # type: ignore[attr-defined]


def test_an_anonymous_card_is_stamped_with_its_minute_not_its_second(venue: Venue) -> None:
    async def test(v: Venue) -> None:
        phone = await v.join("Ana")
        concerns = v.show("people-and-change")
        await phone.card(concerns, "My job changes and nobody said how")
        await phone.card(concerns, "I asked for this", anonymous=False)

    run(venue, test)
    hidden, named = venue.workshop.typed(Concern)
    assert hidden.created_at.endswith(":00.000Z") and hidden.updated_at == hidden.created_at
    assert named.participant_id is not None
    assert not named.created_at.endswith(":00.000Z") or named.created_at[17:19] == "00"


def test_silent_writing_shows_the_room_how_many_cards_not_what_they_say(venue: Venue) -> None:
    async def test(v: Venue) -> None:
        ana, ben = await v.join("Ana"), await v.join("Ben")
        silent = v.show("problem-first")  # step 1 is silent writing
        await ana.card(silent, "Invoices are keyed twice")
        await ben.card(silent, "Nobody owns the customer list")
        state = await ben.state()
        assert state["exercise"]["private"] is True
        assert state["count"] == 2 and "cards" not in state
        v.show("problem-first", revealed=True)
        state = await ben.state()
        assert state["exercise"]["private"] is False
        assert [c["text"] for c in state["cards"]] == [
            "Invoices are keyed twice",
            "Nobody owns the customer list",
        ]

    run(venue, test)


def test_each_phone_votes_within_the_exercise_budget_and_cap(venue: Venue) -> None:
    first = venue.workshop.add(Problem, text="Quotes take a week")
    second = venue.workshop.add(Problem, text="Invoices are keyed twice")
    third = venue.workshop.add(Problem, text="Nobody owns the customer list")

    async def test(v: Venue) -> None:
        v.show("problem-vote", step=1)  # the vote step: 3 dots each, at most 2 on one card
        ana, ben = await v.join("Ana"), await v.join()
        moved = str(uuid.uuid4())
        assert (await ana.vote(first.id, moved))[0] == 200
        assert (await ana.vote(first.id))[0] == 200
        status, body = await ana.vote(first.id)
        assert status == 409 and "at most 2 on one card" in body["error"]
        assert (await ana.vote(second.id))[0] == 200
        status, body = await ana.vote(third.id)
        assert status == 409 and "used all 3 dots" in body["error"]
        status, body = await ana.unvote(moved)  # take one back to move it
        assert status == 200 and len(body["dots"]) == 2
        assert (await ana.vote(third.id))[0] == 200
        status, body = await ben.unvote(moved)
        assert status == 400 and "not one of your dots" in body["error"]
        for card in (first, first, second):  # an anonymous phone is a voter too
            assert (await ben.vote(card.id))[0] == 200
        assert (await ben.vote(third.id))[0] == 409
        v.show("problem-vote", step=1, revealed=True)
        status, body = await ana.vote(second.id)
        assert status == 409 and "closed" in body["error"]
        state = await ana.state()
        assert [(r["text"], r["dots"]) for r in state["results"]] == [
            ("Quotes take a week", 3),
            ("Invoices are keyed twice", 2),
            ("Nobody owns the customer list", 1),
        ]

    run(venue, test)
    dots = venue.workshop.typed(Vote)
    (ana,) = venue.workshop.typed(Participant)
    assert sum(1 for d in dots if d.participant_id == ana.id) == 3
    assert sum(1 for d in dots if d.participant_id is None) == 3  # the anonymous phone's


def test_a_retry_after_a_lost_reply_never_makes_a_second_card(venue: Venue) -> None:
    submission = str(uuid.uuid4())

    async def test(v: Venue) -> None:
        phone = await v.join("Ana")
        item = v.show("problem-first")
        for _ in range(3):
            status, body = await phone.card(item, "Quotes take a week", submission=submission)
            assert status == 200 and body["card"] == record_id_for(submission)

    run(venue, test)
    assert [p.text for p in venue.workshop.typed(Problem)] == ["Quotes take a week"]


def test_a_retry_after_the_laptop_restarted_finds_the_card_in_the_file(venue: Venue) -> None:
    submission = str(uuid.uuid4())
    item = venue.show("problem-first")

    async def before(v: Venue) -> None:
        phone = await v.join()
        assert (await phone.card(item, "Quotes take a week", submission=submission))[0] == 200

    async def after(v: Venue) -> None:
        phone = await v.join(code="NEW777")  # a new room code for the new opening
        status, body = await phone.card(item, "Quotes take a week", submission=submission)
        assert status == 200 and body["saved"]

    run(venue, before)
    venue.crash_and_reopen(code="NEW777")
    run(venue, after)
    assert [p.text for p in venue.workshop.typed(Problem)] == ["Quotes take a week"]


def test_an_acknowledged_card_is_in_the_journal_before_the_phone_hears_of_it(venue: Venue) -> None:
    async def test(v: Venue) -> None:
        phone = await v.join()
        item = v.show("people-and-change")
        status, body = await phone.card(item, "Who checks what the AI writes?")
        assert status == 200
        path = v.workshop.path
        assert path is not None
        # Another process reading the file now (file + journal) already sees it.
        copy = open_workshop(path, read_only=True)
        assert [c.text for c in copy.typed(Concern)] == ["Who checks what the AI writes?"]
        assert copy.get(body["card"]).from_phone  # type: ignore[attr-defined]

    run(venue, test)


def test_limits_refuse_large_cards_large_requests_fast_phones_and_other_paths(
    venue: Venue, caplog: pytest.LogCaptureFixture
) -> None:
    async def test(v: Venue) -> None:
        assert v.client is not None
        phone = await v.join()
        item = v.show("problem-first")
        status, body = await phone.card(item, "x" * 2001)
        assert status == 413 and "2,000 characters" in body["error"]
        assert (await phone.card(item, "é" * 2000))[0] == 200
        response = await v.client.post(
            "/api/card",
            data=b'{"text": "' + b"a" * 17_000 + b'"}',
            headers={"X-Room-Device": phone.key, "Content-Type": "application/json"},
        )
        assert response.status == 413
        for n in range(29):
            assert (await phone.card(item, f"card {n}"))[0] == 200
        status, body = await phone.card(item, "one too many")
        assert status == 429 and "30 cards a minute" in body["error"]
        v.clock.now += 61  # a minute later the phone may send again
        assert (await phone.card(item, "after a pause"))[0] == 200
        for path in ("/../facilitator/room/room.py", "/static/room.js", "/etc/passwd", "/api"):
            response = await v.client.get(path)
            assert response.status == 404, path
        response = await v.client.get("/room.js")
        assert response.status == 200
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")

    with caplog.at_level(logging.WARNING, logger="facilitator.room"):
        run(venue, test)
    assert len(venue.workshop.typed(Problem)) == 31
    statuses = [r.getMessage().rsplit(" ", 1)[-1] for r in caplog.records]
    assert statuses.count("413") == 2 and statuses.count("429") == 1 and statuses.count("404") == 4


def test_markup_from_a_phone_is_kept_as_typed_text(venue: Venue) -> None:
    typed = '<b>bold</b> & <script>alert("x")</script> <img src=x onerror=alert(1)> 🙂 مرحبا'

    async def test(v: Venue) -> None:
        phone = await v.join()
        item = v.show("mandate-check")
        assert (await phone.card(item, typed))[0] == 200
        state = await phone.state()
        assert state["cards"][-1]["text"] == typed

    run(venue, test)
    assert venue.workshop.typed(Note)[-1].text == typed


def test_held_anonymous_cards_wait_for_review_and_are_saved_meanwhile(venue: Venue) -> None:
    submission = str(uuid.uuid4())

    async def test(v: Venue) -> None:
        item = v.show("people-and-change", revealed=True)
        v.room.hold(item.id)
        ana = await v.join("Ana")
        status, body = await ana.card(
            item, "Our manager will use this against us", submission=submission
        )
        assert status == 200 and body == {
            "saved": True,
            "card": record_id_for(submission),
            "held": True,
        }
        assert (await ana.card(item, "I want to be in the pilot", anonymous=False))[0] == 200
        state = await ana.state()
        assert [c["text"] for c in state["cards"]] == ["I want to be in the pilot"]
        (held,) = v.room.held()
        v.room.accept(held.id, text="Our manager may use this against us")
        state = await ana.state()
        assert len(state["cards"]) == 2
        rude = str(uuid.uuid4())
        dropped = await ana.card(item, "a rude remark", submission=rude)
        v.room.drop(dropped[1]["card"])
        # A late retry of a dropped card does not bring it back.
        assert (await ana.card(item, "a rude remark", submission=rude))[0] == 200

    run(venue, test)
    texts = sorted(c.text for c in venue.workshop.typed(Concern))
    assert texts == ["I want to be in the pilot", "Our manager may use this against us"]
    assert venue.workshop.held("concerns") == []


def test_holding_for_review_is_kept_in_the_workshop_and_survives_a_restart(venue: Venue) -> None:
    item = venue.show("people-and-change", revealed=True)
    changes: list[Change] = []
    disconnect = venue.workshop.changed.connect(changes.append)
    assert venue.room.hold(item.id).hold_anonymous
    venue.room.hold(item.id)  # holding already: nothing to save
    disconnect()
    assert [[rc.table for rc in change.records] for change in changes] == [["agenda"]]

    async def before(v: Venue) -> None:
        phone = await v.join()
        assert (await phone.card(item, "Held before the restart"))[1]["held"] is True

    async def after(v: Venue) -> None:
        phone = await v.join("Ana", code="NEW777")
        status, body = await phone.card(item, "Held after the restart")
        assert status == 200 and body["held"] is True
        status, body = await phone.card(item, "Named, so not held", anonymous=False)
        assert status == 200 and body["held"] is False
        others = v.show("problem-first")  # another exercise holds nothing
        status, body = await phone.card(others, "Quotes take a week")
        assert status == 200 and body["held"] is False

    run(venue, before)
    venue.crash_and_reopen(code="NEW777")
    assert venue.room.focus.exercise_id is None  # a new room: nothing remembered in memory
    run(venue, after)
    held = sorted(c.text for c in venue.workshop.held("concerns"))
    assert held == ["Held after the restart", "Held before the restart"]
    venue.room.hold(item.id, False)
    reopened = venue.workshop.get(item.id)
    assert isinstance(reopened, AgendaItem) and not reopened.hold_anonymous


def test_the_phones_vote_in_the_round_the_facilitator_chose(venue: Venue) -> None:
    first = venue.workshop.add(Problem, text="Quotes take a week")
    second = venue.workshop.add(Problem, text="Invoices are keyed twice")

    async def test(v: Venue) -> None:
        v.show("problem-vote", step=1)  # no round chosen: the latest, round 1
        ana = await v.join("Ana")
        assert (await ana.state())["exercise"]["vote"]["round"] == 1
        for card in (first, first, second):
            assert (await ana.vote(card.id))[0] == 200
        assert (await ana.vote(second.id))[0] == 409  # round 1's three dots are used
        v.show("problem-vote", step=1, round=2)  # the facilitator starts round 2
        state = await ana.state()
        assert state["exercise"]["vote"]["round"] == 2
        for card in (second, second, first):  # a fresh budget in the new round
            assert (await ana.vote(card.id))[0] == 200
        v.show("problem-vote", step=1, round=2, revealed=True)
        state = await ana.state()
        assert [(r["text"], r["dots"]) for r in state["results"]] == [
            ("Invoices are keyed twice", 2),
            ("Quotes take a week", 1),
        ]
        v.show("problem-vote", step=1)  # nothing chosen again: the latest, now round 2
        assert (await ana.state())["exercise"]["vote"]["round"] == 2

    run(venue, test)
    by_round = sorted((d.round, d.item_id == first.id) for d in venue.workshop.typed(Vote))
    assert by_round == [(1, False), (1, True), (1, True), (2, False), (2, False), (2, True)]


def test_a_closed_door_keeps_new_phones_out_and_a_removed_phone_is_out(venue: Venue) -> None:
    phones: list[list[PhoneInfo]] = []
    venue.server.owner = LocalOwner(venue.room, venue.inbox, phones.append)

    async def test(v: Venue) -> None:
        assert v.client is not None
        item = v.show("problem-first")
        ana = await v.join("Ana")
        v.server.joinable = False
        response = await v.client.post("/api/join", json={"code": "ROOM42"})
        assert response.status == 403
        assert "closed to new phones" in (await response.json())["error"]
        assert (await ana.card(item, "still writing"))[0] == 200
        v.server.remove(1)
        assert (await ana.card(item, "after removal"))[0] == 403

    run(venue, test)
    assert [p.text for p in venue.workshop.typed(Problem)] == ["still writing"]
    assert phones[-1] == []


def test_the_phones_hear_the_wall_change_and_the_room_close(venue: Venue) -> None:
    async def test(v: Venue) -> None:
        assert v.client is not None
        v.show("problem-first")
        phone = await v.join("Ana")
        stream = await v.client.get("/api/events", params={"device": phone.key})
        assert stream.headers["Content-Type"] == "text/event-stream"
        first = await _event(stream)
        assert first[0] == "state" and '"Start with the problem"' in first[1]
        v.show("people-and-change")
        second = await _event(stream)
        assert '"People and change"' in second[1]
        await v.client.close()  # the server shuts down with the stream open
        stream.close()

    run(venue, test)


async def _event(stream: object) -> tuple[str, str]:
    kind, data = "", ""
    content = stream.content  # type: ignore[attr-defined]
    while True:
        line = (await content.readline()).decode()
        if line.startswith("event:"):
            kind = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data = line.split(":", 1)[1].strip()
        elif line == "\n" and kind:
            return kind, data
