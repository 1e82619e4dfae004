"""What changed, previewed: a local build compares the local data with a published version."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, MKDOCS, copy_site
from test_hostile_remote import SHOW_ENV

NO_VERSION = "What changed: no published version to compare with"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def preview(repo: Path, *args: str, command: list[str] = SHOW_ENV) -> subprocess.CompletedProcess:
    """The launcher as make site runs it; by default the "build" prints the two variables it was given."""
    return subprocess.run([sys.executable, "-m", "plansite.release.preview_changes", *args, "--config", str(repo / "mkdocs.yml"),
                           str(repo / ".published"), "--", *command], cwd=repo, capture_output=True, text=True, env=ENV,
                          timeout=300)


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
    done = subprocess.run([sys.executable, "-m", "plansite.release.publish", "origin", "--version", "v1",
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
    version, data = json.loads(found.stdout)
    assert version == "v1"
    assert "people.json" in [p.name for p in Path(data).glob("*.json")]
    site_dir = repo / "site"
    built = preview(repo, "--remote", "origin",
                    command=[str(MKDOCS), "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(site_dir)])
    assert built.returncode == 0, built.stderr
    page = (site_dir / "changes" / "index.html").read_text(encoding="utf-8")
    assert "This local build, not yet published, compared with version v1: 0 added, 1 changed and 0 removed." in page
    assert "name changed from Julia Ross to Julia Ross-Preview" in page


def test_a_named_version_is_compared_with(published):
    found = preview(published["repo"], "--remote", "origin", "--version", "v1")
    assert json.loads(found.stdout)[0] == "v1"


def test_a_version_that_is_not_published_is_said_in_one_line(published):
    found = preview(published["repo"], "--remote", "origin", "--version", "2017-01")
    assert (found.returncode, json.loads(found.stdout)) == (0, [None, None])
    assert found.stderr == f"{NO_VERSION} (version '2017-01' is not published on 'origin')\n"


def test_the_build_run_is_the_command_given_and_its_status_is_the_launchers(published):
    failing = preview(published["repo"], "--remote", "origin", command=[sys.executable, "-c", "raise SystemExit(3)"])
    assert failing.returncode == 3
    missing = preview(published["repo"], "--remote", "origin", command=["no-such-build-command"])
    assert missing.returncode == 127
    assert missing.stderr.splitlines()[-1] == "no-such-build-command: cannot be run (No such file or directory)"


def test_without_a_command_the_launcher_says_how_to_give_one(published):
    found = subprocess.run([sys.executable, "-m", "plansite.release.preview_changes", str(published["repo"] / ".published")],
                           capture_output=True, text=True, env=ENV)
    assert found.returncode == 2
    assert found.stderr.splitlines()[-1].endswith("error: give the build command to run after --, e.g. -- mkdocs build")


def test_no_remote_is_one_line_and_never_a_failure(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    found = preview(repo, "--remote", "origin")  # (git's own wait is capped: preview_changes.TIMEOUT)
    assert (found.returncode, json.loads(found.stdout)) == (0, [None, None])
    assert found.stderr == f"{NO_VERSION} (cannot reach remote 'origin')\n"


def test_a_remote_with_nothing_published_is_one_line(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet")
    found = preview(repo, "--remote", str(remote))
    assert (found.returncode, json.loads(found.stdout)) == (0, [None, None])
    assert found.stderr == f"{NO_VERSION} ('{remote}' has no gh-pages branch yet)\n"


def test_outside_a_repository_is_one_line(tmp_path):
    found = preview(tmp_path, "--remote", "origin")
    assert (found.returncode, json.loads(found.stdout)) == (0, [None, None])
    assert found.stderr == f"{NO_VERSION} ({tmp_path} is not a git repository)\n"


def test_a_compared_version_with_a_newline_is_one_line(published):
    found = preview(published["repo"], "--remote", "origin", "--version", "v1\nPLANSITE_VERSION=x")
    assert found.stderr == f"{NO_VERSION} (version 'v1\\nPLANSITE_VERSION=x' is not published on 'origin')\n"
    assert json.loads(found.stdout) == [None, None]
