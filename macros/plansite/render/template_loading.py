"""The generator's Jinja templates: their settings, and the same templates compiled to Python
ahead of the build, so that a build with nothing cached does not parse them again.

A wheel ships them compiled (``setup.py`` runs ``compile_templates`` when it builds the
package); this repository's Makefile compiles them beside the sources after installing the
generator. They are used only while every source file is exactly the one they were
compiled from (``sources.json`` holds each file's SHA-256): an edited template is read
from its file instead, so a compiled copy can never be stale.

Imports nothing but Jinja and the standard library: ``setup.py`` loads this file on its
own, before the package or its dependencies are installed.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from jinja2 import BaseLoader, Environment, FileSystemLoader, ModuleLoader, StrictUndefined

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
COMPILED_DIR = Path(__file__).resolve().parent / "templates_compiled"
SOURCES = "sources.json"
# The settings every template is compiled with; code generation depends on them.
OPTIONS = dict(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
# The filters the templates use: the compiler checks that each exists (their functions are
# looked up when a template runs, from the renderer's environment).
FILTERS = ("explain", "plan_date", "heading", "label")


def _digests(template_dir: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(template_dir.glob("*.html"))}


def compile_templates(out_dir: Path = COMPILED_DIR, template_dir: Path = TEMPLATE_DIR) -> int:
    """Compile every template in ``template_dir`` into ``out_dir``; return how many."""
    env = Environment(loader=FileSystemLoader(str(template_dir)), **OPTIONS)
    env.filters.update({name: _unused_filter for name in FILTERS})
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("tmpl_*.py"):
        old.unlink()
    env.compile_templates(str(out_dir), zip=None, ignore_errors=False, log_function=None)
    digests = _digests(template_dir)
    (out_dir / SOURCES).write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return len(digests)


def _unused_filter(value):  # pragma: no cover - compile time only; never called
    raise AssertionError("a compiled template runs with the renderer's own filters")


def compiled_loader(template_dir: Path = TEMPLATE_DIR, compiled_dir: Path = COMPILED_DIR) -> BaseLoader | None:
    """A loader of the compiled templates if they match every source file, else None."""
    try:
        recorded = json.loads((compiled_dir / SOURCES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if recorded != _digests(template_dir):
        return None
    return ModuleLoader(str(compiled_dir))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else COMPILED_DIR
    print(f"compiled {compile_templates(target)} templates into {target}")
