"""Publishing in two halves, as .github/workflows/publish.yml runs them: `make publish-build`
(checks and builds, with a read-only token in CI) into a folder, then `make publish-deploy`
(commits that folder with mike and pushes; it runs no generator) from another checkout. The
result on a real (local, bare) remote equals what `make publish` makes; a folder deploy must not
trust is refused in one line, and the remote is left as it was."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENV, ROOT, copy_site
from test_publish import commit_all, git, push_elsewhere, show, tree_of

VERSION = "v1"


def make(target: str, **variables: str) -> subprocess.CompletedProcess:
    """A real make target of the project, on a test site."""
    args = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), target, *args],
                          capture_output=True, text=True, env=ENV, timeout=600)


def deploy(out: Path, remote: Path, checkout: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plansite.release.publish", str(remote), "--config", str(checkout / "mkdocs.yml"),
         "--deploy-from", str(out)],
        cwd=checkout, capture_output=True, text=True, env=ENV, timeout=300,
    )


def bare(path: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def refs(remote: Path) -> str:
    return subprocess.run(["git", "show-ref"], cwd=remote, capture_output=True, text=True).stdout


def turn_hostile(repo: Path, marker: Path) -> None:
    """Commit what a careless or hostile edit could leave in the checkout the deploy job uses:
    data that cannot be read, a page that cannot be rendered, and a hook that would leave
    ``marker`` behind if anything loaded the site's MkDocs configuration."""
    (repo / "data" / "people.yaml").write_text("people: [not closed\n", encoding="utf-8")
    (repo / "docs" / "glossary.md").write_text("# Glossary\n\n{{ show('nope') }}\n", encoding="utf-8")
    (repo / "marker_hook.py").write_text(f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n",
                                         encoding="utf-8")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:" not in config
    (repo / "mkdocs.yml").write_text(config + "\nhooks:\n  - marker_hook.py\n", encoding="utf-8")
    commit_all(repo, "hostile edits after the build")


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    """One commit published twice: by `make publish` to one remote, and by `make publish-build`,
    then `make publish-deploy` from a fresh clone whose checkout has since turned hostile, to another."""
    base = tmp_path_factory.mktemp("split")
    whole, halves = bare(base / "whole.git"), bare(base / "halves.git")
    repo = copy_site(base / "repo")
    git(repo, "init", "--quiet", "-b", "main")
    commit = commit_all(repo, "site")
    config = str(repo / "mkdocs.yml")

    published = make("publish", REMOTE=str(whole), CONFIG=config, VERSION=VERSION)
    assert published.returncode == 0, published.stderr

    out = base / "release"
    built = make("publish-build", REMOTE=str(halves), CONFIG=config, VERSION=VERSION, OUT=str(out))
    assert built.returncode == 0, built.stderr
    refs_after_build = refs(halves)

    marker = base / "deploy-ran-the-generator"
    turn_hostile(repo, marker)
    # As in CI's deploy job: a shallow clone of its own, without the build's local gh-pages.
    checkout = base / "deploy-checkout"
    git(base, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(checkout))
    deployed = make("publish-deploy", REMOTE=str(halves), CONFIG=str(checkout / "mkdocs.yml"), OUT=str(out))
    return {"whole": whole, "halves": halves, "repo": repo, "commit": commit, "out": out, "built": built,
            "refs_after_build": refs_after_build, "marker": marker, "checkout": checkout, "deployed": deployed}


def test_the_build_half_publishes_nothing_and_leaves_what_the_deploy_needs(split):
    assert split["refs_after_build"] == ""
    assert f"Built version {VERSION}, the first published version, into {split['out']}" in split["built"].stdout
    out = split["out"]
    assert json.loads((out / "deploy.json").read_text(encoding="utf-8")) == {
        "version": VERSION, "message": f"Publish version {VERSION} from commit {split['commit']}", "use_directory_urls": True}
    assert json.loads((out / "site" / "build.json").read_text(encoding="utf-8"))["commit"] == split["commit"]
    assert (out / "editor" / "index.html").is_file() and not (out / "site" / "admin").exists()  # published at the root
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".plansite-release-")]


def test_the_deploy_half_publishes_without_running_the_generator(split):
    deployed = split["deployed"]
    assert deployed.returncode == 0, deployed.stderr
    assert f"Published version {VERSION} as 'latest', from {split['out']}." in deployed.stdout
    # The checkout's data and pages were broken and its config named a marking hook: none was read.
    assert not split["marker"].exists()
    assert "Julia Ross" in show(split["halves"], f"{VERSION}/people/julia-ross/index.html")


PDF = f"{VERSION}/board-pack.pdf"


def files_on_gh_pages(remote: Path) -> dict[str, str]:
    """Every file on gh-pages and its blob id (equal ids: byte-identical files)."""
    listed = git(remote, "ls-tree", "-r", "gh-pages").splitlines()
    return {line.split("\t", 1)[1]: line.split()[2] for line in listed}


def pdf_text(remote: Path, tmp_path: Path) -> list[str]:
    from pypdf import PdfReader

    pdf = tmp_path / f"{remote.stem}.pdf"
    pdf.write_bytes(subprocess.run(["git", "show", f"gh-pages:{PDF}"], cwd=remote, check=True, capture_output=True).stdout)
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_the_two_halves_publish_what_make_publish_publishes(split, tmp_path):
    whole, halves = split["whole"], split["halves"]
    files = files_on_gh_pages(halves)
    assert PDF in files and f"{VERSION}/index.html" in files and "versions.json" in files
    # Every file byte for byte, but the board pack PDF: Chromium stamps it with the time it
    # was printed, so its pages' text is compared instead.
    assert {path: blob for path, blob in files.items() if path != PDF} == \
        {path: blob for path, blob in files_on_gh_pages(whole).items() if path != PDF}
    assert pdf_text(halves, tmp_path) == pdf_text(whole, tmp_path)
    assert git(halves, "log", "--format=%s", "gh-pages") == git(whole, "log", "--format=%s", "gh-pages")
    assert f"Publish version {VERSION} from commit {split['commit']}" in git(halves, "log", "--format=%s", "gh-pages")


def test_a_publish_landing_between_build_and_deploy_is_kept(split, tmp_path):
    halves, repo = split["halves"], split["repo"]
    git(repo, "reset", "--quiet", "--hard", split["commit"])  # the sound site again, to build v2 from
    out = tmp_path / "release-v2"
    built = make("publish-build", REMOTE=str(halves), CONFIG=str(repo / "mkdocs.yml"), VERSION="v2", OUT=str(out))
    assert built.returncode == 0, built.stderr
    push_elsewhere(halves, tmp_path, "note.txt", "someone else\n")
    v1 = tree_of(halves, VERSION)
    deployed = deploy(out, halves, split["checkout"])
    assert deployed.returncode == 0, deployed.stderr
    assert show(halves, "note.txt") == "someone else\n"
    assert tree_of(halves, VERSION) == v1
    assert [v["version"] for v in json.loads(show(halves, "versions.json"))] == ["v2", VERSION]


@pytest.fixture
def copy_of_release(split, tmp_path) -> Path:
    """A copy of the built folder that a test may tamper with."""
    return Path(shutil.copytree(split["out"], tmp_path / "release"))


def refused(split, out: Path) -> str:
    """Deploy ``out``; it must fail in one line and leave the remote as it was."""
    before = refs(split["halves"])
    done = deploy(out, split["halves"], split["checkout"])
    assert done.returncode == 1, done.stdout
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert refs(split["halves"]) == before
    return done.stderr


def test_deploy_refuses_a_folder_without_build_json(split, copy_of_release):
    (copy_of_release / "site" / "build.json").unlink()
    assert refused(split, copy_of_release) == (f"Nothing was published: {copy_of_release / 'site' / 'build.json'}: "
                                               "missing; deploy only a folder that --build-only wrote\n")


def test_deploy_refuses_a_folder_that_is_not_there(split, tmp_path):
    assert refused(split, tmp_path / "nothing") == (f"Nothing was published: {tmp_path / 'nothing'}: no such folder; "
                                                    "build one with --build-only\n")


@pytest.mark.parametrize("name", ["../outside", "latest", ".git", "a/b", ""])
def test_deploy_refuses_a_bad_version_name(split, copy_of_release, name):
    for record in (copy_of_release / "deploy.json", copy_of_release / "site" / "build.json"):
        record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), "version": name}), encoding="utf-8")
    assert refused(split, copy_of_release).startswith(f"Nothing was published: '{name}' cannot be a version name: ")
    assert not (copy_of_release.parent / "outside").exists()


def test_deploy_refuses_a_build_json_naming_another_version(split, copy_of_release):
    record = copy_of_release / "site" / "build.json"
    record.write_text(json.dumps({**json.loads(record.read_text(encoding="utf-8")), "version": "v9"}), encoding="utf-8")
    assert refused(split, copy_of_release) == (f"Nothing was published: {record}: version 'v9' is not '{VERSION}', "
                                               "the version deploy.json names\n")


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_deploy_refuses_a_symbolic_link(split, copy_of_release, tmp_path, kind):
    """A link would make mike publish whatever it points to: here, a secret outside the folder."""
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "token.txt").write_text("SECRET-9f3c2a\n", encoding="utf-8")
    link = copy_of_release / "site" / "assets" / "leak"
    link.symlink_to(secret / "token.txt" if kind == "file" else secret)
    assert refused(split, copy_of_release) == (f"Nothing was published: {link}: a symbolic link; "
                                               "a built site holds only plain files and folders\n")
    everything = subprocess.run(["git", "log", "--all", "-p", "--binary"], cwd=split["halves"],
                                capture_output=True, text=True, errors="replace").stdout
    assert "SECRET-9f3c2a" not in everything
    assert (secret / "token.txt").exists()


def test_build_refuses_a_folder_already_holding_files(split, tmp_path):
    out = tmp_path / "release"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n", encoding="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "plansite.release.publish", str(split["halves"]), "--version", "v3",
         "--config", str(split["checkout"] / "mkdocs.yml"), "--build-only", str(out)],
        capture_output=True, text=True, env=ENV, timeout=300,
    )
    assert built.returncode == 1
    assert built.stderr == f"Nothing was published: {out} already exists; remove it or name a new folder to build into\n"
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine\n"
