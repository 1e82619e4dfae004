"""Layouts that cannot overflow: a copy of the fixture site whose every free-text field holds
an 80-character word, opened in Chromium at 360 px: nothing scrolls sideways."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import build_site, copy_site
from plansite.checks import browser_sweep
from plansite.read.problems import ProblemsFound

pytestmark = pytest.mark.browser

LONG_WORD = "Unbreakable" + "X" * 69  # 80 characters, no place to wrap


def _lines_to_keys(text: str) -> dict[int, str]:
    """For each line holding a mapping's text value: that value's key."""
    found: dict[int, str] = {}

    def walk(node, key=None):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, k.value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, key)
        elif key is not None:
            found[node.start_mark.line + 1] = key

    walk(yaml.compose(text))
    return found


def lengthen_every_text_field(data_dir: Path) -> int:
    """Add LONG_WORD to every text value the data files accept it in; return how many.

    Which fields are free text is learnt from the loader itself: a field whose longer value
    is refused (an id, a reference, a date, a choice) is left as it was."""
    from plansite.checks.site_data import load_site_data

    originals = {path: path.read_text(encoding="utf-8") for path in sorted(data_dir.glob("*.yaml"))}
    refused: set[str] = set()
    for _ in range(25):
        changed = 0

        def lengthen(value, key=None):
            nonlocal changed
            if isinstance(value, dict):
                return {k: lengthen(v, k) for k, v in value.items()}
            if isinstance(value, list):
                return [lengthen(v, key) for v in value]
            if isinstance(value, str) and key not in refused:
                changed += 1
                return f"{value} {LONG_WORD}"
            return value

        written: dict[str, str] = {}
        for path, text in originals.items():
            first = text.partition("\n")[0]
            body = yaml.safe_dump(lengthen(yaml.safe_load(text)), sort_keys=False, allow_unicode=True, width=10_000)
            path.write_text(first + "\n" + body, encoding="utf-8")
            written[path.name] = first + "\n" + body
        try:
            load_site_data(data_dir)
            return changed
        except ProblemsFound as exc:
            newly = set()
            for problem in exc.problems:
                key = _lines_to_keys(written[Path(problem.file).name]).get(problem.line)
                assert key and key not in refused, f"cannot tell which field was refused: {problem}"
                newly.add(key)
            refused |= newly
    raise AssertionError("the data never loaded with long words in it")


@pytest.fixture(scope="module")
def long_word_site(tmp_path_factory):
    root = copy_site(tmp_path_factory.mktemp("long-words") / "src")
    lengthened = lengthen_every_text_field(root / "data")
    assert lengthened > 500, lengthened
    result = build_site(root)
    assert result.ok, result.output
    return result


def test_long_unbreakable_words_never_make_a_page_scroll_sideways(long_word_site):
    failures = browser_sweep.sweep(long_word_site.site_dir, widths=("phone",), axe_check=False)
    assert LONG_WORD in (long_word_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert not failures, "\n".join(failures[:40])


