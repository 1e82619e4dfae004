"""Financial tables: figures kept as printed, and totals that must add up (file, line, both numbers)."""
from __future__ import annotations

import textwrap

from plansite.checks.site_data import DATASETS, load_dataset_file
from plansite.models.figures import figure_value, format_figure

SOURCE = "source: {document: plan, section: 'Month 3'}"


def check(tmp_path, body: str) -> tuple[object, list[str]]:
    path = tmp_path / "finance.yaml"
    text = "# yaml-language-server: $schema=../schemas/finance.schema.json\n" + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    instance, _, problems = load_dataset_file("finance", DATASETS["finance"], path, "data/finance.yaml")
    return instance, [str(p) for p in problems]


FINANCE = f"""\
owner: Finance team
review_by: 2018-09-30
title: Finance
summary: The money.
tables:
  - id: month-3
    title: Month 3 position
    unit: £'000
    label_heading: Budget line
    rounding: "1"
    columns:
      - {{key: budget, label: YTD Budget}}
      - {{key: variance, label: Variance}}
      - {{key: share, label: Share, kind: percentage}}
      - {{key: comment, label: Comment, kind: text}}
    rows:
      - label: Allocation
        key: allocation
        cells: {{budget: "295,625", variance: 0}}
      - label: Spending
        kind: heading
      - label: Acute
        key: acute
        cells: {{budget: "150,553", variance: "(1,976)", share: "51%", comment: Winter beds}}
      - label: Running costs
        key: running-costs
        cells: {{budget: "5,108", variance: "(71)", share: "2%"}}
      - label: Total
        key: total
        kind: total
        total_of: [acute, running-costs]
        cells: {{budget: "155,661", variance: "(2,047)", share: "53%"}}
      - label: Deficit
        kind: total
        total_of: [allocation]
        less: [total]
        total_columns: [budget]
        cells: {{budget: "139,964", variance: "(2,047)"}}
    {SOURCE}
"""


def test_valid_table_keeps_figures_as_printed(tmp_path):
    instance, problems = check(tmp_path, FINANCE)
    assert problems == []
    table = instance.tables[0]
    assert table.rows[2].cells["variance"] == "(1,976)"
    assert table.rows[0].cells["variance"] == "0"  # a bare whole number is kept as text
    assert table.uses_brackets


def test_total_that_does_not_add_up_names_line_and_both_numbers(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace('budget: "155,661"', 'budget: "155,761"'))
    assert problems == [
        "data/finance.yaml:33: 1st table › 5th row (cells › budget): YTD Budget: total 155,761 is not "
        "'Acute' + 'Running costs' = 155,661 (more than the 1 allowed for rounding)",
        # The deficit subtracts that total, so it no longer adds up either.
        "data/finance.yaml:39: 1st table › 6th row (cells › budget): YTD Budget: total 139,964 is not "
        "'Allocation' − 'Total' = 139,864 (more than the 1 allowed for rounding)",
    ]


def test_total_within_rounding_passes(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace('budget: "155,661"', 'budget: "155,662"'))
    assert problems == []


def test_subtracted_rows_are_checked(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace('budget: "139,964"', 'budget: "(139,964)"'))
    assert problems == [
        "data/finance.yaml:39: 1st table › 6th row (cells › budget): YTD Budget: total (139,964) is not "
        "'Allocation' − 'Total' = 139,964 (more than the 1 allowed for rounding)"
    ]


def test_percentage_and_text_columns_are_not_added_up(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace('share: "53%"', 'share: "99%"'))
    assert problems == []


def test_figure_that_is_not_a_figure(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace('"(71)"', '"71)"'))
    assert problems == [
        "data/finance.yaml:28: 1st table › 4th row (cells › variance): '71)' is not a figure; write it as the "
        "source prints it, e.g. '1,234', '(1,234)', '-0.75', '3.3%' or '-' for nil"
    ]


def test_decimal_written_bare_must_be_quoted(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace("variance: 0}", "variance: 0.70}"))
    assert problems == [
        "data/finance.yaml:20: 1st table › 1st row (cells › variance): write the figure 0.7 in quotes, exactly "
        "as the source prints it (e.g. '-0.75'), so that its precision is kept"
    ]


def test_unknown_column_and_row_keys(tmp_path):
    body = FINANCE.replace("share: \"2%\"", "shares: \"2%\"").replace("total_of: [acute, running-costs]", "total_of: [acute, running]")
    _, problems = check(tmp_path, body)
    assert "data/finance.yaml:28: 1st table › 4th row (cells › shares): 'shares' is not a column of this table. Columns: share, budget, comment, variance" in problems
    assert any(p.startswith("data/finance.yaml:32: 1st table › 5th row › 2nd total of entry: 'running' is not a row key in this table. Row keys: running-costs") for p in problems)


def test_total_row_must_list_its_rows(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace("        total_of: [acute, running-costs]\n", ""))
    assert problems == [
        "data/finance.yaml:29: 1st table › 5th row (total_of): a total row must say which rows it adds up: list their keys in total_of"
    ]


def test_only_total_rows_add_up(tmp_path):
    _, problems = check(tmp_path, FINANCE.replace("        kind: total\n        total_of: [acute", "        total_of: [acute"))
    assert problems == [
        "data/finance.yaml:29: 1st table › 5th row (kind): only a total row adds up other rows; add 'kind: total', or remove total_of, less and total_columns"
    ]


def test_figure_values():
    assert figure_value("(1,976)") == -1976
    assert figure_value("-0.75") == -0.75
    assert str(figure_value("3.3%")) == "3.3"
    assert figure_value("-") == 0
    assert figure_value("(12") is None
    assert figure_value("twelve") is None
    assert format_figure(figure_value("-35.1") - figure_value("3.0"), ["-35.1", "3.0"]) == "-38.1"
    assert format_figure(figure_value("1,197,472"), ["1,197,472"]) == "1,197,472"
