"""The generator's stages import only the stages before them (.importlinter): read, models,
checks, render, outputs, release, then the engine glue and the command."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ENV, ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(package_parent: Path, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**ENV, "PYTHONPATH": str(package_parent)}  # ahead of the editable install's finder
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / ".importlinter"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, env=environment, timeout=300)


def test_every_stage_imports_only_the_stages_before_it(tmp_path):
    done = lint(ROOT / "macros", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 1 kept, 0 broken." in done.stdout


def test_a_stage_importing_a_later_one_is_named(tmp_path):
    copy = tmp_path / "macros"
    shutil.copytree(ROOT / "macros" / "plansite", copy / "plansite", ignore=shutil.ignore_patterns("__pycache__", "templates_compiled"))
    loading = copy / "plansite" / "read" / "loading.py"
    loading.write_text(loading.read_text(encoding="utf-8") + "\nfrom plansite.release import publish  # a later stage\n",
                       encoding="utf-8")
    done = lint(copy, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "plansite.read is not allowed to import plansite.release" in done.stdout
    assert "plansite.read.loading -> plansite.release.publish" in done.stdout


def test_no_stage_imports_the_glue_in_the_package_itself():
    """The package's own __init__.py is mkdocs-macros glue (define_env); import-linter sees
    an import of ``plansite`` as of no layer, so this says what it cannot."""
    import ast

    package = ROOT / "macros" / "plansite"
    submodules = {p.stem for p in package.glob("*.py")} | {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    found = []
    for stage in ("read", "models", "checks", "render", "outputs", "release"):
        for path in sorted((package / stage).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import) and any(alias.name == "plansite" for alias in node.names):
                    found.append(f"{path.relative_to(package)}:{node.lineno}: import plansite")
                if isinstance(node, ast.ImportFrom) and node.module == "plansite":
                    found += [f"{path.relative_to(package)}:{node.lineno}: from plansite import {a.name}"
                              for a in node.names if a.name not in submodules]
    assert found == []
