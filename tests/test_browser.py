"""The fixture site opened in a real Chromium (Debian's package, driven by Playwright) through
``plansite.checks.browser_sweep``, the check ``make verify`` runs on any partnership's site: every page
at phone and desktop widths, zero axe-core violations (WCAG 2.0, 2.1, 2.2, A and AA), no
request to another host, nothing scrolling sideways but a table in its own focusable,
labelled region, every picture's labels inside the picture. The examples:
test_browser_examples.py; long words: test_browser_long_words.py."""
from __future__ import annotations

import pytest

from plansite.checks import browser_sweep

pytestmark = pytest.mark.browser

LONG_WORD = "Unbreakable" + "X" * 69  # 80 characters, no place to wrap


@pytest.fixture(scope="module", autouse=True)
def chromium_is_there():
    assert browser_sweep.find_chromium(), "Chromium is missing: `make test` installs Debian's chromium package"


def test_every_page_is_accessible_private_and_fits(built_site):
    """Both widths: axe-core, no request elsewhere, nothing sideways, picture labels inside.
    The example sites: tests/test_browser_examples.py."""
    site_dir = built_site.site_dir
    pages = browser_sweep.page_paths(site_dir)
    assert len(pages) > 15
    failures = browser_sweep.sweep(site_dir, paths=pages)
    kinds = sorted({f.split(": ", 1)[1].split(" at ")[0] for f in failures})
    assert not failures, "\n".join(kinds) + "\n\n" + "\n".join(failures[:60])


def test_the_sweep_fails_a_page_that_scrolls_sideways_or_cuts_a_label(tmp_path):
    """The checks can fail: one page wider than a phone, one picture with a label cut off, one fine."""
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Wide</title><main><h1>Wide</h1><p style="white-space:nowrap">{LONG_WORD * 3}</p></main></html>',
        encoding="utf-8")
    (tmp_path / "picture").mkdir()
    (tmp_path / "picture" / "index.html").write_text(
        '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Picture</title><main><h1>Picture</h1>'
        '<svg viewBox="0 0 600 100" role="img" aria-label="A line" width="300"><text x="0" y="50" font-size="20" text-anchor="middle">Dec 2018</text></svg>'
        '</main></html>', encoding="utf-8")
    (tmp_path / "fine").mkdir()
    (tmp_path / "fine" / "index.html").write_text(
        '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>Fine</title><main><h1>Fine</h1><p>Short.</p></main></html>', encoding="utf-8")
    failures = browser_sweep.sweep(tmp_path, widths=("phone",))
    assert len(failures) == 2, failures
    assert failures[0].startswith("/ [phone]: the page itself scrolls sideways: ")
    assert failures[1].startswith("/picture/ [phone]: a picture's label 'Dec 2018' is cut off: x -")


def test_the_sweep_fails_a_page_that_writes_to_the_console_or_throws(tmp_path):
    """Script errors count: one page throws, one logs an error; versions.json alone may be
    missing, and only on a site built locally (publishing puts it beside the versions)."""
    page = '<!doctype html><html lang="en"><link rel="icon" href="data:,"><title>{0}</title><main><h1>{0}</h1></main>{1}</html>'
    pages = {
        "": page.format("Home", '<script>fetch("versions.json").catch(() => 0)</script>'),
        "throws": page.format("Throws", '<script>new URL("..", "not a base")</script>'),
        "logs": page.format("Logs", '<script>console.error("banner failed")</script>'),
        "logs #2": page.format("Logs", '<script>console.error("banner failed")</script>'),  # a '#' in its name
    }
    for path, html in pages.items():
        (tmp_path / path).mkdir(exist_ok=True)
        (tmp_path / path / "index.html").write_text(html, encoding="utf-8")
    failures = browser_sweep.sweep(tmp_path, widths=("phone",), axe_check=False)
    assert failures == ["/logs/ [phone]: console error: banner failed", "/logs #2/ [phone]: console error: banner failed",
                        "/throws/ [phone]: script error: Failed to construct 'URL': Invalid base URL"], failures
    # A published site: versions.json is there, so a request for one that is not counts (an
    # image holds up the page's load event, so its failure is seen before the checks run).
    (tmp_path / "versions.json").write_text("[]", encoding="utf-8")
    (tmp_path / "index.html").write_text(page.format("Home", '<img src="nothing/versions.json" alt="">'),
                                         encoding="utf-8")
    failures = browser_sweep.sweep(tmp_path, widths=("phone",), axe_check=False, paths=[""])
    assert len(failures) == 1 and failures[0].startswith("/ [phone]: console error: Failed to load resource"), failures
