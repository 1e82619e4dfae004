"""Which generator rebuilds an old version, so that it comes out exactly as it was published.

- A commit of a repository that holds the generator itself (``macros/plansite/``, as this one
  does) is rebuilt by that copy, put first on ``PYTHONPATH``.
- A partnership's repository pins the generator in its ``requirements.txt``
  (``plansite==0.1.0``). The version this process runs is used when it is that one; any other
  is installed, with the rest of that file, into an environment of its own kept in the cache
  folder (``generators/``), made once and reused by every later withdraw.
- With no pin, today's generator rebuilds it; the control build then shows whether that is
  exact.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

from plansite.generator import VERSION
from plansite.read import disk_cache

REQUIREMENTS = "requirements.txt"
_PIN = re.compile(r"^\s*plansite\s*==\s*([0-9A-Za-z.+!-]{1,40})\s*(?:[;\\#]|--hash|$)", re.IGNORECASE | re.MULTILINE)
INSTALL_TIMEOUT = 1200  # seconds: the dependencies come from the package index


class GeneratorError(Exception):
    """The generator a version needs cannot be had; one line."""


@dataclass(frozen=True)
class Generator:
    name: str  # as the output says it: "plansite 0.1.0", "the generator at commit 1a2b3c4d5e6f"
    mkdocs: Path  # the mkdocs command that builds with it
    pythonpath: str | None = None  # put first on PYTHONPATH (a copy at the commit)


def _this_one() -> Path:
    return Path(sys.executable).parent / "mkdocs"


def pinned_version(source: Path) -> str | None:
    """The plansite version the commit's requirements.txt pins, if it pins exactly one."""
    try:
        text = (source / REQUIREMENTS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    pins = set(_PIN.findall(text))
    return pins.pop() if len(pins) == 1 else None


def generator_for(source: Path, commit: str, say=print) -> Generator:
    """The generator that built the commit checked out in ``source``."""
    for folder, package in ((source / "macros", "plansite"), (source, "macros")):
        if (folder / package / "__init__.py").is_file():
            return Generator(f"the generator at commit {commit[:12]}", _this_one(), str(folder))
    version = pinned_version(source)
    if version is None:
        return Generator(f"plansite {VERSION} (this one: {REQUIREMENTS} at commit {commit[:12]} pins no plansite version)", _this_one())
    if version == VERSION:
        return Generator(f"plansite {VERSION}", _this_one())
    return Generator(f"plansite {version}", _installed(version, source / REQUIREMENTS, say))


def _installed(version: str, requirements: Path, say) -> Path:
    """The mkdocs of an environment holding plansite ``version`` and the rest of
    ``requirements``: from the cache when an earlier run made it, else made now."""
    cache = disk_cache.folder()
    if cache is None:
        raise GeneratorError(f"plansite {version} is needed to rebuild this version, and the cache folder is off "
                             "(PLANSITE_CACHE_DIR=off): set PLANSITE_CACHE_DIR to a folder to install it in")
    wanted = requirements.read_bytes()
    digest = hashlib.sha256(wanted).hexdigest()[:16]
    home = cache / "generators" / f"plansite-{version}-{digest}"
    mkdocs = home / "bin" / "mkdocs"
    ready = home / ".ready"
    if ready.is_file() and mkdocs.is_file():
        say(f"Using plansite {version} from {home}")
        return mkdocs
    shutil.rmtree(home, ignore_errors=True)  # a half-made one from an interrupted run
    say(f"Installing plansite {version} into {home} (once; later withdraws reuse it) ...")
    venv.create(home, with_pip=True, clear=True)
    (home / REQUIREMENTS).write_bytes(wanted)
    # Wheels only: installing must not run any package's own build code.
    done = subprocess.run([str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                           "--only-binary=:all:", "-r", str(home / REQUIREMENTS)],
                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env={**os.environ, "PYTHONPATH": ""})
    if done.returncode != 0 or not mkdocs.is_file():
        shutil.rmtree(home, ignore_errors=True)
        last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), "no message")
        raise GeneratorError(f"plansite {version}, which built this version, could not be installed from its "
                             f"{REQUIREMENTS}: {last.strip()}")
    ready.write_text(f"plansite {version}\n", encoding="utf-8")
    return mkdocs
