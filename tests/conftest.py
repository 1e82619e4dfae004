"""Shared fixtures: the tests' own sites, never the root site.

The root site (data/, docs/, mkdocs.yml) belongs to the comms team and changes with every
edit; the tests build ``tests/fixtures/bnssg``, a frozen copy of it taken in November 2018
terms, and small sites of their own, so no edit to the root site can make a test fail.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# The tests' own copy of a full partnership site: its content is pinned by the tests.
FIXTURE = ROOT / "tests" / "fixtures" / "bnssg"
# The two example partnerships: the generator's own examples, not comms content.
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def site_data():
    """The fixture site's data, loaded and validated once for the whole session."""
    from plansite.checks.site_data import load_site_data

    return load_site_data(FIXTURE / "data")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def copy_site(target: Path, source: Path = FIXTURE) -> Path:
    """A copy of a test site (docs, data, mkdocs.yml; the fixture site by default) that a
    test may break. The generator and the shared settings stay in the project."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "docs", target / "docs")
    shutil.copytree(source / "data", target / "data")
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


# Data files read during the tests are cached here, not in the user's own cache folder.
os.environ.setdefault("PLANSITE_CACHE_DIR", tempfile.mkdtemp(prefix="plansite-cache-"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_site(root: Path, site_dir: Path | None = None) -> BuildResult:
    """Run a real strict ``mkdocs build`` of the site in ``root``."""
    site_dir = site_dir or root / "site"
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=root,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, site_dir)


def build_in_process(root: Path, site_dir: Path, monkeypatch) -> None:
    """A real strict MkDocs build of the site in ``root``, run in this process (so what the
    test changed in it, e.g. a registered dataset or a counting wrapper, takes part). No
    board pack PDF, no disk cache, one core; the process is left as it was."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import plansite
    import plansite.outputs.board_pack

    monkeypatch.setattr(plansite.outputs.board_pack, "find_chromium", lambda: None)
    monkeypatch.setattr(plansite.preview, "serving", False)
    # on_startup lets a build read on two cores; leave this process as it was afterwards.
    monkeypatch.setattr(plansite.read.loading, "USE_SECOND_CORE", False)
    monkeypatch.setenv("PLANSITE_CACHE_DIR", "off")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.chdir(root)
    # Data cached by an earlier test in this process must not stand in for this build's.
    plansite.checks.site_data._load_cached.cache_clear()
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        plansite.checks.site_data._load_cached.cache_clear()


@pytest.fixture
def site_copy(tmp_path) -> Path:
    return copy_site(tmp_path / "site-src")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuildResult:
    """The fixture site, built once per session from a copy."""
    root = copy_site(tmp_path_factory.mktemp("built") / "src")
    result = build_site(root)
    assert result.ok, result.output
    return result


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory):
    """Both example sites, built once per session straight from examples/ into tmp_path."""
    results = {}
    for name in ("cambridgeshire-peterborough", "bsw"):
        result = build_site(EXAMPLES / name, tmp_path_factory.mktemp(name) / "site")
        assert result.ok, result.output
        results[name] = result
    return results


@pytest.fixture(scope="session")
def built_sites(built_site, built_examples) -> dict:
    """All three partnerships' built sites, by name."""
    return {"bnssg": built_site, **built_examples}
