"""The browser editor, published once at the root of gh-pages as ``admin/``, never inside a
version: it holds no data (it reads and saves the repository through the git host, as the
person signed in), only Sveltia, the generated config.yml and the YAML format script.

``write_release_editor`` puts it beside a build (``OUT/editor/``, made by ``make
publish-build``); ``commit_editor`` commits that folder as ``admin/`` on gh-pages, after mike's
commit of the version, in the same push (``make publish-deploy``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

EDITOR_FOLDER = "admin"  # at gh-pages' root: refused as a version name (release/versions.py)
BUILT_EDITOR = "editor"  # beside site/ in a --build-only folder
_GITHUB_REPO = re.compile(r"https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?")


def github_repo(settings: dict) -> str | None:
    """"owner/name" from mkdocs.yml's ``repo_url`` when it is a GitHub repository's address."""
    found = _GITHUB_REPO.fullmatch(str(settings.get("repo_url") or ""))
    return found.group(1) if found else None


def write_release_editor(out: Path, settings: dict, repo: Path, data_dir: Path) -> str | None:
    """The editor for this site into ``out/editor``; returns a warning line when its config
    can name no repository (then the editor opens, but cannot sign in until repo_url is set)."""
    from plansite.outputs.editor_config import config_text
    from plansite.outputs.editor_page import write_editor

    data_folder = Path(os.path.relpath(data_dir.resolve(), repo)).as_posix()
    docs_folder = Path(os.path.relpath(Path(settings["docs_dir"]).resolve(), repo)).as_posix()
    folder = out / BUILT_EDITOR
    write_editor(folder, settings.get("site_name") or "the plan site", data_folder, docs_folder)
    github = github_repo(settings)
    # The repository the editor signs in to, which write_editor cannot know.
    (folder / "config.yml").write_text(config_text(data_folder, docs_folder, github), encoding="utf-8")
    if github is None:
        return ("Warning: mkdocs.yml's repo_url names no GitHub repository (https://github.com/OWNER/NAME), "
                f"so the editor at /{EDITOR_FOLDER}/ cannot sign in until it does")
    return None


def commit_editor(built: Path, branch: str, message: str) -> None:
    """Commit ``built`` (an ``OUT/editor`` folder) as ``admin/`` at the root of ``branch``,
    replacing what was there; nothing when it is unchanged. Run inside the repository."""
    from mike import git_utils  # imported here: only publishing needs mike

    try:
        with git_utils.Commit(branch, message) as commit:
            commit.delete_files([EDITOR_FOLDER])
            for file in git_utils.walk_real_files(str(built)):
                commit.add_file(file.copy(EDITOR_FOLDER, str(built)))
    except git_utils.GitEmptyCommit:
        pass  # the editor published before is this one
