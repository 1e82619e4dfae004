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


@pytest.fixture(scope="module")
def browser():
    chromium = browser_sweep.find_chromium()
    assert chromium, "Chromium is missing: `make test` installs Debian's chromium package"
    with browser_sweep.chromium_browser(chromium) as launched:
        yield launched


SITES = ("bnssg", "cambridgeshire-peterborough", "bsw")


@pytest.mark.parametrize("width", browser_sweep.WIDTHS)
@pytest.mark.parametrize("name", SITES)
def test_every_page_is_accessible_and_private(built_sites, browser, name, width):
    site_dir = built_sites[name].site_dir
    pages = browser_sweep.page_paths(site_dir)
    assert len(pages) > 15
    with browser_sweep.served(site_dir) as base:
        failures = browser_sweep.sweep(browser, base, pages, width)
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


def test_long_unbreakable_words_never_make_a_page_scroll_sideways(long_word_site, browser):
    pages = browser_sweep.page_paths(long_word_site.site_dir)
    with browser_sweep.served(long_word_site.site_dir) as base:
        failures = browser_sweep.sweep(browser, base, pages, "phone", axe_check=False)
    assert LONG_WORD in (long_word_site.site_dir / "plan" / "index.html").read_text(encoding="utf-8")
    assert not failures, "\n".join(failures[:40])


def test_the_sweep_fails_a_page_that_scrolls_sideways(tmp_path, browser):
    """The check can fail: one page wider than a phone, one fine."""
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><title>Wide</title><main><h1>Wide</h1><p style="white-space:nowrap">{LONG_WORD * 3}</p></main></html>',
        encoding="utf-8")
    (tmp_path / "fine").mkdir()
    (tmp_path / "fine" / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Fine</title><main><h1>Fine</h1><p>Short.</p></main></html>', encoding="utf-8")
    with browser_sweep.served(tmp_path) as base:
        failures = browser_sweep.sweep(browser, base, browser_sweep.page_paths(tmp_path), "phone")
    assert len(failures) == 1 and failures[0].startswith("/ [phone]: the page itself scrolls sideways: "), failures


SVG_TEXT_OUTSIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg[viewBox]')) {
    const vb = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        out.push(`'${text.textContent}' at x ${Math.round(b.x)}..${Math.round(b.x + b.width)}, y ${Math.round(b.y)}..${Math.round(b.y + b.height)} outside ${vb.width}x${vb.height}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("width", browser_sweep.WIDTHS)
@pytest.mark.parametrize("name", SITES)
def test_every_picture_keeps_its_labels_inside_its_box(built_sites, browser, name, width):
    site = built_sites[name].site_dir
    pages = [p for p in browser_sweep.page_paths(site) if "<svg viewBox" in (site / p / "index.html").read_text(encoding="utf-8")]
    assert name != "bnssg" or "timeline/" in pages
    context = browser.new_context(viewport=dict(zip(("width", "height"), browser_sweep.WIDTHS[width])))
    failures = []
    with browser_sweep.served(site) as base:
        for path in pages:
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            failures += [f"/{path}: {problem}" for problem in page.evaluate(SVG_TEXT_OUTSIDE)]
            page.close()
    context.close()
    assert not failures, "\n".join(failures)
