"""``plansite new DIR``: a new partnership's site repository that builds straight away.

It writes the files in ``new_site/`` (mkdocs.yml, docs/, a minimal valid data file for each
dataset a site needs first, requirements.txt pinning this generator, the check and publish
workflows, a README for the comms team) with the partnership's name filled in, and the
data files' JSON Schemas. Every fact it cannot know says "to be confirmed". It refuses a
folder that exists and is not empty, so it never overwrites anyone's work.

It writes the files itself rather than through a project template tool (copier): the files
are few, and upgrading a site is changing the pin in its requirements.txt, because the
theme settings, templates and page code live in the package, not in the site.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from string import Template

from plansite.generator import VERSION

TEMPLATES = Path(__file__).resolve().parent / "new_site"
# Names a package cannot hold as they are (setuptools leaves out dot-files): name -> written as.
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
# Plain words: the name goes into YAML, Markdown and page titles unquoted.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 &'(),.-]{1,79}")


class NewSiteProblem(Exception):
    """The site cannot be made; the message is one line."""


def new_site(folder: Path, name: str, today: dt.date | None = None) -> list[Path]:
    """Write a new site into ``folder`` (absent or empty); return the files written."""
    if not NAME.fullmatch(name) or "  " in name:
        raise NewSiteProblem(f"--name {name!r}: use letters, digits, spaces and & ' ( ) , . - only "
                             "(2 to 80 characters), e.g. --name 'Healthier Together'")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewSiteProblem(f"{folder}: already exists and is not an empty folder; nothing was written "
                             "(give a new folder's name)")
    today = today or dt.date.today()
    values = {"name": name, "version": VERSION, "today": today.isoformat(), "release": today.strftime("%Y-%m"),
              "review_by": (today + dt.timedelta(days=182)).isoformat(), "dependencies": "\n".join(dependency_pins())}
    written = []
    for template in sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        relative = Path(*(RENAMED.get(part, part) for part in template.relative_to(TEMPLATES).parts))
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(template.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(target)
    from plansite.outputs.schemas import write_schemas

    return written + write_schemas(folder / "schemas")


def dependency_pins(distribution: str = "plansite") -> list[str]:
    """``name==version`` for every package the generator needs, at the versions installed
    here, where it was run: with them pinned, a version withdrawn years later is rebuilt by the
    same packages that built it (``release/generators.py``), not by their newest releases."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins, todo = {}, [distribution]
    while todo:
        try:
            requires = metadata.requires(todo.pop()) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            wanted = Requirement(line)
            if wanted.marker and not wanted.marker.evaluate({"extra": ""}):
                continue  # for another platform or an optional extra
            name = canonicalize_name(wanted.name)
            if name not in pins:
                try:
                    pins[name] = metadata.version(name)
                except metadata.PackageNotFoundError:
                    continue
                todo.append(name)
    pins.pop(canonicalize_name(distribution), None)
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plansite new", description="make a new partnership's site in an empty folder")
    parser.add_argument("folder", type=Path, help="the new site's folder (it must not exist, or be empty)")
    parser.add_argument("--name", default="Our partnership", help="the partnership's name, e.g. 'Healthier Together'")
    args = parser.parse_args(argv)
    try:
        written = new_site(args.folder, args.name)
    except NewSiteProblem as exc:
        print(f"plansite new: {exc}", file=sys.stderr)
        return 1
    print(f"Made the site of {args.name} in {args.folder} ({len(written)} files). Next, in that folder:\n"
          "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n"
          "  .venv/bin/plansite check && .venv/bin/mkdocs build --strict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
