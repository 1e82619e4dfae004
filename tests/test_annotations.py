"""In GitHub Actions, every problem `plansite check` prints is also an annotation on its file and
line of the pull request (`::error file=...,line=...::message`)."""
from __future__ import annotations

from plansite.read.problems import Problem, annotation, problem_lines


def test_annotation_names_file_line_and_message():
    problem = Problem("data/people.yaml", 12, "3rd person (role)", "must be text, not a number")
    assert annotation(problem) == "::error file=data/people.yaml,line=12::3rd person (role): must be text, not a number"


def test_annotation_escapes_what_github_would_misread():
    line = annotation(Problem("data/a,b.yaml", 0, "", "100% wrong\nnext"))
    assert line == "::error file=data/a%2Cb.yaml::100%25 wrong%0Anext"


def test_annotations_only_in_actions(monkeypatch):
    problem = Problem("data/people.yaml", 3, "", "x")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert problem_lines([problem]) == ["data/people.yaml:3: x"]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert problem_lines([problem]) == ["data/people.yaml:3: x", "::error file=data/people.yaml,line=3::x"]


def test_check_prints_annotations_in_actions(tmp_path, monkeypatch, capsys):
    from plansite.checks import check

    data = tmp_path / "data"
    data.mkdir()
    (data / "people.yaml").write_text("# yaml-language-server: $schema=../schemas/people.schema.json\npeople: 3\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(tmp_path)
    assert check.main(["data"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert "::error file=data/people.yaml,line=2::" in "\n".join(lines) or any(l.startswith("::error file=data/people.yaml") for l in lines), lines
    plain = [l for l in lines if l.startswith("data/people.yaml")]
    assert plain and all(annotation_for in lines for annotation_for in [l for l in lines if l.startswith("::error")])
