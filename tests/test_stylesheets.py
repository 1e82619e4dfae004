"""The generator's own stylesheets parse: a stray brace makes a browser drop the rule after it
(a closing brace too many after `@media print` once hid the review banner's screen style)."""
import re
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parents[1] / "macros" / "plansite" / "assets"


def brace_problems(css: str) -> list[str]:
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), css, flags=re.S)
    text = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'', lambda m: " " * len(m.group()), text)
    depth, problems = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                problems.append(f"line {number}: a closing brace with no rule open")
                depth = 0
    return problems + ([f"{depth} rule(s) never closed"] if depth else [])


@pytest.mark.parametrize("sheet", sorted(ASSETS.rglob("*.css")), ids=lambda p: p.name)
def test_every_brace_closes_a_rule_it_opened(sheet):
    assert brace_problems(sheet.read_text(encoding="utf-8")) == []


def test_a_stray_closing_brace_is_found():
    assert brace_problems("@media print {\n a { color: red; }\n}\n}\n.b { x: y }") == [
        "line 4: a closing brace with no rule open"]
