"""Data files that could be turned against the build, and messages a non-programmer reads.

Every case is read by both readers (libyaml's C parser on the fast path, and the pure-Python
reader alone) and must give the very same one-line message; nothing may raise, hang or
exhaust memory.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import typing

import pytest

from conftest import FIXTURE
from plansite.read import loading
from plansite.read.loading import load_yaml_file
from plansite.read.problems import ProblemsFound, entry_name, format_path, ordinal

HEADER = "# yaml-language-server: $schema=../schemas/people.schema.json\n"


@pytest.fixture(params=["C parser", "pure-Python reader"])
def reader(request, monkeypatch):
    """Run the test once through each reader; the disk cache is off so both really read."""
    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    if request.param == "pure-Python reader":
        monkeypatch.setattr(loading, "_CParser", None)
    elif loading._CParser is None:
        pytest.skip("PyYAML has no libyaml here")
    return request.param


def problems_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(path, "data/people.yaml")
    return [str(p) for p in caught.value.problems]


# ---- 1. field paths as people count ------------------------------------------------------

def test_paths_count_list_entries_from_one_with_singular_names():
    path = ("ambitions", 4, "milestones", 0, "next_steps", 1, "work", 0, "executive_leads")
    assert format_path(path) == "5th ambition › 1st milestone › 2nd next step › 1st work row (executive_leads)"
    assert format_path(("tables", 0, "rows", 14, "cells", "other-reserves")) == "1st table › 15th row (cells › other-reserves)"
    assert format_path(("people", 2)) == "3rd person"
    assert format_path(("mou", "plan_milestone")) == "mou › plan_milestone"
    assert format_path(("as_of",)) == "as_of"
    assert format_path(()) == ""


def test_ordinals():
    numbers = (1, 2, 3, 4, 10, 11, 12, 13, 14, 21, 22, 23, 101, 111, 112, 113, 121)
    assert [ordinal(n) for n in numbers] == [
        "1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "14th", "21st", "22nd", "23rd",
        "101st", "111th", "112th", "113th", "121st",
    ]


def _list_fields() -> set[str]:
    import importlib
    import inspect
    import pkgutil

    import plansite.models as models
    from pydantic import BaseModel

    def holds_list(annotation) -> bool:
        return typing.get_origin(annotation) is list or any(holds_list(arg) for arg in typing.get_args(annotation))

    names = set()
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"plansite.models.{info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, BaseModel):
                names |= {name for name, field in value.model_fields.items() if holds_list(field.annotation)}
    return names


def test_every_list_field_of_every_model_has_a_singular_entry_name():
    fields = _list_fields()
    assert {"ambitions", "people", "bodies", "work", "responsible", "next_steps"} <= fields
    for name in fields:
        entry = entry_name(name)
        assert "_" not in entry, name
        assert not entry.endswith("s") or " of " in entry, (name, entry)
    assert [entry_name(n) for n in ("people", "bodies", "work", "responsible", "next_steps", "status")] == [
        "person", "body", "work row", "responsible entry", "next step", "status update"
    ]


def test_a_problem_names_its_place_as_people_count(tmp_path, reader):
    problems = problems_of(tmp_path, HEADER + "people:\n  - id: a\n  - id: b\n    name: A\n    name: B\n")
    assert problems == ["data/people.yaml:6: 2nd person (name): duplicate field 'name' (first given on line 5); keep only one"]


# ---- 2. YAML syntax errors in plain words, where the broken thing starts ----------------

SYNTAX_ERRORS = {
    "double quote never closed": (
        'people:\n  - id: a\n    name: "Julia Ross\n  - id: b\n    name: Bob\n',
        'data/people.yaml:4: a quote (") opened on line 4 is never closed; end the value with " on the same line',
    ),
    "single quote closed far below": (
        "people:\n  - id: a\n    name: 'Julia Ross\n  - id: b\n    name: 'Bob'\n  - id: c\n",
        "data/people.yaml:4: a quote (') opened on line 4 is never closed; end the value with ' on the same line",
    ),
    "apostrophe inside single quotes": (
        "people:\n  - id: a\n    name: 'Children's services'\n",
        "data/people.yaml:4: the value in single quotes ends at the next ' and more text follows; write an "
        "apostrophe inside '...' as two ('') or put the whole value in double quotes",
    ),
    "[ never closed": (
        "people:\n  - id: a\n    roles: [one, two\n  - id: b\n",
        "data/people.yaml:4: a '[' opened on line 4 is never closed; end it with ']' on the same line",
    ),
    "{ never closed": (
        "people:\n  - id: a\n    source: {document: d, section: s\n  - id: b\n",
        "data/people.yaml:4: a '{' opened on line 4 is never closed; end it with '}' on the same line",
    ),
    "tab for indentation": (
        "people:\n  - id: a\n\tname: A\n",
        "data/people.yaml:4: this line is indented with a tab; YAML allows only spaces for indentation",
    ),
    "indented more than its siblings": (
        "people:\n  - id: a\n    name: A\n      role: B\n",
        "data/people.yaml:5: this line is indented more than the line before it (6 spaces, not 4); "
        "the fields of one record must line up exactly, with spaces",
    ),
    "indented less than its siblings": (
        "people:\n  - id: a\n    name: A\n   role: B\n",
        "data/people.yaml:5: this line is indented less than the line before it (3 spaces, not 4); "
        "the fields of one record must line up exactly, with spaces",
    ),
    "colon inside an unquoted value": (
        "people:\n  - id: a\n    name: Note: this\n",
        "data/people.yaml:4: the value of 'name' holds a colon followed by a space, which YAML reads as a "
        'new field; put the whole value in quotes: name: "Note: this"',
    ),
    "no space after a colon": (
        "people:\n  - id: a\n    name:Julia\n    role: B\n",
        "data/people.yaml:4: 'name:Julia' needs a space after the colon: write 'name: Julia'",
    ),
    "no space after a dash": (
        "people:\n  -id: a\n  - id: b\n",
        "data/people.yaml:3: '-id: a' needs a space after the dash to be a list item: write '- id: a'",
    ),
    "text starting with * (read as an alias)": (
        "people:\n  - id: a\n    name: *Important* read this\n",
        'data/people.yaml:4: a value that starts with * must be in quotes: name: "*Important* read this"',
    ),
    "text starting with [ (read as a list)": (
        "people:\n  - id: a\n    name: [Draft] Plan\n",
        'data/people.yaml:4: a value that starts with [ must be in quotes: name: "[Draft] Plan"',
    ),
    "text starting with @": (
        "people:\n  - id: a\n    name: @mention\n",
        'data/people.yaml:4: a value that starts with @ must be in quotes: name: "@mention"',
    ),
    "text starting with >": (
        "people:\n  - id: a\n    name: > 50 people\n",
        'data/people.yaml:4: a value that starts with > must be in quotes: name: "> 50 people"',
    ),
    "list item among fields": (
        "owner: Office\n- people\n",
        "data/people.yaml:3: a list item ('- ') is mixed in among fields (name: value) at the same "
        "indentation; make it a field, or put it under a field that holds a list, indented further",
    ),
}


@pytest.mark.parametrize("case", SYNTAX_ERRORS)
def test_syntax_errors_in_plain_words(tmp_path, reader, case):
    text, message = SYNTAX_ERRORS[case]
    assert problems_of(tmp_path, HEADER + text) == [message]


def test_syntax_error_named_at_the_quote_not_where_the_parser_gave_up(tmp_path, reader):
    """The case from the issue: the parser gives up thirty lines below the open quote."""
    records = "".join(f"  - id: person-{n}\n    name: Person {n}\n" for n in range(15))
    text = HEADER + "people:\n  - id: a\n    name: 'Julia Ross\n" + records + "  - id: b\n    name: 'Bob'\n"
    assert problems_of(tmp_path, text) == [
        "data/people.yaml:4: a quote (') opened on line 4 is never closed; end the value with ' on the same line"
    ]


# ---- 3. anchors and aliases ------------------------------------------------------------

BILLION_LAUGHS = 'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 9)
)
ANCHORS = (
    "anchors and aliases (& and *) are not allowed in data files; write the value out in full, "
    "or put a value that starts with & or * in quotes"
)


def test_billion_laughs_refused_at_once(tmp_path, reader):
    problems = problems_of(tmp_path, HEADER + "owner: Office\n" + BILLION_LAUGHS)  # at the first anchor, before any expands
    assert problems == [f"data/people.yaml:3: {ANCHORS}"]


@pytest.mark.parametrize("text, line", [
    ("a: &x {b: 1}\nc: *x\n", 2),
    ("a:\n  - id: x\n  - *y\n", 4),  # an alias with no anchor
    ("a:\n  - &r\n    id: x\n", 3),
])
def test_anchors_and_aliases_refused(tmp_path, reader, text, line):
    assert problems_of(tmp_path, HEADER + text) == [f"data/people.yaml:{line}: {ANCHORS}"]


# ---- 4. nesting depth ------------------------------------------------------------------

TOO_DEEP = (
    "the data here is nested more than 50 levels deep (lists or fields inside one another); "
    "no data file needs that many: look for stray '[', '{' or '- '"
)


@pytest.mark.parametrize("text, line", [
    ("people: " + "[" * 10_000 + "]" * 10_000 + "\n", 2),  # flow lists
    ("people: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n", 2),  # flow field sets
    ("people:\n  " + "- " * 10_000 + "x\n", 3),  # block lists on one line
    ("people:\n" + "".join(" " * i + "-\n" for i in range(1, 1_001)), 52),  # block lists by indentation
])
def test_deep_nesting_refused_quickly(tmp_path, reader, text, line):
    # Refused at the 51st level, before the rest is read (speed itself: bench/, not a timed test).
    problems = problems_of(tmp_path, HEADER + text)
    assert problems == [f"data/people.yaml:{line}: {TOO_DEEP}"]


def test_fifty_levels_are_read(tmp_path, reader):
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + "a: " + "[" * 49 + "x" + "]" * 49 + "\n", encoding="utf-8")
    value = load_yaml_file(path, "data/people.yaml").value["a"]
    for _ in range(48):
        value = value[0]
    assert value == ["x"]


# ---- 5. line ends ----------------------------------------------------------------------

@pytest.mark.parametrize("line_end", ["\r", "\r\n"])
def test_old_mac_and_windows_line_ends_read_as_lines(tmp_path, reader, line_end, monkeypatch):
    path = tmp_path / "people.yaml"
    path.write_bytes((HEADER + "people:\n  - id: a\n    name: A\n").replace("\n", line_end).encode())
    loaded = load_yaml_file(path, "data/people.yaml")
    assert loaded.value == {"people": [{"id": "a", "name": "A"}]}
    assert loaded.line_of(("people", 0, "name")) == 4
    assert loaded.schema_ref == "../schemas/people.schema.json"


def test_old_mac_line_ends_keep_the_schema_line_when_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "people.yaml"
    path.write_bytes((HEADER + "people: []\n").replace("\n", "\r").encode())
    first, second = load_yaml_file(path, "data/people.yaml"), load_yaml_file(path, "data/people.yaml")
    assert second.starts is not None or loading._CParser is None  # the second came from the cache
    assert first.schema_ref == second.schema_ref == "../schemas/people.schema.json"


# ---- 6. tags on lists and field sets ---------------------------------------------------

def test_tags_on_lists_and_field_sets_reported(tmp_path, reader):
    text = HEADER + "a: !!map {b: 1}\nc: !foo [1]\nd: !!seq\n  - x\n"
    assert problems_of(tmp_path, text) == [
        "data/people.yaml:2: a: the YAML tag '!!map' is not allowed in a data file; remove it and write the fields plainly",
        "data/people.yaml:3: c: the YAML tag '!foo' is not allowed in a data file; remove it and write the list plainly",
        "data/people.yaml:4: d: the YAML tag '!!seq' is not allowed in a data file; remove it and write the list plainly",
    ]


# ---- 7. years ------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["0000-01", "1899-12-31", "2101-01"])
def test_dates_need_a_year_from_1900_to_2100(written):
    from plansite.models.common import parse_plan_date

    with pytest.raises(ValueError) as caught:
        parse_plan_date(written)
    assert str(caught.value) == f"'{written}' is not a plan date: the year must be from 1900 to 2100"
    assert str(parse_plan_date("1900-01")) == "January 1900" and str(parse_plan_date("2100-12-31")) == "31 December 2100"


def test_year_zero_named_with_file_line_and_field(tmp_path):
    from plansite.checks.site_data import DATASETS, load_dataset_file

    path = tmp_path / "planning_timeline.yaml"
    text = (FIXTURE / "data" / "planning_timeline.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2019-01-14", "date: 0000-01", 1), encoding="utf-8")
    line = text[: text.index("date: 2019-01-14")].count("\n") + 1
    _, _, problems = load_dataset_file("planning_timeline", DATASETS["planning_timeline"], path, "data/planning_timeline.yaml")
    assert [str(p) for p in problems] == [
        f"data/planning_timeline.yaml:{line}: 2nd milestone (due › date): '0000-01' is not a plan date: the year must "
        "be from 1900 to 2100 (or write 'to be confirmed' or 'not in the source')"
    ]


# ---- 8. only ordinary files ------------------------------------------------------------

def test_a_symbolic_link_is_not_followed(tmp_path):
    secret = tmp_path / "elsewhere.yaml"
    secret.write_text(HEADER + "people: []\n", encoding="utf-8")
    (tmp_path / "people.yaml").symlink_to(secret)
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(tmp_path / "people.yaml", "data/people.yaml")
    assert str(caught.value) == (
        "data/people.yaml: is a symbolic link; data files must be ordinary files in the data folder, "
        "so copy the file itself there"
    )


def test_a_pipe_or_folder_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "people.yaml")  # reading it would wait for ever
    (tmp_path / "bodies.yaml").mkdir()
    with pytest.raises(ProblemsFound) as pipe:
        load_yaml_file(tmp_path / "people.yaml", "data/people.yaml")
    with pytest.raises(ProblemsFound) as folder:
        load_yaml_file(tmp_path / "bodies.yaml", "data/bodies.yaml")
    assert str(pipe.value) == (
        "data/people.yaml: is not an ordinary file (a device, pipe or socket); data files must be ordinary files in the data folder"
    )
    assert str(folder.value) == "data/bodies.yaml: is a folder; data files must be ordinary files in the data folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read any file")
def test_a_file_that_may_not_be_read(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + "people: []\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(path, "data/people.yaml")
    assert str(caught.value) == (
        "data/people.yaml: the data file cannot be read (permission denied); check that it exists and that you may read it"
    )


# ---- the check command ---------------------------------------------------------------

def test_check_prints_each_problem_and_exits_1(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE / "data", data)
    glossary = data / "glossary.yaml"
    laughs_at = len(glossary.read_text(encoding="utf-8").splitlines()) + 1
    glossary.write_text(glossary.read_text(encoding="utf-8") + BILLION_LAUGHS, encoding="utf-8")
    mou = data / "mou.yaml"
    mou_lines = mou.read_text(encoding="utf-8").splitlines(keepends=True)
    mou.write_text("".join(mou_lines) + "deep: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    workforce = data / "workforce.yaml"
    (tmp_path / "workforce.yaml").write_bytes(workforce.read_bytes())
    workforce.unlink()
    workforce.symlink_to(tmp_path / "workforce.yaml")
    timeline = data / "planning_timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    date_at = text[: text.index("date: 2019-01-14")].count("\n") + 1
    timeline.write_bytes(text.replace("date: 2019-01-14", "date: 0000-01", 1).replace("\n", "\r").encode())

    check = subprocess.run(
        [sys.executable, "-m", "plansite.checks.check", "data"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PLANSITE_CACHE_DIR": "off"},
    )
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    assert check.stderr.splitlines() == [
        f"data/glossary.yaml:{laughs_at}: {ANCHORS}",
        f"data/mou.yaml:{len(mou_lines) + 1}: {TOO_DEEP}",
        f"data/planning_timeline.yaml:{date_at}: 2nd milestone (due › date): '0000-01' is not a plan date: the year "
        "must be from 1900 to 2100 (or write 'to be confirmed' or 'not in the source')",
        "data/workforce.yaml: is a symbolic link; data files must be ordinary files in the data folder, so copy the file itself there",
        "4 problems found; the site cannot be published until they are fixed.",
    ]
