"""Sites opened in a real Chromium (Debian's package, driven by Playwright).

The fixture site: every page at phone and desktop widths, zero axe-core violations (WCAG 2.0,
2.1, 2.2, A and AA), no request to another host, nothing scrolling sideways but a table in
its own focusable, labelled region. A site whose every text field holds an 80-character
word: nothing scrolls sideways at 360 px. Both through ``macros.browser_sweep``, the check
``make verify`` runs on any partnership's site."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import build_site, copy_site
from macros import browser_sweep
from macros.problems import ProblemsFound

pytestmark = pytest.mark.browser

LONG_WORD = "Unbreakable" + "X" * 69  # 80 characters, no place to wrap


SITES = ("bnssg", "cambridgeshire-peterborough", "bsw")


@pytest.fixture(scope="module", autouse=True)
def chromium_is_there():
    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"


@pytest.mark.parametrize("name", SITES)
def test_every_page_is_accessible_private_and_fits(built_sites, name):
    """Both widths: axe-core, no request elsewhere, nothing sideways, picture labels inside."""
    site_dir = built_sites[name].site_dir
    pages = browser_sweep.page_paths(site_dir)
    assert len(pages) > 15
    failures = browser_sweep.sweep(site_dir, paths=pages)
    kinds = sorted({f.split(": ", 1)[1].split(" at ")[0] for f in failures})
    assert not failures, "\n".join(kinds) + "\n\n" + "\n".join(failures[:60])


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
    from macros.datasets import load_site_data

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


def test_the_sweep_fails_a_page_that_scrolls_sideways_or_cuts_a_label(tmp_path):
    """The checks can fail: one page wider than a phone, one picture with a label cut off, one fine."""
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><title>Wide</title><main><h1>Wide</h1><p style="white-space:nowrap">{LONG_WORD * 3}</p></main></html>',
        encoding="utf-8")
    (tmp_path / "picture").mkdir()
    (tmp_path / "picture" / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Picture</title><main><h1>Picture</h1>'
        '<svg viewBox="0 0 600 100" role="img" aria-label="A line" width="300"><text x="0" y="50" font-size="20" text-anchor="middle">Dec 2018</text></svg>'
        '</main></html>', encoding="utf-8")
    (tmp_path / "fine").mkdir()
    (tmp_path / "fine" / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Fine</title><main><h1>Fine</h1><p>Short.</p></main></html>', encoding="utf-8")
    failures = browser_sweep.sweep(tmp_path, widths=("phone",))
    assert len(failures) == 2, failures
    assert failures[0].startswith("/ [phone]: the page itself scrolls sideways: ")
    assert failures[1].startswith("/picture/ [phone]: a picture's label 'Dec 2018' is cut off: x -")
