"""What changed, previewed: a local build compares the local data with a published version."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENV, build_site, copy_site
from macros.release.preview_changes import main

NO_VERSION = "What changed: no published version to compare with"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def preview(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.release.preview_changes", *args, "--config", str(repo / "mkdocs.yml"),
                           str(repo / ".published")], cwd=repo, capture_output=True, text=True, env=ENV, timeout=120)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """v1 published to a bare remote; then a local, unpublished edit."""
    base = tmp_path_factory.mktemp("preview")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = copy_site(base / "repo")
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "site")
    git(repo, "remote", "add", "origin", str(remote))
    done = subprocess.run([sys.executable, "-m", "macros.release.publish", "origin", "--version", "v1",
                           "--config", str(repo / "mkdocs.yml")], cwd=repo, capture_output=True, text=True, env=ENV)
    assert done.returncode == 0, done.stderr
    people = repo / "data" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("name: Julia Ross", "name: Julia Ross-Preview", 1),
                      encoding="utf-8")
    return {"repo": repo, "remote": remote}


def test_a_local_build_shows_what_changed_since_the_latest_published_version(published):
    repo = published["repo"]
    found = preview(repo, "--remote", "origin")
    assert found.returncode == 0, found.stderr
    assert found.stderr == "What changed: comparing with published version v1\n"
    assignments = dict(item.split("=", 1) for item in found.stdout.split())
    assert assignments["PLANSITE_PREVIOUS_VERSION"] == "v1"
    assert sorted(p.name for p in Path(assignments["PLANSITE_PREVIOUS_DATA"]).glob("*.json"))[0].endswith(".json")
    os.environ.update(assignments)  # build_site passes the environment on, as make site does
    ENV.update(assignments)
    try:
        result = build_site(repo)
    finally:
        for key in assignments:
            os.environ.pop(key, None)
            ENV.pop(key, None)
    assert result.ok, result.output
    page = (result.site_dir / "changes" / "index.html").read_text(encoding="utf-8")
    assert "This local build, not yet published, compared with version v1: 0 added, 1 changed and 0 removed." in page
    assert "name changed from Julia Ross to Julia Ross-Preview" in page


def test_a_named_version_is_compared_with(published):
    found = preview(published["repo"], "--remote", "origin", "--version", "v1")
    assert "PLANSITE_PREVIOUS_VERSION=v1 " in found.stdout


def test_a_version_that_is_not_published_is_said_in_one_line(published):
    found = preview(published["repo"], "--remote", "origin", "--version", "2017-01")
    assert (found.returncode, found.stdout) == (0, "")
    assert found.stderr == f"{NO_VERSION} (version '2017-01' is not published on 'origin')\n"


def test_no_remote_is_one_line_fast_and_never_a_failure(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    start = time.monotonic()
    status = main(["--remote", "origin", "--config", str(repo / "mkdocs.yml"), str(tmp_path / "out")])
    assert status == 0
    assert time.monotonic() - start < 2
    assert capsys.readouterr() == ("", f"{NO_VERSION} (cannot reach remote 'origin')\n")


def test_a_remote_with_nothing_published_is_one_line(tmp_path, capsys):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    status = main(["--remote", str(remote), "--config", str(repo / "mkdocs.yml"), str(tmp_path / "out")])
    assert status == 0
    assert capsys.readouterr().err == f"{NO_VERSION} ('{remote}' has no gh-pages branch yet)\n"


def test_outside_a_repository_is_one_line(tmp_path, capsys):
    status = main(["--remote", "origin", "--config", str(tmp_path / "mkdocs.yml"), str(tmp_path / "out")])
    assert status == 0
    assert capsys.readouterr().err == f"{NO_VERSION} ({tmp_path} is not a git repository)\n"
