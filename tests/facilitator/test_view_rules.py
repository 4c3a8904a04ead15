"""The rules the live views show, decided in the core: which use cases the spend
sheet and the readiness grid list, the tallies over them, whose name a card
carries, and where the day is on the agenda. The views only call these; the
command line and the room get the same answers without Qt."""

from __future__ import annotations

from facilitator import scoring
from facilitator.agenda import current_exercise, finished
from facilitator.exercise import Exercise
from facilitator.model import Action, AgendaItem, Concern, Idea, Licence, Problem, new_id
from facilitator.scoring import Status, Verdict


def idea(text: str, **values: object) -> Idea:
    return Idea.build({"text": text, "problem_ids": [new_id()], **values})


def step(text: str, **values: object) -> Action:
    return Action.build({"text": text, **values})


def item(name: str, status: str) -> AgendaItem:
    return AgendaItem.build({"template": {"name": name}, "status": status})


def texts(ideas: list[Idea]) -> list[str]:
    return [i.text for i in ideas]


def test_the_spend_sheet_lists_the_shortlist_and_every_use_case_with_spend_typed_in() -> None:
    starred = idea("starred", shortlisted=True)
    budget = idea("budget only", monthly_budget=900.0)
    owner = idea("owner only", owner="Ana")
    metric = idea("metric only", success_metric="days to permit")
    blank = idea("nothing yet")
    spaces = idea("an owner of spaces", owner="   ")
    ideas = [blank, metric, starred, spaces, budget, owner]
    listed = scoring.spend_cases(ideas)
    # In the workshop's order, not the ranking's: the sheet is a ledger.
    assert texts(listed) == ["metric only", "starred", "budget only", "owner only"]
    assert texts(scoring.spend_cases(ideas, every=True)) == texts(ideas)
    # A use case listed before stays listed once its budget is cleared.
    assert texts(scoring.spend_cases(ideas, kept={blank.id})) == ["nothing yet", *texts(listed)]


def test_with_nothing_starred_the_spend_sheet_lists_the_top_of_the_ranking() -> None:
    scored = [idea(f"{v}×{f}", value=v, feasibility=f) for v in (1, 3, 5) for f in (2, 4)]
    unscored = idea("unscored")
    listed = scoring.spend_cases([unscored, *scored])
    # The top five by priority, listed in the workshop's order; 1×2 and the unscored not.
    assert texts(listed) == ["1×4", "3×2", "3×4", "5×2", "5×4"]


def test_the_readiness_grid_lists_the_shortlist_by_rank_then_others_kept_or_asked_for() -> None:
    low = idea("low", value=2, feasibility=2, shortlisted=True)
    high = idea("high", value=5, feasibility=5, shortlisted=True)
    other = idea("other", value=4, feasibility=4)
    last = idea("last", value=1, feasibility=1)
    ideas = [low, other, last, high]
    assert texts(scoring.readiness_rows(ideas)) == ["high", "low"]
    assert texts(scoring.readiness_rows(ideas, every=True)) == ["high", "low", "other", "last"]
    # Unstarred a moment ago: its row stays, after the shortlist, not under the cursor.
    assert texts(scoring.readiness_rows(ideas, kept={last.id})) == ["high", "low", "last"]


def test_the_readiness_tally_counts_each_verdict_in_plain_english() -> None:
    verdicts = [
        Verdict(Status.READY),
        Verdict(Status.NEEDS_WORK),
        Verdict(Status.BLOCKED),
        Verdict(Status.READY),
    ]
    assert scoring.readiness_tally(verdicts) == "2 ready · 1 needs work · 1 blocked"
    assert scoring.readiness_tally(verdicts[:1]) == "1 ready · 0 need work · 0 blocked"


def test_the_next_steps_tally_names_what_the_read_back_must_chase() -> None:
    steps = [
        step("Call the vendor", owner="Ana", due="2026-12-11"),
        step("Draft the policy", owner="Raj"),
        step("Someone should look at it", owner="  "),
    ]
    tally = scoring.next_steps(steps)
    assert tally.sentence() == "3 next steps · 2 with a named owner · 2 without a date"
    assert not tally.all_complete
    done = scoring.next_steps(steps[:1])
    assert done.sentence() == "1 next step · 1 with a named owner"
    assert done.all_complete
    assert scoring.next_steps([]).sentence() == "No next steps yet"
    assert scoring.next_steps([]).all_complete  # nothing agreed is nothing to chase


def test_an_anonymous_concern_is_credited_to_nobody_even_if_its_record_holds_a_name() -> None:
    person = new_id()
    named = Concern.build({"text": "Jobs", "participant_id": person, "anonymous": False})
    hidden = Concern.build({"text": "Jobs", "participant_id": person, "anonymous": True})
    problem = Problem.build({"text": "Permits wait", "participant_id": person})
    assert scoring.raised_by(named) == person
    assert scoring.raised_by(problem) == person
    assert scoring.raised_by(hidden) is None
    assert scoring.raised_by(Problem.build({"text": "Said by nobody"})) is None


def test_a_spend_total_is_known_once_anything_is_priced() -> None:
    unpriced = Licence.build({"tool": "Assistant", "seats": 50})
    priced = Licence.build({"tool": "Notes", "seats": 10, "price_per_seat_month": 20})
    assert scoring.spend([], []).known  # nothing bought: 0 is the whole truth
    assert not scoring.spend([unpriced], []).known  # not 0: unknown
    assert scoring.spend([unpriced, priced], []).known  # at least 200 a month


def test_the_day_is_at_the_exercise_left_running_else_the_first_still_planned() -> None:
    done, planned, running = item("Done", "done"), item("Next", "planned"), item("Now", "running")
    skipped = item("Skipped", "skipped")
    assert current_exercise([done, planned, running]) is running
    assert current_exercise([done, skipped, planned]) is planned
    assert current_exercise([done, skipped]) is None
    assert [finished(i) for i in (done, planned, running, skipped)] == [True, False, False, True]


def test_a_vote_counts_dots_on_what_its_exercise_captures() -> None:
    def voted_on(captures: str) -> str | None:
        return Exercise(AgendaItem.build({"template": {"captures": captures}})).voted_on

    assert voted_on("problem") == "problems"
    assert voted_on("idea") == "ideas"
    assert voted_on("concern") is None
    assert voted_on("none") is None
