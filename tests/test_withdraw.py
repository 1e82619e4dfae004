"""Withdrawn means withdrawn: a record made private after it was published leaves no trace in
the next version, publishing says which older versions still hold it, and ``plansite.release.withdraw``
takes it out of them and out of every commit of the branch's history, rebuilding each version
exactly from its own commit with the generator of that commit.

The test repository is a whole project (generator, shared settings, site), as a real one is,
and the publish and withdraw commands run with it first on PYTHONPATH, as the .venv's .pth file
puts the project's own checkout: so "the current generator" is the test repository's HEAD."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, FIXTURE, ROOT

NAME = "Hospital closure option"
IDENT = "hospital-closure-option"
LEAD, LEAD_NAME = "zed-closurelead", "Zed Closurelead"  # a person only the withdrawn programme names
# Written as the comms team may write them: block style with id first, id second, flow style.
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
CONSULT = "consultation-plan"  # titled with a word the site uses elsewhere ("pre-consultation")
CONSULT_RECORD = f"""\
  - name: Consultation
    id: {CONSULT}
    summary: A plan for a consultation that will not now go ahead.
    source:
      document: board-update-2018-11
      section: test
"""
FLOW, FLOW_NAME = "flow-milestone", "Flow style milestone"
FLOW_RECORD = (f"  - {{id: {FLOW}, title: {FLOW_NAME}, due: {{when: 1 December 2018, date: 2018-12-01}}, "
               "source: {document: board-update-2018-11, section: test}}\n")
PERSON = f"""\
  - id: {LEAD}
    name: {LEAD_NAME}
    roles: []
    source:
      document: board-update-2018-11
      section: test
"""
IDS = [IDENT, LEAD, CONSULT, FLOW]
UNIQUE_WORDS = IDS + [NAME, LEAD_NAME, FLOW_NAME]  # "Consultation" alone is a common word
SITE_URL = "https://plans.example.org/"  # so that the sitemap lists every page, as a published site's does
GENERATOR_CHANGE = "generator-changed-after-v1"  # a template change committed after v1 was published


def git(cwd: Path, *args: str, data: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, input=data).stdout.decode()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def project(target: Path) -> Path:
    """A whole project: the generator, the shared settings and the fixture site at the top."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "macros", target / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(FIXTURE / "docs", target / "docs")
    shutil.copytree(FIXTURE / "data", target / "data")
    config = (FIXTURE / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def run(module: str, repo: Path, remote: Path, *args: str) -> subprocess.CompletedProcess:
    # GITHUB_REPOSITORY as the publish workflow has it, so the editor's warning (test_publish.py) stays out of stderr.
    environment = {**ENV, "SITE_URL": SITE_URL, "PYTHONPATH": str(repo / "macros"), "GITHUB_REPOSITORY": "example/plans"}
    return subprocess.run([sys.executable, "-m", module, str(remote), *args, "--config", str(repo / "mkdocs.yml")],
                          cwd=repo, capture_output=True, text=True, env=environment, timeout=600)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files_with_traces(remote: Path, version: str, ref: str = "gh-pages") -> list[str]:
    """Every file of a published version that names a record or its id, in any form."""
    patterns = [a for word in UNIQUE_WORDS for a in ("-e", word)]
    found = subprocess.run(["git", "grep", "-l", "-i", *patterns, ref, "--", f"{version}/"],
                           cwd=remote, capture_output=True, text=True)
    return [line.split(":", 1)[1] for line in found.stdout.splitlines()]


def blobs(remote: Path, version: str, ref: str = "gh-pages") -> dict[str, str]:
    """Path -> git blob id of every file of a version: equal ids mean identical bytes."""
    listed = git(remote, "ls-tree", "-r", ref, "--", f"{version}/").splitlines()
    return {line.split("\t", 1)[1]: line.split()[2] for line in listed}


def history(remote: Path) -> list[str]:
    """Author, dates and message of every commit of gh-pages, oldest first."""
    return git(remote, "log", "--reverse", "--format=%an|%ae|%ad|%cn|%ce|%cd|%B%x00", "gh-pages").split("\0")[:-1]


@pytest.fixture(scope="module")
def withdrawn(tmp_path_factory):
    """v1 published with the records (twice, from two commits), an old-style withdraw commit,
    then the records made private and a template changed; v2 published; then withdraw."""
    base = tmp_path_factory.mktemp("withdraw")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = project(base / "repo")
    git(repo, "init", "--quiet", "-b", "main")
    data = repo / "data"
    edit(data / "programmes.yaml", "programmes:\n", "programmes:\n" + CONSULT_RECORD)
    (data / "programmes.yaml").write_text((data / "programmes.yaml").read_text(encoding="utf-8") + RECORD, encoding="utf-8")
    (data / "people.yaml").write_text((data / "people.yaml").read_text(encoding="utf-8") + PERSON, encoding="utf-8")
    timeline = data / "planning_timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8") + FLOW_RECORD, encoding="utf-8")
    commit_all(repo, "with the records")
    first = run("plansite.release.publish", repo, remote, "--version", "v1")
    assert first.returncode == 0, first.stderr
    v1_first_tree = git(remote, "rev-parse", "gh-pages:v1").strip()
    # An older withdraw once named its ids in its message, as this module used to write them.
    tip = git(remote, "rev-parse", "gh-pages").strip()
    old_style = git(remote, "-c", "user.name=w", "-c", "user.email=w@w", "commit-tree", f"{tip}^{{tree}}", "-p", tip,
                    "-m", f"Withdraw records now private: {IDENT}, {LEAD} from versions v0").strip()
    git(remote, "update-ref", "refs/heads/gh-pages", old_style)

    index = repo / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nThis version was published again.\n", encoding="utf-8")
    v1_commit = commit_all(repo, "v1 again, from a later commit")
    again_v1 = run("plansite.release.publish", repo, remote, "--version", "v1")
    assert again_v1.returncode == 0, again_v1.stderr
    v1_held = files_with_traces(remote, "v1")
    v1_before = blobs(remote, "v1")
    dashboard_before = git(remote, "show", "gh-pages:v1/dashboard/index.html")

    edit(data / "programmes.yaml", f"    name: {NAME}\n", f"    name: {NAME}\n    visibility: private\n")
    edit(data / "programmes.yaml", f"    id: {CONSULT}\n", f"    id: {CONSULT}\n    visibility: draft\n")
    edit(data / "people.yaml", f"    name: {LEAD_NAME}\n", f"    name: {LEAD_NAME}\n    visibility: private\n")
    edit(timeline, f"{{id: {FLOW},", f"{{id: {FLOW}, visibility: private,")
    edit(repo / "macros" / "plansite" / "overrides" / "main.html", "{{ super() }}\n",
         f'{{{{ super() }}}}\n  <meta name="{GENERATOR_CHANGE}" content="yes">\n')
    commit_all(repo, "the records are private now; a template changed")
    second = run("plansite.release.publish", repo, remote, "--version", "v2")
    assert second.returncode == 0, second.stderr
    tip_before = git(remote, "rev-parse", "gh-pages").strip()
    history_before = history(remote)
    v2_before = blobs(remote, "v2")

    done = run("plansite.release.withdraw", repo, remote)
    again = run("plansite.release.withdraw", repo, remote)
    return {"remote": remote, "repo": repo, "second": second, "v1_held": v1_held, "v1_before": v1_before,
            "v2_before": v2_before, "tip_before": tip_before, "done": done, "again": again, "v1_commit": v1_commit,
            "v1_first_tree": v1_first_tree, "history_before": history_before, "dashboard_before": dashboard_before}


def test_v1_held_the_records_everywhere_they_are_shown(withdrawn):
    # The test means something only if v1 really published them in these places.
    for name in ("v1/programmes/index.html", "v1/data/programmes.json", "v1/data/programmes.csv",
                 "v1/timeline/index.html", "v1/data/planning_timeline.json", "v1/dashboard/index.html",
                 "v1/search/search_index.json", "v1/board-pack/index.html", f"v1/people/{LEAD}/index.html",
                 "v1/sitemap.xml"):
        assert name in withdrawn["v1_held"], name
    assert CONSULT in json.dumps(json.loads(git(withdrawn["remote"], "show", f"{withdrawn['tip_before']}:v1/data/programmes.json")))


def test_the_next_version_has_no_trace_of_them(withdrawn):
    assert files_with_traces(withdrawn["remote"], "v2") == []


def test_publishing_says_which_versions_still_hold_them_without_naming_them(withdrawn):
    second, remote = withdrawn["second"], withdrawn["remote"]
    assert second.stderr == (
        f"Warning: published version v1 still holds records that are now private or draft: "
        f"{', '.join(sorted(IDS))}\n"
        f"Withdraw them from the published versions with: make withdraw REMOTE={remote}\n")
    assert NAME not in second.stdout + second.stderr and LEAD_NAME not in second.stdout + second.stderr


def test_withdraw_says_what_it_did_and_what_it_cannot_undo(withdrawn):
    done = withdrawn["done"]
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"Rebuilt version v1 with the generator at commit {withdrawn['v1_commit'][:12]}.",
        f"Withdrew {', '.join(sorted(IDS))} from versions v1: every commit of gh-pages that held them was written "
        "again, and the branch pushed with --force-with-lease.",
        "The git host may still keep the old commits as unreachable objects, and cached views of them, until it "
        "collects its garbage (GitHub does): ask its support to purge them, or delete and recreate the repository. "
        "Other clones of the repository still hold them until they fetch gh-pages again and prune. "
        "Copies others took (web archives, downloads, feed readers) cannot be withdrawn."]


def test_no_commit_of_the_branch_holds_them_any_more(withdrawn):
    """Every blob and path of every commit reachable from gh-pages, and every message."""
    remote = withdrawn["remote"]
    commits = git(remote, "rev-list", "gh-pages").split()
    every_blob, every_path = set(), set()
    for commit in commits:
        for line in git(remote, "ls-tree", "-r", commit).splitlines():
            every_blob.add(line.split()[2])
            every_path.add(line.split("\t", 1)[1])
    contents = subprocess.run(["git", "cat-file", "--batch"], cwd=remote, input="".join(f"{b}\n" for b in every_blob).encode(),
                              capture_output=True, check=True).stdout.lower()
    for word in UNIQUE_WORDS:
        assert word.lower().encode() not in contents, word
        assert not [p for p in every_path if word in p], word
    messages = git(remote, "log", "--format=%B", "gh-pages")
    assert not [word for word in UNIQUE_WORDS if word in messages]
    # The earlier publication of v1 (another commit, another tree) was replaced too.
    assert withdrawn["v1_first_tree"] not in git(remote, "rev-list", "--objects", "gh-pages")


def test_the_history_keeps_its_commits_authors_dates_and_messages(withdrawn):
    before, after = withdrawn["history_before"], history(withdrawn["remote"])
    assert len(after) == len(before) + 1
    old_style = f"Withdraw records now private: {IDENT}, {LEAD} from versions v0"
    assert [entry.replace(old_style, "Withdraw 2 records from versions v0") for entry in before] == after[:-1]
    assert after[-1].split("|")[-1].strip() == "Withdraw 4 records from versions v1"
    publishes = [entry.split("|")[-1].strip() for entry in after if "|Publish version" in entry]
    assert publishes[-1] == f"Publish version v2 from commit {git(withdrawn['repo'], 'rev-parse', 'HEAD').strip()}"


def test_withdraw_leaves_no_trace_in_the_older_version(withdrawn):
    assert files_with_traces(withdrawn["remote"], "v1") == []


def test_withdraw_changes_only_what_the_records_changed(withdrawn):
    remote, before = withdrawn["remote"], withdrawn["v1_before"]
    after = blobs(remote, "v1")
    changed = {name for name in before if before[name] != after.get(name)}
    # The files that named the records, the PDF printed from the board pack page, the
    # compressed sitemap; the person's own page is gone. Every other file keeps its bytes.
    assert changed == set(withdrawn["v1_held"]) | {"v1/board-pack.pdf", "v1/sitemap.xml.gz"}
    assert set(before) - set(after) == {f"v1/people/{LEAD}/index.html"}
    assert set(after) <= set(before)
    assert blobs(remote, "v2") == withdrawn["v2_before"]


def test_the_dashboard_counts_without_them(withdrawn):
    before = withdrawn["dashboard_before"]
    after = git(withdrawn["remote"], "show", "gh-pages:v1/dashboard/index.html")
    assert "30 milestones" in before and "29 milestones" in after


def test_the_old_version_is_rebuilt_by_its_own_generator(withdrawn):
    remote = withdrawn["remote"]
    assert git(remote, "grep", "-l", GENERATOR_CHANGE, "gh-pages", "--", "v2/index.html").strip()  # v2 has it
    assert subprocess.run(["git", "grep", "-q", GENERATOR_CHANGE, "gh-pages", "--", "v1/"], cwd=remote).returncode == 1


def test_no_file_names_a_temporary_folder(withdrawn):
    remote = withdrawn["remote"]
    for word in ("plansite-withdraw-", "plansite-publish-", "source-v1", str(withdrawn["repo"].parent)):
        found = subprocess.run(["git", "grep", "-l", "-F", word, "gh-pages"], cwd=remote, capture_output=True, text=True)
        assert found.stdout == "", word
    # Each block names its source as the published build did.
    assert "<!-- from data/programmes.yaml:" in git(remote, "show", "gh-pages:v1/programmes/index.html")


def test_withdrawing_again_finds_nothing(withdrawn):
    again = withdrawn["again"]
    assert again.returncode == 0, again.stderr
    assert again.stdout == "Nothing to withdraw: no published version holds a record that is now private or draft.\n"


def test_a_version_that_does_not_rebuild_exactly_stops_the_withdraw(withdrawn, tmp_path):
    """A published file the commit does not build (changed by hand on the branch, or built by
    another generator) cannot be rebuilt without the record: refuse, naming it."""
    from plansite.release.publish import PublishError
    from plansite.release.withdraw import rebuild_version

    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(withdrawn["repo"]), str(clone))
    git(clone, "fetch", "--quiet", str(withdrawn["remote"]), "gh-pages:gh-pages")
    git(clone, "checkout", "--quiet", "gh-pages")
    page = clone / "v2" / "404.html"  # the first file the comparison meets
    page.write_text(page.read_text(encoding="utf-8") + "<!-- changed on the branch -->", encoding="utf-8")
    commit_all(clone, "a hand edit on the branch")
    git(clone, "checkout", "--quiet", "main")
    os.environ["SITE_URL"] = SITE_URL
    try:
        with pytest.raises(PublishError) as caught:
            rebuild_version(clone, "mkdocs.yml", "v2", ["v2", "v1"], {IDENT: NAME}, "origin", tmp_path)
    finally:
        del os.environ["SITE_URL"]
    assert str(caught.value) == "version v2 cannot be rebuilt exactly: v2/404.html differs from the published copy"


def test_a_version_without_its_build_record_is_refused(tmp_path):
    from plansite.release.publish import PublishError
    from plansite.release.withdraw import rebuild_version

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


def hostile_branch(tmp_path: Path, versions: list, record: dict) -> tuple[Path, Path]:
    """A site repository and a remote whose gh-pages says what a hostile branch might."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    pages = tmp_path / "pages"
    pages.mkdir()
    git(pages, "init", "--quiet", "-b", "gh-pages")
    (pages / "versions.json").write_text(json.dumps(versions), encoding="utf-8")
    (pages / "v1" / "data").mkdir(parents=True)
    (pages / "v1" / "build.json").write_text(json.dumps(record), encoding="utf-8")
    (pages / "v1" / "data" / "people.json").write_text(json.dumps({"people": [{"id": LEAD, "source": {}}]}),
                                                      encoding="utf-8")
    commit_all(pages, "hostile")
    git(pages, "push", "--quiet", str(remote), "gh-pages")
    repo = project(tmp_path / "repo")
    edit(repo / "data" / "people.yaml", "people:\n", "people:\n" + PERSON.replace("roles: []", "roles: []\n    visibility: private"))
    git(repo, "init", "--quiet", "-b", "main")
    commit_all(repo, "site")
    return repo, remote


@pytest.mark.parametrize("versions, record, message", [
    ([{"version": "v1"}], {"version": "v1", "published": "2019-01-01", "commit": "--upload-pack=touch MARKER"},
     "Nothing was withdrawn: version v1: its build.json does not hold a commit id and a date as make publish "
     "writes them; nothing was withdrawn"),
    ([{"version": "v1"}], {"version": "v1", "published": "$(touch MARKER)", "commit": "0" * 40},
     "Nothing was withdrawn: version v1: its build.json does not hold a commit id and a date as make publish "
     "writes them; nothing was withdrawn"),
])
def test_what_the_branch_says_cannot_run_a_command_or_leave_the_scratch_folder(tmp_path, versions, record, message):
    repo, remote = hostile_branch(tmp_path, versions, record)
    done = run("plansite.release.withdraw", repo, remote)
    assert (done.returncode, done.stderr, done.stdout) == (1, message + "\n", "")
    assert not list(tmp_path.rglob("MARKER")) and not (repo / "MARKER").exists()


def test_withdraw_without_a_configuration_is_one_line(tmp_path, capsys):
    from plansite.release.withdraw import main

    assert main([str(tmp_path / "remote.git"), "--config", str(tmp_path / "mkdocs.yml")]) == 1
    assert capsys.readouterr().err == (f"Nothing was withdrawn: {tmp_path / 'mkdocs.yml'}: no such site configuration; "
                                       "give the site's mkdocs.yml with --config\n")


def test_records_are_marked_private_in_any_style_keeping_every_other_line(tmp_path):
    from plansite.read.loading import load_yaml_file
    from plansite.release.withdraw import mark_private

    text = ("programmes:\n  # one\n  - id: one\n    name: One\n    visibility: public\n    timeline:\n"
            "      - id: step\n        title: x\n\n      - id: kept\n        title: y\n"
            "  - {id: flow, name: Flow}\n  - name: Second\n    id: second\n    summary: >-\n      # not a comment\n"
            "  # next\n  - id: two\n    name: Two\n  - name: Last\n    id: last\n")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    before = load_yaml_file(tmp_path / "a.yaml", "a.yaml")
    notes = []
    assert mark_private(tmp_path, {"one", "step", "flow", "second", "last", "absent"}, notes.append) == {
        "one", "step", "flow", "second", "last"}
    assert notes == []
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == (
        "programmes:\n  # one\n  - id: one\n    name: One\n    visibility: private\n    timeline:\n"
        "      - id: step\n        title: x\n        visibility: private\n      - id: kept\n        title: y\n"
        "  - {visibility: private, id: flow, name: Flow}\n  - name: Second\n    id: second\n    summary: >-\n"
        "      # not a comment\n    visibility: private  # next\n  - id: two\n    name: Two\n  - name: Last\n"
        "    id: last\n    visibility: private\n")
    after = load_yaml_file(tmp_path / "a.yaml", "a.yaml")
    for path in (("programmes", 0, "timeline", 1), ("programmes", 3), ("programmes", 3, "name")):
        assert after.line_of(path) == before.line_of(path)
    assert after.value["programmes"][2]["summary"] == before.value["programmes"][2]["summary"] == "# not a comment"


def test_a_record_with_no_spare_line_is_marked_private_by_adding_one(tmp_path):
    from plansite.release.withdraw import mark_private

    (tmp_path / "a.yaml").write_text("programmes:\n  - id: one\n    name: One\n  - id: two\n", encoding="utf-8")
    notes = []
    assert mark_private(tmp_path, {"one"}, notes.append) == {"one"}
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == (
        "programmes:\n  - id: one\n    name: One\n    visibility: private\n  - id: two\n")
    assert notes == [f"{tmp_path.name}/a.yaml:2: marked private by adding a line, so the records below it name lines "
                     "one lower"]


def test_unreadable_data_at_that_commit_is_one_line(tmp_path):
    from plansite.release.publish import PublishError
    from plansite.release.withdraw import mark_private

    (tmp_path / "a.yaml").write_text("programmes:\n  - id: one\n    name: [unclosed\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        mark_private(tmp_path, {"one"})
    assert str(caught.value).startswith(f"{tmp_path.name}/a.yaml:3: ")


def test_messages_never_name_a_withdrawn_id_or_title():
    from plansite.release.withdraw import scrub_message

    words = {IDENT, NAME}
    assert scrub_message(f"Withdraw records now private: {IDENT}, b from versions v1, v2\n", words) == (
        "Withdraw 2 records from versions v1, v2\n")
    assert scrub_message(f"Fix the {NAME} page ({IDENT})\n", words) == "Fix the (withdrawn) page ((withdrawn))\n"
    assert scrub_message(f"Publish version v1 from commit {'a' * 40}\n", words) == f"Publish version v1 from commit {'a' * 40}\n"


def test_a_rebuilt_page_that_still_names_an_id_is_named_in_a_warning(tmp_path):
    """Words written by hand in a page at that commit: no rebuild takes them out, so say where."""
    from plansite.release.withdraw import _warn_of_ids_left

    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "index.html").write_text(f'<a href="../people/{LEAD}/">the lead</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>Consultation</p>", encoding="utf-8")
    said = []
    _warn_of_ids_left(tmp_path, "v1", {LEAD, CONSULT}, said.append)
    assert said == [f"Warning: version v1: glossary/index.html still names {LEAD} after rebuilding (written by hand "
                    "at that commit?); publish the version again from a commit without it"]


def test_the_history_rewrite_replaces_only_what_holds_a_record(tmp_path):
    """Without any build: a branch whose folders hold the id (a version, a copied alias, a
    folder named like pathspec magic) is written again; everything else keeps its bytes."""
    from plansite.release.withdraw import HistoryRewrite

    pages = tmp_path / "pages"
    pages.mkdir()
    git(pages, "init", "--quiet", "-b", "gh-pages")
    held = json.dumps({"people": [{"id": LEAD, "name": LEAD_NAME, "source": {}}]})
    for folder in ("v1", "latest", ":(glob)**"):
        (pages / folder / "data").mkdir(parents=True)
        (pages / folder / "data" / "people.json").write_text(held, encoding="utf-8")
    (pages / "v0" / "data").mkdir(parents=True)
    (pages / "v0" / "data" / "people.json").write_text(json.dumps({"people": []}), encoding="utf-8")
    (pages / "index.html").write_text("root", encoding="utf-8")
    (pages / "versions.json").write_text(json.dumps([{"version": "v1", "aliases": ["latest"]}, {"version": "v0"}]),
                                         encoding="utf-8")
    git(pages, "add", "-A")
    git(pages, "-c", "user.name=Ann", "-c", "user.email=ann@x", "commit", "--quiet", "-m", f"Publish {LEAD_NAME}",
        "--date=2001-02-03T04:05:06+01:00")
    tip = git(pages, "rev-parse", "HEAD").strip()
    clean = git(pages, "mktree", data=b"").strip()  # the withdrawn v1: here, empty
    v0 = git(pages, "rev-parse", "HEAD:v0").strip()
    new = HistoryRewrite(pages, {"v1": clean, "v0": v0}, {LEAD}, tmp_path).run(tip)
    listed = git(pages, "ls-tree", "-r", "--name-only", new).split()
    assert listed == ["index.html", "v0/data/people.json", "versions.json"]  # latest is v1's copy: empty too
    assert git(pages, "log", "-1", "--format=%an|%ae|%ad|%s", "--date=iso-strict", new).strip() == (
        "Ann|ann@x|2001-02-03T04:05:06+01:00|Publish (withdrawn)")
    assert git(pages, "rev-parse", f"{new}:v0").strip() == v0


def test_a_commit_from_before_the_plugin_names_its_data_folder_under_extra(tmp_path):
    """An old version's commit reads as its own generator read it: extra.data_dir, which
    today's settings reader refuses (it tells a site to move it)."""
    from plansite.release.withdraw import _data_dir_at_commit

    old = tmp_path / "old" / "mkdocs.yml"
    old.parent.mkdir()
    old.write_text("site_name: x\nextra:\n  data_dir: facts\n", encoding="utf-8")
    assert _data_dir_at_commit(old) == old.parent / "facts"
    new = tmp_path / "new" / "mkdocs.yml"
    new.parent.mkdir()
    new.write_text("site_name: x\nplugins:\n  - plansite:\n      data_dir: facts\n", encoding="utf-8")
    assert _data_dir_at_commit(new).resolve() == (new.parent / "facts").resolve()
