"""Versioned publishing to a real (local, bare) git remote with mike."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENV, copy_site
from plansite.release.editor import NO_REPOSITORY


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def publish(repo: Path, version: str, remote: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plansite.release.publish", str(remote), "--version", version, "--config", str(repo / "mkdocs.yml")],
        cwd=repo, capture_output=True, text=True, timeout=600,
        env={name: value for name, value in ENV.items() if name != "GITHUB_REPOSITORY"},  # as outside GitHub Actions
    )


def tree_of(remote: Path, path: str) -> str:
    """The git tree id of ``path`` on gh-pages: equal ids mean byte-identical contents."""
    return git(remote, "rev-parse", f"gh-pages:{path}").strip()


def show(remote: Path, path: str) -> str:
    return git(remote, "show", f"gh-pages:{path}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_all(repo: Path, message: str = "edit") -> str:
    """Publishing builds only committed work: commit everything, return the commit id."""
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Version v1, then v2 with a status moved, a date slipped, a record added and one removed."""
    base = tmp_path_factory.mktemp("publish")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = copy_site(base / "repo")
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "--allow-empty", "-m", "start")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "site")

    first = publish(repo, "v1", remote)
    assert first.returncode == 0, first.stderr
    v1_tree = tree_of(remote, "v1")

    data = repo / "data"
    edit(data / "programmes.yaml", "      - date: 2018-11\n        status: in progress", "      - date: 2018-11\n        status: at risk")
    # The date moves, and its words with it (words that disagree with their date are refused).
    edit(data / "planning_timeline.yaml", "when: 14/01/2019\n      date: 2019-01-14", "when: 21/01/2019\n      date: 2019-01-21")
    programmes = (data / "programmes.yaml").read_text(encoding="utf-8")
    start = programmes.index("  - id: chairs-reference-group-discussions")
    removed = programmes[start:]
    (data / "programmes.yaml").write_text(programmes[:start], encoding="utf-8")
    (data / "glossary.yaml").write_text(
        (data / "glossary.yaml").read_text(encoding="utf-8")
        + "  - term: WXYZ\n    meaning: A term added for the test\n    source: {document: delivery-plan, section: test}\n",
        encoding="utf-8",
    )
    timeline = (data / "planning_timeline.yaml").read_text(encoding="utf-8")
    timeline += (
        "  - id: test-added-milestone\n    title: A milestone added in version two\n"
        "    due: {when: 1 May 2019, date: 2019-05-01}\n"
        "    source: {document: board-update-2018-11, section: test}\n"
    )
    (data / "planning_timeline.yaml").write_text(timeline, encoding="utf-8")
    v2_commit = commit_all(repo, "v2 edits")
    second = publish(repo, "v2", remote)
    assert second.returncode == 0, second.stderr
    return {"remote": remote, "repo": repo, "v1_tree": v1_tree, "removed": removed, "output": second.stdout, "warnings": second.stderr,
            "v2_commit": v2_commit}


def test_publishing_never_alters_an_older_version(published):
    assert tree_of(published["remote"], "v1") == published["v1_tree"]


def test_versions_json_lists_both_and_latest_is_the_newest(published):
    versions = json.loads(show(published["remote"], "versions.json"))
    assert [v["version"] for v in versions] == ["v2", "v1"]
    assert versions[0]["aliases"] == ["latest"]
    assert versions[1]["aliases"] == []


def test_root_redirects_to_latest(published):
    root = show(published["remote"], "index.html")
    assert 'href="latest/"' in root or "url=latest/" in root
    latest = show(published["remote"], "latest/index.html")
    assert "v2/" in latest


def test_the_editor_is_published_once_at_the_root_and_holds_no_data(published):
    remote = published["remote"]
    root = set(git(remote, "ls-tree", "--name-only", "gh-pages").split())
    assert "admin" in root
    admin = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages:admin").split())
    assert {"index.html", "config.yml", "sveltia-cms.js", "plansite-yaml-format.js", "yaml/index.js"} <= admin
    for version in ("v1", "v2", "latest"):  # never copied into a version
        assert "admin" not in git(remote, "ls-tree", "--name-only", f"gh-pages:{version}").split()
    config = show(remote, "admin/config.yml")
    assert "file: data/people.yaml" in config and "folder: docs" in config
    # No data: the editor reads the repository through the git host. Not one record id (public,
    # draft or private) of the site's data is in any file it publishes.
    ids = set()
    for path in (published["repo"] / "data").glob("*.yaml"):
        ids.update(line.split("id:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
                   if line.strip().startswith(("id:", "- id:")))
    assert len(ids) > 50
    for name in admin:  # fonts too: an id would be in them as bytes
        text = subprocess.run(["git", "show", f"gh-pages:admin/{name}"], cwd=remote, check=True,
                              capture_output=True).stdout.decode("utf-8", "replace")
        named = sorted(i for i in ids if len(i) > 12 and i in text)
        assert named == [], (name, named)
    assert NO_REPOSITORY in published["warnings"]


def test_the_editor_signs_in_to_the_repository_being_published(tmp_path, monkeypatch):
    from plansite.release.editor import github_repo, write_release_editor

    assert github_repo({"GITHUB_REPOSITORY": "bnssg/plans"}) == "bnssg/plans"
    assert github_repo({}) is None
    assert github_repo({"GITHUB_REPOSITORY": "bnssg/plans/tree"}) is None
    assert github_repo({"GITHUB_REPOSITORY": "bnssg/plans\nbackend: x"}) is None  # one line of config, never two
    monkeypatch.setenv("GITHUB_REPOSITORY", "bnssg/plans")
    site = copy_site(tmp_path / "repo")
    settings = {"docs_dir": str(site / "docs"), "site_name": "Plans"}
    assert write_release_editor(tmp_path / "out", settings, site, site / "data") is None
    config = (tmp_path / "out" / "editor" / "config.yml").read_text(encoding="utf-8")
    assert "repo: bnssg/plans" in config and "OWNER/REPOSITORY" not in config


def test_first_version_says_it_is_first(published):
    page = show(published["remote"], "v1/changes/index.html")
    assert "This is the first published version (v1)" in page


def test_what_changed_reports_status_date_added_and_removed(published):
    page = show(published["remote"], "v2/changes/index.html")
    assert "Version v2 compared with version v1" in page
    assert "status moved from in progress (2018-11) to at risk (2018-11)" in page
    assert "due moved from 14/01/2019 (2019-01-14) to 21/01/2019 (2019-01-21)" in page
    assert "A milestone added in version two" in page
    assert "Chairs" in page[page.index('id="removed"'):]
    feed = show(published["remote"], "v2/changes.xml")
    assert "<title>Changed: Stroke pathway reconfiguration</title>" in feed
    assert "<title>Added: A milestone added in version two</title>" in feed


def test_open_data_published_with_each_version(published):
    data = json.loads(show(published["remote"], "v2/data/planning_timeline.json"))
    assert data["milestones"][-1]["id"] == "test-added-milestone"
    csv_text = show(published["remote"], "v2/data/people.csv")
    assert csv_text.splitlines()[0].startswith("record_type,parent_id,id")
    assert "Julia Ross" in csv_text
    assert show(published["remote"], "v2/data/schemas/people.schema.json").startswith("{")


def test_republishing_replaces_only_that_version(published):
    remote, repo = published["remote"], published["repo"]
    v1 = tree_of(remote, "v1")
    edit(repo / "data" / "people.yaml", "name: Julia Ross", "name: Julia Ross (republished)")
    commit_all(repo, "republish")
    again = publish(repo, "v2", remote)
    assert again.returncode == 0, again.stderr
    assert tree_of(remote, "v1") == v1
    assert "Julia Ross (republished)" in show(remote, "v2/people/julia-ross/index.html")
    assert [v["version"] for v in json.loads(show(remote, "versions.json"))] == ["v2", "v1"]
    # Still compared with v1, the version before it.
    assert "Version v2 compared with version v1" in show(remote, "v2/changes/index.html")


@pytest.fixture
def restored(published):
    """Lets a test break (and commit) the published repo's files, and puts them back afterwards."""
    repo = published["repo"]
    head = git(repo, "rev-parse", "HEAD").strip()
    yield published
    git(repo, "reset", "--quiet", "--hard", head)  # the test's own throwaway repository
    git(repo, "clean", "--quiet", "-fd")


def test_bad_data_publishes_nothing(restored):
    remote, repo = restored["remote"], restored["repo"]
    refs_before = git(remote, "show-ref")
    edit(repo / "data" / "people.yaml", "name: Robert Woolley", "name: [Robert Woolley]")
    commit_all(repo)
    failed = publish(repo, "v3", remote)
    assert failed.returncode == 1
    assert "Nothing was published: the data has problems:" in failed.stderr
    assert "people.yaml:16: 2nd person (name): should be text, but is a list" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert git(remote, "show-ref") == refs_before


def test_a_page_error_publishes_nothing(restored):
    remote, repo = restored["remote"], restored["repo"]
    refs_before = git(remote, "show-ref")
    (repo / "docs" / "glossary.md").write_text("# Glossary\n\n{{ show('nope') }}\n", encoding="utf-8")
    commit_all(repo)
    failed = publish(repo, "v3", remote)
    assert failed.returncode == 1
    assert "Nothing was published: the strict build failed:" in failed.stderr
    assert "'nope' is not a known dataset" in failed.stderr
    assert git(remote, "show-ref") == refs_before


def push_elsewhere(remote, tmp_path, name: str, text: str) -> None:
    """Someone else adds the file ``name`` to the remote's gh-pages, from a clone of their own."""
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(other))
    (other / name).write_text(text, encoding="utf-8")
    git(other, "add", name)
    git(other, "-c", "user.name=o", "-c", "user.email=o@o", "commit", "--quiet", "-m", f"add {name}")
    git(other, "push", "--quiet", "origin", "gh-pages")


def test_publishing_keeps_what_another_publish_added(restored, tmp_path):
    remote, repo = restored["remote"], restored["repo"]
    # Someone else publishes first: our local copy is now behind, and a push would be rejected.
    push_elsewhere(remote, tmp_path, "note.txt", "someone else\n")
    refs_before = git(remote, "show-ref")
    # publish fetches first, so it builds on top of the other change instead of losing it.
    done = publish(repo, "v3", remote)
    assert done.returncode == 0, done.stderr
    assert show(remote, "note.txt") == "someone else\n"
    assert git(remote, "show-ref") != refs_before


def test_version_name_comes_from_the_site_configuration(restored):
    from plansite.release.publish import release_name, site_settings

    config = restored["repo"] / "mkdocs.yml"
    assert release_name(site_settings(config)) == "2018-11"


def test_a_site_naming_no_version_is_told_where_to_name_one(tmp_path):
    from plansite.release.publish import PublishError, release_name, site_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Plans\nplugins:\n  - plansite:\n      data_dir: data\n", encoding="utf-8")
    with pytest.raises(PublishError) as raised:
        release_name(site_settings(config))
    assert str(raised.value) == ("mkdocs.yml names no version: add 'release: <name>' to the plansite plugin's options "
                                 "(under 'plugins:'), or give --version")


def test_unreadable_site_settings_stop_publishing_in_one_line(tmp_path, monkeypatch):
    from plansite.release.publish import PublishError, site_settings

    (tmp_path / "mkdocs.yml").write_text("site_name: [Plans\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PublishError) as raised:
        site_settings(tmp_path / "mkdocs.yml")
    assert str(raised.value) == "mkdocs.yml:2: not valid YAML (expected ',' or ']', but got '<stream end>')"


def test_each_version_has_its_board_pack_with_version_and_date_on_the_cover(published, tmp_path):
    from pypdf import PdfReader

    pdf = tmp_path / "v2.pdf"
    pdf.write_bytes(subprocess.run(["git", "show", "gh-pages:v2/board-pack.pdf"], cwd=published["remote"],
                                   check=True, capture_output=True).stdout)
    cover = PdfReader(pdf).pages[0].extract_text()
    assert "Version v2" in cover
    assert "Date " in cover and "unreleased" not in cover


def test_each_version_records_the_commit_it_was_built_from(published):
    remote = published["remote"]
    record = json.loads(show(remote, "v2/build.json"))
    commit = record["commit"]
    assert record["version"] == "v2"
    # v2 may have been republished by an earlier test: from the first v2 commit or a later one.
    assert commit in git(published["repo"], "rev-list", f"{published['v2_commit']}^..HEAD").split()
    assert record["published"]  # an ISO date
    messages = git(remote, "log", "--format=%s", "gh-pages")
    assert f"Publish version v2 from commit {commit}" in messages
    assert f"Version v2 was built from commit <code>{commit[:12]}</code>." in show(remote, "v2/changes/index.html")


def test_uncommitted_changes_publish_nothing(restored):
    remote, repo = restored["remote"], restored["repo"]
    refs_before = git(remote, "show-ref")
    edit(repo / "data" / "people.yaml", "name: Julia Ross", "name: Julia Ross (not committed)")
    (repo / "docs" / "new-page.md").write_text("# New\n", encoding="utf-8")
    failed = publish(repo, "v3", remote)
    assert failed.returncode == 1
    assert failed.stderr == ("Nothing was published: the working tree has uncommitted changes "
                             "(data/people.yaml, docs/new-page.md); commit them first\n")
    assert git(remote, "show-ref") == refs_before


def test_uncommitted_changes_are_listed_five_at_most(restored):
    repo = restored["repo"]
    for n in range(7):
        (repo / "docs" / f"page-{n}.md").write_text("# Page\n", encoding="utf-8")
    failed = publish(repo, "v3", restored["remote"])
    assert failed.stderr == ("Nothing was published: the working tree has uncommitted changes (docs/page-0.md, "
                             "docs/page-1.md, docs/page-2.md, docs/page-3.md, docs/page-4.md, ...); commit them first\n")


def test_a_broken_link_publishes_nothing(restored):
    remote, repo = restored["remote"], restored["repo"]
    refs_before = git(remote, "show-ref")
    # Raw HTML, which MkDocs does not check: only the link check of the built site finds it.
    glossary = repo / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") + '\n<a href="../no-such-page/">gone</a>\n', encoding="utf-8")
    commit_all(repo)
    failed = publish(repo, "v3", remote)
    assert failed.returncode == 1
    assert failed.stderr == ("Nothing was published: the built site has 1 broken link(s):\n"
                             "glossary/index.html: link to '../no-such-page/': no such page or file\n")
    assert git(remote, "show-ref") == refs_before


RESERVED = "it is reserved for the site's own files and folders; use something like 2019-03 or v1.2"
PATTERN = "use 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit, such as 2019-03 or v1.2"


@pytest.mark.parametrize("name, reason", [
    ("latest", RESERVED), ("versions.json", RESERVED), ("index.html", RESERVED), ("404.html", RESERVED),
    ("sitemap.xml", RESERVED), ("a/b", PATTERN), (".hidden", PATTERN), ("-v1", PATTERN), ("", PATTERN),
    ("v" * 41, PATTERN), ("2019 03", PATTERN), ("CNAME", RESERVED), ("cname", RESERVED), ("robots.txt", RESERVED),
    ("Latest", RESERVED), (".nojekyll", PATTERN), ("v1\n", PATTERN), ("admin", RESERVED), ("Admin", RESERVED),
])
def test_bad_version_names_are_refused_before_anything_is_fetched(tmp_path, capsys, name, reason):
    from plansite.release.publish import main

    # The remote does not exist and the config is not in a repository: any fetch or build would fail differently.
    status = main([str(tmp_path / "no-remote.git"), f"--version={name}", "--config", str(tmp_path / "mkdocs.yml")])
    assert status == 1
    assert capsys.readouterr().err == f"Nothing was published: {name!r} cannot be a version name: {reason}\n"


@pytest.mark.parametrize("name", ["2019-03", "v1.2", "2018-11_b"])
def test_good_version_names_pass(name):
    from plansite.release.publish import check_version_name

    check_version_name(name)


def test_a_version_may_not_take_the_name_of_a_file_on_gh_pages(restored, tmp_path):
    remote, repo = restored["remote"], restored["repo"]
    push_elsewhere(remote, tmp_path, "robots.txt", "User-agent: *\n")
    refs_before = git(remote, "show-ref")
    failed = publish(repo, "robots.txt", remote)
    assert failed.returncode == 1
    assert failed.stderr == f"Nothing was published: 'robots.txt' cannot be a version name: {RESERVED}\n"
    assert git(remote, "show-ref") == refs_before


CASE = "it differs only in case from the published version"


@pytest.mark.parametrize("name, reason", [
    ("V1", f"{CASE} 'v1'"), ("V2", f"{CASE} 'v2'"),
    # the site's own folders and files at its root: generated, from docs/, MkDocs and Material's
    ("people", RESERVED), ("bodies", RESERVED), ("data", RESERVED), ("board-pack", RESERVED), ("updates", RESERVED),
    ("glossary", RESERVED), ("search", RESERVED), ("assets", RESERVED), ("changes.xml", RESERVED), ("People", RESERVED),
])
def test_a_version_may_not_clash_with_a_published_one_or_the_sites_own_folders(restored, name, reason):
    remote, repo = restored["remote"], restored["repo"]
    refs_before = git(remote, "show-ref")
    failed = publish(repo, name, remote)
    assert (failed.returncode, failed.stderr) == (1, f"Nothing was published: '{name}' cannot be a version name: {reason}\n")
    assert git(remote, "show-ref") == refs_before


def test_every_name_at_a_built_sites_root_is_refused_as_a_version_name(published):
    from plansite.release.versions import site_root_names

    built = set(git(published["remote"], "ls-tree", "--name-only", "gh-pages:v1").split()) - {"build.json"}
    assert {"people", "bodies", "data", "assets", "search", "glossary"} <= built
    assert built - site_root_names(published["repo"] / "docs") == set()


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if text.encode() in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def test_a_killed_publish_stops_its_build_and_leaves_nothing_behind(restored, tmp_path):
    remote, repo = restored["remote"], restored["repo"]
    refs_before = git(remote, "show-ref")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    running = subprocess.Popen(
        [sys.executable, "-m", "plansite.release.publish", str(remote), "--version", "v9", "--config", str(repo / "mkdocs.yml")],
        cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**ENV, "TMPDIR": str(scratch)},
    )
    deadline = time.monotonic() + 60
    while not _processes_mentioning(str(scratch)) and time.monotonic() < deadline:
        time.sleep(0.05)  # until the mkdocs build, which writes into the temporary folder, is running
    builds = _processes_mentioning(str(scratch))
    assert builds, "the build never started"
    running.send_signal(signal.SIGTERM)
    out, err = running.communicate(timeout=60)
    assert running.returncode == 143
    assert err == "Nothing was published: stopped by SIGTERM; the build was ended and its temporary files removed\n"
    assert list(scratch.iterdir()) == []
    assert _processes_mentioning(str(scratch)) == []
    assert git(remote, "show-ref") == refs_before


def test_a_missing_configuration_is_one_line(tmp_path, capsys):
    from plansite.release.publish import main

    assert main([str(tmp_path / "remote.git"), "--config", str(tmp_path / "mkdocs.yml")]) == 1
    assert capsys.readouterr().err == (f"Nothing was published: {tmp_path / 'mkdocs.yml'}: no such site configuration; "
                                       "give the site's mkdocs.yml with --config\n")


def test_a_site_outside_git_is_one_line(tmp_path, capsys):
    from plansite.release.publish import main

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - plansite:\n      release: v1\n", encoding="utf-8")
    assert main([str(tmp_path / "remote.git"), "--config", str(tmp_path / "mkdocs.yml")]) == 1
    assert capsys.readouterr().err == (f"Nothing was published: {tmp_path} is not in a git repository; "
                                       "a version is built from a commit\n")
