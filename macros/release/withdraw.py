"""``python -m macros.release.withdraw REMOTE [--config mkdocs.yml]``: take records that are now private
or draft out of every version already published on the remote's ``gh-pages``.

A version records the commit it was built from (``build.json``). For each published version
that still holds such a record, the commit is rebuilt in a temporary ``git worktree`` with
those records marked private, exactly as it was published otherwise (same version name,
date, commit and previous version). Then only the version's files that name the record (by
id or by name, in any of the ways a page, JSON or CSV writes it) are replaced by their
rebuilt copies, or removed where the rebuild has none (the record's own page); every other
file keeps its exact bytes. Derived files follow their source: ``sitemap.xml.gz`` with
``sitemap.xml``, ``board-pack.pdf`` with the board pack page. All versions are rewritten in
one commit ("Withdraw records now private: <ids> from versions <names>") and one push.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.read.site_config import data_dir_of
from macros.render.changes import collect_records, hidden_ids
from macros.release.publish import (BRANCH, BUILD_RECORD, Interrupted, PublishError, _git, _interrupt, site_settings, build,
                      published_data, previous_data,
                      fetch_published, repository_of)

# A rewritten file brings these with it: they are made from it and hold the same words.
DERIVED = {"sitemap.xml": ["sitemap.xml.gz"], "board-pack/index.html": ["board-pack.pdf"]}


def _show_bytes(repo: Path, spec: str) -> bytes:
    return subprocess.run(["git", "show", spec], cwd=repo, capture_output=True, check=True).stdout


def published_records(repo: Path, version: str) -> dict:
    """The records of a published version's open data, by id."""
    listed = _git(repo, "ls-tree", "--name-only", f"{BRANCH}:{version}/data", check=False).stdout.split()
    data = {}
    for name in listed:
        if name.endswith(".json"):
            try:
                data[name[:-5]] = json.loads(_show_bytes(repo, f"{BRANCH}:{version}/data/{name}"))
            except (ValueError, RecursionError):
                raise PublishError(f"version {version}: data/{name} on {BRANCH} is not valid JSON") from None
    return collect_records(data)


def hidden_in_versions(repo: Path, versions: list[str], site) -> dict[str, dict[str, str]]:
    """For each published version, the records it holds that are private or draft now: id -> name."""
    hidden = hidden_ids(site)
    held = {}
    for version in versions:
        records = published_records(repo, version)
        found = {i: records[i].title for i in sorted(hidden & records.keys())}
        if found:
            held[version] = found
    return held


def withdraw_advice(held: dict[str, dict[str, str]], remote: str) -> list[str]:
    """What the operator is told after publishing; ids only, never the withdrawn names."""
    lines = [f"Warning: published version {version} still holds records that are now private or draft: "
             f"{', '.join(ids)}" for version, ids in held.items()]
    if lines:
        lines.append(f"Withdraw them from the published versions with: make withdraw REMOTE={remote}")
    return lines


def traces(ids: dict[str, str]) -> list[bytes]:
    """Every way a file may write the records' ids and names: as text, HTML and JSON."""
    words = set()
    for ident, name in ids.items():
        for word in (ident, name):
            words |= {word, html.escape(word), html.escape(word, quote=False), json.dumps(word)[1:-1],
                      json.dumps(word, ensure_ascii=False)[1:-1]}
    return [w.encode("utf-8") for w in words if w]


def _mark_private(data_dir: Path, ids: set[str]) -> set[str]:
    """Make each record ``visibility: private`` in the YAML (replacing a visibility it has,
    else adding one below its id); return the ids found."""
    found = set()
    for path in sorted(data_dir.rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for start, line in enumerate(list(lines)):
            match = re.match(r"^(\s*)- id: ['\"]?([^'\"\s]+)['\"]?\s*$", line)
            if not match or match.group(2) not in ids:
                continue
            found.add(match.group(2))
            start = lines.index(line, start)  # lines may have grown by one per record above
            field_indent = len(match.group(1)) + 2
            setting = " " * field_indent + "visibility: private"
            end = start + 1
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) >= field_indent):
                if len(lines[end]) - len(lines[end].lstrip()) == field_indent and lines[end].lstrip().startswith("visibility:"):
                    lines[end] = setting
                    break
                end += 1
            else:
                lines.insert(start + 1, setting)
        path.write_text("\n".join(lines), encoding="utf-8")
    return found


def _build_record(text: str, version: str) -> dict:
    """A version's build.json, as make publish writes it; anyone who can push to gh-pages can
    write it, so the commit must be a commit id (it is given to git) and the date a date."""
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):
        record = None
    if not (isinstance(record, dict) and isinstance(record.get("commit"), str) and isinstance(record.get("published"), str)
            and re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", record["commit"])
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["published"])):
        raise PublishError(f"version {version}: its {BUILD_RECORD} does not hold a commit id and a date as make publish "
                           "writes them; nothing was withdrawn")
    return record


def _version_files(repo: Path, version: str) -> list[str]:
    listed = _git(repo, "ls-tree", "-r", "--name-only", BRANCH, "--", f"{version}/").stdout.splitlines()
    return [name[len(version) + 1:] for name in listed]


def rebuild_version(repo: Path, config_rel: str, version: str, versions: list[str], ids: dict[str, str],
                    remote: str, scratch: Path) -> tuple[dict[str, Path], list[str]]:
    """Rebuild ``version`` without ``ids``; return the files to replace (path -> rebuilt file)
    and the files to remove, relative to the version's folder."""
    shown = _git(repo, "show", f"{BRANCH}:{version}/{BUILD_RECORD}", check=False)
    if shown.returncode != 0:
        raise PublishError(f"version {version} has no {BUILD_RECORD}, so the commit it was built from is unknown; "
                           "withdraw it by publishing that version again from a commit where the records are private")
    record = _build_record(shown.stdout, version)
    commit = record["commit"]
    if _git(repo, "cat-file", "-e", f"{commit}^{{commit}}", check=False).returncode != 0:
        _git(repo, "fetch", "--no-tags", "--quiet", remote, commit)
    source = scratch / f"source-{version}"
    _git(repo, "worktree", "add", "--quiet", "--detach", str(source), commit)
    try:
        config = source / config_rel
        missing = set(ids) - _mark_private(data_dir_of(site_settings(config)), set(ids))
        if missing:
            raise PublishError(f"version {version}: commit {commit[:12]} has no record with id {', '.join(sorted(missing))}")
        environment = {**os.environ, "PLANSITE_VERSION": version, "PLANSITE_PUBLISHED": record["published"],
                       "PLANSITE_COMMIT": commit, "NO_MKDOCS_2_WARNING": "1"}
        environment.pop("PLANSITE_PREVIEW", None)
        older = versions[versions.index(version) + 1:]
        if older:
            previous = scratch / f"previous-{version}"
            previous_data(repo, [{"version": older[0]}], version, previous)  # its JSON, checked as publish does
            environment.update(PLANSITE_PREVIOUS_VERSION=older[0], PLANSITE_PREVIOUS_DATA=str(previous))
        rebuilt = scratch / f"site-{version}"
        try:
            build(config, rebuilt, environment)
        except PublishError as exc:
            raise PublishError(f"version {version} could not be rebuilt without the records: {exc}") from None
    finally:
        _git(repo, "worktree", "remove", "--force", str(source), check=False)

    words = traces(ids)
    traced = [name for name in _version_files(repo, version)
              if any(w in _show_bytes(repo, f"{BRANCH}:{version}/{name}") for w in words)]
    for name in list(traced):
        traced += [d for d in DERIVED.get(name, []) if d not in traced]
    replace, remove = {}, []
    for name in traced:
        path = rebuilt / name
        if path.is_file():
            if any(w in path.read_bytes() for w in words):
                raise PublishError(f"version {version}: {name} still names a withdrawn record after rebuilding "
                                   "(written by hand at that commit?); nothing was withdrawn")
            replace[name] = path
        else:
            remove.append(name)
    return replace, remove


def withdraw(remote: str, config: Path) -> tuple[list[str], list[str]]:
    """Rewrite the published versions; return the ids withdrawn and the versions rewritten."""
    config = config.resolve()
    if not config.is_file():
        raise PublishError(f"{config}: no such site configuration; give the site's mkdocs.yml with --config")
    repo = repository_of(config)
    site = published_data(site_settings(config))
    versions = [v["version"] for v in fetch_published(repo, remote)]
    held = hidden_in_versions(repo, versions, site)
    if not held:
        return [], []
    config_rel = str(config.relative_to(repo))
    parent = _git(repo, "rev-parse", BRANCH).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="plansite-withdraw-") as scratch:
        scratch_path = Path(scratch)
        index = {**os.environ, "GIT_INDEX_FILE": str(scratch_path / "index")}
        subprocess.run(["git", "read-tree", BRANCH], cwd=repo, env=index, check=True, capture_output=True)
        for version, ids in held.items():
            replace, remove = rebuild_version(repo, config_rel, version, versions, ids, remote, scratch_path)
            for name, path in replace.items():
                blob = _git(repo, "hash-object", "-w", str(path)).stdout.strip()
                subprocess.run(["git", "update-index", "--add", "--cacheinfo", f"100644,{blob},{version}/{name}"],
                               cwd=repo, env=index, check=True, capture_output=True)
            if remove:
                subprocess.run(["git", "update-index", "--force-remove", "--", *[f"{version}/{n}" for n in remove]],
                               cwd=repo, env=index, check=True, capture_output=True)
        tree = subprocess.run(["git", "write-tree"], cwd=repo, env=index, check=True, capture_output=True,
                              text=True).stdout.strip()
    ids = sorted({i for found in held.values() for i in found})
    names = sorted(held, key=versions.index)
    message = f"Withdraw records now private: {', '.join(ids)} from versions {', '.join(names)}"
    identity = {**os.environ}
    for key, fallback in (("user.name", "plan site publisher"), ("user.email", "publisher@localhost")):
        if not _git(repo, "config", key, check=False).stdout.strip():
            kind = "NAME" if key == "user.name" else "EMAIL"
            identity.setdefault(f"GIT_AUTHOR_{kind}", fallback)
            identity.setdefault(f"GIT_COMMITTER_{kind}", fallback)
    commit = subprocess.run(["git", "commit-tree", tree, "-p", parent, "-m", message], cwd=repo, env=identity,
                            check=True, capture_output=True, text=True).stdout.strip()
    _git(repo, "update-ref", f"refs/heads/{BRANCH}", commit, parent)
    _git(repo, "push", "--quiet", remote, f"refs/heads/{BRANCH}:refs/heads/{BRANCH}")
    return ids, names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.release.withdraw", description=__doc__.splitlines()[0])
    parser.add_argument("remote", help="git remote name, URL or path of the repository whose gh-pages branch is published")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        ids, names = withdraw(args.remote, Path(args.config))
    except PublishError as exc:
        print(f"Nothing was withdrawn: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        print(f"Nothing was withdrawn: stopped by {exc}; the rebuild was ended and its temporary files removed",
              file=sys.stderr)
        return 130 if str(exc) == "SIGINT" else 143
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    if not ids:
        print("Nothing to withdraw: no published version holds a record that is now private or draft.")
    else:
        print(f"Withdrew {', '.join(ids)} from versions {', '.join(names)} (one commit on {BRANCH}, pushed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
