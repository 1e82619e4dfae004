"""Risk registers: scores must be likelihood × impact, fit the scale and match the bands."""
from __future__ import annotations

import textwrap

from plansite.checks.site_data import DATASETS, load_dataset_file

SOURCE = "source: {document: plan, section: 'Operational Risks'}"


def check(tmp_path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "risks.yaml"
    text = "# yaml-language-server: $schema=../schemas/risks.schema.json\n" + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file("risks", DATASETS["risks"], path, "data/risks.yaml")
    return instance, [str(p) for p in problems]


RISKS = f"""\
owner: Risk team
review_by: 2018-09-30
registers:
  - id: operational-risks
    title: Operational risks
    score_columns:
      - {{key: current, label: Current Risk Score}}
      - {{key: target, label: Target Risk Score}}
    heat_map: current
    bands:
      - {{label: Green, colour: green, min: 1, max: 3}}
      - {{label: Amber, colour: amber, min: 8, max: 12}}
      - {{label: Red, colour: red, min: 15, max: 25}}
    risks:
      - id: risk-qipp
        title: Risk to delivery of QIPP Plan
        scores:
          current: {{score: 20, likelihood: 4, impact: 5, rating: Red, as_written: 20 4x5 Red}}
          target: {{score: 10, likelihood: 2, impact: 5, rating: Amber}}
        consequences: [Failure to improve the rating]
        mitigations: [Improvement and Delivery Plan]
        owners: [chief-finance-officer]
        owners_as_written: Chief Finance Officer
        {SOURCE}
      - id: risk-data
        title: Failure to provide accurate data
        scores:
          current: {{score: 16, likelihood: not in the source, impact: not in the source, rating: Red}}
        mitigations: not in the source
        owners: not in the source
        {SOURCE}
    {SOURCE}
"""


def test_valid_register_and_heat_map(tmp_path):
    instance, problems = check(tmp_path, RISKS)
    assert problems == []
    register = instance.registers[0]
    cells = register.heat_map_cells()
    assert [row[0][0] for row in cells] == [5, 4, 3, 2, 1]  # highest likelihood first
    assert [(n, r.id) for n, r in cells[1][4][2]] == [(1, "risk-qipp")]  # likelihood 4, impact 5
    assert [(n, r.id) for n, r in register.not_on_heat_map()] == [(2, "risk-data")]
    assert register.band_of(20).label == "Red" and register.band_of(6) is None


def test_score_that_is_not_likelihood_times_impact(tmp_path):
    _, problems = check(tmp_path, RISKS.replace("score: 10, likelihood: 2", "score: 12, likelihood: 3"))
    assert problems == [
        "data/risks.yaml:20: 1st register › 1st risk (scores › target): score 12 is not likelihood 3 × impact 5 = 15"
    ]


def test_likelihood_above_the_scale(tmp_path):
    body = RISKS.replace("score: 20, likelihood: 4, impact: 5", "score: 30, likelihood: 6, impact: 5")
    _, problems = check(tmp_path, body)
    assert "data/risks.yaml:19: 1st register › 1st risk (scores › current › likelihood): likelihood 6 is above 5, the highest likelihood in this register" in problems


def test_rating_that_does_not_match_the_bands(tmp_path):
    _, problems = check(tmp_path, RISKS.replace("rating: Red, as_written", "rating: Amber, as_written"))
    assert problems == [
        "data/risks.yaml:19: 1st register › 1st risk (scores › current › rating): rating 'Amber' does not match score 20, "
        "which this register's bands rate 'Red'"
    ]


def test_overlapping_bands(tmp_path):
    _, problems = check(tmp_path, RISKS.replace("min: 8, max: 12", "min: 3, max: 12"))
    assert problems == [
        "data/risks.yaml:13: 1st register › 2nd band: the band 'Amber' (3 to 12) overlaps 'Green' (1 to 3)"
    ]


def test_unknown_score_column_and_heat_map(tmp_path):
    body = RISKS.replace("          target: {score", "          targett: {score").replace("heat_map: current", "heat_map: now")
    _, problems = check(tmp_path, body)
    assert problems == [
        "data/risks.yaml:10: 1st register (heat_map): 'now' is not a score column of this register. Score columns: current, target",
        "data/risks.yaml:20: 1st register › 1st risk (scores › targett): 'targett' is not a score column of this register. Score columns: target, current",
    ]


def test_score_must_be_a_number_or_a_gap(tmp_path):
    _, problems = check(tmp_path, RISKS.replace("score: 16,", "score: sixteen,"))
    assert len(problems) == 1
    assert problems[0].startswith("data/risks.yaml:29: 1st register › 2nd risk (scores › current › score): 'sixteen' is not allowed here")
