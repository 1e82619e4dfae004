"""Objectives: groups of objectives with optional leads, due dates and status."""
from __future__ import annotations

import textwrap

from plansite.checks.site_data import DATASETS, load_dataset_file

SOURCE = "source: {document: plan, section: 'Corporate Objectives'}"


def check(tmp_path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "objectives.yaml"
    text = "# yaml-language-server: $schema=../schemas/objectives.schema.json\n" + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file("objectives", DATASETS["objectives"], path, "data/objectives.yaml")
    return instance, [str(p) for p in problems]


OBJECTIVES = f"""\
owner: Corporate affairs
review_by: 2018-09-30
groups:
  - id: corporate-objectives
    title: 2018/19 corporate objectives
    leads: [ccg-chair, accountable-officer]
    objectives:
      - id: objective-1
        number: "1"
        title: Delivering the Improvement Plan for 2018-2019 and beyond
        due: {{when: 31 July 2018, date: 2018-07-31}}
        {SOURCE}
      - id: objective-2
        number: "2"
        title: Delivering the Financial Plan for 2018-2019
        leads: not in the source
        {SOURCE}
    {SOURCE}
"""


def test_valid_objectives(tmp_path):
    instance, problems = check(tmp_path, OBJECTIVES)
    assert problems == []
    group = instance.groups[0]
    assert group.leads == ["ccg-chair", "accountable-officer"]
    assert group.objectives[1].leads == "not in the source"
    assert group.objectives[0].leads is None  # not said: nothing shown


def test_group_needs_objectives(tmp_path):
    body = OBJECTIVES.split("    objectives:\n")[0] + f"    objectives: []\n    {SOURCE}\n"
    _, problems = check(tmp_path, body)
    assert problems == ["data/objectives.yaml:8: 1st group (objectives): needs at least 1 entries"]


def test_unknown_gap_word(tmp_path):
    _, problems = check(tmp_path, OBJECTIVES.replace("leads: not in the source", "leads: TBC"))
    assert len(problems) == 1
    assert problems[0].startswith("data/objectives.yaml:17: 1st group › 2nd objective (leads): 'TBC' is not allowed here")
