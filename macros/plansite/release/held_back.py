"""What published versions still hold: the ids in a version folder's open data, read from the
gh-pages branch as untrusted content, and which versions hold records that are private or
draft now (publish warns of them; withdraw takes them out)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from plansite.render.changes import hidden_ids
from plansite.release.preview_changes import BRANCH
from plansite.release.repository import PublishError, git as _git


def show_bytes(repo: Path, spec: str) -> bytes:
    return subprocess.run(["git", "cat-file", "-p", spec], cwd=repo, capture_output=True, check=True).stdout


def _open_data(repo: Path, folder: str, where: str | None = None) -> dict:
    """The ``data/*.json`` of a version folder (``gh-pages:v1``, or a tree id), by dataset.
    The branch's content is not trusted to be what we wrote: with ``where`` (the version's
    name) a file that is not JSON stops the withdraw; without, its bytes are kept as a
    string, which ``ids_in`` searches for the ids instead."""
    data_folder = f"{folder}/data" if ":" in folder else f"{folder}:data"
    listed = _git(repo, "ls-tree", "-z", "--name-only", data_folder, check=False).stdout.split("\0")
    data = {}
    for name in listed:
        if name.endswith(".json"):
            content = show_bytes(repo, f"{data_folder}/{name}")
            try:
                data[name[:-5]] = json.loads(content)
            except (ValueError, RecursionError):
                if where:
                    raise PublishError(f"version {where}: data/{name} on {BRANCH} is not valid JSON") from None
                data[name[:-5]] = content.decode("utf-8", "replace")
    return data


def published_records(repo: Path, version: str) -> dict[str, str]:
    """The records of a published version's open data: id -> its title."""
    return ids_in(repo, f"{BRANCH}:{version}", strict=True)


def ids_in(repo: Path, folder: str, strict: bool = False, looked_for: set[str] = frozenset()) -> dict[str, str]:
    """Every id in a version folder's open data, whatever shape the JSON has: id -> its title
    (``name`` or ``title``, if it has one). In a data file that is not JSON (only when not
    ``strict``), any of ``looked_for`` written in it counts as held."""
    found: dict[str, str] = {}
    stack = list(_open_data(repo, folder, folder.split(":", 1)[1] if strict else None).values())
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("id"), str):
                title = next((value[k] for k in ("name", "title") if isinstance(value.get(k), str)), "")
                found[value["id"]] = found.get(value["id"]) or title
            stack += value.values()
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, str) and not strict:
            found.update({i: found.get(i, "") for i in looked_for if i in value})
    return found


def hidden_in_versions(repo: Path, versions: list[str], site) -> dict[str, dict[str, str]]:
    """For each published version, the records it holds that are private or draft now: id -> name."""
    hidden = hidden_ids(site)
    held = {}
    for version in versions:
        records = published_records(repo, version)
        found = {i: records[i] for i in sorted(hidden & records.keys())}
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


# --- Marking records private in a commit's YAML ------------------------------------------------
