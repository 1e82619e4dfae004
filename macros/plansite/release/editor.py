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
_GITHUB_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
NO_REPOSITORY = ("Warning: GITHUB_REPOSITORY (which GitHub Actions sets to OWNER/NAME) is not set, so the "
                 f"editor at /{EDITOR_FOLDER}/ names no repository and cannot sign in; publish from the "
                 "publish workflow, or set GITHUB_REPOSITORY=OWNER/NAME")


def github_repo(environ=os.environ) -> str | None:
    """"owner/name" of the repository being published: GitHub Actions names it in
    GITHUB_REPOSITORY. Not mkdocs.yml's ``repo_url``: with it set, Material's header asks
    api.github.com for the repository's stars on every page, a host every page's policy refuses."""
    found = _GITHUB_REPO.fullmatch(environ.get("GITHUB_REPOSITORY", "").strip())
    return found.group(0) if found else None


def write_release_editor(out: Path, settings: dict, repo: Path, data_dir: Path) -> str | None:
    """The editor for this site into ``out/editor``; returns a warning line when its config
    can name no repository (then the editor opens, but cannot sign in)."""
    from plansite.outputs.editor_config import config_text
    from plansite.outputs.editor_page import write_editor

    data_folder = Path(os.path.relpath(data_dir.resolve(), repo)).as_posix()
    docs_folder = Path(os.path.relpath(Path(settings["docs_dir"]).resolve(), repo)).as_posix()
    folder = out / BUILT_EDITOR
    write_editor(folder, settings.get("site_name") or "the plan site", data_folder, docs_folder)
    github = github_repo()
    # The repository the editor signs in to, which write_editor cannot know.
    (folder / "config.yml").write_text(config_text(data_folder, docs_folder, github), encoding="utf-8")
    return NO_REPOSITORY if github is None else None


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
