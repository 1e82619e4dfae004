"""A partnership's repository pins its generator (``plansite==X`` in requirements.txt) and
holds no copy of it: withdrawing a record from a version an older release built rebuilds
that version with that release, installed once into an environment kept in the cache, and
says so; the version comes out as it was published, less the record."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ENV, ROOT, copy_site
from test_withdraw import CONSULT, CONSULT_RECORD, IDENT, NAME, RECORD, commit_all, edit, git

OLD = "0.0.9"  # the release that published v1, older than this checkout's
OLD_MARK = "Listed by the older release of the generator."  # what only its templates write


def _wheel(base: Path, version: str) -> Path:
    """A wheel of this checkout, as release ``version`` with a template of its own."""
    checkout = base / f"checkout-{version}"
    checkout.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, checkout / name)
    shutil.copytree(ROOT / "macros", checkout / "macros", ignore=shutil.ignore_patterns("__pycache__", "templates_compiled"))
    package = checkout / "macros" / "plansite"
    edit(package / "generator.py", '\nVERSION = "', f'\nVERSION = "{version}"  # was "')
    sources = package / "render" / "templates" / "sources.html"
    sources.write_text(sources.read_text(encoding="utf-8") + f"<p>{OLD_MARK}</p>\n", encoding="utf-8")
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(checkout)], check=True, env=ENV, timeout=600, capture_output=True)
    return next(wheels.glob(f"plansite-{version}-*.whl"))


@pytest.fixture(scope="module")
def pinned(tmp_path_factory):
    base = tmp_path_factory.mktemp("pinned")
    wheel = _wheel(base, OLD)
    # The site's requirements: every dependency pinned with its hashes, and the generator.
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8") + f"plansite=={OLD} --hash=sha256:{digest}\n"

    old_env = base / "old-env"  # where v1 was published from, as the partnership's CI did then
    venv.create(old_env, with_pip=True)
    pip = [str(old_env / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--require-hashes", "-r", str(ROOT / "requirements.txt")], check=True, env=ENV, timeout=1200)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, env=ENV, timeout=600)

    remote = base / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    repo = copy_site(base / "repo")
    (repo / "requirements.txt").write_text(requirements, encoding="utf-8")
    programmes = repo / "data" / "programmes.yaml"
    programmes.write_text(programmes.read_text(encoding="utf-8") + CONSULT_RECORD + RECORD.replace("    leads:\n      - person: zed-closurelead\n        role: Lead\n", ""), encoding="utf-8")
    git(repo, "init", "--quiet", "-b", "main")
    commit_all(repo, "the site, pinning the older release")
    clean = {k: v for k, v in ENV.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    published = subprocess.run([str(old_env / "bin" / "python"), "-m", "plansite.release.publish", str(remote), "--version", "v1",
                                "--config", str(repo / "mkdocs.yml")], cwd=repo, capture_output=True, text=True, env=clean, timeout=600)
    assert published.returncode == 0, published.stderr

    edit(programmes, f"    name: {NAME}\n", f"    name: {NAME}\n    visibility: private\n")
    commit_all(repo, "the option is private now")
    cache = base / "cache"
    withdraw_env = {**clean, "PLANSITE_CACHE_DIR": str(cache), "PIP_FIND_LINKS": str(wheel.parent)}
    command = [sys.executable, "-m", "plansite.release.withdraw", str(remote), "--config", str(repo / "mkdocs.yml")]
    first = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=withdraw_env, timeout=1800)
    return {"remote": remote, "repo": repo, "first": first, "cache": cache, "command": command, "env": withdraw_env}


def test_the_version_is_rebuilt_by_the_release_that_built_it(pinned):
    first = pinned["first"]
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"Installing plansite {OLD} into" in first.stdout
    assert f"Rebuilt version v1 with plansite {OLD}." in first.stdout
    remote = pinned["remote"]
    sources = git(remote, "show", "gh-pages:v1/sources/index.html")
    assert OLD_MARK in sources  # the older release's own template, as published
    assert re.search(rf'<meta name="generator" content="[^"]*plansite {re.escape(OLD)}"', sources)
    listed = subprocess.run(["git", "grep", "-l", "-i", "-e", IDENT, "-e", NAME, "gh-pages", "--", "v1/"], cwd=remote,
                            capture_output=True, text=True)
    assert listed.stdout == ""  # withdrawn from every file of the version


def test_the_installed_release_is_kept_for_the_next_withdraw(pinned):
    made = [p for p in (pinned["cache"] / "generators").iterdir() if p.is_dir()]
    assert len(made) == 1 and made[0].name.startswith(f"plansite-{OLD}-") and (made[0] / ".ready").is_file()
    programmes = pinned["repo"] / "data" / "programmes.yaml"
    edit(programmes, f"    id: {CONSULT}\n", f"    id: {CONSULT}\n    visibility: private\n")
    commit_all(pinned["repo"], "another programme is private now")
    again = subprocess.run(pinned["command"], cwd=pinned["repo"], capture_output=True, text=True, env=pinned["env"], timeout=1800)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"Using plansite {OLD} from {made[0]}" in again.stdout
    assert "Installing" not in again.stdout
    assert f"Rebuilt version v1 with plansite {OLD}." in again.stdout
    listed = subprocess.run(["git", "grep", "-l", "-e", CONSULT, "-e", IDENT, "gh-pages", "--", "v1/"], cwd=pinned["remote"],
                            capture_output=True, text=True)
    assert listed.stdout == ""  # both out: the one withdrawn before stays out


def test_a_pinned_release_that_cannot_be_installed_is_one_line(tmp_path, monkeypatch):
    from plansite.release import generators

    source = tmp_path / "source"
    source.mkdir()
    (source / "requirements.txt").write_text("plansite==0.0.1\n", encoding="utf-8")
    monkeypatch.setenv("PLANSITE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # nowhere to find it
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "nothing"))
    with pytest.raises(generators.GeneratorError) as raised:
        generators.generator_for(source, "a" * 40, say=lambda line: None)
    message = str(raised.value)
    assert message.startswith("plansite 0.0.1, which built this version, could not be installed from its requirements.txt: ")
    assert "\n" not in message
    assert not (tmp_path / "cache" / "generators").exists() or not any((tmp_path / "cache" / "generators").iterdir())


@pytest.mark.parametrize("text, version", [
    ("plansite==0.1.0\n", "0.1.0"),
    ("# the generator\nplansite == 0.2.0 --hash=sha256:abc\n", "0.2.0"),
    ("mkdocs==1.6.1\nplansite==0.3.0 ; python_version >= '3.11'\n", "0.3.0"),
    ("plansite>=0.1\n", None),
    ("plansite==0.1.0\nplansite==0.2.0\n", None),
    ("plansite==$(touch /tmp/x)\n", None),
    ("", None),
])
def test_the_pin_is_read_only_when_it_names_one_version(tmp_path, text, version):
    from plansite.release.generators import pinned_version

    (tmp_path / "requirements.txt").write_text(text, encoding="utf-8")
    assert pinned_version(tmp_path) == version
