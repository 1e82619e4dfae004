"""Workstreams: leads (or a gap) and the planning groupings they are led at, checked by id."""
from __future__ import annotations

import shutil
import textwrap

import pytest

from conftest import ROOT
from plansite.checks.site_data import DATASETS, load_dataset_file, load_site_data
from plansite.read.problems import ProblemsFound

SOURCE = "source: {document: paper, section: 'Scale, Scope and Working Principles'}"


def check(tmp_path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "workstreams.yaml"
    text = "# yaml-language-server: $schema=../schemas/workstreams.schema.json\n" + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file("workstreams", DATASETS["workstreams"], path, "data/workstreams.yaml")
    return instance, [str(p) for p in problems]


WORKSTREAMS = f"""\
owner: Programme office
review_by: 2016-09-30
title: Workstreams
summary: What the plan covers.
groupings:
  - id: ccg-wide
    number: "2"
    title: CCG wide
    {SOURCE}
workstreams:
  - id: workstream-urgent-care
    number: "6"
    title: Urgent and Emergency care
    leads: to be confirmed
    led_at: [ccg-wide]
    {SOURCE}
{SOURCE}
"""


def test_valid_workstreams(tmp_path):
    instance, problems = check(tmp_path, WORKSTREAMS)
    assert problems == []
    assert instance.workstreams[0].leads == "to be confirmed"


def test_leads_must_be_a_list_or_a_gap(tmp_path):
    _, problems = check(tmp_path, WORKSTREAMS.replace("leads: to be confirmed", "leads: James Scott"))
    assert len(problems) == 1
    assert problems[0].startswith("data/workstreams.yaml:15: 1st workstream (leads): 'James Scott' is not allowed here")


def test_unknown_grouping_is_reported_with_the_known_ones(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "bsw" / "data", data)
    path = data / "workstreams.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("led_at: [banes-swindon-wiltshire]", "led_at: [banes-swindon-wilts]", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        load_site_data(data)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1
    assert "5th workstream › 1st led at entry: 'banes-swindon-wilts' is not a known planning grouping. Known planning groupings: banes-swindon-wiltshire" in problems[0]
    assert problems[0].startswith("data/workstreams.yaml:")
