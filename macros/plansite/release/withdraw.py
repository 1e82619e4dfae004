"""``python -m plansite.release.withdraw REMOTE [--config mkdocs.yml]``: take records that are now private
or draft out of every version already published on the remote's ``gh-pages``, and out of its history.

A version records the commit it was built from (``build.json``). Each published version that
still holds such a record is rebuilt twice from that commit, in a temporary ``git worktree``,
by the generator at that commit (not the installed one), with the version's own name, date and
previous version: once as it was (the control, which must equal the published version byte for
byte, else nothing is withdrawn) and once with the records made ``visibility: private`` in its
YAML. The withdrawn build becomes the version's folder: exactly the files that differ from the
control change (pages, counts, search, sitemap, feeds, open data, the board pack PDF), files
only the control has go, every other file keeps its bytes.

Then every commit of ``gh-pages`` is written again, oldest first, with each version folder that
holds such a record (by the ids in its ``data/*.json``) replaced by that version's withdrawn
tree (and the redirects of an alias such as ``latest`` to a page now gone removed), keeping
authors, dates and messages except that no message names a withdrawn id or title. One commit
"Withdraw N records from versions ..." goes on top, and the branch is pushed with
``--force-with-lease``.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from plansite.read.problems import ProblemsFound
from plansite.read.loading import load_yaml_file
from plansite.read.site_config import ConfigProblem, data_dir_of
from plansite.render.changes import hidden_ids
from plansite.release.generators import GeneratorError, generator_for
from plansite.release.held_back import show_bytes, hidden_in_versions, ids_in, published_records
from plansite.release.repository import Interrupted, PublishError, git as _git, interrupt as _interrupt
from plansite.release.publish import (BRANCH, BUILD_RECORD,
                                    build, build_environment, fetch_published, previous_data, published_data,
                                    repository_of,
                                    site_settings)

AFTER_PUSH = (
    "The git host may still keep the old commits as unreachable objects, and cached views of them, until it "
    "collects its garbage (GitHub does): ask its support to purge them, or delete and recreate the repository. "
    "Other clones of the repository still hold them until they fetch gh-pages again and prune. "
    "Copies others took (web archives, downloads, feed readers) cannot be withdrawn."
)


PRIVATE = "visibility: private"


def _record_paths(value, ids: set[str], path: tuple = ()) -> list[tuple]:
    """The paths (as the loader names them) of every field set whose ``id`` is one of ``ids``."""
    found = []
    if isinstance(value, dict):
        if value.get("id") in ids:
            found.append(path)
        for key, inner in value.items():
            found += _record_paths(inner, ids, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _record_paths(inner, ids, path + (index,))
    return found


def _node_at(node: yaml.Node, path: tuple) -> yaml.Node:
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if str(k.value) == step)
        else:
            node = node.value[step]
    return node


def _lines(text: str) -> list[str]:
    """The text's lines with their line ends, as YAML counts them (LF, CR LF or CR)."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _private_edits(text: str, path: tuple) -> list[tuple[str, bool]]:
    """Ways to make the record at ``path`` private, best first: (new text, keeps every line
    where it was). PyYAML's composer gives the record's exact place (line and column)."""
    record = _node_at(yaml.compose(text, Loader=yaml.SafeLoader), path)
    for key, value in record.value:
        if key.value == "visibility":  # replace the value where it stands
            return [(text[:value.start_mark.index] + "private" + text[value.end_mark.index:], True)]
    if record.flow_style:  # {id: x, ...}: the field goes inside the braces
        at = record.start_mark.index + 1
        return [(text[:at] + f"{PRIVATE}, " + text[at:], True)]
    # A block field set needs a line of its own for the field: take a blank or comment-only
    # line inside or just after the record (the comment stays, after the field), else add a
    # line at the end of the file if nothing follows the record; failing both, add a line
    # (every later line moves down one). The loader reads each back to choose.
    lines = _lines(text)
    indent = " " * record.value[0][0].start_mark.column
    newline = re.search(r"\r\n|\r|\n", text)
    newline = newline.group() if newline else "\n"
    first, after = record.start_mark.line, min(record.end_mark.line, len(lines) - 1)
    edits = []
    for number in range(first + 1, after + 1):
        body = lines[number].rstrip("\r\n")
        if not body.strip() or body.lstrip().startswith("#"):
            comment = f"  {body.strip()}" if body.strip() else ""
            line = indent + PRIVATE + comment + (lines[number][len(body):] or newline)
            edits.append(("".join(lines[:number] + [line] + lines[number + 1:]), True))
    if all(not line.strip() or line.lstrip().startswith("#") for line in _lines(text[record.end_mark.index:])):
        ended = text if text.endswith(("\n", "\r")) else text + newline
        edits.append((ended + indent + PRIVATE + newline, True))
    for number in (record.end_mark.line, first + 1):
        edits.append(("".join(lines[:number] + [indent + PRIVATE + newline] + lines[number:]), False))
    return edits


def _with_private(value, path: tuple):
    """``value`` with the record at ``path`` marked private: what the edited file must read as."""
    expected = copy.deepcopy(value)
    record = expected
    for step in path:
        record = record[step]
    record["visibility"] = "private"
    return expected


def mark_private(data_dir: Path, ids: set[str], note=None) -> set[str]:
    """Make each record with one of ``ids`` ``visibility: private`` in the data folder's YAML,
    whatever its style; return the ids found. The records are found by the data loader, and
    every edit is read back by it: it must read exactly as before but for the record's
    visibility. ``note`` is told of an edit that had to add a line (later lines move down)."""
    found = set()
    folder = data_dir.name
    for path in sorted(data_dir.glob("*.yaml")):
        display = f"{folder}/{path.name}"
        while True:
            try:
                loaded = load_yaml_file(path, display)
            except ProblemsFound as exc:
                raise PublishError(str(exc.problems[0])) from None
            records = [p for p in _record_paths(loaded.value, ids)
                       if _with_private(loaded.value, p) != loaded.value]  # those not private yet
            if not records:
                found |= {_get(loaded.value, p)["id"] for p in _record_paths(loaded.value, ids)}
                break
            record, line = records[0], loaded.line_of(records[0])
            expected = _with_private(loaded.value, record)
            text = path.read_bytes().decode("utf-8")
            for edited, kept_lines in _private_edits(text, record):
                path.write_bytes(edited.encode("utf-8"))
                try:
                    if load_yaml_file(path, display).value == expected:
                        break
                except ProblemsFound:
                    pass
            else:
                path.write_bytes(text.encode("utf-8"))
                raise PublishError(f"{display}:{line}: the record '{_get(loaded.value, record)['id']}' could not be "
                                   "marked private in a way the data loader reads back; nothing was withdrawn")
            if not kept_lines and note:
                note(f"{display}:{line}: marked private by adding a line, so the records below it name lines one lower")
    return found


def _get(value, path: tuple):
    for step in path:
        value = value[step]
    return value


# --- Rebuilding a version exactly ---------------------------------------------------------------

def _git_dir(repo: Path) -> str:
    return _git(repo, "rev-parse", "--absolute-git-dir").stdout.strip()


def tree_of(repo: Path, folder: Path, scratch: Path) -> str:
    """The git tree of a built folder, its blobs written with the bytes as they are (no
    line-end or other filters), as mike writes a version."""
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    blobs = []
    for start in range(0, len(files), 500):
        chunk = files[start:start + 500]
        hashed = subprocess.run(["git", "--git-dir", _git_dir(repo), "hash-object", "-w", "--no-filters", "--", *chunk],
                                cwd=folder, capture_output=True, text=True, check=True).stdout.split()
        blobs += hashed
    index = scratch / "tree.index"
    index.unlink(missing_ok=True)
    environment = {**os.environ, "GIT_INDEX_FILE": str(index)}
    listing = "".join(f"{'100755' if os.access(folder / name, os.X_OK) else '100644'} {blob}\t{name}\0"
                      for name, blob in zip(files, blobs))
    subprocess.run(["git", "update-index", "-z", "--index-info"], cwd=repo, env=environment, input=listing.encode(),
                   capture_output=True, check=True)
    return subprocess.run(["git", "write-tree"], cwd=repo, env=environment, capture_output=True, text=True,
                          check=True).stdout.strip()


def _first_difference(repo: Path, published: str, rebuilt: str) -> str:
    names = _git(repo, "diff-tree", "-r", "-z", "--name-only", published, rebuilt).stdout.split("\0")
    return next(n for n in names if n)


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


def _data_dir_at_commit(config: Path) -> Path:
    """The data folder a commit's mkdocs.yml names, as that commit's generator read it: the
    plansite plugin's ``data_dir``, or, from before the plugin, ``extra.data_dir`` (which
    today's reader refuses, telling a site to move it)."""
    settings = site_settings(config)
    extra = settings.get("extra") or {}
    if "data_dir" in extra:
        return config.parent / str(extra["data_dir"])
    try:
        return data_dir_of(settings)
    except ConfigProblem as exc:
        raise PublishError(str(exc)) from None


def _warn_of_ids_left(site: Path, version: str, ids: set[str], note) -> None:
    """Say which rebuilt files still name a withdrawn id: words written by hand in a page at
    that commit, which no rebuild can take out. (Only ids: a title may be a common word.)"""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        content = path.read_bytes()
        named = sorted(i for i in ids if i.encode("utf-8") in content)
        if named:
            note(f"Warning: version {version}: {path.relative_to(site)} still names {', '.join(named)} after "
                 "rebuilding (written by hand at that commit?); publish the version again from a commit without it")


def rebuild_version(repo: Path, config_rel: str, version: str, versions: list[str], ids: dict[str, str],
                    remote: str, scratch: Path, note=None, withdrawn_before: set[str] = frozenset()) -> tuple[str, str]:
    """Rebuild ``version`` from its commit without ``ids``; return the git tree of the withdrawn
    version folder and the generator that rebuilt it (``generators.py``), as words.
    ``withdrawn_before``: records hidden now that the published copy no longer holds (an
    earlier withdraw took them out), so the control build leaves them out too."""
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
        # The generator that built it: the copy at that commit, or the version it pins.
        try:
            generator = generator_for(source, commit, say=note or (lambda line: None))
        except GeneratorError as exc:
            raise PublishError(f"version {version}: {exc}") from None
        config = source / config_rel
        environment = build_environment(version, record["published"], commit)
        if generator.pythonpath:  # before the installed generator's path
            environment["PYTHONPATH"] = os.pathsep.join(filter(None, [generator.pythonpath, os.environ.get("PYTHONPATH")]))
        elif generator.mkdocs.parent != Path(sys.executable).parent:
            environment.pop("PYTHONPATH", None)  # an environment of its own: nothing of this one's
        older = versions[versions.index(version) + 1:]
        if older:
            previous = scratch / f"previous-{version}"
            previous_data(repo, [{"version": older[0]}], version, previous)  # its JSON, checked as publish does
            environment.update(PLANSITE_PREVIOUS_VERSION=older[0], PLANSITE_PREVIOUS_DATA=str(previous))
        published_record = show_bytes(repo, f"{BRANCH}:{version}/{BUILD_RECORD}")
        published_tree = _git(repo, "rev-parse", f"{BRANCH}:{version}").stdout.strip()

        if withdrawn_before:
            mark_private(_data_dir_at_commit(config), set(withdrawn_before))
        control = scratch / f"control-{version}"
        try:
            build(config, control, environment, cwd=source, mkdocs=generator.mkdocs)
        except PublishError as exc:
            raise PublishError(f"version {version} could not be rebuilt from commit {commit[:12]}: {exc}") from None
        (control / BUILD_RECORD).write_bytes(published_record)
        control_tree = tree_of(repo, control, scratch)
        if control_tree != published_tree:
            raise PublishError(f"version {version} cannot be rebuilt exactly: "
                               f"{version}/{_first_difference(repo, published_tree, control_tree)} differs from the published copy")
        shutil.rmtree(control)

        missing = set(ids) - mark_private(_data_dir_at_commit(config), set(ids), note)
        if missing:
            raise PublishError(f"version {version}: commit {commit[:12]} has no record with id {', '.join(sorted(missing))}")
        withdrawn = scratch / f"site-{version}"
        try:
            build(config, withdrawn, environment, cwd=source, mkdocs=generator.mkdocs)
        except PublishError as exc:
            raise PublishError(f"version {version} could not be rebuilt without the records: {exc}") from None
        (withdrawn / BUILD_RECORD).write_bytes(published_record)
        if note:
            _warn_of_ids_left(withdrawn, version, set(ids), note)
        tree = tree_of(repo, withdrawn, scratch)
    finally:
        _git(repo, "worktree", "remove", "--force", str(source), check=False)
    still = sorted(set(ids) & ids_in(repo, tree).keys())
    if still:
        raise PublishError(f"version {version}: the rebuilt open data still holds {', '.join(still)}")
    return tree, generator.name


# --- Rewriting the branch's history -------------------------------------------------------------

def _commit_parts(repo: Path, commit: str) -> tuple[str, list[str], dict[str, str], str]:
    """A commit's tree, parents, author and committer (as git's environment names them) and message."""
    raw = show_bytes(repo, commit).decode("utf-8", "surrogateescape")
    head, _, message = raw.partition("\n\n")
    tree, parents, who = "", [], {}
    for line in head.split("\n"):
        field, _, rest = line.partition(" ")
        if field == "tree":
            tree = rest
        elif field == "parent":
            parents.append(rest)
        elif field in ("author", "committer"):
            person, stamp, zone = rest.rsplit(" ", 2)
            name, _, email = person.partition(" <")
            kind = "AUTHOR" if field == "author" else "COMMITTER"
            who.update({f"GIT_{kind}_NAME": name, f"GIT_{kind}_EMAIL": email.rstrip(">"),
                        f"GIT_{kind}_DATE": f"{stamp} {zone}"})
    return tree, parents, who, message


OLD_WITHDRAW_MESSAGE = re.compile(r"^Withdraw records now private: (.*) from versions (.*?)\s*$", re.S)


def scrub_message(message: str, words: set[str]) -> str:
    """``message`` without any withdrawn id or title (an older withdraw commit named its ids)."""
    old = OLD_WITHDRAW_MESSAGE.match(message)
    if old:
        count = len(old.group(1).split(", "))
        return f"Withdraw {count} record{'s' if count != 1 else ''} from versions {old.group(2)}\n"
    for word in sorted(words, key=len, reverse=True):
        message = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", "(withdrawn)", message)
    return message


class HistoryRewrite:
    """Each commit of gh-pages written again with the withdrawn version trees."""

    def __init__(self, repo: Path, final_trees: dict[str, str | None], hidden: set[str], scratch: Path):
        self.repo, self.final_trees, self.hidden, self.scratch = repo, final_trees, hidden, scratch
        self.holds: dict[str, bool] = {}  # folder tree -> holds a hidden record
        self.words: set[str] = set(hidden)  # ids and titles a message may not name
        self.found: set[str] = set()  # hidden ids some commit's version folder held
        self.replaced: set[str] = set()  # version names replaced in some commit

    def _holds_hidden(self, tree: str) -> bool:
        if tree not in self.holds:
            ids = ids_in(self.repo, tree, looked_for=self.hidden)
            held = self.hidden & ids.keys()
            self.words |= {ids[i] for i in held if ids[i]}
            self.found |= held
            self.holds[tree] = bool(held)
        return self.holds[tree]

    def _aliases(self, versions_json: str | None) -> dict[str, str]:
        """alias -> version, from a commit's versions.json (as mike writes it)."""
        aliases = {}
        if versions_json:
            try:
                for item in json.loads(show_bytes(self.repo, versions_json)):
                    aliases.update({str(alias): str(item["version"]) for alias in item.get("aliases", [])})
            except (ValueError, TypeError, KeyError, AttributeError):
                pass  # not what mike writes: no alias is known
        return aliases

    def _new_tree(self, tree: str) -> str:
        listed = _git(self.repo, "ls-tree", "-z", tree).stdout.split("\0")
        entries = {}
        for line in filter(None, listed):
            info, name = line.split("\t", 1)
            entries[name] = info.split()
        aliases = self._aliases(entries.get("versions.json", [None, None, None])[2])
        changes: dict[str, str | None] = {}
        for name, (mode, kind, sha) in entries.items():
            if kind == "tree" and self.final_trees.get(name, "") != sha and self._holds_hidden(sha):
                # A version folder, or an alias copied from one: its withdrawn tree (None: a
                # version no longer published, whose folder goes).
                target = aliases[name] if name in aliases and name not in self.final_trees else name
                changes[name] = self.final_trees.get(target)
                self.replaced.add(target)
        if not changes:
            return tree
        index = self.scratch / "history.index"
        # Folder names come from the branch: read as names, never as pathspec magic (":(glob)...").
        environment = {**os.environ, "GIT_INDEX_FILE": str(index), "GIT_LITERAL_PATHSPECS": "1"}

        def git_index(*args: str, data: bytes | None = None) -> str:
            return subprocess.run(["git", *args], cwd=self.repo, env=environment, input=data, capture_output=True,
                                  check=True).stdout.decode()

        index.unlink(missing_ok=True)
        git_index("read-tree", tree)
        for name, new in changes.items():
            git_index("rm", "-r", "--cached", "--quiet", "--", name)
            if new:
                git_index("read-tree", f"--prefix={name}/", new)
        # A redirect of an alias (latest/...) to a page the withdrawn version no longer has names it: remove it.
        for alias, target in aliases.items():
            if target in changes and alias not in changes and entries.get(alias, [None, None])[1] == "tree":
                kept = set(_git(self.repo, "ls-tree", "-r", "-z", "--name-only", changes[target]).stdout.split("\0")) \
                    if changes[target] else set()
                pages = _git(self.repo, "ls-tree", "-r", "-z", "--name-only", entries[alias][2]).stdout.split("\0")
                gone = [f"{alias}/{p}" for p in pages if p and p not in kept]
                if gone:
                    git_index("update-index", "-z", "--force-remove", "--stdin", data="\0".join(gone).encode() + b"\0")
        return git_index("write-tree").strip()

    def run(self, tip: str) -> str:
        """Write the history again; return the new tip (the old one where nothing changed)."""
        commits = _git(self.repo, "rev-list", "--reverse", "--topo-order", tip).stdout.split()
        parts = {commit: _commit_parts(self.repo, commit) for commit in commits}
        # Every tree first, so that every title a folder held is known before any message is scrubbed.
        by_tree: dict[str, str] = {}  # commits often share a tree (mike's set-default commit)
        for commit in commits:
            tree = parts[commit][0]
            if tree not in by_tree:
                by_tree[tree] = self._new_tree(tree)
        new_trees = {commit: by_tree[parts[commit][0]] for commit in commits}
        written: dict[str, str] = {}
        for commit in commits:
            tree, parents, who, message = parts[commit]
            new_parents = [written.get(p, p) for p in parents]
            new_message = scrub_message(message, self.words)
            if (new_trees[commit], new_parents, new_message) == (tree, parents, message):
                written[commit] = commit
                continue
            arguments = ["git", "commit-tree", new_trees[commit], *[a for p in new_parents for a in ("-p", p)], "-F", "-"]
            written[commit] = subprocess.run(arguments, cwd=self.repo, env={**os.environ, **who},
                                             input=new_message.encode("utf-8", "surrogateescape"), capture_output=True,
                                             check=True).stdout.decode().strip()
        return written[tip]


def _identity(repo: Path) -> dict[str, str]:
    identity = {**os.environ}
    for key, kind, fallback in (("user.name", "NAME", "plan site publisher"), ("user.email", "EMAIL", "publisher@localhost")):
        if not _git(repo, "config", key, check=False).stdout.strip():
            identity.setdefault(f"GIT_AUTHOR_{kind}", fallback)
            identity.setdefault(f"GIT_COMMITTER_{kind}", fallback)
    return identity


def withdraw(remote: str, config: Path, say=print) -> tuple[list[str], list[str]]:
    """Rewrite the published versions and the branch's history; return the ids withdrawn and
    the versions rewritten. ``say`` is told which generator rebuilt each version."""
    config = config.resolve()
    if not config.is_file():
        raise PublishError(f"{config}: no such site configuration; give the site's mkdocs.yml with --config")
    repo = repository_of(config)
    site = published_data(site_settings(config))
    versions = [v["version"] for v in fetch_published(repo, remote)]  # names checked as publishing checks them
    if not versions:
        return [], []
    held = hidden_in_versions(repo, versions, site)
    config_rel = str(config.relative_to(repo))
    tip = _git(repo, "rev-parse", BRANCH).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="plansite-withdraw-") as scratch:
        scratch_path = Path(scratch)
        final_trees = {}
        for version in versions:
            found = _git(repo, "rev-parse", "--verify", "--quiet", f"{BRANCH}:{version}^{{tree}}", check=False)
            final_trees[version] = found.stdout.strip() or None
        hidden = hidden_ids(site)
        for version, ids in held.items():
            before = hidden - published_records(repo, version).keys()  # taken out by an earlier withdraw
            tree, generator = rebuild_version(repo, config_rel, version, versions, ids, remote, scratch_path, say, before)
            final_trees[version] = tree
            say(f"Rebuilt version {version} with {generator}.")
        rewrite = HistoryRewrite(repo, final_trees, hidden_ids(site), scratch_path)
        new_tip = rewrite.run(tip)
    if new_tip == tip:
        return [], []
    names = sorted(set(held) | rewrite.replaced, key=lambda v: versions.index(v) if v in versions else len(versions))
    ids = sorted({i for found in held.values() for i in found} | rewrite.found)
    count = len(ids)
    message = f"Withdraw {count} record{'s' if count != 1 else ''} from versions {', '.join(names)}"
    commit = subprocess.run(["git", "commit-tree", f"{new_tip}^{{tree}}", "-p", new_tip, "-m", message], cwd=repo,
                            env=_identity(repo), check=True, capture_output=True, text=True).stdout.strip()
    _git(repo, "push", "--quiet", f"--force-with-lease=refs/heads/{BRANCH}:{tip}", remote,
         f"{commit}:refs/heads/{BRANCH}")
    _git(repo, "update-ref", f"refs/heads/{BRANCH}", commit, tip)
    return ids, names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plansite withdraw", description=__doc__.splitlines()[0])
    parser.add_argument("remote", help="git remote name, URL or path of the repository whose gh-pages branch is published")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        ids, names = withdraw(args.remote, Path(args.config))
    except PublishError as exc:
        print(f"Nothing was withdrawn: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:  # a git step of the rebuild or the rewrite
        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
        why = stderr.strip().splitlines()[-1:] or [f"exit {exc.returncode}"]
        print(f"Nothing was withdrawn: {' '.join(map(str, exc.cmd[:2]))} failed: {why[0]}", file=sys.stderr)
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
        print(f"Withdrew {', '.join(ids)} from versions {', '.join(names)}: every commit of {BRANCH} that held them "
              f"was written again, and the branch pushed with --force-with-lease.")
        print(AFTER_PUSH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
