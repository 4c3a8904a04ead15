"""The rules behind every number in the brief: ranking, readiness, spend, people."""

from __future__ import annotations

import pytest

from facilitator import scoring
from facilitator.model import Concern, Idea, Licence, Problem, new_id
from facilitator.scoring import Status


def idea(**values: object) -> Idea:
    return Idea.build({"text": "I", "problem_ids": [new_id()], **values})


def rated(workflow: int | None, volume: int | None, safety: int | None, **values: object) -> Idea:
    readiness = {
        name: {"score": score, "note": ""}
        for name, score in (("workflow", workflow), ("volume", volume), ("safety", safety))
    }
    return idea(readiness=readiness, **values)


def test_priority_is_value_times_feasibility() -> None:
    assert scoring.priority(idea(value=4, feasibility=3)) == 12
    assert scoring.priority(idea(value=4)) is None


def test_ranking_prefers_new_value_at_equal_priority_then_votes() -> None:
    automation = idea(text="automate", value=4, feasibility=3, value_type="automation")
    new_value = idea(text="new", value=3, feasibility=4, value_type="new_value")
    best = idea(text="best", value=5, feasibility=5, value_type="automation")
    unscored = idea(text="unscored", value_type="new_value")
    ranked = scoring.ranked_ideas([unscored, automation, new_value, best])
    assert [i.text for i in ranked] == ["best", "new", "automate", "unscored"]


def test_quadrants_split_between_three_and_four() -> None:
    assert scoring.quadrant_of(4, 4) == "Quick wins"
    assert scoring.quadrant_of(5, 3) == "Big bets"
    assert scoring.quadrant_of(3, 5) == "Fill-ins"
    assert scoring.quadrant_of(3, 3) == "Money pits"


@pytest.mark.parametrize(
    ("scores", "owner", "metric", "status"),
    [
        ((4, 5, 4), "Ana", "days to decision", Status.READY),
        ((4, 5, 4), "", "days to decision", Status.NEEDS_WORK),
        ((4, 5, 4), "Ana", "", Status.NEEDS_WORK),
        ((3, 5, 4), "Ana", "m", Status.NEEDS_WORK),
        ((None, 5, 4), "Ana", "m", Status.NEEDS_WORK),
        ((5, 5, 2), "Ana", "m", Status.BLOCKED),
        ((1, 5, 5), "Ana", "m", Status.BLOCKED),
        ((5, 1, 5), "", "", Status.BLOCKED),
    ],
)
def test_readiness_status(
    scores: tuple[int | None, int | None, int | None], owner: str, metric: str, status: Status
) -> None:
    verdict = scoring.readiness(rated(*scores, owner=owner, success_metric=metric))
    assert verdict.status is status
    if status is Status.BLOCKED:
        assert any("/5" in reason for reason in verdict.reasons)
    if not owner:
        assert "no owner" in verdict.reasons


def test_shortlist_is_the_starred_ideas_or_the_top_five() -> None:
    ideas = [idea(text=str(n), value=n % 5 + 1, feasibility=3) for n in range(8)]
    assert len(scoring.shortlist(ideas)) == 5
    starred = [*ideas[:3], idea(text="star", value=1, feasibility=1, shortlisted=True)]
    assert [i.text for i in scoring.shortlist(starred)] == ["star"]


def test_spend_is_computed_never_typed() -> None:
    licences = [
        Licence.build(
            {"tool": "Assistant", "seats": 5000, "price_per_seat_month": 200, "active_share": 0.18}
        ),
        Licence.build({"tool": "Transcription", "seats": 400, "price_per_seat_month": 30}),
    ]
    ideas = [
        idea(owner="Ana", success_metric="m", monthly_budget=6500),
        idea(owner="", success_metric="m", monthly_budget=9000),  # no owner: not accounted
        idea(owner="Bo", success_metric="", monthly_budget=100),  # no metric: not accounted
    ]
    picture = scoring.spend(licences, ideas)
    assert picture.total == 1_000_000 + 12_000
    assert picture.accounted == 6500
    assert picture.unaccounted == 1_012_000 - 6500
    assert picture.unaccounted_share == pytest.approx((1_012_000 - 6500) / 1_012_000)
    assert picture.active_users == pytest.approx(900)
    # Cost per active user counts only the lines whose use is known.
    assert picture.cost_per_active_user == pytest.approx(1_000_000 / 900)
    assert len(picture.unowned_budgets) == 2


def test_spend_with_nothing_recorded() -> None:
    picture = scoring.spend([], [])
    assert picture.total == 0 and picture.unaccounted_share is None
    assert picture.cost_per_active_user is None


def test_a_licence_without_a_price_is_unknown_not_free() -> None:
    licences = [
        Licence.build({"tool": "Assistant", "seats": 5000, "active_share": 0.12}),
        Licence.build(
            {"tool": "Transcription", "seats": 10, "price_per_seat_month": 200, "active_share": 1}
        ),
    ]
    assert licences[0].monthly_cost is None
    picture = scoring.spend(licences, [])
    assert not picture.complete and picture.unpriced == (licences[0],)
    assert picture.total == 2000  # what is known: a lower bound
    # Cost per active user divides the priced line's cost by its own users only,
    # not by the 600 active users of the line nobody priced.
    assert picture.cost_per_active_user == pytest.approx(200)
    assert picture.active_users == pytest.approx(610)
    assert scoring.cost_per_active_user(licences[0]) is None


@pytest.mark.parametrize(
    ("dimension", "score", "status"),
    [
        ("workflow", 1, Status.BLOCKED),
        ("workflow", 2, Status.NEEDS_WORK),  # poor fit is work to do, not a stop
        ("safety", 2, Status.BLOCKED),  # unsafe in production is a stop
        ("volume", 3, Status.NEEDS_WORK),
        ("safety", 4, Status.READY),
        ("volume", None, None),
    ],
)
def test_each_score_means_what_the_rule_says(
    dimension: str, score: int | None, status: Status | None
) -> None:
    assert scoring.rating_status(dimension, score) is status


def test_top_problems_by_votes_then_impact() -> None:
    low = Problem.build({"text": "low", "impact": 2})
    high = Problem.build({"text": "high", "impact": 5})
    voted = Problem.build({"text": "voted", "impact": 1}).changed({"votes": 3})
    assert [p.text for p in scoring.ranked_problems([low, high, voted])] == ["voted", "high", "low"]


def test_concerns_by_category_most_frequent_first() -> None:
    concerns = [
        Concern.build({"text": t, "category": c})
        for t, c in (("a", "trust"), ("b", "jobs"), ("c", "trust"), ("d", "cost"))
    ]
    assert scoring.concerns_by_category(concerns) == [("Trust", 2), ("Jobs", 1), ("Cost", 1)]


def test_value_split_sentence() -> None:
    split = scoring.value_split(
        [
            idea(value_type="new_value"),
            idea(value_type="automation"),
            idea(value_type="new_value"),
            idea(),
        ]
    )
    assert split.sentence() == (
        "2 of 4 ideas create new value; 1 automates existing work; 1 not yet classified."
    )
    # A single idea is described, not counted ("0 of 1 idea create ...").
    one = scoring.value_split([idea(value_type="new_value")])
    assert one.sentence() == "The one idea creates new value."
    assert scoring.value_split([idea(value_type="automation")]).sentence() == (
        "The one idea automates existing work."
    )
    assert scoring.value_split([idea()]).sentence() == "The one idea is not yet classified."
