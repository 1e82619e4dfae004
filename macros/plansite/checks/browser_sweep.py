"""``python -m plansite.checks.browser_sweep SITE_DIR``: open every page of a built site in Chromium.

At phone (360 px) and desktop (1280 px) widths each page must have no axe-core violation
(WCAG 2.0, 2.1 and 2.2, A and AA), write no error or warning to the console and throw no
script error, make no request to another host, scroll sideways
nowhere but inside a table's own focusable, labelled region, and keep every label of a
picture (SVG) inside the picture. Prints one line per failure
and exits 1 if there is any; exits 2 when Chromium or Playwright is missing.

Any partnership's site is checked this way (``make verify``); the generator's own tests run
the same sweep on their fixture sites. Only a browser can tell layout and contrast, so this
is the one module that needs Chromium (Debian's package) and the test requirements.
"""
from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit


def find_chromium() -> str | None:
    """Debian's Chromium (or another Chrome) on PATH: what the sweep and the board pack use."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# As the probe of this machine found: without these, Chromium tries hosts it cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SIDEWAYS_SCROLLERS = """() => {
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) {
    let widest = null;
    for (const el of document.querySelectorAll('body *')) {
      const right = el.getBoundingClientRect().right;
      if (right > doc.clientWidth + 1 && (!widest || right > widest[1])) widest = [el, right];
    }
    const what = widest ? ` (widest: ${widest[0].tagName.toLowerCase()}.${widest[0].className} reaching ${Math.round(widest[1])} px)` : '';
    found.push(`the page itself scrolls sideways: ${doc.scrollWidth} px wide in a ${doc.clientWidth} px window${what}`);
  }
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.offsetParent === null || el.clientHeight === 0 || style.visibility === 'hidden') continue;
    // A region: a <section> (or role=region) with a name, which is what makes it a region.
    const region = el.tagName === 'SECTION' || el.getAttribute('role') === 'region';
    const labelled = region && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
    const focusable = el.tabIndex >= 0;
    const holdsTable = !!el.querySelector('table');
    if (!(labelled && focusable && holdsTable)) found.push(el.tagName + '.' + el.className + ' scrolls sideways without being a focusable, labelled table region');
  }
  return found;
}"""


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def page_paths(site_dir: Path) -> list[str]:
    """Every page of the site, as a path below its root ('' for the home page)."""
    paths = []
    for html in sorted(site_dir.rglob("index.html")):
        rel = html.parent.relative_to(site_dir).as_posix()
        if rel.startswith("assets") or rel == "admin" or rel.startswith("admin/"):
            continue  # the editor's page has its own tests (tests/test_editor_page.py, tests/test_editor_a11y.py)
        paths.append("" if rel == "." else rel + "/")
    return paths


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser that closes a connection early is no problem of the site's


@contextmanager
def served(site_dir: Path):
    """The folder served on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


SVG_TEXT_OUTSIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg[viewBox]')) {
    const vb = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        out.push(`a picture's label '${text.textContent}' is cut off: x ${Math.round(b.x)}..${Math.round(b.x + b.width)}, y ${Math.round(b.y)}..${Math.round(b.y + b.height)} outside its ${vb.width}x${vb.height} box`);
    }
  }
  return out;
}"""
# Whatever the page's Content-Security-Policy blocks is a failure: the theme's own scripts
# must all be allowed, and nothing else should try to load.
CSP_LISTENER = """window.__blocked = [];
document.addEventListener('securitypolicyviolation',
  e => window.__blocked.push(`the page's security policy blocked ${e.effectiveDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile || 'the page'}:${e.lineNumber})`));"""
AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


def sweep(site_dir: Path, widths=tuple(WIDTHS), axe_check: bool = True, paths: list[str] | None = None,
          executable: str | None = None, concurrency: int = 2) -> list[str]:
    """Open every page of the built site at each width in Chromium; return one line per
    failure. ``axe_check=False`` checks only the layout and the requests (a quarter of the
    time). Pages open ``concurrency`` at a time: each has its own renderer process."""
    executable = executable or find_chromium()
    paths = page_paths(site_dir) if paths is None else paths
    with served(site_dir) as base:
        return asyncio.run(_sweep(executable, base, paths, list(widths), axe_check, concurrency,
                                  versions=(site_dir / "versions.json").is_file()))


async def _sweep(executable: str, base: str, paths: list[str], widths: list[str], axe_check: bool, concurrency: int,
                 versions: bool = True) -> list[str]:
    from playwright.async_api import async_playwright

    def _expected(url: str) -> bool:
        # A site built locally has no versions.json (publishing adds it beside the versions):
        # the version selector's request for it fails there, and only there.
        return not versions and url.endswith("/versions.json")

    host = urlsplit(base).netloc
    axe = axe_source() if axe_check else ""
    results: dict[tuple[int, int], list[str]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            contexts = [await browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[w]))) for w in widths]
            for context in contexts:
                # Scripts added this way run before the page's own, and are not the page's:
                # its security policy (which allows no inline script but the theme's) lets them be.
                await context.add_init_script(script=CSP_LISTENER + ("\n" + axe if axe_check else ""))
            queue = [(wi, pi) for wi in range(len(widths)) for pi in range(len(paths))]

            async def worker() -> None:
                while queue:
                    wi, pi = queue.pop(0)
                    width, path = widths[wi], paths[pi]
                    page = await contexts[wi].new_page()
                    foreign: list[str] = []
                    page.on("request", lambda request: foreign.append(request.url)
                            if urlsplit(request.url).netloc not in (host, "") and not request.url.startswith("data:") else None)
                    said: list[str] = []  # what the page wrote to the console, and what it threw
                    page.on("console", lambda message: said.append(f"console {message.type}: {message.text[:200]}")
                            if message.type in ("error", "warning") and not _expected(message.location.get("url", "")) else None)
                    page.on("pageerror", lambda error: said.append(f"script error: {str(error)[:200]}"))
                    await page.goto(base + quote(path), wait_until="load")  # a page named with '#' is that page
                    found = []
                    if axe_check:
                        for violation in (await page.evaluate(AXE_RUN, AXE_TAGS))["violations"]:
                            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
                    found += await page.evaluate(SIDEWAYS_SCROLLERS)
                    found += await page.evaluate(SVG_TEXT_OUTSIDE)
                    found += [f"request to another host: {url}" for url in foreign]
                    found += await page.evaluate("window.__blocked")
                    found += said
                    results[(wi, pi)] = [f"/{path} [{width}]: {problem}" for problem in found]
                    await page.close()

            await asyncio.gather(*(worker() for _ in range(max(1, concurrency))))
        finally:
            await browser.close()
    return [line for key in sorted(results) for line in results[key]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plansite.checks.browser_sweep", description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", default="site", help="the built site (default: site)")
    args = parser.parse_args(argv)
    site_dir = Path(args.site_dir)
    if not (site_dir / "index.html").is_file():
        print(f"{args.site_dir}: no built site here; run 'make site' first", file=sys.stderr)
        return 2
    chromium = find_chromium()
    try:
        import playwright  # noqa: F401
    except ImportError:
        chromium = None
    if chromium is None:
        print("The browser sweep needs Chromium and Playwright: run 'make test' once to install them.", file=sys.stderr)
        return 2
    paths = page_paths(site_dir)
    failures = sweep(site_dir, executable=chromium)
    for line in failures:
        print(line, file=sys.stderr)
    if failures:
        print(f"{len(failures)} accessibility or layout problem(s) on {len(paths)} pages at {' and '.join(WIDTHS)} widths.", file=sys.stderr)
        return 1
    print(f"{args.site_dir}: {len(paths)} pages checked in Chromium at {' and '.join(WIDTHS)} widths; no problems found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
