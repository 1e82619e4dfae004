"""Reading YAML: line numbers kept, and every unreadable file named with its line."""
from __future__ import annotations

import pytest

from macros.loading import load_yaml_file
from macros.problems import ProblemsFound

HEADER = "# yaml-language-server: $schema=../schemas/people.schema.json\n"


def problems_of(tmp_path, content: bytes | str) -> list[str]:
    path = tmp_path / "people.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(path, "data/people.yaml")
    return [str(p) for p in caught.value.problems]


def test_values_keep_their_lines(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + "people:\n  - id: a\n    name: A\n  - id: b\n", encoding="utf-8")
    loaded = load_yaml_file(path, "data/people.yaml")
    assert loaded.value == {"people": [{"id": "a", "name": "A"}, {"id": "b"}]}
    assert loaded.line_of(("people", 1, "id")) == 5
    assert loaded.line_of(("people", 0, "name")) == 4
    # A missing field points at its record.
    assert loaded.line_of(("people", 1, "name")) == 5
    assert loaded.schema_ref == "../schemas/people.schema.json"


def test_dates_and_yes_no_words_stay_text(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(HEADER + "a: 2019-02-30\nb: no\nc: true\n", encoding="utf-8")
    assert load_yaml_file(path, "data/people.yaml").value == {"a": "2019-02-30", "b": "no", "c": True}


def test_duplicate_key_names_both_lines(tmp_path):
    problems = problems_of(tmp_path, HEADER + "people:\n  - id: a\n    name: A\n    name: B\n")
    assert problems == [
        "data/people.yaml:5: people[0].name: duplicate field 'name' (first given on line 4); keep only one"
    ]


def test_syntax_error_names_line(tmp_path):
    problems = problems_of(tmp_path, HEADER + "people:\n  - id: a\n   name: [unclosed\n")
    assert len(problems) == 1
    assert problems[0].startswith("data/people.yaml:4: YAML syntax error:")


def test_empty_file(tmp_path):
    assert problems_of(tmp_path, HEADER) == ["data/people.yaml:1: the file is empty; it must hold the dataset"]
    assert problems_of(tmp_path, "") == ["data/people.yaml:1: the file is empty; it must hold the dataset"]


def test_not_utf8_names_line(tmp_path):
    problems = problems_of(tmp_path, HEADER.encode() + b"people:\n  - name: Ren\xe9e\n")
    assert problems == ["data/people.yaml:3: the file is not UTF-8 text; save it again as UTF-8"]


def test_missing_file(tmp_path):
    with pytest.raises(ProblemsFound) as caught:
        load_yaml_file(tmp_path / "people.yaml", "data/people.yaml")
    assert str(caught.value) == "data/people.yaml: the data file is missing; the site needs it"
