"""The bundled demo workshop: a city that bought AI for everyone and asked "now what?".

Harbourview (a fictional city of 5,000 employees) gave every employee a premium
AI assistant seat, then council asked what the $1,000,000 a month buys. The
demo is the problem-first workshop that followed, captured the way a consultant
would: the mandate, problems with baselines, ideas tied to problems, last-mile
scores, the people's concerns, the spend and the commitments.

It is built through the :class:`~facilitator.workshop.Workshop` API, so it always
satisfies the current rules; ``facilitator new PATH --demo`` writes it to a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitator.agenda import add_exercise
from facilitator.model import Rating, Readiness
from facilitator.templates import load_library
from facilitator.workshop import Workshop

TITLE = "Now what? Problem-first AI discovery"
CLIENT = "City of Harbourview"

META: dict[str, Any] = {
    "title": TITLE,
    "client": CLIENT,
    "date": "2026-11-19",
    "start_time": "09:00",
    "facilitators": ["Zoë Ðorđević", "Marcus Lindqvist"],
    "currency": "USD",
    "confidentiality": "Confidential — prepared for the City of Harbourview leadership team",
    "objective": (
        "Council's finance committee asked what the city gets for the AI assistant "
        "licences bought for all 5,000 employees. The City Manager wants a short list of "
        "problems worth solving, owners for each use case, and a decision on the seats "
        "before the contract's first renewal in March."
    ),
}

AGENDA = [
    ("mandate-check", 15, 14, "done"),
    ("problem-first", 25, 31, "done"),
    ("problem-vote", 15, 12, "done"),
    ("new-value-ideas", 25, 27, "done"),
    ("value-feasibility", 20, 18, "done"),
    ("last-mile", 30, 26, "done"),
    ("people-and-change", 25, 24, "done"),
    ("spend-accountability", 20, 19, "done"),
    ("commitments", 15, 12, "done"),
]
"""(built-in exercise, planned minutes, minutes actually used, status)."""

PARTICIPANTS = {
    "dana": ("Dana Okafor", "Chief Operating Officer", "City Manager's Office", "champion"),
    "raj": ("Raj Patel", "Chief Information Officer", "Information Technology", "champion"),
    "helen": ("Helen Marsh", "Director", "Permits & Licensing", "sceptical"),
    "tomas": ("Tomás Ruiz", "Contact Centre Supervisor", "311 Resident Services", "worried"),
    "amira": ("Amira Haddad", "Senior Budget Analyst", "Finance", "neutral"),
    "kevin": ("Kevin O'Brien", "Staff union steward", "Public Works", "worried"),
    "priya": ("Priya Nair", "Caseworker", "Housing Services", "sceptical"),
    "jonas": ("Jonas Weber", "Records Manager", "City Clerk", "neutral"),
    "lea": ("Léa Fontaine", "Communications Lead", "City Manager's Office", "neutral"),
}

PARKED = [
    (
        "lea",
        "A public chatbot on the city website that answers residents' questions in any language",
    ),
]
"""Raised in the ideas exercise; nobody could name the resident problem it solves."""

NOTES = [
    (
        "mandate-check",
        "dana",
        "Who asked: council's finance committee, after the licence renewal notice. The honest "
        'answer in the room: "the board told us to use AI" — nobody had named a problem.',
    ),
    (
        "mandate-check",
        "raj",
        "The enterprise deal put a premium assistant on every desk in one go. Adoption after "
        "six months is 18 % of seats; most use is drafting e-mails.",
    ),
    (
        "mandate-check",
        None,
        "Worthwhile if: by March every licence dollar is tied to a use case with an owner, and "
        "two pilots are live in a real workflow — not demos.",
    ),
    (
        "mandate-check",
        "helen",
        "Done looks like: a list we can defend in front of council, and the courage to cancel "
        "seats nobody uses.",
    ),
]

# key: (text, who, frequency, impact, baseline, cost estimate, group, raised by)
PROBLEMS = {
    "permits": (
        "Building permit applications wait weeks before anyone checks they are complete",
        "Applicants and 6 intake clerks",
        "About 900 applications a month",
        5,
        "Median 23 days from submission to completeness check",
        "≈ $1.2M a year in delayed construction and re-work",
        "Permits",
        "helen",
    ),
    "transfers": (
        "311 callers repeat their story every time they are transferred",
        "Residents and 42 contact-centre agents",
        "1,400 calls a day; 31 % transferred",
        4,
        "Average handle time 7 min 40 s; transfer rate 31 %",
        "≈ 9 agent FTE spent on repeated explanations",
        "Resident services",
        "tomas",
    ),
    "seats": (
        "Nobody can say which of the 5,000 AI assistant seats are used for real work",
        "CIO, Finance, every department head",
        "Every monthly invoice",
        5,
        "18 % of seats active in the last 30 days (vendor dashboard)",
        "$1,000,000 a month in licences",
        "Spend & governance",
        "amira",
    ),
    "records": (
        "Public records requests are answered late and the city pays statutory penalties",
        "City Clerk's office (4 staff) and requesters",
        "About 250 requests a month",
        5,
        "38 % answered after the 10-day statutory deadline",
        "≈ $180k a year in penalties and outside counsel",
        "Legal & compliance",
        "jonas",
    ),
    "housing": (
        "Housing caseworkers re-key the same applicant data into three systems",
        "60 caseworkers",
        "Every new case, about 40 a day",
        4,
        "About 45 minutes of re-keying per new case",
        "≈ 11 caseworker FTE a year",
        "Resident services",
        "priya",
    ),
    "policy": (
        "Front-line staff do not know what they are allowed to put into the AI assistant",
        "All staff",
        "Daily",
        4,
        "No written policy; 3 reported incidents of resident data pasted into prompts",
        "One data breach fine could exceed a year of savings",
        "Spend & governance",
        None,
    ),
    "council": (
        "Council reports take analysts a week to assemble from five systems",
        "Department analysts",
        "Every council cycle, twice a month",
        3,
        "About 35 staff hours per report",
        "≈ $140k a year of analyst time",
        "Internal",
        "amira",
    ),
    "faults": (
        "Pothole and streetlight faults arrive through four channels that do not talk "
        "to each other",
        "Public Works dispatch",
        "About 120 reports a day",
        3,
        "2.6 duplicate tickets per real fault",
        "",
        "Field operations",
        "kevin",
    ),
    "inspections": (
        "Inspectors type up their field notes again at the end of the day",
        "35 building inspectors",
        "Daily",
        3,
        "About 70 minutes a day per inspector",
        "≈ 5 inspector FTE",
        "Permits",
        None,
    ),
    "bids": (
        "Procurement cannot compare vendor bids fast enough to meet grant deadlines",
        "Finance and procurement",
        "About 15 bids a quarter",
        3,
        "Three weeks per evaluation; one $2M federal grant missed in 2025",
        "",
        "Internal",
        None,
    ),
}

# Dots from the vote: participant -> problems they put their three dots on.
DOTS = {
    "dana": ["seats", "permits", "records"],
    "raj": ["seats", "policy", "permits"],
    "helen": ["permits", "permits", "inspections"],
    "tomas": ["transfers", "transfers", "policy"],
    "amira": ["seats", "council", "bids"],
    "kevin": ["faults", "policy", "transfers"],
    "priya": ["housing", "housing", "policy"],
    "jonas": ["records", "records", "seats"],
    "lea": ["transfers", "seats", "permits"],
}
PROXY_DOTS = {"permits": 2, "housing": 1}  # two directors voted with stickers before leaving


def _rating(score: int, note: str) -> Rating:
    return Rating(score, note)


# key: text, problems, kind, value, feasibility, shortlisted, owner, metric, budget, readiness
IDEAS: dict[str, dict[str, Any]] = {
    "precheck": {
        "text": "Completeness pre-check that tells applicants what is missing the moment "
        "they submit",
        "problems": ["permits"],
        "value_type": "new_value",
        "value": 5,
        "feasibility": 4,
        "shortlisted": True,
        "owner": "Helen Marsh",
        "success_metric": "Median days to completeness check from 23 to 3",
        "monthly_budget": 6500,
        "readiness": Readiness(
            _rating(
                4,
                "Runs inside the ePermits portal at submission; clerks see the "
                "checklist result in their existing queue",
            ),
            _rating(
                4,
                "About 900 applications a month, 40–200 pages each; an overnight "
                "batch is enough for phase one",
            ),
            _rating(
                4,
                "Advisory only: a clerk confirms every rejection; documents stay in "
                "the city's tenant",
            ),
        ),
    },
    "seatreview": {
        "text": "Monthly seat review: reassign or cancel assistant seats that are not tied "
        "to a use case",
        "problems": ["seats"],
        "value_type": "automation",
        "value": 5,
        "feasibility": 5,
        "shortlisted": True,
        "owner": "Raj Patel",
        "success_metric": "Active share of seats at least 60 %, or seats cut to match, by March",
        "monthly_budget": 500,
        "readiness": Readiness(
            _rating(5, "The Finance–IT monthly review exists; this adds one report"),
            _rating(5, "5,000 seats, once a month"),
            _rating(5, "Aggregated usage counts only; no prompt content"),
        ),
    },
    "callsummary": {
        "text": "A case summary that follows a 311 call across transfers, so residents "
        "never repeat themselves",
        "problems": ["transfers"],
        "value_type": "new_value",
        "value": 4,
        "feasibility": 3,
        "shortlisted": True,
        "owner": "Tomás Ruiz",
        "success_metric": "Repeat explanations down 50 %; handle time down 60 s",
        "monthly_budget": 9000,
        "readiness": Readiness(
            _rating(
                3, "Needs the CRM agent desktop integration; agents asked for one-click accept"
            ),
            _rating(2, "Peak 180 calls an hour; the vendor pilot was sized for 200 a day"),
            _rating(
                2,
                "Calls carry health and immigration details; retention rule and "
                "impact assessment missing",
            ),
        ),
    },
    "redaction": {
        "text": "Records-request triage that finds, redacts and drafts the response pack",
        "problems": ["records"],
        "value_type": "new_value",
        "value": 5,
        "feasibility": 2,
        "shortlisted": True,
        "owner": "Jonas Weber",
        "success_metric": "Requests answered within 10 days from 62 % to 95 %",
        "monthly_budget": 7500,
        "readiness": Readiness(
            _rating(3, "The clerk reviews every pack in the existing request queue"),
            _rating(4, "250 requests a month, up to 10,000 pages each"),
            _rating(
                1,
                "A redaction miss would release protected personal data; blocked "
                "until a verified human redaction step and legal sign-off exist",
            ),
        ),
    },
    "intake": {
        "text": "One intake form that fills the three housing systems",
        "problems": ["housing"],
        "value_type": "automation",
        "value": 4,
        "feasibility": 3,
        "shortlisted": True,
        "owner": "Priya Nair",
        "success_metric": "Re-keying per new case from 45 to 10 minutes",
        "monthly_budget": 3000,
        "readiness": Readiness(
            _rating(4, "Caseworkers fill it during the first interview"),
            _rating(4, "About 40 new cases a day"),
            _rating(3, "Caseworker approves every record before it is written"),
        ),
    },
    "askbot": {
        "text": 'A "can I paste this?" assistant that answers staff questions from the '
        "city's data rules",
        "problems": ["policy", "seats"],
        "value_type": "new_value",
        "value": 4,
        "feasibility": 4,
        "shortlisted": False,
        "owner": "Raj Patel",
        "success_metric": "Zero reported data incidents in the quarter",
        "monthly_budget": 1500,
    },
    "councildraft": {
        "text": "Draft council reports from the five source systems, every figure cited",
        "problems": ["council"],
        "value_type": "automation",
        "value": 3,
        "feasibility": 3,
        "owner": "Amira Haddad",
        "success_metric": "Hours per report from 35 to 12",
        "monthly_budget": 2000,
    },
    "voicenotes": {
        "text": "Inspection voice notes turned into structured reports on site",
        "problems": ["inspections"],
        "value_type": "automation",
        "value": 3,
        "feasibility": 4,
    },
    "faultmap": {
        "text": "One fault map that merges duplicate reports and predicts failing "
        "streetlights before residents call",
        "problems": ["faults"],
        "value_type": "new_value",
        "value": 4,
        "feasibility": 2,
    },
}

IDEA_DOTS = {
    "precheck": 6,
    "seatreview": 5,
    "callsummary": 4,
    "redaction": 4,
    "intake": 3,
    "askbot": 2,
    "faultmap": 2,
    "councildraft": 1,
}

# text, category, stakeholder group, severity, raised by (None = anonymous), mitigation,
# owner, ideas it touches
CONCERNS = [
    (
        "If the pre-check works, will intake clerks be cut?",
        "jobs",
        "Permit intake clerks",
        4,
        None,
        "Commit in writing that freed hours go to the inspection backlog; no intake role "
        "reductions in FY27",
        "Dana Okafor",
        ["precheck"],
    ),
    (
        "Half my team has never opened the assistant and is embarrassed to ask",
        "skills",
        "311 agents",
        3,
        None,
        'An "AI buddy" on every shift; 30-minute hands-on sessions in paid time',
        "Tomás Ruiz",
        ["callsummary"],
    ),
    (
        "The summaries will be wrong and the resident will get the blame",
        "trust",
        "Housing caseworkers",
        4,
        "priya",
        "The caseworker approves every summary; correction rate tracked weekly during the pilot",
        "Priya Nair",
        ["intake"],
    ),
    (
        "Staff are already pasting resident data into the assistant",
        "privacy_security",
        "IT security",
        5,
        None,
        "Publish the use guide within two weeks, switch on data-loss "
        "rules, and an amnesty for past use",
        "Raj Patel",
        ["askbot"],
    ),
    (
        "We pay a million dollars a month and nobody could tell council what we got for it",
        "cost",
        "Finance",
        5,
        "amira",
        "Monthly seat review; every remaining seat tied to a named use case with an owner",
        "Raj Patel",
        ["seatreview"],
    ),
    (
        "Pilots land on top of the day job with no backfill",
        "workload",
        "Supervisors",
        3,
        None,
        "Pilot teams get 10 % of their time released, agreed with department heads",
        "Dana Okafor",
        [],
    ),
    (
        "Younger staff ask why they should train the thing that replaces them",
        "jobs",
        "New hires in Housing and 311",
        4,
        None,
        "Involve them as co-designers; a career path for AI-assisted caseworkers",
        "Dana Okafor",
        ["intake", "callsummary"],
    ),
    (
        "The union was not consulted before the licences were bought",
        "trust",
        "Staff union",
        4,
        "kevin",
        "A joint labour–management AI committee that meets before any pilot goes live",
        "Dana Okafor",
        [],
    ),
]

LICENCES = [
    ("Premium AI assistant — all employees", 5000, 200.0, 0.18),
    ("Meeting transcription add-on", 400, 30.0, 0.55),
    ("311 chatbot platform (pilot)", 1, 12000.0, 1.0),
]

DRAWS_ON = {
    "askbot": "Premium AI assistant — all employees",
    "councildraft": "Premium AI assistant — all employees",
    "callsummary": "311 chatbot platform (pilot)",
}
"""Use cases that run on seats already bought; the others' budgets name no licence."""

CONCERN_DUE = {
    "Staff are already pasting resident data into the assistant": "2026-12-04",
    "If the pre-check works, will intake clerks be cut?": "2026-12-18",
    "The union was not consulted before the licences were bought": "2026-12-18",
}
"""When the mitigations agreed in the room are to be in place."""

# text, owner, due, idea
ACTIONS = [
    (
        "Run the first seat review and cancel or reassign idle seats",
        "Raj Patel",
        "2026-12-15",
        "seatreview",
    ),
    ("Scope the permit pre-check with two intake clerks", "Helen Marsh", "2026-12-11", "precheck"),
    (
        "Publish the one-page AI use guide and switch on data-loss rules",
        "Raj Patel",
        "2026-12-04",
        "askbot",
    ),
    ("Convene the joint labour–management AI committee", "Dana Okafor", "2026-12-18", None),
    ("Impact assessment for 311 call summaries", "Jonas Weber", "2027-01-15", "callsummary"),
    (
        "Legal review of automated redaction for records requests",
        "Jonas Weber",
        "2027-01-29",
        "redaction",
    ),
    ("Report the first month's figures to the City Manager", "Dana Okafor", "2027-01-08", None),
]


def build_demo(workshop: Workshop) -> Workshop:
    """Fill *workshop* (assumed empty) with the Harbourview engagement."""
    workshop.update_meta(**META)
    library = load_library(include_user=False)  # the demo is the same on every machine
    agenda: dict[str, str] = {}
    for ident, planned, used, status in AGENDA:
        item = add_exercise(workshop, library.template(ident), minutes=planned)
        workshop.update(item.id, elapsed_seconds=used * 60, status=status)
        agenda[ident] = item.id
    people = {
        key: workshop.add("participant", name=name, role=role, department=dept, stance=stance).id
        for key, (name, role, dept, stance) in PARTICIPANTS.items()
    }
    for exercise, who, text in NOTES:
        workshop.add(
            "note",
            text=text,
            exercise_id=agenda[exercise],
            participant_id=people[who] if who else None,
        )
    for who, text in PARKED:
        workshop.park(text, exercise_id=agenda["new-value-ideas"], participant_id=people[who])
    problems: dict[str, str] = {}
    for key, (text, who, freq, impact, baseline, cost, group, raised) in PROBLEMS.items():
        problems[key] = workshop.add(
            "problem",
            text=text,
            who=who,
            frequency=freq,
            impact=impact,
            baseline=baseline,
            cost_estimate=cost,
            group=group,
            exercise_id=agenda["problem-first"],
            participant_id=people[raised] if raised else None,
        ).id
    for person, voted in DOTS.items():
        for key in voted:
            workshop.add(
                "vote",
                item_id=problems[key],
                participant_id=people[person],
                exercise_id=agenda["problem-vote"],
            )
    for key, count in PROXY_DOTS.items():
        dots = sum(1 for voted in DOTS.values() for k in voted if k == key)
        workshop.set_votes(problems[key], dots + count, exercise_id=agenda["problem-vote"])
    ideas: dict[str, str] = {}
    for key, spec in IDEAS.items():
        fields = {k: v for k, v in spec.items() if k != "problems"}
        ideas[key] = workshop.add(
            "idea",
            problem_ids=[problems[p] for p in spec["problems"]],
            exercise_id=agenda["new-value-ideas"],
            **fields,
        ).id
    for key, count in IDEA_DOTS.items():
        workshop.set_votes(ideas[key], count, exercise_id=agenda["value-feasibility"])
    for text, category, group, severity, raised, mitigation, owner, touches in CONCERNS:
        workshop.add(
            "concern",
            text=text,
            category=category,
            stakeholder_group=group,
            severity=severity,
            anonymous=raised is None,
            participant_id=people[raised] if raised else None,
            mitigation=mitigation,
            owner=owner,
            idea_ids=[ideas[i] for i in touches],
            due=CONCERN_DUE.get(text),
            exercise_id=agenda["people-and-change"],
        )
    licences = {
        tool: workshop.add(
            "licence",
            tool=tool,
            seats=seats,
            price_per_seat_month=price,
            active_share=active,
            exercise_id=agenda["spend-accountability"],
        ).id
        for tool, seats, price, active in LICENCES
    }
    for key, tool in DRAWS_ON.items():
        workshop.update(ideas[key], licence_id=licences[tool])
    for text, owner, due, idea in ACTIONS:
        workshop.add(
            "action",
            text=text,
            owner=owner,
            due=due,
            idea_id=ideas[idea] if idea else None,
            exercise_id=agenda["commitments"],
        )
    return workshop


def write_demo(path: Path | str, **store_options: Any) -> Workshop:
    """Create a new workshop file at *path* holding the demo; returns it open."""
    workshop = Workshop.create(path, title=TITLE, **store_options)
    return build_demo(workshop)
