"""Withdrawn means withdrawn: a record made private after it was published leaves no trace in
the next version, publishing says which older versions still hold it, and ``macros.release.withdraw``
takes it out of them in one commit, every other file byte-identical."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, copy_site

NAME = "Hospital closure option"
IDENT = "hospital-closure-option"
LEAD, LEAD_NAME = "zed-closurelead", "Zed Closurelead"  # a person only the withdrawn programme names
RECORD = f"""\
  - id: {IDENT}
    name: {NAME}
    summary: An option the partnership considered and then took back.
    leads:
      - person: {LEAD}
        role: Lead
    source:
      document: board-update-2018-11
      section: test
"""
SITE_URL = "https://plans.example.org/"  # so that the sitemap lists every page, as a published site's does
PERSON = f"""\
  - id: {LEAD}
    name: {LEAD_NAME}
    roles: []
    source:
      document: board-update-2018-11
      section: test
"""


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", message)


def run(module: str, repo: Path, remote: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, str(remote), *args, "--config", str(repo / "mkdocs.yml")],
                          cwd=repo, capture_output=True, text=True, env={**ENV, "SITE_URL": SITE_URL}, timeout=600)


def files_with_traces(remote: Path, version: str) -> list[str]:
    """Every file of a published version that names the record or its id, in any form."""
    found = subprocess.run(["git", "grep", "-l", "-i", "-e", IDENT, "-e", NAME, "-e", LEAD, "-e", LEAD_NAME,
                            "gh-pages", "--", f"{version}/"],
                           cwd=remote, capture_output=True, text=True)
    return [line.split(":", 1)[1] for line in found.stdout.splitlines()]


def blobs(remote: Path, version: str) -> dict[str, str]:
    """Path -> git blob id of every file of a version: equal ids mean identical bytes."""
    listed = git(remote, "ls-tree", "-r", "gh-pages", "--", f"{version}/").splitlines()
    return {line.split("\t", 1)[1]: line.split()[2] for line in listed}


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory):
    """v1 with the record, v2 with it private, then withdraw."""
    base = tmp_path_factory.mktemp("withdraw")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = copy_site(base / "repo")
    git(repo, "init", "--quiet", "-b", "main")
    programmes = repo / "data" / "programmes.yaml"
    programmes.write_text(programmes.read_text(encoding="utf-8") + RECORD, encoding="utf-8")
    people = repo / "data" / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + PERSON, encoding="utf-8")
    commit_all(repo, "with the record")
    first = run("macros.release.publish", repo, remote, "--version", "v1")
    assert first.returncode == 0, first.stderr
    v1_held = files_with_traces(remote, "v1")

    programmes.write_text(programmes.read_text(encoding="utf-8").replace(
        f"    name: {NAME}\n", f"    name: {NAME}\n    visibility: private\n"), encoding="utf-8")
    people.write_text(people.read_text(encoding="utf-8").replace(
        f"    name: {LEAD_NAME}\n", f"    name: {LEAD_NAME}\n    visibility: private\n"), encoding="utf-8")
    commit_all(repo, "the record is private now")
    second = run("macros.release.publish", repo, remote, "--version", "v2")
    assert second.returncode == 0, second.stderr
    v1_before, tip_before = blobs(remote, "v1"), git(remote, "rev-parse", "gh-pages").strip()
    v2_before = blobs(remote, "v2")

    done = run("macros.release.withdraw", repo, remote)
    again = run("macros.release.withdraw", repo, remote)
    return {"remote": remote, "repo": repo, "second": second, "v1_held": v1_held, "v1_before": v1_before, "v2_before": v2_before,
            "tip_before": tip_before, "done": done, "again": again}


def test_v1_held_the_record_everywhere_it_is_shown(withdrawn):
    # The test means something only if v1 really published it in these places.
    for name in ("v1/programmes/index.html", "v1/data/programmes.json", "v1/data/programmes.csv",
                 "v1/search/search_index.json", "v1/board-pack/index.html", f"v1/people/{LEAD}/index.html",
                 "v1/sitemap.xml"):
        assert name in withdrawn["v1_held"], name


def test_the_next_version_has_no_trace_of_it(withdrawn):
    assert files_with_traces(withdrawn["remote"], "v2") == []


def test_publishing_says_which_versions_still_hold_it_without_naming_it(withdrawn):
    second, remote = withdrawn["second"], withdrawn["remote"]
    assert second.stderr == (
        f"Warning: published version v1 still holds records that are now private or draft: {IDENT}, {LEAD}\n"
        f"Withdraw them from the published versions with: make withdraw REMOTE={remote}\n")
    assert NAME not in second.stdout + second.stderr and LEAD_NAME not in second.stdout + second.stderr


def test_withdraw_leaves_no_trace_in_the_older_version(withdrawn):
    done = withdrawn["done"]
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Withdrew {IDENT}, {LEAD} from versions v1 (one commit on gh-pages, pushed).\n"
    assert files_with_traces(withdrawn["remote"], "v1") == []


def test_withdraw_keeps_every_other_file_byte_identical(withdrawn):
    remote, before = withdrawn["remote"], withdrawn["v1_before"]
    after = blobs(remote, "v1")
    changed = {name for name in before if before[name] != after.get(name)}
    # Only the files that named the records, the PDF printed from the board pack page and the
    # compressed sitemap; the person's own page is gone.
    assert changed == set(withdrawn["v1_held"]) | {"v1/board-pack.pdf", "v1/sitemap.xml.gz"}
    assert set(before) - set(after) == {f"v1/people/{LEAD}/index.html"}
    assert set(after) <= set(before)
    assert blobs(remote, "v2") == withdrawn["v2_before"]


def test_withdraw_is_one_commit_that_gives_the_reason(withdrawn):
    remote = withdrawn["remote"]
    new = git(remote, "rev-list", f"{withdrawn['tip_before']}..gh-pages").split()
    assert len(new) == 1
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == (
        f"Withdraw records now private: {IDENT}, {LEAD} from versions v1")


def test_withdrawing_again_finds_nothing(withdrawn):
    again = withdrawn["again"]
    assert again.returncode == 0, again.stderr
    assert again.stdout == "Nothing to withdraw: no published version holds a record that is now private or draft.\n"


def test_a_version_without_its_build_record_is_refused(tmp_path):
    from macros.release.publish import PublishError
    from macros.release.withdraw import rebuild_version

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "--quiet", "-b", "gh-pages")
    (repo / "v0").mkdir()
    (repo / "v0" / "index.html").write_text(NAME, encoding="utf-8")
    commit_all(repo, "a version published before build.json was kept")
    with pytest.raises(PublishError) as caught:
        rebuild_version(repo, "mkdocs.yml", "v0", ["v0"], {IDENT: NAME}, "origin", tmp_path)
    assert str(caught.value) == ("version v0 has no build.json, so the commit it was built from is unknown; withdraw "
                                 "it by publishing that version again from a commit where the records are private")


def test_withdraw_without_a_configuration_is_one_line(tmp_path, capsys):
    from macros.release.withdraw import main

    assert main([str(tmp_path / "remote.git"), "--config", str(tmp_path / "mkdocs.yml")]) == 1
    assert capsys.readouterr().err == (f"Nothing was withdrawn: {tmp_path / 'mkdocs.yml'}: no such site configuration; "
                                       "give the site's mkdocs.yml with --config\n")


def test_records_are_marked_private_whatever_visibility_they_had(tmp_path):
    from macros.release.withdraw import _mark_private

    (tmp_path / "a.yaml").write_text(
        "programmes:\n  - id: one\n    name: One\n    visibility: public\n    timeline:\n"
        "      - id: step\n        title: x\n  - id: two\n    name: Two\n", encoding="utf-8")
    assert _mark_private(tmp_path, {"one", "step", "absent"}) == {"one", "step"}
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == (
        "programmes:\n  - id: one\n    name: One\n    visibility: private\n    timeline:\n"
        "      - id: step\n        visibility: private\n        title: x\n  - id: two\n    name: Two\n")


def test_words_written_by_hand_at_that_commit_stop_the_withdrawal(withdrawn, tmp_path):
    """A page that names the record in its own words cannot be fixed by a rebuild: refuse."""
    from macros.release.publish import PublishError
    from macros.release.withdraw import rebuild_version

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(withdrawn["repo"]), str(clone))
    glossary = clone / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + f"\nThe {NAME} was discussed.\n", encoding="utf-8")
    commit_all(clone, "a hand-written mention")
    commit = git(clone, "rev-parse", "HEAD").strip()
    git(clone, "fetch", "--quiet", str(withdrawn["remote"]), "gh-pages:gh-pages")
    git(clone, "checkout", "--quiet", "gh-pages")
    (clone / "v9" / "glossary").mkdir(parents=True)
    (clone / "v9" / "glossary" / "index.html").write_text(f"<p>The {NAME} was discussed.</p>", encoding="utf-8")
    (clone / "v9" / "build.json").write_text(json.dumps({"version": "v9", "commit": commit, "published": "2019-01-01"}),
                                             encoding="utf-8")
    commit_all(clone, "v9")
    git(clone, "checkout", "--quiet", "main")
    with pytest.raises(PublishError) as caught:
        rebuild_version(clone, "mkdocs.yml", "v9", ["v9"], {IDENT: NAME}, "origin", tmp_path)
    assert str(caught.value) == ("version v9: glossary/index.html still names a withdrawn record after rebuilding "
                                 "(written by hand at that commit?); nothing was withdrawn")
