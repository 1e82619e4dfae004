"""Each model: a valid example, and invalid ones whose messages name file, line and field."""
from __future__ import annotations

import textwrap

import pytest

from plansite.checks.site_data import DATASETS, load_dataset_file
from plansite.models.common import parse_plan_date

SOURCE = "source: {document: board-update-2018-11, section: '6.1'}"


# Every data file names its owner and review date; these tests are about other fields.
STEWARDSHIP = "owner: Test owner\nreview_by: 2019-05-31\n"


def check(tmp_path, dataset: str, body: str) -> tuple[object, list[str]]:
    path = tmp_path / f"{dataset}.yaml"
    text = f"# yaml-language-server: $schema=../schemas/{dataset}.schema.json\n" + textwrap.dedent(body) + STEWARDSHIP
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file(dataset, DATASETS[dataset], path, f"data/{dataset}.yaml")
    return instance, [str(p) for p in problems]


PEOPLE = f"""\
people:
  - id: chris-burton
    name: Chris Burton
    roles:
      - title: Medical Director
        organisation: north-bristol-nhs-trust
    {SOURCE}
"""


def test_valid_person(tmp_path):
    instance, problems = check(tmp_path, "people", PEOPLE)
    assert problems == []
    assert instance.people[0].roles[0].title == "Medical Director"


def test_unknown_field_lists_known_fields_nearest_first(tmp_path):
    _, problems = check(tmp_path, "people", PEOPLE.replace("    name: Chris", "    nmae: Chris"))
    assert any(
        p.startswith("data/people.yaml:4: 1st person (nmae): 'nmae' is not a known field here. Known fields: name, ")
        for p in problems
    ), problems
    assert any(p.startswith("data/people.yaml:3: 1st person (name): this field is missing") for p in problems)


def test_wrong_type(tmp_path):
    _, problems = check(tmp_path, "people", PEOPLE.replace("    name: Chris Burton", "    name: [Chris, Burton]"))
    assert problems == ["data/people.yaml:4: 1st person (name): should be text, but is a list"]


def test_bad_id(tmp_path):
    _, problems = check(tmp_path, "people", PEOPLE.replace("id: chris-burton", "id: Chris Burton"))
    assert problems == [
        "data/people.yaml:3: 1st person (id): 'Chris Burton' is not a valid id: use lower-case words joined by hyphens, e.g. 'julia-ross'"
    ]


def test_schema_line_required(tmp_path):
    path = tmp_path / "people.yaml"
    path.write_text(PEOPLE + STEWARDSHIP, encoding="utf-8")
    _, _, problems = load_dataset_file("people", DATASETS["people"], path, "data/people.yaml")
    assert [str(p) for p in problems] == [
        "data/people.yaml:1: the first line must name the schema: '# yaml-language-server: $schema=../schemas/people.schema.json'"
    ]


TIMELINE = f"""\
title: Planning timeline
summary: Key milestones.
progress: []
milestones:
  - id: contracts-signed
    title: Contracts signed
    due: {{when: 21/03/2019, date: 2019-03-21}}
    status:
      - date: 2018-11
        status: on track
        note: Work is on track.
        {SOURCE}
    {SOURCE}
"""


def test_valid_timeline_with_month_precision_status(tmp_path):
    instance, problems = check(tmp_path, "planning_timeline", TIMELINE)
    assert problems == []
    milestone = instance.milestones[0]
    assert str(milestone.due.date) == "21 March 2019"
    assert str(milestone.status[0].date) == "November 2018"


def test_impossible_date(tmp_path):
    _, problems = check(tmp_path, "planning_timeline", TIMELINE.replace("date: 2019-03-21", "date: 2019-02-30"))
    assert len(problems) == 1
    assert problems[0].startswith("data/planning_timeline.yaml:8: 1st milestone (due › date): ")
    assert "'2019-02-30' is not a real date: February 2019 has 28 days" in problems[0]


def test_gap_is_allowed_where_a_date_is_unknown(tmp_path):
    instance, problems = check(tmp_path, "planning_timeline", TIMELINE.replace("date: 2019-03-21", "date: to be confirmed"))
    assert problems == []
    assert instance.milestones[0].due.date == "to be confirmed"


def test_unknown_status_word_lists_choices(tmp_path):
    _, problems = check(tmp_path, "planning_timeline", TIMELINE.replace("status: on track", "status: going well"))
    assert problems == [
        "data/planning_timeline.yaml:11: 1st milestone › 1st status update (status): 'going well' is not allowed here. "
        "Choose one of: 'not started', 'in progress', 'on track', 'at risk', 'late' or 'complete'"
    ]


def test_wrong_gap_word_gets_one_plain_message(tmp_path):
    _, problems = check(tmp_path, "planning_timeline", TIMELINE.replace("date: 2019-03-21", "date: TBC"))
    assert len(problems) == 1
    assert problems[0].startswith("data/planning_timeline.yaml:8: 1st milestone (due › date): ")
    assert problems[0].endswith(
        "'TBC' is not a date; write YYYY-MM-DD, or YYYY-MM for a month (or write 'to be confirmed' or 'not in the source')"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("2019-13-01", "there is no month 13"),
        ("1 May 2019", "is not a date; write YYYY-MM-DD"),
        ("2020-02-30", "February 2020 has 29 days"),
    ],
)
def test_plan_date_messages(text, message):
    with pytest.raises(ValueError, match=message):
        parse_plan_date(text)


def test_plan_date_precision():
    assert str(parse_plan_date("2018-12")) == "December 2018"
    assert parse_plan_date("2019-01-14").iso == "2019-01-14"


MATURITY_CAPABILITY = """\
      - id: capability-1-1
        number: '1.1'
        domain: Leadership
        text: Strong leadership.
        current: 2
        desired: 4
        {source}
"""


def test_scores_must_be_one_to_four(tmp_path):
    from plansite.models.aspiring_ics import Capability

    with pytest.raises(Exception, match="Input should be 1, 2, 3 or 4"):
        Capability.model_validate(
            {"id": "c", "number": "1.1", "domain": "d", "text": "t", "current": 5, "desired": 4,
             "source": {"document": "d", "section": "s"}}
        )
    with pytest.raises(Exception, match="desired score 1 is below current score 2"):
        Capability.model_validate(
            {"id": "c", "number": "1.1", "domain": "d", "text": "t", "current": 2, "desired": 1,
             "source": {"document": "d", "section": "s"}}
        )


def test_a_value_fitting_no_allowed_shape_gets_one_plain_sentence():
    from pydantic import ValidationError

    from plansite.read.loading import LoadedFile
    from plansite.models.aspiring_ics import Capability
    from plansite.checks.validation import validation_problems

    value = {"id": "c", "number": "1", "domain": "d", "text": "t", "current": "high", "desired": 4,
             "source": {"document": "d", "section": "s"}}
    with pytest.raises(ValidationError) as caught:
        Capability.model_validate(value)
    problems = [str(p) for p in validation_problems(caught.value, Capability, LoadedFile("data/x.yaml", value))]
    assert problems == [
        "data/x.yaml:1: current: 'high' is not allowed here: it should be one of 1, 2, 3 or 4, "
        "or 'to be confirmed' or 'not in the source'"
    ]
