"""What a remote's gh-pages holds is data: hostile version names, files and JSON from a real
(local, bare) git remote, and hostile Make variables, never run code, delete or write outside
their folder. Each payload gives one line, and the harm it aims at is checked not to happen."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT, copy_site
from plansite.release.versions import shown

NO_VERSION = "What changed: no published version to compare with"
WHERE = "gh-pages versions.json"
PATTERN = "use 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit, such as 2019-03 or v1.2"
RESERVED = "it is reserved for the site's own files and folders; use something like 2019-03 or v1.2"
SHELL_PAYLOAD = "x sh -c touch${IFS}PWNED #"
# The launcher's stand-in build: prints the two variables it was given (or null).
SHOW_ENV = [sys.executable, "-c", "import json, os; print(json.dumps([os.environ.get('PLANSITE_PREVIOUS_VERSION'), "
                                  "os.environ.get('PLANSITE_PREVIOUS_DATA')]))"]


def git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, input=input).stdout.decode().strip()


def write_tree(remote: Path, entries: dict[bytes, tuple[str, str]]) -> str:
    """A git tree object written as raw bytes (so it may hold names git's own tools refuse, such
    as ``../x.json``, the way a hostile push can): name -> (mode, object id)."""
    raw = b"".join(mode.encode() + b" " + name + b"\0" + bytes.fromhex(oid) for name, (mode, oid) in sorted(entries.items()))
    return git(remote, "hash-object", "-t", "tree", "--literally", "-w", "--stdin", input=raw)


def blob(remote: Path, content: bytes) -> str:
    return git(remote, "hash-object", "-w", "--stdin", input=content)


def hostile_remote(base: Path, versions_json: bytes, data: dict[bytes, bytes] | None = None, folder: bytes = b"v1") -> Path:
    """A bare repository whose gh-pages holds ``versions.json`` and ``<folder>/data/`` with ``data``."""
    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    files = {name: ("100644", blob(remote, content)) for name, content in (data or {b"people.json": b"{}"}).items()}
    version_tree = write_tree(remote, {b"data": ("40000", write_tree(remote, files))})
    root = write_tree(remote, {b"versions.json": ("100644", blob(remote, versions_json)), folder: ("40000", version_tree)})
    identity = {**ENV, "GIT_AUTHOR_NAME": "h", "GIT_AUTHOR_EMAIL": "h@h", "GIT_COMMITTER_NAME": "h",
                "GIT_COMMITTER_EMAIL": "h@h"}
    commit = subprocess.run(["git", "commit-tree", root, "-m", "hostile"], cwd=remote, env=identity, check=True,
                            capture_output=True, text=True).stdout.strip()
    git(remote, "update-ref", "refs/heads/gh-pages", commit)
    return remote


def versions(*names: str, latest: int = 0) -> bytes:
    return json.dumps([{"version": n, "title": n, "aliases": ["latest"] if i == latest else []}
                       for i, n in enumerate(names)]).encode()


def launch(base: Path, remote: Path, *options: str) -> subprocess.CompletedProcess:
    """preview_changes, as make site runs it, with SHOW_ENV as the build."""
    repo = base / "repo"
    repo.mkdir(exist_ok=True)
    git(repo, "init", "--quiet")
    return subprocess.run([sys.executable, "-m", "plansite.release.preview_changes", "--remote", str(remote), *options,
                           "--config", str(repo / "mkdocs.yml"), str(base / "out"), "--", *SHOW_ENV],
                          cwd=base, capture_output=True, text=True, env=ENV, timeout=120)


# What versions.json holds -> the one line that says why there is nothing to compare with.
HOSTILE_VERSIONS = [
    (versions(SHELL_PAYLOAD), f"{WHERE}, entry 1: {SHELL_PAYLOAD!r} cannot be a version name: {PATTERN}"),
    (versions("../x"), f"{WHERE}, entry 1: '../x' cannot be a version name: {PATTERN}"),
    (versions("v1\nPWNED=1"), f"{WHERE}, entry 1: 'v1\\nPWNED=1' cannot be a version name: {PATTERN}"),
    (versions("v1", "x" * 100), f"{WHERE}, entry 2: '{'x' * 60}...' cannot be a version name: {PATTERN}"),
    (versions("latest"), f"{WHERE}, entry 1: 'latest' cannot be a version name: {RESERVED}"),
    (versions("CNAME"), f"{WHERE}, entry 1: 'CNAME' cannot be a version name: {RESERVED}"),
    (versions("v1", "V1"), f"{WHERE}, entry 2: 'V1' cannot be a version name: it differs only in case from the "
                           "published version 'v1'"),
    (versions("v1", "v1"), f"{WHERE}, entry 2: version 'v1' is listed twice"),
    (b'{"version": "v1", "aliases": ["latest"]}', f"{WHERE} is not a list of versions"),
    (b'"v1"', f"{WHERE} is not a list of versions"),
    (b"[1, 2]", f"{WHERE}, entry 1: not an object with a \"version\""),
    (b'[{"title": "v1", "aliases": ["latest"]}]', f"{WHERE}, entry 1: not an object with a \"version\""),
    (b'[{"version": 5}]', f"{WHERE}, entry 1: '5' cannot be a version name: {PATTERN}"),
    (b'[{"version": "v1", "aliases": "latest"}]', f"{WHERE}, entry 1: \"aliases\" is not a list of names"),
    (b'[{"version": "v1", "aliases": [["latest"]]}]', f"{WHERE}, entry 1: \"aliases\" is not a list of names"),
    (b'[{"version": "v1", "aliases": ["../up"]}]', f"{WHERE}, entry 1: alias '../up' cannot be a version name: {PATTERN}"),
    (b'[{"version": "v1", "title": {"x": 1}}]', f"{WHERE}, entry 1: \"title\" is not text"),
    (b"not json", f"{WHERE} is not valid JSON"),
    (b"\xff\xfe[\x00", f"{WHERE} is not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, f"{WHERE} is not valid JSON"),  # too deep for Python's JSON reader
    (b"[" + b'{"version": "v1"},' * 600_000 + b"{}]", f"{WHERE} is 10,800,004 bytes, more than a list of versions can need"),
]


@pytest.mark.parametrize("content, line", HOSTILE_VERSIONS, ids=range(len(HOSTILE_VERSIONS)))
def test_a_hostile_versions_json_is_one_line_and_the_build_goes_on_without_it(tmp_path, content, line):
    found = launch(tmp_path, hostile_remote(tmp_path, content))
    assert found.stderr == f"{NO_VERSION} ({line})\n"
    assert found.returncode == 0
    assert json.loads(found.stdout) == [None, None]  # the build ran, comparing with nothing
    assert not (tmp_path / "PWNED").exists()
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_version_named_with_an_absolute_folder_leaves_that_folder_alone(tmp_path):
    victim = tmp_path / "precious"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine\n", encoding="utf-8")
    found = launch(tmp_path, hostile_remote(tmp_path, versions(str(victim))), "--version", str(victim))
    assert found.stderr == f"{NO_VERSION} ({WHERE}, entry 1: {shown(str(victim))} cannot be a version name: {PATTERN})\n"
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("name", [b"../escaped.json", b"../../escaped.json", b"sub/escaped.json"])
def test_a_data_file_named_out_of_its_folder_is_refused_and_nothing_written_outside(tmp_path, name):
    remote = hostile_remote(tmp_path, versions("v1"), {b"people.json": b"{}", name: b'{"pwned": true}'})
    found = launch(tmp_path, remote)
    into = (tmp_path / "out" / "v1").resolve()
    assert found.stderr == f"{NO_VERSION} ({name.decode()!r} is not a plain file or folder name inside {into})\n"
    assert json.loads(found.stdout) == [None, None]
    assert [p for p in tmp_path.rglob("escaped.json") if ".git" not in p.parts] == []


@pytest.mark.parametrize("content", [b"{not json", b"[" * 50_000 + b"]" * 50_000, b"\xff\xfe"])
def test_published_data_that_is_not_json_is_one_line_not_a_broken_build(tmp_path, content):
    found = launch(tmp_path, hostile_remote(tmp_path, versions("v1"), {b"people.json": content}))
    assert found.stderr == f"{NO_VERSION} ('v1/data/people.json' on gh-pages is not valid JSON)\n"
    assert json.loads(found.stdout) == [None, None]


def test_a_good_remote_hands_the_build_its_data_through_the_environment(tmp_path):
    remote = hostile_remote(tmp_path, versions("v2", "v1"), {b"people.json": b'{"people": []}'}, folder=b"v2")
    found = launch(tmp_path, remote)
    assert found.stderr == "What changed: comparing with published version v2\n"
    assert json.loads(found.stdout) == ["v2", str((tmp_path / "out" / "v2").resolve())]
    assert (tmp_path / "out" / "v2" / "people.json").read_bytes() == b'{"people": []}'


def test_the_name_rule_keeps_every_path_in_its_folder(tmp_path):
    from plansite.release.versions import BadName, inside

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)
    for name in ["/etc", "..", ".", "", "a/b", "../x", "link", "a/../../x"]:
        with pytest.raises(BadName, match="is not a plain file or folder name inside"):
            inside(folder, name)
    assert inside(folder, "v1") == folder.resolve() / "v1"


# --- publish and withdraw read the same versions.json ---------------------------------------

@pytest.fixture
def committed_site(tmp_path):
    repo = copy_site(tmp_path / "repo")
    git(repo, "init", "--quiet", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "site")
    return repo


@pytest.mark.parametrize("tool, refused", [("publish", "Nothing was published"), ("withdraw", "Nothing was withdrawn")])
def test_publish_and_withdraw_refuse_a_hostile_versions_json_in_one_line(committed_site, tmp_path, tool, refused):
    remote = hostile_remote(tmp_path, versions(SHELL_PAYLOAD, "../x"))
    before = git(remote, "show-ref")
    args = ["--version", "v9"] if tool == "publish" else []
    done = subprocess.run([sys.executable, "-m", f"plansite.release.{tool}", str(remote), *args,
                           "--config", str(committed_site / "mkdocs.yml")], cwd=tmp_path, capture_output=True,
                          text=True, env=ENV, timeout=300)
    assert done.returncode == 1
    assert done.stderr == f"{refused}: {WHERE}, entry 1: {SHELL_PAYLOAD!r} cannot be a version name: {PATTERN}\n"
    assert git(remote, "show-ref") == before
    assert not (tmp_path / "PWNED").exists()


def test_a_published_data_file_too_large_to_read_is_one_line(tmp_path, monkeypatch):
    from plansite.release import preview_changes
    from plansite.release.versions import BadName

    monkeypatch.setattr(preview_changes, "MAX_DATA_FILE", 1000)  # the rule, without a 64 MB blob in the test
    remote = hostile_remote(tmp_path, versions("v1"), {b"people.json": b"[" + b"0," * 600 + b"0]"})
    repo = tmp_path / "repo"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(repo))
    with pytest.raises(BadName) as caught:
        preview_changes.copy_version_data(repo, "gh-pages", "v1", tmp_path / "out")
    assert str(caught.value) == "'v1/data/people.json' on gh-pages is 1,203 bytes, more than a published data file can be (1,000)"
    assert not (tmp_path / "out" / "people.json").exists()


def test_publish_refuses_previous_data_named_out_of_its_folder(committed_site, tmp_path):
    remote = hostile_remote(tmp_path, versions("v1"), {b"people.json": b"{}", b"../../escaped.json": b"{}"})
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = subprocess.run([sys.executable, "-m", "plansite.release.publish", str(remote), "--version", "v2",
                           "--config", str(committed_site / "mkdocs.yml")], cwd=tmp_path, capture_output=True,
                          text=True, env={**ENV, "TMPDIR": str(scratch)}, timeout=300)
    assert done.returncode == 1
    assert done.stderr.startswith("Nothing was published: '../../escaped.json' is not a plain file or folder name inside ")
    assert len(done.stderr.splitlines()) == 1
    assert [p for p in tmp_path.rglob("escaped.json") if ".git" not in p.parts] == []
    assert list(scratch.iterdir()) == []


# --- make: what the remote says never reaches a shell; Make variables are one argument or refused ---

@pytest.fixture
def project(tmp_path):
    """A folder that make runs in as if it were the project: the Makefile and .venv are the
    project's (linked), site/ and .venv/published-data are its own."""
    proj = tmp_path / "proj"
    (proj / ".venv").mkdir(parents=True)
    for path in ROOT.iterdir():
        if path.is_file():  # the Makefile and the files its targets depend on
            (proj / path.name).symlink_to(path)
    for name in ["bin", "lib", "lib64", "include", "pyvenv.cfg", ".installed", ".installed-test"]:
        if os.path.lexists(ROOT / ".venv" / name):
            (proj / ".venv" / name).symlink_to(ROOT / ".venv" / name)
    return proj


def make(proj: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=proj, capture_output=True, text=True,
                          env=env or ENV, timeout=300)


@pytest.mark.parametrize("payload", [SHELL_PAYLOAD, "absolute folder"])
def test_make_site_with_a_hostile_remote_runs_nothing_deletes_nothing_and_builds(project, tmp_path, payload):
    victim = tmp_path / "precious"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine\n", encoding="utf-8")
    name = str(victim) if payload == "absolute folder" else payload
    remote = hostile_remote(tmp_path, versions(name))
    site = copy_site(project / "site-src")
    git(site, "init", "--quiet")
    done = make(project, "site", f"CONFIG=site-src/mkdocs.yml", f"REMOTE={remote}")
    assert done.returncode == 0, done.stderr
    assert f"{NO_VERSION} ({WHERE}, entry 1: {shown(name)} cannot be a version name: {PATTERN})\n" in done.stderr
    assert not (project / "PWNED").exists() and not (tmp_path / "PWNED").exists()
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "mine\n"
    page = (project / "site" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "This is a local build, not a published version." in page  # built, comparing with nothing


UNSAFE = "may hold only letters, digits and . _ - / : @ + ~ (no spaces, quotes, $ or ;) and may not start with -.  Stop."

# target, variable, payload: each is refused by make in one line before anything runs.
MAKE_PAYLOADS = [
    ("publish", "REMOTE", "x;touch PWNED"),
    ("publish", "VERSION", "x;touch PWNED"),
    ("publish", "VERSION", "x'; touch PWNED; '"),
    ("withdraw", "REMOTE", "--upload-pack=touch"),
    ("withdraw", "REMOTE", "`touch PWNED`"),
    ("site", "CONFIG", "m.yml;touch PWNED"),
    ("site", "COMPARE", "$(touch PWNED)"),
    ("site", "COMPARE", "$$(touch PWNED)"),
    ("site", "COMPARE", "$(shell touch PWNED)"),
    ("serve", "REMOTE", "x\ntouch PWNED"),
    ("check", "CONFIG", "mkdocs.yml | touch PWNED"),
    ("site", "ENGINE", "$(shell touch PWNED)"),
    ("site", "SITE_OUT", "site && touch PWNED"),
    ("site", "ZBUILD", "b;touch PWNED"),
]


@pytest.mark.parametrize("target, variable, payload", MAKE_PAYLOADS)
def test_make_refuses_a_hostile_variable_in_one_line(project, target, variable, payload):
    extra = ["REMOTE=origin"] if variable != "REMOTE" and target in ("publish", "withdraw") else []
    for env in (None, {**ENV, variable: payload}):  # on the command line, then from the environment
        done = make(project, target, *extra, *([f"{variable}={payload}"] if env is None else []), env=env)
        assert done.returncode == 2
        assert done.stderr.endswith(f"*** {variable} {UNSAFE}\n") and len(done.stderr.splitlines()) == 1, done.stderr
        assert done.stdout == ""
        assert not (project / "PWNED").exists()


def test_make_passes_safe_values_as_they_are(project):
    done = make(project, "-n", "site", "REMOTE=git@github.com:org/plans.git", "COMPARE=2018-11",
                "CONFIG=examples/bsw/mkdocs.yml")
    assert done.returncode == 0, done.stderr
    assert (" -m plansite.release.preview_changes --remote git@github.com:org/plans.git --version 2018-11 "
            "--config examples/bsw/mkdocs.yml ") in done.stdout
    assert f"/.venv/published-data -- .venv/bin/mkdocs build --strict --clean -f examples/bsw/mkdocs.yml" in done.stdout
    assert "$(" not in done.stdout and "env " not in done.stdout


def test_withdraw_gives_git_no_commit_from_build_json_that_is_not_a_commit_id(tmp_path):
    from plansite.release.publish import PublishError
    from plansite.release.withdraw import rebuild_version

    marker = tmp_path / "PWNED"
    remote = hostile_remote(tmp_path, versions("v0"), folder=b"v0")
    repo = tmp_path / "repo"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(repo))
    for commit in [f"--upload-pack=touch {marker};", "HEAD", ["a" * 40]]:
        (repo / "v0" / "build.json").write_text(json.dumps({"commit": commit, "published": "2018-11-01"}), encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "hostile build.json")
        with pytest.raises(PublishError) as caught:
            rebuild_version(repo, "mkdocs.yml", "v0", ["v0"], {"x": "X"}, str(remote), tmp_path)
        assert str(caught.value) == ("version v0: its build.json does not hold a commit id and a date as make publish "
                                     "writes them; nothing was withdrawn")
        assert not marker.exists()


def test_withdraw_reads_a_published_version_whose_data_is_not_json_as_one_line(tmp_path):
    from plansite.release.publish import PublishError
    from plansite.release.withdraw import published_records

    remote = hostile_remote(tmp_path, versions("v1"), {b"people.json": b"[" * 100_000})
    repo = tmp_path / "repo"
    git(tmp_path, "clone", "--quiet", "--branch", "gh-pages", str(remote), str(repo))
    with pytest.raises(PublishError) as caught:
        published_records(repo, "v1")
    assert str(caught.value) == "version v1: data/people.json on gh-pages is not valid JSON"
