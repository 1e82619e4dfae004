"""Which generator built a site: its version (``VERSION``, the one number the package has;
pyproject.toml reads it from here) and, for a development install in a git checkout, its
commit. A published version's build.json and every page's generator meta tag name it.

Read from the package's own files, not the installed metadata, so that a version rebuilt
from an old commit (make withdraw) names the generator of that commit, as published.
"""
from __future__ import annotations

import functools
import html
import re
import subprocess
from pathlib import Path

VERSION = "0.1.0"
PACKAGE = Path(__file__).resolve().parent
_GENERATOR_META = re.compile(r'(<meta\s+name="generator"\s+content=")([^"]*)(")')


@functools.lru_cache(maxsize=1)
def generator_name() -> str:
    """``plansite 0.1.0``, or ``plansite 0.1.0 (commit 0123456789ab)`` from a git checkout
    (``, with uncommitted changes`` when the generator's files differ from that commit)."""
    checkout = PACKAGE.parent.parent  # macros/plansite/ -> the repository's top folder
    if not (checkout / ".git").exists():
        return f"plansite {VERSION}"
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=checkout, capture_output=True, text=True,
                                check=True, timeout=30).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", str(PACKAGE)], cwd=checkout,
                                 capture_output=True, text=True, check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"plansite {VERSION}"
    return f"plansite {VERSION} (commit {commit[:12]}{', with uncommitted changes' if changed else ''})"


def with_generator(page: str) -> str:
    """The page with the generator named in its generator meta tag, after the engine and theme."""
    named = html.escape(generator_name())
    return _GENERATOR_META.sub(lambda m: f"{m.group(1)}{m.group(2)}, {named}{m.group(3)}", page, count=1)
