"""Shared fixtures: the project's real data, and throwaway copies of the whole site to break."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"


@pytest.fixture(scope="session")
def site_data():
    """The example site's data, loaded and validated once for the whole session."""
    from macros.datasets import load_site_data

    return load_site_data(ROOT / "data")


@dataclass
class BuildResult:
    returncode: int
    output: str
    site_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def copy_site(target: Path) -> Path:
    """A copy of the example site (docs, data, mkdocs.yml) that a test may break."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copy(ROOT / "mkdocs.base.yml", target / "mkdocs.base.yml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The generator stays in the project; only the site is copied.
    config = config.replace("  - macros/hooks.py", f"  - {ROOT / 'macros' / 'hooks.py'}")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


# Data files read during the tests are cached here, not in the user's own cache folder.
os.environ.setdefault("PLANSITE_CACHE_DIR", tempfile.mkdtemp(prefix="plansite-cache-"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("PLANSITE_PREVIEW", None)


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


@pytest.fixture
def site_copy(tmp_path) -> Path:
    return copy_site(tmp_path / "site-src")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuildResult:
    """The example site, built once per session from a copy of the project."""
    root = copy_site(tmp_path_factory.mktemp("built") / "src")
    result = build_site(root)
    assert result.ok, result.output
    return result
