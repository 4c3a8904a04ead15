"""Exercise templates and recipes: the built-ins, validation in the author's words,
user overrides, broken files, snapshots on use, and the command line."""

from __future__ import annotations

import copy
import json
import os
import threading
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda import (
    add_exercise,
    apply_recipe,
    changed_runs,
    notes_into_objective,
    update_run,
)
from facilitator.cli import main
from facilitator.model import AgendaItem, Concern, FieldSpec, Kind, ValidationError, check_value
from facilitator.templates import (
    SCORES,
    Library,
    TemplateError,
    allowed_fields,
    builtin_folder,
    check_template,
    load_library,
    new_user_template,
    parse,
    receive,
    rewrite_toml,
    to_toml,
    validate_file,
)
from facilitator.workshop import Workshop, open_workshop

BUILTIN_FILES = sorted((builtin_folder() / "templates").glob("*.toml")) + sorted(
    (builtin_folder() / "recipes").glob("*.toml")
)


def test_every_builtin_template_and_recipe_loads() -> None:
    library = load_library(include_user=False)
    assert library.broken == []
    assert len(library.templates) == 13
    assert set(library.recipes) == {"executive-90", "half-day-discovery", "change-clinic"}
    for template in library.templates.values():
        assert template.steps and template.step_minutes <= template.minutes
        assert all(step.prompt and step.facilitator for step in template.steps)
        assert template.purpose


@pytest.mark.parametrize(
    ("recipe", "minutes"),
    [("executive-90", 90), ("half-day-discovery", 210), ("change-clinic", 60)],
)
def test_recipes_add_up_to_their_length(recipe: str, minutes: int) -> None:
    found = load_library(include_user=False).recipe(recipe)
    assert found.minutes == minutes == sum(i.minutes for i in found.items)
    if recipe == "half-day-discovery":
        assert "break" in [i.exercise for i in found.items]


def test_the_executive_session_covers_the_last_mile_and_the_people_side() -> None:
    """The two things the method exists for are in the 90 minutes, in short versions."""
    library = load_library(include_user=False)
    recipe = library.recipe("executive-90")
    used = [library.template(item.exercise) for item in recipe.items]
    assert "readiness" in [t.view for t in used]  # workflow fit, real volume, safety
    people = [t for t in used if t.captures == "concern"]
    assert people and all(t.anonymous for t in people)
    assert "spend" in [t.view for t in used]
    for item, template in zip(recipe.items, used, strict=True):
        assert template.step_minutes <= item.minutes  # each fits its timebox
    assert recipe.minutes == 90


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.name)
def test_builtin_files_round_trip_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert to_toml(tomllib.loads(text)) == text


def test_concerns_are_anonymous_by_default_in_the_people_exercise() -> None:
    template = load_library(include_user=False).template("people-and-change")
    assert template.anonymous is True
    assert template.captures == "concern"


def base() -> dict[str, Any]:
    return copy.deepcopy(dict(load_library(include_user=False).template("problem-first").document))


def broken(change: Any) -> dict[str, Any]:
    document = base()
    change(document)
    return document


MALFORMED: list[tuple[str, Any, str, str]] = [
    ("unknown top key", lambda d: d.update(minuets=5), "minuets", "unknown key"),
    ("id not kebab", lambda d: d.update(id="Problem First"), "id", "kebab-case"),
    ("id missing", lambda d: d.pop("id"), "id", "is missing"),
    ("title empty", lambda d: d.update(title=" "), "title", "is empty"),
    (
        "minutes text",
        lambda d: d.update(minutes="25"),
        "minutes",
        "expected a whole number, found '25'",
    ),
    (
        "minutes zero",
        lambda d: d.update(minutes=0),
        "minutes",
        "expected a whole number from 1 to 480, found 0",
    ),
    (
        "captures unknown",
        lambda d: d.update(captures="wish"),
        "captures",
        "expected one of problem, idea, concern",
    ),
    ("view unknown", lambda d: d.update(view="kanban"), "view", "expected one of cards, vote"),
    (
        "view incompatible",
        lambda d: d.update(view="matrix"),
        "view",
        "the matrix view cannot capture problem records",
    ),
    (
        "anonymous not bool",
        lambda d: d.update(anonymous="yes"),
        "anonymous",
        "expected true or false",
    ),
    (
        "voting outside vote",
        lambda d: d.update(voting={"dots_per_person": 3}),
        "voting",
        "only a vote view has voting settings",
    ),
    ("steps missing", lambda d: d.pop("steps"), "steps", "is missing"),
    ("steps empty", lambda d: d.update(steps=[]), "steps", "is empty"),
    (
        "step minutes zero",
        lambda d: d["steps"][1].update(minutes=0),
        "steps[2].minutes",
        "expected a whole number from 1 to 480, found 0",
    ),
    (
        "step unknown key",
        lambda d: d["steps"][0].update(promt="x"),
        "steps[1].promt",
        "unknown key",
    ),
    ("step title missing", lambda d: d["steps"][2].pop("title"), "steps[3].title", "is missing"),
    (
        "steps over timebox",
        lambda d: d.update(minutes=10),
        "steps",
        "the steps take 15 minutes, more than the exercise's timebox of 10",
    ),
    (
        "prompt too long",
        lambda d: d["steps"][0].update(prompt="x" * 400),
        "steps[1].prompt",
        "is 400 characters",
    ),
    (
        "field key unknown",
        lambda d: d["fields"][0].update(key="colour"),
        "fields[1].key",
        "problem records have no field 'colour'",
    ),
    (
        "field key repeated",
        lambda d: d["fields"][1].update(key="who"),
        "fields[2].key",
        "'who' is already the key of fields[1]",
    ),
    (
        "field type unknown",
        lambda d: d["fields"][0].update(type="emoji"),
        "fields[1].type",
        "expected one of text, longtext",
    ),
    (
        "field type wrong for key",
        lambda d: d["fields"][2].update(type="text"),
        "fields[3].type",
        "'impact' needs type scale, found 'text'",
    ),
    (
        "scale min not below max",
        lambda d: d["fields"][2].update(min=5, max=5),
        "fields[3].max",
        "must be more than min (5), found 5",
    ),
    (
        "min on a text field",
        lambda d: d["fields"][0].update(min=1),
        "fields[1].min",
        "only a scale field has min and max",
    ),
    (
        "choices on a text field",
        lambda d: d["fields"][0].update(choices=["a"]),
        "fields[1].choices",
        "only a choice field has choices",
    ),
    (
        "fields not tables",
        lambda d: d.update(fields=["who"]),
        "fields",
        "expected [[fields]] tables",
    ),
    (
        "scale beyond the score",
        lambda d: d["fields"][2].update(max=10),
        "fields[3].max",
        "expected a whole number from 1 to 5 (the range 'impact' is scored in), found 10",
    ),
    (
        "scale below the score",
        lambda d: d["fields"][2].update(min=0),
        "fields[3].min",
        "expected a whole number from 1 to 5 (the range 'impact' is scored in), found 0",
    ),
    (
        "step view other than the board",
        lambda d: d["steps"][0].update(view="vote"),
        "steps[1].view",
        "expected 'cards', found 'vote'",
    ),
]


def test_the_mandate_check_fills_the_objective_and_only_notes_can() -> None:
    library = load_library(include_user=False)
    assert library.template("mandate-check").into == "objective"
    assert library.template("problem-first").into == ""
    document = base()  # captures problems
    document["into"] = "objective"
    with pytest.raises(TemplateError) as caught:
        check_template(document, "problem-first.toml")
    assert [(f.path, f.message) for f in caught.value.findings] == [
        ("into", "only an exercise that captures notes can fill the objective")
    ]
    mandate = copy.deepcopy(dict(library.template("mandate-check").document))
    mandate["into"] = "title"
    with pytest.raises(TemplateError) as caught:
        check_template(mandate, "mandate-check.toml")
    assert [(f.path, f.message) for f in caught.value.findings] == [
        ("into", "expected 'objective', found 'title'")
    ]


def test_a_step_may_group_on_the_board_before_the_vote() -> None:
    library = load_library(include_user=False)
    vote = library.template("problem-vote")
    assert vote.view == "vote"
    assert [s.view for s in vote.steps] == ["cards", "", ""]
    document = copy.deepcopy(dict(vote.document))
    document["steps"][1]["view"] = "vote"  # its own view, said again: fine
    assert check_template(document, "problem-vote.toml").steps[1].view == "vote"
    document["steps"][1]["view"] = "matrix"  # another exercise's view: no
    with pytest.raises(TemplateError) as caught:
        check_template(document, "problem-vote.toml")
    assert [(f.path, f.message) for f in caught.value.findings] == [
        ("steps[2].view", "expected 'cards' or 'vote', found 'matrix'")
    ]
    # Next steps and licences have no cards: their steps keep the exercise's view.
    commitments = copy.deepcopy(dict(library.template("commitments").document))
    commitments["steps"][0]["view"] = "cards"
    with pytest.raises(TemplateError) as caught:
        check_template(commitments, "commitments.toml")
    assert [(f.path, f.message) for f in caught.value.findings] == [
        ("steps[1].view", "expected 'actions', found 'cards'")
    ]


@pytest.mark.parametrize(
    ("case", "change", "path", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED]
)
def test_malformed_templates_say_where_and_why(
    case: str, change: Any, path: str, reason: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        check_template(broken(change), "problem-first.toml")
    findings = [(f.path, f.message) for f in caught.value.findings]
    assert any(p == path and reason in m for p, m in findings), findings
    assert all(f.file == "problem-first.toml" for f in caught.value.findings)


def test_a_choice_field_needs_choices_the_record_knows() -> None:
    document = copy.deepcopy(
        dict(load_library(include_user=False).template("people-and-change").document)
    )
    category = next(f for f in document["fields"] if f["key"] == "category")
    category["choices"] = ["jobs", "morale"]
    with pytest.raises(TemplateError, match=r"fields\[\d\]\.choices: 'morale' is not one of"):
        check_template(document, "people-and-change.toml")
    category["choices"] = []
    with pytest.raises(TemplateError, match="expected a non-empty list of texts"):
        check_template(document, "people-and-change.toml")


def builtin(ident: str) -> dict[str, Any]:
    return copy.deepcopy(dict(load_library(include_user=False).template(ident).document))


@pytest.mark.parametrize(
    ("ident", "key"),
    [
        ("value-feasibility", "value"),
        ("value-feasibility", "feasibility"),
        ("people-and-change", "severity"),
        ("last-mile", "readiness.volume"),
    ],
)
def test_a_scale_offers_only_scores_the_record_keeps(ident: str, key: str) -> None:
    document = builtin(ident)
    n, scale = next((n, f) for n, f in enumerate(document["fields"], 1) if f["key"] == key)
    scale.update(min=0, max=10)  # a 0-10 scale would be refused at the first 7
    with pytest.raises(TemplateError) as caught:
        check_template(document, f"{ident}.toml")
    findings = {f.path: f.message for f in caught.value.findings}
    assert set(findings) == {f"fields[{n}].min", f"fields[{n}].max"}
    assert findings[f"fields[{n}].max"] == (
        f"expected a whole number from 1 to 5 (the range {key!r} is scored in), found 10"
    )
    scale.update(min=2, max=4)  # a narrower scale is the author's choice
    check_template(document, f"{ident}.toml")


def test_the_scale_range_is_the_one_the_model_scores_in() -> None:
    score = FieldSpec("impact", Kind.SCORE, "Impact")
    low, high = SCORES
    assert check_value(score, low) == low and check_value(score, high) == high
    for outside in (low - 1, high + 1):
        with pytest.raises(ValidationError):
            check_value(score, outside)


@pytest.mark.parametrize("choices", [["yes", "no", "maybe"], ["yes", "no"]])
def test_a_true_or_false_field_is_set_by_the_template_not_captured(choices: list[str]) -> None:
    document = builtin("people-and-change")
    document["fields"].append(
        {"key": "anonymous", "label": "Stay anonymous?", "type": "choice", "choices": choices}
    )
    n = len(document["fields"])
    with pytest.raises(TemplateError) as caught:
        check_template(document, "people-and-change.toml")
    ((path, message),) = [(f.path, f.message) for f in caught.value.findings]
    assert path == f"fields[{n}].key"
    assert message == (
        "'anonymous' is true or false for each concern, not something a field can ask for; "
        "set anonymous = true or false at the top of the template instead"
    )
    with pytest.raises(ValidationError):  # what the record would have said in the room
        Concern.build({"text": "Jobs", "anonymous": choices[0]})
    assert "anonymous" not in allowed_fields("concern")  # so the editor never offers it


BROKEN_SHAPES: list[tuple[str, dict[str, Any]]] = [
    ("steps a text", {"id": "solo", "title": "Solo", "steps": "write alone"}),
    ("steps a number", {"id": "solo", "steps": 3}),
    ("steps mixed", {"id": "solo", "steps": [{"title": "Write", "minutes": 5}, "share"]}),
    ("fields a text", {"id": "solo", "steps": [{"title": "Write"}], "fields": "who"}),
    ("fields texts", {"id": "solo", "steps": [], "fields": ["who", "impact"]}),
    ("items a text", {"id": "exec", "title": "Exec", "items": "problem-first"}),
]


@pytest.mark.parametrize(
    "document", [b[1] for b in BROKEN_SHAPES], ids=[b[0] for b in BROKEN_SHAPES]
)
def test_a_document_that_does_not_validate_still_round_trips(document: dict[str, Any]) -> None:
    # The editor writes what it holds after every edit, valid or not.
    assert tomllib.loads(to_toml(document)) == document


def test_steps_that_are_not_tables_are_not_called_empty() -> None:
    with pytest.raises(TemplateError) as caught:
        check_template(broken(lambda d: d.update(steps=["write alone"])), "problem-first.toml")
    messages = [f.message for f in caught.value.findings if f.path == "steps"]
    assert messages == ["expected [[steps]] tables, found a list of 1"]


def test_syntax_errors_give_the_line() -> None:
    with pytest.raises(TemplateError) as caught:
        parse('id = "x"\ntitle = "unclosed\nminutes = 5\n', "mine.toml")
    (finding,) = caught.value.findings
    assert finding.line == 2
    assert str(finding).startswith("mine.toml:2: not valid TOML")


def write(folder: Path, name: str, document: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(to_toml(document), encoding="utf-8")
    return path


def test_user_templates_override_builtins_and_broken_ones_are_listed(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    mine = base()
    mine["title"] = "Start with the problem (Acme style)"
    write(user, "problem-first.toml", mine)
    bad = base()
    bad["id"] = "half-baked"
    bad["minutes"] = "soon"
    write(user, "half-baked.toml", bad)
    (user / "garbage.toml").write_text("this is = = not toml")
    library = load_library(user)
    assert library.template("problem-first").title == "Start with the problem (Acme style)"
    assert library.template("problem-first").origin == "yours, overrides built-in"
    assert library.template("mandate-check").origin == "built-in"
    broken_files = {b.path.name: b for b in library.broken}
    assert set(broken_files) == {"half-baked.toml", "garbage.toml"}
    assert "minutes: expected a whole number" in str(broken_files["half-baked.toml"].findings[0])
    assert broken_files["garbage.toml"].findings[0].line == 1
    assert len(library.templates) == 13  # every other template still loads


def test_a_user_file_whose_id_does_not_match_its_name_is_broken(tmp_path: Path) -> None:
    document = base()
    document["id"] = "something-else"
    write(tmp_path, "mine.toml", document)
    library = load_library(tmp_path)
    (problem,) = library.broken
    assert "the file is named mine.toml" in str(problem.findings[0])


def test_snapshot_on_use_and_the_offer_to_update(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    library = load_library(user)
    workshop = Workshop.create(tmp_path / "w.workshop.json", title="W")
    item = add_exercise(workshop, library.template("problem-first"), minutes=30)
    assert item.planned_minutes == 30
    assert item.template == dict(library.template("problem-first").document)
    assert changed_runs(workshop, library) == []
    edited = base()
    edited["steps"][0]["prompt"] = "A new prompt"
    write(user, "problem-first.toml", edited)
    library = load_library(user)
    stored = workshop.get(item.id)
    assert isinstance(stored, AgendaItem)
    assert stored.template["steps"][0]["prompt"] != "A new prompt"  # the past is kept
    ((changed, newer),) = changed_runs(workshop, library)
    assert changed.id == item.id
    update_run(workshop, changed, newer)
    workshop.close()
    reopened = open_workshop(tmp_path / "w.workshop.json", read_only=True)
    updated = reopened.get(item.id)
    assert isinstance(updated, AgendaItem)
    assert updated.template["steps"][0]["prompt"] == "A new prompt"


def test_a_recipe_builds_the_agenda() -> None:
    library = load_library(include_user=False)
    workshop = Workshop.in_memory(title="Half day")
    items = apply_recipe(workshop, library.recipe("half-day-discovery"), library)
    assert [i.planned_minutes for i in items] == [15, 25, 15, 25, 20, 15, 30, 25, 20, 20]
    assert [i.position for i in workshop.typed(AgendaItem)] == list(range(10))
    assert workshop.typed(AgendaItem)[5].summary() == "Break"


def recipe(ident: str, exercise: str = "break", minutes: int = 15) -> dict[str, Any]:
    return {
        "id": ident,
        "title": ident.capitalize(),
        "minutes": minutes,
        "items": [{"exercise": exercise, "minutes": minutes}],
    }


def test_user_recipes_need_their_file_name_as_id(tmp_path: Path) -> None:
    recipes = tmp_path / "recipes"
    write(recipes, "exec.toml", recipe("exec"))
    write(recipes, "exec-copy.toml", recipe("exec", minutes=20))  # a copy nobody renamed
    write(recipes, "executive-90.toml", recipe("executive-90", "mandate-check"))
    library = load_library(tmp_path)
    assert library.recipe("exec").path == recipes / "exec.toml"
    assert library.recipe("exec").minutes == 15
    (problem,) = library.broken
    assert (problem.path.name, problem.kind, problem.origin) == (
        "exec-copy.toml",
        "recipe",
        "yours",
    )
    assert [str(f) for f in problem.findings] == [
        "exec-copy.toml: id: is 'exec', but the file is named exec-copy.toml; they must match"
    ]
    assert library.recipe("executive-90").origin == "yours, overrides built-in"
    assert library.recipe("half-day-discovery").origin == "built-in"


def test_a_recipe_naming_a_missing_exercise_is_broken(tmp_path: Path) -> None:
    recipes = tmp_path / "recipes"
    recipes.mkdir()
    (recipes / "mine.toml").write_text(
        'id = "mine"\ntitle = "Mine"\nminutes = 20\n\n[[items]]\nexercise = "nope"\n'
        'minutes = 10\n\n[[items]]\nexercise = "break"\nminutes = 5\n'
    )
    library = load_library(tmp_path)
    (problem,) = library.broken
    messages = [str(f) for f in problem.findings]
    assert "mine.toml: items[1].exercise: no exercise template has the id 'nope'" in messages
    assert any("items[2].minutes: is 5, but the steps of 'break' take 15" in m for m in messages)
    assert any("minutes: is 20, but the items add up to 15" in m for m in messages)


def test_new_user_template_copies_and_refuses_to_overwrite(tmp_path: Path) -> None:
    library = load_library(tmp_path)
    path = new_user_template("acme-problems", library, source="problem-first")
    copied = tomllib.loads(path.read_text())
    assert copied["id"] == "acme-problems"
    assert validate_file(path) == []
    with pytest.raises(Exception, match="already exists"):
        new_user_template("acme-problems", library)
    blank = new_user_template("my-check-in", library)
    assert validate_file(blank) == []


# --- the command line -----------------------------------------------------------------


def test_templates_list_json_includes_broken(
    private_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = private_folders / "templates"
    user.mkdir(parents=True)
    (user / "oops.toml").write_text('id = "oops"\n')
    assert main(["templates", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    by_id = {t["id"]: t for t in listed}
    assert by_id["problem-first"]["origin"] == "built-in"
    assert by_id["oops"]["origin"] == "yours, broken"
    assert any("title: is missing" in p for p in by_id["oops"]["problems"])


def test_templates_show_prints_the_toml(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "show", "last-mile"]) == 0
    shown = capsys.readouterr().out
    assert tomllib.loads(shown)["id"] == "last-mile"
    assert main(["templates", "show", "no-such"]) == 1
    assert "no exercise template has the id 'no-such'" in capsys.readouterr().err


def test_templates_validate_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "problem-first.toml", base())
    bad_doc = base()
    bad_doc["steps"][1]["minutes"] = -2
    bad_doc["fields"][0]["key"] = "colour"
    bad = write(tmp_path, "problem-first-bad.toml", bad_doc)
    assert main(["templates", "validate", str(good)]) == 0
    assert f"ok: {good}" in capsys.readouterr().out
    assert main(["templates", "validate", str(good), str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert f"{bad}: steps[2].minutes: expected a whole number from 1 to 480, found -2" in err
    assert any(line.startswith(f"{bad}: fields[1].key:") for line in err)
    assert any("id: is 'problem-first', but the file is named" in line for line in err)


def test_templates_new_and_recipes_list(
    private_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["templates", "new", "acme-day", "--from", "mandate-check"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == private_folders / "templates" / "acme-day.toml"
    assert main(["templates", "new", "blank-one"]) == 0  # from the blank template
    blank = Path(capsys.readouterr().out.strip())
    assert blank.read_text(encoding="utf-8").startswith('id = "blank-one"\n')  # id first
    assert validate_file(blank) == []
    assert main(["recipes", "list"]) == 0
    out = capsys.readouterr().out
    assert "executive-90" in out and "1 h 30" in out and "3 h 30" in out


def test_new_workshop_from_a_recipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "exec"
    assert main(["new", str(target), "--title", "Exec", "--recipe", "executive-90"]) == 0
    workshop = open_workshop(tmp_path / "exec.workshop.json", read_only=True)
    agenda = workshop.typed(AgendaItem)
    assert sum(i.planned_minutes for i in agenda) == 90
    assert agenda[0].template["id"] == "mandate-check"
    capsys.readouterr()
    assert main(["new", str(tmp_path / "x"), "--title", "X", "--recipe", "nope"]) == 1
    assert "no agenda recipe has the id 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.workshop.json").exists()


def test_the_mandate_notes_become_the_objective_in_the_order_said(tmp_path: Path) -> None:
    library = load_library(include_user=False)
    workshop = Workshop.create(tmp_path / "m.workshop.json", title="M", objective="Typed first")
    mandate = add_exercise(workshop, library.template("mandate-check"))
    other = add_exercise(workshop, library.template("problem-first"))
    with pytest.raises(ValidationError, match="no notes yet"):
        notes_into_objective(workshop, mandate)
    assert workshop.meta.objective == "Typed first"  # never erased by an empty exercise
    workshop.add(
        "note", text="The board asked for AI after a competitor's launch", exercise_id=mandate.id
    )
    workshop.add("note", text="Off topic", exercise_id=other.id)
    workshop.park("A chatbot", exercise_id=mandate.id)
    workshop.add(
        "note", text="  Done: two use cases with owners by March  ", exercise_id=mandate.id
    )
    assert notes_into_objective(workshop, mandate) == (
        "The board asked for AI after a competitor's launch\n"
        "Done: two use cases with owners by March"
    )
    workshop.close()
    assert open_workshop(tmp_path / "m.workshop.json").meta.objective.startswith("The board")


def test_templates_list_never_sends_control_codes_to_the_terminal(
    private_folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = copy.deepcopy(dict(load_library(include_user=False).template("break").document))
    document.update(id="hostile", title="Coffee \x1b[2J\x1b[31mbreak")
    folder = private_folders / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.toml").write_text(to_toml(document), encoding="utf-8")
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Coffee \\x1b[2J\\x1b[31mbreak" in out


def test_an_edit_keeps_the_comments_and_layout_of_the_text_it_was_made_in() -> None:
    text = (builtin_folder() / "templates" / "problem-first.toml").read_text(encoding="utf-8")
    text = "# Acme's version, agreed in March\n" + text.replace(
        "minutes = 25\n", "minutes = 25  # the client asked for 25\n", 1
    )
    document = tomllib.loads(text)
    document["title"] = "Start with the problem (Acme)"
    document["steps"][1]["minutes"] = 9
    written = rewrite_toml(text, document)
    assert tomllib.loads(written) == document
    assert "# Acme's version, agreed in March" in written
    assert "minutes = 25  # the client asked for 25" in written
    changed = [
        (a, b) for a, b in zip(text.splitlines(), written.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2  # the title line and the step's minutes, nothing else
    # A step added or removed, a broken previous text: always the document, exactly.
    document["steps"].append({"title": "Wrap up", "minutes": 1})
    assert tomllib.loads(rewrite_toml(written, document)) == document
    assert rewrite_toml("this is = not toml [", document) == to_toml(document)


# --- files crafted to freeze or crash (issue 12, points 10, 11 and 13) ----------------


def only_finding(path: Path) -> str:
    (finding,) = validate_file(path)
    return str(finding)


def finishes(work: Callable[[], object], seconds: float = 60) -> object:
    """*work()*'s result, or a failed test if it does not return: reading a pipe or
    /dev/zero never would, and the test must not hang with it."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(work()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, "still reading after a minute"
    return result[0]


def test_a_toml_bomb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # x.a.a.a... = 1 costs the parser time and memory quadratic in its length (60 KB:
    # 17 s and 3.6 GB); this one is kept small enough for old code to survive.
    dotted = tmp_path / "dotted.toml"
    dotted.write_text("x" + ".a" * 10_000 + " = 1\n")
    assert only_finding(dotted) == (
        "dotted.toml:1: not a valid template: a key of more than 32 parts (a.b.c…)"
    )
    header = tmp_path / "header.toml"
    header.write_text('title = "t"\n[' + "a." * 5000 + "a]\n")
    assert only_finding(header).startswith("header.toml:2: not a valid template: a key of")
    big = tmp_path / "big.toml"
    big.write_text('purpose = """' + "word " * 60_000 + '"""\n')
    assert only_finding(big) == (
        "big.toml: not a valid template: it has 300,017 bytes, more than the 256 KB a "
        "template or recipe may have"
    )


@pytest.mark.parametrize("opening", ["[", "{a = "])
def test_deep_nesting_is_not_a_valid_template_never_a_recursion_error(
    tmp_path: Path, opening: str
) -> None:
    closing = "]" if opening == "[" else "}"
    nested = tmp_path / "nested.toml"
    nested.write_text("x = " + opening * 5000 + "1" + closing * 5000 + "\n")
    assert only_finding(nested) == (
        "nested.toml:1: not a valid template: lists or tables nested more than 16 deep"
    )
    with pytest.raises(TemplateError, match="nested more than 16 deep"):
        parse(nested.read_text(), "typed in the editor")


def test_brackets_and_dots_in_texts_and_comments_are_just_text() -> None:
    document = base()
    document["purpose"] = "[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{ " + "." * 100
    document["steps"][0]["facilitator"] = 'Say "[[[[[[[[[[[[[[[[[[[[[" \\ then\n' + "." * 40
    text = "# [[[[[[[[[[[[[[[[[[[[[[[ " + "." * 50 + "\n" + to_toml(document)
    assert parse(text, "t.toml") == document


def test_only_a_regular_file_is_read_as_a_template(tmp_path: Path) -> None:
    zero = tmp_path / "zero.toml"
    zero.symlink_to("/dev/zero")  # read as it was, this never returned
    assert finishes(lambda: only_finding(zero)) == (
        "zero.toml: not a valid template: it is a device or a pipe, not a file"
    )
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)  # opened as it was, this waited for a writer for ever
    assert finishes(lambda: only_finding(pipe)) == (
        "pipe.toml: not a valid template: it is a device or a pipe, not a file"
    )
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert only_finding(folder) == "folder.toml: not a valid template: it is a folder, not a file"
    # In the library, such files are listed as broken; the others still load.
    user = tmp_path / "user"
    user.mkdir()
    (user / "zero.toml").symlink_to("/dev/zero")
    library = finishes(lambda: load_library(user))
    assert isinstance(library, Library)
    assert library.templates == load_library(include_user=False).templates
    assert [(b.path.name, str(b.findings[0])) for b in library.broken] == [
        ("zero.toml", "zero.toml: not a valid template: it is a device or a pipe, not a file")
    ]


def test_a_template_text_may_have_10000_characters(tmp_path: Path) -> None:
    document = base()
    document["purpose"] = "p" * 10_000
    check_template(document, "ok.toml")
    document["purpose"] = "p" * 10_001
    document["steps"][0]["facilitator"] = "f" * 50_000
    with pytest.raises(TemplateError) as caught:
        check_template(document, "long.toml")
    assert [str(f) for f in caught.value.findings] == [
        "long.toml: purpose: is 10,001 characters; a template's text may have at most 10,000",
        "long.toml: steps[1].facilitator: is 50,000 characters; a template's text may have "
        "at most 10,000",
    ]


def test_templates_validate_says_one_line_for_a_bomb(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = tmp_path / "nested.toml"
    nested.write_text("x = " + "[" * 100_000)
    assert main(["templates", "validate", str(nested)]) == 1
    err = capsys.readouterr().err
    assert err == f"{nested}:1: not a valid template: lists or tables nested more than 16 deep\n"


def test_a_template_saved_by_a_windows_editor_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Notepad and other Windows editors may save UTF-8 with a byte-order mark and CRLF
    line ends; the template is the same template, in the library and on import."""
    text = to_toml(base()).replace("\n", "\r\n")
    user = tmp_path / "templates"
    user.mkdir()
    saved = user / "problem-first.toml"
    saved.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert main(["templates", "validate", str(saved)]) == 0
    assert capsys.readouterr().out == f"ok: {saved}\n"
    library = load_library(user)
    assert not library.broken
    assert library.template("problem-first").origin == "yours, overrides built-in"
    received = receive(saved, load_library(tmp_path / "empty"))
    assert received.ident == "problem-first"
    assert not received.text.startswith("\ufeff")
    assert parse(received.text, "again.toml") == base()
