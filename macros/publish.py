"""``python -m macros.publish REMOTE [--version NAME] [--config mkdocs.yml]``: publish a version.

The version name defaults to ``extra.release`` in the site's mkdocs.yml, so a merge that
changes it publishes a new version. Checks the data, builds the site strictly with the previous version's published data to
compare against, and only then commits it as ``VERSION`` on the remote's ``gh-pages``
branch with mike, moving the ``latest`` alias to it and making it the default. Other
versions' files are never touched. One ``git push`` at the very end: any failure before
it leaves the remote exactly as it was.

This module drives git, MkDocs and mike as a release tool; the site macros never import it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .datasets import load_site_data
from .problems import ProblemsFound

BRANCH = "gh-pages"
LATEST = "latest"


class PublishError(Exception):
    """Why nothing was published, in one plain sentence."""


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


@contextmanager
def _working_directory(path: Path):
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _read_config(config: Path) -> dict:
    """A site's own mkdocs.yml as plain data (tags such as !ENV read as empty; no MkDocs import)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(config.read_text(encoding="utf-8"), Loader=Loader) or {}


def fetch_published(repo: Path, remote: str) -> list[dict]:
    """Make the local gh-pages branch exactly the remote's (or absent), and list its versions."""
    heads = _git(repo, "ls-remote", "--heads", remote, BRANCH).stdout.strip()
    if heads:
        _git(repo, "fetch", "--no-tags", "--quiet", remote, f"+refs/heads/{BRANCH}:refs/heads/{BRANCH}")
        shown = _git(repo, "show", f"{BRANCH}:versions.json", check=False)
        return json.loads(shown.stdout) if shown.returncode == 0 else []
    if _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}", check=False).returncode == 0:
        _git(repo, "branch", "-D", BRANCH)  # a stale local copy of a branch the remote no longer has
    return []


def previous_data(repo: Path, versions: list[dict], version: str, into: Path) -> str | None:
    """Copy the published JSON of the newest other version into ``into``; return its name."""
    others = [v["version"] for v in versions if v.get("version") != version]
    if not others:
        return None
    previous = others[0]  # mike lists the newest first
    listed = _git(repo, "ls-tree", "--name-only", f"{BRANCH}:{previous}/data", check=False)
    into.mkdir(parents=True, exist_ok=True)
    for name in listed.stdout.split():
        if name.endswith(".json"):
            blob = _git(repo, "show", f"{BRANCH}:{previous}/data/{name}").stdout
            (into / name).write_text(blob, encoding="utf-8")
    return previous


def build(config: Path, site_dir: Path, environment: dict[str, str]) -> None:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    proc = subprocess.run(
        [str(mkdocs), "build", "--strict", "--clean", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env=environment,
    )
    if proc.returncode != 0:
        lines = [line for line in (proc.stdout + proc.stderr).splitlines() if "ERROR" in line or "WARNING" in line]
        raise PublishError("the strict build failed:\n" + "\n".join(lines or [proc.stderr.strip()]))


def release_name(config: Path) -> str:
    """The version named in the site's configuration (``extra.release``)."""
    extra = _read_config(config).get("extra")
    value = extra.get("release") if isinstance(extra, dict) else None
    if not value:
        raise PublishError(f"{config.name} names no version: add 'release: <name>' under 'extra:', or give --version")
    return str(value)


def publish(version: str | None, remote: str, config: Path, today: dt.date | None = None) -> tuple[str, str]:
    """Publish; return the version name and the previous version compared with ('' if first)."""
    config = config.resolve()
    version = version or release_name(config)
    if not version or "/" in version or version in (LATEST, ".", ".."):
        raise PublishError(f"'{version}' cannot be a version name; use something like 2019-03 or v1")
    settings = _read_config(config)
    extra = settings.get("extra") if isinstance(settings.get("extra"), dict) else {}
    data_dir = config.parent / extra.get("data_dir", "data")
    try:
        load_site_data(data_dir, os.path.relpath(data_dir))
    except ProblemsFound as exc:
        raise PublishError("the data has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None

    repo = Path(_git(config.parent, "rev-parse", "--show-toplevel").stdout.strip())
    versions = fetch_published(repo, remote)
    with tempfile.TemporaryDirectory(prefix="plansite-publish-") as scratch:
        scratch_path = Path(scratch)
        previous = previous_data(repo, versions, version, scratch_path / "previous")
        environment = {
            **os.environ,
            "PLANSITE_VERSION": version,
            "PLANSITE_PUBLISHED": (today or dt.date.today()).isoformat(),
            "NO_MKDOCS_2_WARNING": "1",
        }
        environment.pop("PLANSITE_PREVIEW", None)
        if previous:
            environment.update(PLANSITE_PREVIOUS_VERSION=previous, PLANSITE_PREVIOUS_DATA=str(scratch_path / "previous"))
        site_dir = scratch_path / "site"
        build(config, site_dir, environment)
        _commit_with_mike(repo, site_dir, version, use_directory_urls=settings.get("use_directory_urls", True) is not False)
    _git(repo, "push", "--quiet", remote, f"refs/heads/{BRANCH}:refs/heads/{BRANCH}")
    return version, previous or ""


def _commit_with_mike(repo: Path, site_dir: Path, version: str, use_directory_urls: bool) -> None:
    from mike import commands, git_utils  # imported here: only publishing needs mike

    identity = {}
    if not _git(repo, "config", "user.name", check=False).stdout.strip():
        identity = {"GIT_AUTHOR_NAME": "plan site publisher", "GIT_COMMITTER_NAME": "plan site publisher"}
    if not _git(repo, "config", "user.email", check=False).stdout.strip():
        identity.update(GIT_AUTHOR_EMAIL="publisher@localhost", GIT_COMMITTER_EMAIL="publisher@localhost")
    os.environ.update(identity)
    cfg = {"site_dir": str(site_dir), "use_directory_urls": use_directory_urls}
    with _working_directory(repo):
        with commands.deploy(cfg, version, aliases=[LATEST], update_aliases=True,
                             alias_type=commands.AliasType.redirect, branch=BRANCH):
            pass  # the site is already built, strictly, in site_dir
        try:
            commands.set_default(LATEST, branch=BRANCH)
        except git_utils.GitEmptyCommit:
            pass  # the root already points at latest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.publish", description=__doc__.splitlines()[0])
    parser.add_argument("remote", help="git remote name, URL or path of the repository whose gh-pages branch is published")
    parser.add_argument("--version", help="the version name, e.g. 2019-03 (default: extra.release in the config)")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    try:
        version, previous = publish(args.version, args.remote, Path(args.config))
    except PublishError as exc:
        print(f"Nothing was published: {exc}", file=sys.stderr)
        return 1
    since = f", compared with {previous}" if previous else ", the first published version"
    print(f"Published version {version} as '{LATEST}'{since}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
