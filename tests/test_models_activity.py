"""Activity plans: the plan is the sum of its parts, the months add up to the year, parts to wholes."""
from __future__ import annotations

import textwrap

from plansite.checks.site_data import DATASETS, load_dataset_file

SOURCE = "source: {document: plan, section: 'Activity Plans'}"
MONTHS = "[{when: Apr, date: 2018-04}, {when: May, date: 2018-05}, {when: Jun, date: 2018-06}]"


def check(tmp_path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "activity.yaml"
    text = "# yaml-language-server: $schema=../schemas/activity.schema.json\n" + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file("activity", DATASETS["activity"], path, "data/activity.yaml")
    return instance, [str(p) for p in problems]


ACTIVITY = f"""\
owner: Planning team
review_by: 2018-09-30
plans:
  - id: activity-plan
    title: Activity plan
    period: 2018/19
    unit: number of referrals
    month_labels: {MONTHS}
    months_add_up_to: plan
    rounding: "1"
    measures:
      - {{key: do-nothing, label: 18/19 Do Nothing}}
      - {{key: qipp, label: 18/19 QIPP}}
      - {{key: plan, label: 18/19 Plan, sum_of: [do-nothing, qipp]}}
      - {{key: change, label: 17/18 to 18/19, kind: percentage}}
    lines:
      - key: em7
        code: E.M.7
        title: Total Referrals
        figures: {{do-nothing: "3,300", qipp: "-150", plan: "3,150", change: "-1%"}}
        months: ["1,050", "1,051", "1,050"]
      - key: em7a
        code: E.M.7a
        title: GP Referrals
        part_of: em7
        figures: {{do-nothing: "2,000", qipp: "-100", plan: "1,900", change: "3%"}}
        months: ["630", "640", "630"]
      - key: em7b
        code: E.M.7b
        title: Other Referrals
        part_of: em7
        figures: {{do-nothing: "1,300", qipp: "-50", plan: "1,250", change: "7%"}}
        months: ["420", "411", "420"]
    {SOURCE}
"""


def test_valid_plan(tmp_path):
    instance, problems = check(tmp_path, ACTIVITY)
    assert problems == []
    assert instance.plans[0].lines[0].figures["plan"] == "3,150"


def test_plan_that_is_not_do_nothing_plus_qipp(tmp_path):
    body = ACTIVITY.replace('qipp: "-50", plan: "1,250"', 'qipp: "-50", plan: "1,260"')
    _, problems = check(tmp_path, body)
    assert problems == [
        # The whole no longer equals its parts, the plan is not do nothing + QIPP, and the months fall short.
        "data/activity.yaml:21: 1st plan › 1st line (figures › plan): 18/19 Plan: 3,150 is not the sum of its parts 'E.M.7a' + 'E.M.7b' = 3,160",
        "data/activity.yaml:33: 1st plan › 3rd line (figures › plan): 18/19 Plan: 1,260 is not '18/19 Do Nothing' + '18/19 QIPP' = 1,250",
        "data/activity.yaml:34: 1st plan › 3rd line (months): the 3 months add up to 1,251, not the 18/19 Plan of 1,260 (more than the 1 allowed for rounding)",
    ]


def test_months_that_do_not_add_up_to_the_year(tmp_path):
    _, problems = check(tmp_path, ACTIVITY.replace('months: ["630", "640", "630"]', 'months: ["630", "650", "630"]'))
    assert problems == [
        "data/activity.yaml:22: 1st plan › 1st line › 2nd month: May: 1,051 is not the sum of its parts 'E.M.7a' + 'E.M.7b' = 1,061",
        "data/activity.yaml:28: 1st plan › 2nd line (months): the 3 months add up to 1,910, not the 18/19 Plan of 1,900 "
        "(more than the 1 allowed for rounding)",
    ]


def test_parts_that_do_not_add_up_to_the_whole(tmp_path):
    body = ACTIVITY.replace('do-nothing: "3,300", qipp: "-150", plan: "3,150"', 'do-nothing: "3,400", qipp: "-150", plan: "3,250"')
    _, problems = check(tmp_path, body)
    assert problems == [
        "data/activity.yaml:21: 1st plan › 1st line (figures › do-nothing): 18/19 Do Nothing: 3,400 is not the sum of its parts 'E.M.7a' + 'E.M.7b' = 3,300",
        "data/activity.yaml:21: 1st plan › 1st line (figures › plan): 18/19 Plan: 3,250 is not the sum of its parts 'E.M.7a' + 'E.M.7b' = 3,150",
        "data/activity.yaml:22: 1st plan › 1st line (months): the 3 months add up to 3,151, not the 18/19 Plan of 3,250 (more than the 1 allowed for rounding)",
    ]


def test_wrong_number_of_months(tmp_path):
    _, problems = check(tmp_path, ACTIVITY.replace('months: ["420", "411", "420"]', 'months: ["420", "411"]'))
    assert problems == [
        "data/activity.yaml:34: 1st plan › 3rd line (months): gives 2 months, but the plan has 3; write one figure per month, and '-' or null for a blank"
    ]


def test_unknown_part_of(tmp_path):
    _, problems = check(tmp_path, ACTIVITY.replace("part_of: em7\n        figures: {do-nothing: \"1,300\"", "part_of: em8\n        figures: {do-nothing: \"1,300\""))
    assert problems == [
        "data/activity.yaml:32: 1st plan › 3rd line (part_of): 'em8' is not another line of this plan. Lines: em7, em7a, em7b"
    ]
