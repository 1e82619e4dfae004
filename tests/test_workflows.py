"""The CI workflows lint clean and call the same make targets people use."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    found = Path(sys.executable).parent / "actionlint"
    return str(found) if found.exists() else (shutil.which("actionlint") or "actionlint")


def test_workflows_pass_actionlint():
    assert WORKFLOWS
    proc = subprocess.run([actionlint(), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert subprocess.run([actionlint(), str(bad)], capture_output=True).returncode != 0


def run_steps(workflow: str) -> list[str]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    return [step.get("run", "") for job in data["jobs"].values() for step in job.get("steps", [])]


def test_pull_requests_run_the_make_targets_people_run():
    steps = "\n".join(run_steps("check.yml"))
    for target in ("make test", "make verify"):
        assert target in steps


def test_make_verify_is_the_whole_site_check():
    """Check, strict build, link check and the browser sweep, in that order."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nverify:", 1)[1].split("\n\n", 1)[0]
    order = ["-m macros.checks.check", "mkdocs build --strict", "-m macros.checks.linkcheck", "-m macros.checks.browser_sweep"]
    assert all(step in recipe for step in order), recipe
    assert [recipe.index(step) for step in order] == sorted(recipe.index(step) for step in order)


def test_merges_publish_after_the_checks_one_at_a_time():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert data["concurrency"]["cancel-in-progress"] is False
    assert data["jobs"]["check"]["uses"] == "./.github/workflows/check.yml"
    assert data["jobs"]["publish"]["needs"] == "check"
    assert any("make publish REMOTE=origin" in step for step in run_steps("publish.yml"))
