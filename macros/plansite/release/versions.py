"""Version names: the one rule every name passes, and a remote's ``versions.json`` read as data.

A version name becomes a folder at the root of ``gh-pages`` and, for a local preview, a folder
in the preview's cache. Names come from whoever runs ``make publish`` and from a remote's
``versions.json``, which anyone who can push to ``gh-pages`` writes: both pass the same rule
before they are used, and a path made from one must stay inside the folder it is meant for.
Light on purpose: ``preview_changes`` imports it before every local build.
"""
from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

LATEST = "latest"
# Letters, digits, '.', '_' and '-', starting with a letter or digit (whole name: fullmatch).
VERSION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
# Files mike and the hosting keep at the root of gh-pages, beside the version folders.
ROOT_FILES = {LATEST, "versions.json", "index.html", "404.html", "sitemap.xml", "sitemap.xml.gz", "build.json",
              "CNAME", ".nojekyll", "robots.txt", "favicon.ico",
              "admin"}  # the browser editor, published once at the root (release/editor.py)
# Folders and files every built site has at its root besides its docs/ pages: MkDocs and
# Material's, and the generator's (person and body pages, board pack, open data, feed).
# tests/test_publish.py checks a real build has nothing at its root that is not named here or in docs/.
SITE_OUTPUTS = {"assets", "search", "people", "bodies", "board-pack", "board-pack.pdf", "data", "changes.xml",
                "404.html", "sitemap.xml", "sitemap.xml.gz", "index.html"}
MAX_VERSIONS_JSON = 1_000_000  # bytes; mike's list of a hundred versions is about 10 KB
SHOWN_LENGTH = 60  # characters of a refused name shown in its message


class BadName(ValueError):
    """A name (or versions.json) that cannot be used, in one plain line."""


def shown(name: str) -> str:
    """``name`` quoted for a one-line message: newlines escaped, long names cut short."""
    return repr(name if len(name) <= SHOWN_LENGTH else name[:SHOWN_LENGTH] + "...")


def check_version_name(name: str, published: Iterable[str] = (), reserved: Iterable[str] = ()) -> None:
    """Refuse a name that is not a plain folder name, that would replace or shadow a file or
    folder of the live site (``reserved``: e.g. gh-pages' root files, the site's own folders),
    or that differs only in case from a ``published`` version (two folders on a
    case-sensitive host, one on a reader's disk). All compared case-insensitively."""
    if not isinstance(name, str) or not VERSION_PATTERN.fullmatch(name):
        raise BadName(f"{shown(str(name))} cannot be a version name: use 1 to 40 letters, digits, '.', '_' or '-', "
                      "starting with a letter or digit, such as 2019-03 or v1.2")
    if name.casefold() in {r.casefold() for r in (*ROOT_FILES, *reserved)}:
        raise BadName(f"{shown(name)} cannot be a version name: it is reserved for the site's own files and folders; "
                      "use something like 2019-03 or v1.2")
    clash = next((p for p in published if p != name and p.casefold() == name.casefold()), None)
    if clash is not None:
        raise BadName(f"{shown(name)} cannot be a version name: it differs only in case from the published "
                      f"version {shown(clash)}")


def site_root_names(docs_dir: Path) -> set[str]:
    """What a build of the site puts at its root: its docs/ entries (a page ``x.md`` as ``x``
    too, the folder it becomes) and the outputs every build adds (``SITE_OUTPUTS``)."""
    names = set(SITE_OUTPUTS)
    for entry in Path(docs_dir).iterdir() if Path(docs_dir).is_dir() else ():
        names.add(entry.name)
        if entry.suffix == ".md":
            names.add(entry.stem)
    return names


def read_versions(text: bytes, where: str) -> list[dict]:
    """``versions.json`` as mike writes it: a list of ``{"version", "title", "aliases"}``,
    newest first, every name passing the rule. ``where`` names the file in messages."""
    if len(text) > MAX_VERSIONS_JSON:
        raise BadName(f"{where} is {len(text):,} bytes, more than a list of versions can need")
    try:
        entries = json.loads(text)
    except (ValueError, RecursionError):
        raise BadName(f"{where} is not valid JSON") from None
    if not isinstance(entries, list):
        raise BadName(f"{where} is not a list of versions")
    names: list[str] = []
    for number, entry in enumerate(entries, 1):
        at = f"{where}, entry {number}"
        if not isinstance(entry, dict) or "version" not in entry:
            raise BadName(f"{at}: not an object with a \"version\"")
        try:
            check_version_name(entry["version"], names)
        except BadName as exc:
            raise BadName(f"{at}: {exc}") from None
        if entry["version"] in names:
            raise BadName(f"{at}: version {shown(entry['version'])} is listed twice")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise BadName(f"{at}: \"aliases\" is not a list of names")
        if not isinstance(entry.get("title", ""), str):
            raise BadName(f"{at}: \"title\" is not text")
        for alias in aliases:
            if alias != LATEST:
                try:
                    check_version_name(alias)
                except BadName as exc:
                    raise BadName(f"{at}: alias {exc}") from None
        names.append(entry["version"])
    return entries


def published_versions(repo: Path, ref: str) -> list[dict]:
    """The versions listed in ``versions.json`` on the git ``ref`` (gh-pages or a fetched
    copy of it), checked; none when it has no versions.json."""
    shown_file = subprocess.run(["git", "show", f"{ref}:versions.json"], cwd=repo, capture_output=True)
    if shown_file.returncode != 0:
        return []
    return read_versions(shown_file.stdout, "gh-pages versions.json")


def inside(folder: Path, name: str) -> Path:
    """``folder/name``, refused unless that is an entry directly inside ``folder`` (not an
    absolute path, not ``..``, no slash, not a link out), so writing or deleting it stays there."""
    base = folder.resolve()
    path = (base / name).resolve()
    if path.parent != base:
        raise BadName(f"{shown(name)} is not a plain file or folder name inside {folder}")
    return path
