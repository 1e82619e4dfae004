"""Every page of the built example site, opened in a real Chromium at phone and desktop widths:
zero axe-core violations (WCAG 2.0, 2.1, 2.2, A and AA), no request to another host, and
nothing scrolling sideways but a table inside its own focusable, labelled region."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_site(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", built_site.site_dir
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs Debian's chromium package"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield launched
        launched.close()


def page_paths(site_dir: Path) -> list[str]:
    paths = []
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        if rel.startswith("assets"):
            continue
        paths.append("" if rel == "." else rel + "/")
    return paths


SIDEWAYS_SCROLLERS = """() => {
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) found.push('the page itself scrolls sideways');
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.offsetParent === null || el.clientHeight === 0 || style.visibility === 'hidden') continue;
    const labelled = el.getAttribute('role') === 'region' && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
    const focusable = el.tabIndex >= 0;
    const holdsTable = !!el.querySelector('table');
    if (!(labelled && focusable && holdsTable)) found.push(el.tagName + '.' + el.className + ' scrolls sideways without being a focusable, labelled table region');
  }
  return found;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_accessible_and_private(served_site, browser, width):
    base, site_dir = served_site
    host = urlsplit(base).netloc
    axe = axe_source()
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
    failures: list[str] = []
    pages = page_paths(site_dir)
    assert len(pages) > 20
    for path in pages:
        page = context.new_page()
        foreign: list[str] = []
        page.on("request", lambda request: foreign.append(request.url) if urlsplit(request.url).netloc not in (host, "") and not request.url.startswith("data:") else None)
        page.goto(base + path, wait_until="load")
        page.add_script_tag(content=axe)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
        for violation in result["violations"]:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            failures.append(f"{path} [{width}]: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        for problem in page.evaluate(SIDEWAYS_SCROLLERS):
            failures.append(f"{path} [{width}]: {problem}")
        for url in foreign:
            failures.append(f"{path} [{width}]: request to another host: {url}")
        page.close()
    context.close()
    kinds = sorted({f.split(": ", 1)[1].split(" at ")[0] for f in failures})
    assert not failures, "\n".join(kinds) + "\n\n" + "\n".join(failures[:60])
