"""Action plans: owners, due dates, and RAG ratings and status words from the plan's own scale."""
from __future__ import annotations

import textwrap

from plansite.checks.site_data import DATASETS, load_dataset_file

SOURCE = "source: {document: plan, section: 'Improvement Plan'}"


def check(tmp_path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "actions.yaml"
    text = "# yaml-language-server: $schema=../schemas/actions.schema.json\n" + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file("actions", DATASETS["actions"], path, "data/actions.yaml")
    return instance, [str(p) for p in problems]


ACTIONS = f"""\
owner: Governance team
review_by: 2018-09-30
plans:
  - id: improvement-plan
    title: Improvement Plan 2018/19
    summary: Owned by the Governing Body.
    owner: [governing-body]
    owners_heading: GB Owner
    rag_scale:
      - {{label: Complete, colour: not in the source}}
      - {{label: On-Track, colour: green}}
    status_values: [Open, Closed]
    sections:
      - id: leadership
        title: Leadership
        requirements:
          - id: requirement-2
            ref: "2"
            title: A clearly articulated leadership strategy is needed.
            actions:
              - id: action-2c
                ref: 2c
                title: New full organisational structure agreed for consultation
                due: {{when: 31-Aug, date: 2018-08-31}}
                owners: [accountable-officer]
                owners_as_written: AO
                progress:
                  - {{date: 2018-06-30, rag: On-Track, status: Open}}
                  - {{date: 2018-07-30, rag: Complete, status: Closed}}
                {SOURCE}
            {SOURCE}
        {SOURCE}
    {SOURCE}
"""


def test_valid_plan_newest_progress_wins(tmp_path):
    instance, problems = check(tmp_path, ACTIONS)
    assert problems == []
    plan = instance.plans[0]
    action = plan.all_actions()[0]
    assert str(action.due.date) == "31 August 2018"
    assert max(action.progress, key=lambda u: u.date.sort_key).rag == "Complete"
    assert plan.rag_level("On-Track").colour == "green"
    assert plan.sections[0].progress_date is not None and str(plan.sections[0].progress_date) == "30 July 2018"


def test_rag_not_on_the_plans_scale(tmp_path):
    _, problems = check(tmp_path, ACTIONS.replace("rag: On-Track, status: Open", "rag: On Track, status: Open"))
    assert problems == [
        "data/actions.yaml:29: 1st plan › 1st section › 1st requirement › 1st action › 1st progress entry (rag): "
        "'On Track' is not one of this plan's RAG ratings. Ratings: On-Track, Complete"
    ]


def test_status_not_in_the_plans_words(tmp_path):
    _, problems = check(tmp_path, ACTIONS.replace("status: Closed}", "status: Done}"))
    assert problems == [
        "data/actions.yaml:30: 1st plan › 1st section › 1st requirement › 1st action › 2nd progress entry (status): "
        "'Done' is not one of this plan's status words. Status words: Closed, Open"
    ]


def test_gaps_are_allowed_for_rag_and_status(tmp_path):
    body = ACTIONS.replace("rag: On-Track, status: Open", "rag: not in the source, status: to be confirmed")
    _, problems = check(tmp_path, body)
    assert problems == []


def test_due_date_must_be_real(tmp_path):
    _, problems = check(tmp_path, ACTIONS.replace("date: 2018-08-31", "date: 2018-09-31"))
    assert len(problems) == 1
    assert problems[0].startswith("data/actions.yaml:25: 1st plan › 1st section › 1st requirement › 1st action (due › date): '2018-09-31' is not a real date: September 2018 has 30 days")


def test_section_without_actions(tmp_path):
    body = ACTIONS.replace("        requirements:\n", "        requirements: []\n        old_requirements:\n")
    _, problems = check(tmp_path, body)
    assert any("'old_requirements' is not a known field here" in p for p in problems), problems
