"""``python -m plansite.release.publish REMOTE [--version NAME] [--config mkdocs.yml] [--build-only OUT | --deploy-from OUT]``: publish a version.

The version name defaults to ``extra.release`` in the site's mkdocs.yml, so a merge that
changes it publishes a new version. Checks the name (before anything is fetched), that the
site's files are all committed (what is published is exactly a commit), and the data; builds
the site strictly with the previous version's published data to compare against; checks
every internal link of the built site; records the commit in ``build.json``; and only then
commits it as ``VERSION`` on the remote's ``gh-pages`` branch with mike, moving the
``latest`` alias to it and making it the default. Other versions' files are never touched.
One ``git push`` at the very end: any failure (or SIGTERM/SIGINT) before it leaves the
remote exactly as it was, and no build process or temporary folder behind.

The two halves can run apart, so that the job that runs content through the generator holds
no write token (.github/workflows/publish.yml): ``--build-only OUT`` does everything up to and
including ``build.json`` and writes the built site and what deploying needs into the folder
OUT; ``--deploy-from OUT`` checks that folder, fetches gh-pages again and only commits and
pushes it. Deploying reads no page or data file and builds nothing.

This module drives git, MkDocs and mike as a release tool; the site macros never import it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from plansite.checks.site_data import load_site_data
from plansite.read.site_config import ConfigProblem, data_dir_of, load_site_config, site_options
from plansite.release import versions as version_names
from plansite.release.editor import BUILT_EDITOR, commit_editor, write_release_editor
from plansite.release.preview_changes import BRANCH, NothingToCompare, copy_version_data
from plansite.release.versions import LATEST, BadName
from plansite.read.problems import ProblemsFound
from plansite.generator import generator_name
from plansite.release.held_back import hidden_in_versions, withdraw_advice
from plansite.release.repository import Interrupted, PublishError, git as _git, interrupt as _interrupt

BUILD_RECORD = "build.json"  # at each version's root: which commit it was built from, and when
DEPLOY_RECORD = "deploy.json"  # beside the built site in a --build-only folder: what deploying it needs
SHOWN_PATHS = 5  # at most this many uncommitted paths are named


def check_version_name(version: str, published: list[str] = (), reserved: set[str] = frozenset()) -> None:
    """The rule of macros/plansite/release/versions.py: a plain folder name, not a file or folder of the
    live site (``reserved``), not a published version's name in other case."""
    try:
        version_names.check_version_name(version, published, reserved)
    except BadName as exc:
        raise PublishError(str(exc)) from None


def top_level_files(repo: Path) -> set[str]:
    """Names of the files (not version folders) at the root of gh-pages, as fetch_published left it."""
    listed = subprocess.run(["git", "ls-tree", "-z", BRANCH], cwd=repo, capture_output=True).stdout.split(b"\0")
    return {os.fsdecode(line.split(b"\t", 1)[1]) for line in listed if line and line.split()[1] == b"blob"}


def repository_of(config: Path) -> Path:
    """The top folder of the git repository holding the site: publishing builds one of its commits."""
    found = _git(config.parent, "rev-parse", "--show-toplevel", check=False)
    if found.returncode != 0:
        raise PublishError(f"{config.parent} is not in a git repository; a version is built from a commit")
    return Path(found.stdout.strip()).resolve()


def site_paths(config_files: list[Path], settings: dict, repo: Path) -> list[str]:
    """The files a build of this site reads, inside the repository: its config and what it
    inherits (``config_files``, as ``site_settings`` read them), its docs and its data."""
    paths = [*config_files, Path(settings["docs_dir"]), data_dir_of(settings)]
    inside = []
    for path in paths:
        try:
            inside.append(str(path.resolve().relative_to(repo)))
        except ValueError:
            continue  # outside this repository: not ours to check
    return inside


def uncommitted(repo: Path, paths: list[str]) -> list[str]:
    """Tracked or untracked changes under ``paths``, relative to the repository."""
    status = _git(repo, "status", "--porcelain", "--untracked-files=all", "--", *paths).stdout
    return [line[3:].split(" -> ")[-1].strip('"') for line in status.splitlines() if line.strip()]


@contextmanager
def _working_directory(path: Path):
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def site_settings(config: Path, read: list[Path] | None = None) -> dict:
    """The site's settings as either engine reads them (macros/plansite/read/site_config.py)."""
    try:
        return load_site_config(config, read)
    except ConfigProblem as exc:
        raise PublishError(str(exc)) from None


def fetch_published(repo: Path, remote: str) -> list[dict]:
    """Make the local gh-pages branch exactly the remote's (or absent), and list its versions."""
    heads = _git(repo, "ls-remote", "--heads", remote, BRANCH).stdout.strip()
    if heads:
        _git(repo, "fetch", "--no-tags", "--quiet", remote, f"+refs/heads/{BRANCH}:refs/heads/{BRANCH}")
        try:
            return version_names.published_versions(repo, BRANCH)
        except BadName as exc:
            raise PublishError(str(exc)) from None
    if _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{BRANCH}", check=False).returncode == 0:
        _git(repo, "branch", "-D", BRANCH)  # a stale local copy of a branch the remote no longer has
    return []


def previous_data(repo: Path, versions: list[dict], version: str, into: Path) -> str | None:
    """Copy the published JSON of the newest other version into ``into``; return its name."""
    others = [v["version"] for v in versions if v.get("version") != version]
    if not others:
        return None
    previous = others[0]  # mike lists the newest first
    try:
        copy_version_data(repo, BRANCH, previous, into)
    except (BadName, NothingToCompare) as exc:
        raise PublishError(str(exc)) from None
    return previous


def build_environment(version: str, published: str, commit: str) -> dict[str, str]:
    """What a version's build is told: its name, date and commit. Its date is also the build
    date (SOURCE_DATE_EPOCH, which MkDocs and the board pack honour), so that the same commit
    builds the same bytes on any later day, as withdrawing a record needs."""
    day = dt.datetime.combine(dt.date.fromisoformat(published), dt.time(), dt.timezone.utc)
    environment = {**os.environ, "PLANSITE_VERSION": version, "PLANSITE_PUBLISHED": published,
                   "PLANSITE_COMMIT": commit, "NO_MKDOCS_2_WARNING": "1",
                   "SOURCE_DATE_EPOCH": str(int(day.timestamp()))}
    return environment


def build(config: Path, site_dir: Path, environment: dict[str, str], cwd: Path, mkdocs: Path | None = None) -> None:
    """A strict build (by ``mkdocs``, this environment's unless given); run in ``cwd`` (the
    repository's top folder), because the pages name their data files relative to where the
    build runs (``data/people.yaml:7``)."""
    mkdocs = mkdocs or Path(sys.executable).parent / "mkdocs"
    # In a session of its own, so that on SIGTERM/SIGINT the build and anything it started
    # (Chromium printing the board pack) are stopped together.
    child = subprocess.Popen(
        [str(mkdocs), "build", "--strict", "--clean", "-f", str(config), "-d", str(site_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, start_new_session=True, cwd=cwd,
    )
    try:
        stdout, stderr = child.communicate()
    except BaseException:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()
        raise
    proc = subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)
    if proc.returncode != 0:
        lines = [line for line in (proc.stdout + proc.stderr).splitlines() if "ERROR" in line or "WARNING" in line]
        raise PublishError("the strict build failed:\n" + "\n".join(lines or [proc.stderr.strip()]))


def published_data(settings: dict):
    """The site's data as a version would publish it; PublishError listing its problems."""
    data_dir = data_dir_of(settings)
    try:
        return load_site_data(data_dir, os.path.relpath(data_dir))
    except ProblemsFound as exc:
        raise PublishError("the data has problems:\n" + "\n".join(str(p) for p in exc.problems)) from None


def release_name(settings: dict) -> str:
    """The version named in the site's configuration (the plugin's ``release`` option)."""
    try:
        value = site_options(settings).release
    except ConfigProblem as exc:
        raise PublishError(str(exc)) from None
    if not value:
        raise PublishError(f"{Path(settings['config_file_path']).name} names no version: add 'release: <name>' to the "
                           "plansite plugin's options (under 'plugins:'), or give --version")
    return value


def build_release(version: str | None, remote: str, config: Path, out: Path, today: dt.date | None = None,
                  warn=None) -> tuple[str, str]:
    """Check and build a version into the new folder ``out`` (``site/`` and ``deploy.json``),
    publishing nothing; return the version name and the previous version compared with ('' if
    first). ``warn`` gets one line per older version that still holds records now private or draft."""
    from plansite.checks.linkcheck import broken_links

    config = config.resolve()
    if version is not None:
        check_version_name(version)  # before anything else is read, fetched or built
    if not config.is_file():
        raise PublishError(f"{config}: no such site configuration; give the site's mkdocs.yml with --config")
    config_files: list[Path] = []
    settings = site_settings(config, config_files)
    version = release_name(settings) if version is None else version
    check_version_name(version)
    repo = repository_of(config)
    changed = uncommitted(repo, site_paths(config_files, settings, repo))
    if changed:
        shown = ", ".join(changed[:SHOWN_PATHS]) + (", ..." if len(changed) > SHOWN_PATHS else "")
        raise PublishError(f"the working tree has uncommitted changes ({shown}); commit them first")
    versions = fetch_published(repo, remote)
    # Not a published version's name in other case, a file at gh-pages' root, or a folder of the site itself.
    check_version_name(version, [v["version"] for v in versions],
                       top_level_files(repo) | version_names.site_root_names(Path(settings["docs_dir"])))
    site = published_data(settings)

    commit = _git(repo, "rev-parse", "HEAD").stdout.strip()
    published = (today or dt.date.today()).isoformat()
    with tempfile.TemporaryDirectory(prefix="plansite-publish-") as scratch:
        scratch_path = Path(scratch)
        previous = previous_data(repo, versions, version, scratch_path / "previous")
        environment = build_environment(version, published, commit)
        if previous:
            environment.update(PLANSITE_PREVIOUS_VERSION=previous, PLANSITE_PREVIOUS_DATA=str(scratch_path / "previous"))
        site_dir = out / "site"
        build(config, site_dir, environment, cwd=repo)
        broken = broken_links(site_dir)
        if broken:
            raise PublishError(f"the built site has {len(broken)} broken link(s):\n" + "\n".join(broken))
        record = {"version": version, "commit": commit, "published": published, "generator": generator_name()}
        (site_dir / BUILD_RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        deploying = {"version": version, "message": f"Publish version {version} from commit {commit}",
                     "use_directory_urls": settings.get("use_directory_urls", True) is not False}
        (out / DEPLOY_RECORD).write_text(json.dumps(deploying, indent=2) + "\n", encoding="utf-8")
        editor_warning = write_release_editor(out, settings, repo, data_dir_of(settings))
    if warn:
        if editor_warning:
            warn(editor_warning)
        held = hidden_in_versions(repo, [v["version"] for v in versions if v.get("version") != version], site)
        for line in withdraw_advice(held, remote):
            warn(line)
    return version, previous or ""


def publish(version: str | None, remote: str, config: Path, today: dt.date | None = None,
            warn=None) -> tuple[str, str]:
    """Build and deploy in one go (``make publish``); return what ``build_release`` returns."""
    with tempfile.TemporaryDirectory(prefix="plansite-release-") as scratch:
        out = Path(scratch) / "release"
        version, previous = build_release(version, remote, config, out, today, warn)
        deploy_release(out, remote, repository_of(config.resolve()))
    return version, previous


def build_into(version: str | None, remote: str, config: Path, out: Path, warn=None) -> tuple[str, str]:
    """``build_release`` into the folder ``out``, which appears only once everything has passed."""
    if out.is_symlink() or out.exists() and not (out.is_dir() and not any(out.iterdir())):
        raise PublishError(f"{out} already exists; remove it or name a new folder to build into")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".plansite-release-", dir=out.parent) as scratch:
        built = build_release(version, remote, config, Path(scratch) / "release", warn=warn)
        os.replace(Path(scratch) / "release", out)
    return built


def _read_record(path: Path, fields: dict[str, type]) -> dict:
    """A JSON object holding at least ``fields``, each of its type; PublishError naming the file."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PublishError(f"{path}: missing; deploy only a folder that --build-only wrote") from None
    except (OSError, ValueError) as exc:
        raise PublishError(f"{path}: not readable JSON ({exc})") from None
    for field, kind in fields.items():
        if not isinstance(record, dict) or not isinstance(record.get(field), kind):
            raise PublishError(f"{path}: '{field}' is missing or not {kind.__name__}")
    return record


def check_release_folder(out: Path) -> dict:
    """What deploying ``out`` needs (deploy.json), once the folder is known to be a whole build
    of a valid version name holding only plain files and folders."""
    if not out.is_dir() or out.is_symlink():
        raise PublishError(f"{out}: no such folder; build one with --build-only")
    for folder, dirs, files in os.walk(out):
        for name in dirs + files:
            path = Path(folder, name)
            mode = path.lstat().st_mode
            # mike copies what a link points to: a link could publish any file on this machine.
            if stat.S_ISLNK(mode):
                raise PublishError(f"{path}: a symbolic link; a built site holds only plain files and folders")
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise PublishError(f"{path}: not a plain file or folder; a built site holds only those")
    deploying = _read_record(out / DEPLOY_RECORD, {"version": str, "message": str, "use_directory_urls": bool})
    check_version_name(deploying["version"])
    built = _read_record(out / "site" / BUILD_RECORD, {"version": str})
    if built["version"] != deploying["version"]:
        raise PublishError(f"{out / 'site' / BUILD_RECORD}: version '{built['version']}' is not "
                           f"'{deploying['version']}', the version {DEPLOY_RECORD} names")
    return deploying


def deploy_release(out: Path, remote: str, repo: Path) -> str:
    """Commit the version built into ``out`` on the remote's gh-pages with mike, and push; return
    its name. Runs no generator: nothing of the site's pages or data is read, nothing is built."""
    deploying = check_release_folder(out)
    version = deploying["version"]
    # Fetched again: another publish may have pushed since this version was built. The rule as
    # when it was built; the site's own root names are those of the built folder.
    versions = fetch_published(repo, remote)
    check_version_name(version, [v["version"] for v in versions],
                       top_level_files(repo) | {entry.name for entry in (out / "site").iterdir()})
    _commit_with_mike(repo, out / "site", version, use_directory_urls=deploying["use_directory_urls"],
                      message=deploying["message"])
    if (out / BUILT_EDITOR).is_dir():  # a folder built before the editor was published has none
        with _working_directory(repo):
            commit_editor(out / BUILT_EDITOR, BRANCH, f"Publish the editor with version {version}")
    _git(repo, "push", "--quiet", remote, f"refs/heads/{BRANCH}:refs/heads/{BRANCH}")
    return version


def _commit_with_mike(repo: Path, site_dir: Path, version: str, use_directory_urls: bool, message: str) -> None:
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
                             alias_type=commands.AliasType.redirect, branch=BRANCH, message=message):
            pass  # the site is already built, strictly, in site_dir
        try:
            commands.set_default(LATEST, branch=BRANCH)
        except git_utils.GitEmptyCommit:
            pass  # the root already points at latest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plansite publish", description=__doc__.splitlines()[0])
    parser.add_argument("remote", help="git remote name, URL or path of the repository whose gh-pages branch is published")
    parser.add_argument("--version", help="the version name, e.g. 2019-03 (default: the plansite plugin's release option in the config)")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    half = parser.add_mutually_exclusive_group()
    half.add_argument("--build-only", metavar="OUT", type=Path,
                      help="check and build the version into the new folder OUT; publish nothing")
    half.add_argument("--deploy-from", metavar="OUT", type=Path,
                      help="publish the version --build-only built into OUT: no check or build, only mike and git push")
    args = parser.parse_args(argv)
    if args.deploy_from and args.version:
        parser.error("--version cannot be used with --deploy-from: the folder names the version it holds")
    handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    warn = lambda line: print(line, file=sys.stderr)  # noqa: E731
    try:
        if args.deploy_from:
            version = deploy_release(args.deploy_from, args.remote, repository_of(Path(args.config).resolve()))
            done = f"Published version {version} as '{LATEST}', from {args.deploy_from}."
        elif args.build_only:
            version, previous = build_into(args.version, args.remote, Path(args.config), args.build_only, warn=warn)
            done = (f"Built version {version}{_compared(previous)}, into {args.build_only}; "
                    f"publish it with --deploy-from {args.build_only}.")
        else:
            version, previous = publish(args.version, args.remote, Path(args.config), warn=warn)
            done = f"Published version {version} as '{LATEST}'{_compared(previous)}."
    except PublishError as exc:
        print(f"Nothing was published: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        ended = "nothing was pushed" if args.deploy_from else "the build was ended and its temporary files removed"
        print(f"Nothing was published: stopped by {exc}; {ended}", file=sys.stderr)
        return 130 if str(exc) == "SIGINT" else 143
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    print(done)
    return 0


def _compared(previous: str) -> str:
    return f", compared with {previous}" if previous else ", the first published version"


if __name__ == "__main__":
    sys.exit(main())
