"""``python -m macros.release.preview_changes [--remote origin] [--version NAME] [--config mkdocs.yml] OUT_DIR``

Lets ``make site`` and ``make serve`` show the "What changed" page before anything is
published: fetches the published data of the latest version (or of ``--version``) from the
remote's ``gh-pages`` into ``OUT_DIR`` and prints the environment assignments a build reads
(``PLANSITE_PREVIOUS_VERSION=... PLANSITE_PREVIOUS_DATA=...``); the version itself stays
"unreleased", so the page says it is a local build.
With no remote, no network or nothing published it prints one line on stderr, nothing on
stdout, and exits 0: a local build never fails because the remote cannot be reached.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Shared with publishing (macros/release/publish.py imports them from here: this module stays light,
# as it runs before every local build).
BRANCH = "gh-pages"
LATEST = "latest"
# Fetched here rather than into the local gh-pages branch, which only publishing moves.
PREVIEW_REF = "refs/plansite/published"
TIMEOUT = 10  # seconds; an unreachable remote must not hold up a local build for long


class NothingToCompare(Exception):
    """Why the preview has no published version to compare with, in a few words."""


def _git(repo: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true",
                   "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")}
    try:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=not binary, env=environment,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise NothingToCompare(f"git {args[0]} took more than {TIMEOUT} s") from None
    except FileNotFoundError:
        raise NothingToCompare("git is not installed") from None


def fetch_previous(repo: Path, remote: str, version: str | None, out_dir: Path) -> tuple[str, Path]:
    """Copy the published JSON of ``version`` (default: the latest) into ``out_dir/<version>``."""
    if _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise NothingToCompare(f"{repo} is not a git repository")
    listed = _git(repo, "ls-remote", "--heads", remote, BRANCH)
    if listed.returncode != 0:
        raise NothingToCompare(f"cannot reach remote '{remote}'")
    if not listed.stdout.strip():
        raise NothingToCompare(f"'{remote}' has no {BRANCH} branch yet")
    fetched = _git(repo, "fetch", "--no-tags", "--quiet", remote, f"+refs/heads/{BRANCH}:{PREVIEW_REF}")
    if fetched.returncode != 0:
        raise NothingToCompare(f"cannot fetch {BRANCH} from '{remote}'")
    shown = _git(repo, "show", f"{PREVIEW_REF}:versions.json")
    try:
        versions = json.loads(shown.stdout) if shown.returncode == 0 else []
    except json.JSONDecodeError:
        versions = []
    names = [v.get("version") for v in versions if isinstance(v, dict)]
    if version is None:
        version = next((v["version"] for v in versions if LATEST in v.get("aliases", [])), names[0] if names else None)
        if version is None:
            raise NothingToCompare(f"'{remote}' has no published version")
    elif version not in names:
        raise NothingToCompare(f"version '{version}' is not published on '{remote}'")
    into = out_dir / version
    shutil.rmtree(into, ignore_errors=True)
    copy_version_data(repo, PREVIEW_REF, version, into)
    return version, into.resolve()


def copy_version_data(repo: Path, ref: str, version: str, into: Path) -> None:
    """Copy the published JSON of ``version`` on the git ``ref`` (gh-pages, or a fetched copy of
    it) into ``into``, byte for byte."""
    into.mkdir(parents=True, exist_ok=True)
    for name in _git(repo, "ls-tree", "--name-only", f"{ref}:{version}/data").stdout.split():
        if name.endswith(".json"):
            (into / name).write_bytes(_git(repo, "show", f"{ref}:{version}/data/{name}", binary=True).stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.release.preview_changes", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="folder to keep the published data in (e.g. .cache/published)")
    parser.add_argument("--remote", default="origin", help="git remote name, URL or path (default: origin)")
    parser.add_argument("--version", help="the published version to compare with (default: the latest)")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml; its folder's repository is used")
    args = parser.parse_args(argv)
    repo = Path(args.config).resolve().parent
    try:
        version, data = fetch_previous(repo, args.remote, args.version or None, Path(args.out_dir))
    except NothingToCompare as exc:
        print(f"What changed: no published version to compare with ({exc})", file=sys.stderr)
        return 0
    print(f"What changed: comparing with published version {version}", file=sys.stderr)
    print(f"PLANSITE_PREVIOUS_VERSION={version} PLANSITE_PREVIOUS_DATA={data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
