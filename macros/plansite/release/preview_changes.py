"""``python -m plansite.release.preview_changes [--remote origin] [--version NAME] [--config mkdocs.yml] OUT_DIR -- COMMAND...``

Lets ``make site`` and ``make serve`` show the "What changed" page before anything is
published: fetches the published data of the latest version (or of ``--version``) from the
remote's ``gh-pages`` into ``OUT_DIR``, then runs COMMAND (the build) with
``PLANSITE_PREVIOUS_VERSION`` and ``PLANSITE_PREVIOUS_DATA`` set in its environment; the
version itself stays "unreleased", so the page says it is a local build. Nothing the remote
holds passes through a shell: the names are checked (macros/plansite/release/versions.py) and handed
over as environment values.
With no remote, no network, nothing published or anything unusable on gh-pages it prints one
line on stderr and runs COMMAND without them: a local build never fails because of the remote.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from plansite.release.versions import LATEST, BadName, inside, published_versions, shown

# Shared with publishing (macros/plansite/release/publish.py imports them from here: this module stays light,
# as it runs before every local build).
BRANCH = "gh-pages"
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
    versions = published_versions(repo, PREVIEW_REF)
    names = [v["version"] for v in versions]
    if version is None:
        version = next((v["version"] for v in versions if LATEST in v.get("aliases", [])), names[0] if names else None)
        if version is None:
            raise NothingToCompare(f"'{remote}' has no published version")
    elif version not in names:
        raise NothingToCompare(f"version {shown(version)} is not published on '{remote}'")
    into = inside(out_dir, version)  # checked names only, and still: never outside out_dir
    shutil.rmtree(into, ignore_errors=True)
    copy_version_data(repo, PREVIEW_REF, version, into)
    return version, into


# Bytes: a thousand times the example site's largest open data file (50 KB). What gh-pages
# holds is not trusted, and each file is read whole into memory and parsed.
MAX_DATA_FILE = 64 * 1024 * 1024


def copy_version_data(repo: Path, ref: str, version: str, into: Path) -> None:
    """Copy the published JSON of ``version`` on the git ``ref`` (gh-pages, or a fetched copy of
    it) into ``into``, byte for byte. Each file must be a plain name inside ``into`` and valid
    JSON (BadName otherwise): the build reads them."""
    into.mkdir(parents=True, exist_ok=True)
    listed = _git(repo, "ls-tree", "-z", f"{ref}:{version}/data", binary=True).stdout
    for entry in filter(None, listed.split(b"\0")):
        kind, name = entry.split(b" ")[1], os.fsdecode(entry.split(b"\t", 1)[1])
        if kind != b"blob" or not name.endswith(".json"):
            continue
        target = inside(into, name)
        size = int(_git(repo, "cat-file", "-s", f"{ref}:{version}/data/{name}", binary=True).stdout)
        if size > MAX_DATA_FILE:
            raise BadName(f"{shown(f'{version}/data/{name}')} on gh-pages is {size:,} bytes, more than a published "
                          f"data file can be ({MAX_DATA_FILE:,})")
        content = _git(repo, "show", f"{ref}:{version}/data/{name}", binary=True).stdout
        try:
            json.loads(content)
        except (ValueError, RecursionError):
            raise BadName(f"{shown(f'{version}/data/{name}')} on gh-pages is not valid JSON") from None
        target.write_bytes(content)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    options, command = argv[:split], argv[split + 1:]
    parser = argparse.ArgumentParser(prog="python -m plansite.release.preview_changes", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="folder to keep the published data in (e.g. .cache/published)")
    parser.add_argument("--remote", default="origin", help="git remote name, URL or path (default: origin)")
    parser.add_argument("--version", help="the published version to compare with (default: the latest)")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml; its folder's repository is used")
    args = parser.parse_args(options)
    if not command:
        parser.error("give the build command to run after --, e.g. -- mkdocs build")
    repo = Path(args.config).resolve().parent
    environment = dict(os.environ)
    try:
        version, data = fetch_previous(repo, args.remote, args.version or None, Path(args.out_dir))
    except (NothingToCompare, BadName) as exc:
        print(f"What changed: no published version to compare with ({exc})", file=sys.stderr)
    else:
        print(f"What changed: comparing with published version {version}", file=sys.stderr)
        environment.update(PLANSITE_PREVIOUS_VERSION=version, PLANSITE_PREVIOUS_DATA=str(data))
    sys.stderr.flush()
    try:
        os.execvpe(command[0], command, environment)  # the build, in this process: no shell, signals go straight to it
    except OSError as exc:
        print(f"{command[0]}: cannot be run ({exc.strerror})", file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main())
