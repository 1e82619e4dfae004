"""The benchmark's data scaled ×N still passes the data check (bench/synthetic.py): the
benchmark refuses to time a site whose data is wrong, so a new check that the scaled copies
break would stop `make bench`, as the check of typed counts once did ("three strategic goals"
beside 30 goals)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import EXAMPLES
from bench.synthetic import scale_data
from plansite.checks.summary_counts import typed_counts


@pytest.mark.parametrize("example", ["bsw", "cambridgeshire-peterborough"])
def test_scaled_data_passes_the_check(example, tmp_path):
    counts = scale_data(EXAMPLES / example / "data", tmp_path / "data", 3)
    assert sum(counts.values()) > 0
    result = subprocess.run([sys.executable, "-m", "plansite.checks.check", "data"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_typed_count_beside_a_scaled_list_is_scaled_with_it(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "plan.yaml").write_text(
        "# schema line\nsummary: It has three goals and two other things.\n"
        "goals:\n  - id: a\n  - id: b\n  - id: c\n", encoding="utf-8")
    scale_data(tmp_path / "src", tmp_path / "dst", 4)
    scaled = (tmp_path / "dst" / "plan.yaml").read_text(encoding="utf-8")
    assert "It has 12 goals and two other things." in scaled
    assert typed_counts("It has 12 goals", {"goals": 12}) == [("12 goals", "goals", 12)]
