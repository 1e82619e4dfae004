"""Every kind of bad input fails the real build with one plain line naming file, line and field.

Each case breaks a copy of the example site, runs a strict ``mkdocs build`` and the ``check``
command, and asserts on the exact line a comms officer would read. No traceback, no page.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from conftest import build_site


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def insert_after(path: Path, needle: str, new_line: str) -> int:
    """Insert ``new_line`` after the first line containing ``needle``; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = line_of(path, needle)
    lines.insert(at, new_line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


def replace_first(path: Path, old: str, new: str) -> int:
    at = line_of(path, old)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return at


def syntax_error(root: Path) -> str:
    path = root / "data/people.yaml"
    at = insert_after(path, "people:", "  - id: [unclosed")
    # Named at the line where the list opens, not where the parser gave up.
    return f"data/people.yaml:{at}: a '[' opened on line {at} is never closed; end it with ']' on the same line"


def duplicate_key(root: Path) -> str:
    path = root / "data/sources.yaml"
    first = line_of(path, "    title:")
    at = insert_after(path, "    title:", "    title: A second title")
    return f"data/sources.yaml:{at}: 1st document (title): duplicate field 'title' (first given on line {first}); keep only one"


def unknown_field(root: Path) -> str:
    at = insert_after(root / "data/people.yaml", "    name:", "    nmae: Somebody")
    return f"data/people.yaml:{at}: 1st person (nmae): 'nmae' is not a known field here. Known fields: name,"


def wrong_type(root: Path) -> str:
    path = root / "data/people.yaml"
    at = line_of(path, "    name:")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[at - 1] = "    name: [Two, Names]\n"
    path.write_text("".join(lines), encoding="utf-8")
    return f"data/people.yaml:{at}: 1st person (name): should be text, but is a list"


def impossible_date(root: Path) -> str:
    path = root / "data/planning_timeline.yaml"
    at = replace_first(path, "date: 2019-01-14", "date: 2019-02-30")
    return f"data/planning_timeline.yaml:{at}: 2nd milestone (due › date): "


def unknown_reference(root: Path) -> str:
    path = root / "data/system_plan.yaml"
    at = replace_first(path, "responsible: [sdog]", "responsible: [sdogg]")
    return f"data/system_plan.yaml:{at}: 1st ambition › 1st milestone › 1st next step › 1st responsible entry: "


def missing_file(root: Path) -> str:
    (root / "data/glossary.yaml").unlink()
    return "data/glossary.yaml: the data file is missing; the site needs it"


def empty_file(root: Path) -> str:
    (root / "data/mou.yaml").write_text("", encoding="utf-8")
    return "data/mou.yaml:1: the file is empty; it must hold the dataset"


def not_utf8(root: Path) -> str:
    path = root / "data/people.yaml"
    raw = path.read_bytes().replace(b"Julia Ross", b"J\xfclia Ross", 1)
    path.write_bytes(raw)
    line = raw[: raw.index(b"J\xfclia")].count(b"\n") + 1
    return f"data/people.yaml:{line}: the file is not UTF-8 text; save it again as UTF-8"


def control_character(root: Path) -> str:
    # A bell character pasted in with a name from another program.
    at = replace_first(root / "data/people.yaml", "Julia Ross", "Julia\x07 Ross")
    return f"data/people.yaml:{at}: the file holds an invisible control character (U+0007)"


def unreadable_tag(root: Path) -> str:
    at = replace_first(root / "data/planning_timeline.yaml", "date: 2019-01-14", "date: !!timestamp 2019-02-30")
    return f"data/planning_timeline.yaml:{at}: 2nd milestone (due › date): the YAML tag '!!timestamp' is not allowed"


def anchors_and_aliases(root: Path) -> str:
    # Nine nested anchors (the "billion laughs"): refused at the first anchor, never expanded.
    path = root / "data/glossary.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = len(lines) + 1
    laughs = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    laughs += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 9)]
    path.write_text("".join(lines + laughs), encoding="utf-8")
    return (
        f"data/glossary.yaml:{at}: anchors and aliases (& and *) are not allowed in data files; write the value out in full, "
        "or put a value that starts with & or * in quotes"
    )


DATA_CASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "yaml syntax error": (syntax_error, ""),
    "duplicate key": (duplicate_key, ""),
    "unknown field": (unknown_field, ""),
    "wrong type": (wrong_type, ""),
    "impossible date": (impossible_date, "'2019-02-30' is not a real date: February 2019 has 28 days"),
    "unknown reference": (unknown_reference, "'sdogg' is not a known body. Known bodies: sdog,"),
    "missing data file": (missing_file, ""),
    "empty file": (empty_file, ""),
    "not utf-8": (not_utf8, ""),
    "control character": (control_character, ""),
    "unreadable tag": (unreadable_tag, ""),
    "anchors and aliases": (anchors_and_aliases, ""),
}


def assert_one_clean_line(output: str, prefix: str, message: str) -> None:
    assert "Traceback" not in output, output
    matching = [line for line in output.splitlines() if prefix in line and message in line]
    assert matching, f"no line with {prefix!r} and {message!r} in:\n{output}"


@pytest.mark.parametrize("case", DATA_CASES)
def test_bad_data_fails_build_and_check_with_one_line(case, site_copy):
    breaker, message = DATA_CASES[case]
    prefix = breaker(site_copy)
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, prefix, message)
    assert "nothing was built" in result.output
    assert not (result.site_dir / "index.html").exists()

    check = subprocess.run(
        [sys.executable, "-m", "plansite.checks.check", "data"], cwd=site_copy, capture_output=True, text=True
    )
    assert check.returncode == 1
    assert_one_clean_line(check.stderr, prefix, message)


def page_case(root: Path, page: str, macro_line: str) -> int:
    path = root / "docs" / page
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + macro_line + "\n")
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    "macro_line, message",
    [
        ("{{ shwo('people') }}", "'shwo' is not a known macro or variable. Known macros: show"),
        ("{{ show('peeple') }}", "show: 'peeple' is not a known dataset. Known datasets: people,"),
        ("{{ show('people', 'julia-rose') }}", "show: 'julia-rose' is not a known record of 'people'. Known ids: julia-ross,"),
        ("{{ show('people' }}", "macro syntax error:"),
        ("<script>alert(1)</script>", "<script> is not allowed: pages may not run script"),
        ('<a href="#" onclick="steal()">x</a>',
         "<a onclick=...> is not allowed: pages may not run script (event-handler attribute 'onclick')"),
    ],
    ids=["undefined macro", "unknown dataset", "unknown id", "macro syntax error", "script in a page", "event handler"],
)
def test_bad_page_fails_build_naming_page_and_line(site_copy, macro_line, message):
    at = page_case(site_copy, "glossary.md", macro_line)
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, f"docs/glossary.md:{at}: ", message)
    assert not (result.site_dir / "glossary" / "index.html").exists()


def test_page_line_counts_front_matter(site_copy):
    at = page_case(site_copy, "index.md", "{{ show('nope') }}")
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, f"docs/index.md:{at}: ", "'nope' is not a known dataset")


def test_html_in_a_data_field_shows_as_text(site_copy):
    replace_first(site_copy / "data/people.yaml", "name: Julia Ross", "name: Julia Ross <script>alert(1)</script>")
    result = build_site(site_copy)
    assert result.ok, result.output
    page = (result.site_dir / "people" / "julia-ross" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "Julia Ross &lt;script&gt;alert(1)&lt;/script&gt;" in page
    for html in result.site_dir.rglob("*.html"):
        assert "<script>alert(1)" not in html.read_text(encoding="utf-8"), html


def test_a_page_that_is_not_utf8_fails_build_and_check_with_one_line(site_copy):
    page = site_copy / "docs" / "glossary.md"
    text = page.read_bytes()
    line = text[: text.index(b"# ")].count(b"\n") + 1
    page.write_bytes(text.replace(b"# ", b"# Caf\xe9 ", 1))  # Latin-1, as an old editor saves it
    result = build_site(site_copy)
    assert not result.ok
    assert_one_clean_line(result.output, f"docs/glossary.md:{line}: ", "the file is not UTF-8 text; save it again as UTF-8")
    check = subprocess.run(
        [sys.executable, "-m", "plansite.checks.check", "data", "--docs", "docs"], cwd=site_copy, capture_output=True, text=True
    )
    assert check.returncode == 1
    assert_one_clean_line(check.stderr, f"docs/glossary.md:{line}: ", "the file is not UTF-8 text; save it again as UTF-8")
