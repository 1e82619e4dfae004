"""Financial tables: a financial plan, a month's position against budget, risks in money terms,
savings (QIPP) programmes. Any table of figures with rows, columns and totals.

Figures are kept as the source prints them (see ``figures.py``). The check proves the
arithmetic: every total row must equal the rows it totals, in every number column, within
the rounding the table allows.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from plansite.read.problems import known_choices
from plansite.models.common import DatasetFile, Dated, Gap, Id, Record, Strict, Text, TableProblems
from plansite.models.figures import FIGURE_EXAMPLES, Cell, figure_value, format_figure, sum_words, within

ColumnKind = Literal["amount", "count", "percentage", "text"]
SUMMED_KINDS = ("amount", "count")


class Column(Strict):
    """One column of figures (or of words, for a text column)."""

    key: Id = Field(description="A short name for the column, used by the rows' cells, e.g. 'ytd-budget'.")
    label: Text = Field(description="The column heading as the source gives it.")
    group: Text | None = Field(None, description="A heading the source puts over several columns, e.g. '1 - Initiation'.")
    kind: ColumnKind = Field(
        "amount",
        description="amount (money, in the table's unit) and count are added up by totals; "
        "percentage and text are not.",
    )
    unit: Text | None = Field(None, description="The column's unit, if not the table's, e.g. '%' or 'number'.")


RowKind = Literal["row", "heading", "total"]


class TableRow(Strict):
    """A row: a line of figures, a heading over the rows below it, or a total of other rows."""

    key: Id | None = Field(None, description="A short name, needed when a total row adds this row up.")
    label: Text
    kind: RowKind = "row"
    cells: dict[Id, Cell] = Field(
        default_factory=dict,
        description="Column key → the figure as the source prints it. Leave out a cell the source leaves blank.",
    )
    total_of: list[Id] = Field(default_factory=list, description="For a total row: the keys of the rows it adds up.")
    less: list[Id] = Field(default_factory=list, description="For a total row: the keys of rows it subtracts.")
    total_columns: list[Id] | None = Field(
        None, description="For a total row: the columns in which it is a total (default: every amount and count column)."
    )
    note: Text | None = None


class FinancialTable(Record):
    """A table of figures from the source, with its unit and the totals the check proves."""

    title: Text
    summary: Text | None = None
    unit: Text | None = Field(description="The unit of the amounts, as the source gives it, e.g. '£000s' or '£m'; null for a table of words only.")
    unit_note: Text | None = Field(None, description="Anything the source says, or leaves unclear, about the unit.")
    as_of: Dated | Gap | None = Field(None, description="The date the figures are stated at, e.g. month 3.")
    label_heading: Text = Field(description="The heading of the first column, which names each row.")
    rounding: Cell = Field(
        "0",
        description="How far a total may differ from the sum of its rows because the source rounds "
        "each figure, e.g. '1' for a table in £000s rounded to the nearest thousand, or '0.05'.",
    )
    columns: list[Column] = Field(min_length=1)
    rows: list[TableRow] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list, description="The source's commentary on the table.")

    @property
    def has_groups(self) -> bool:
        return any(column.group for column in self.columns)

    @property
    def column_groups(self) -> list[tuple[str | None, list[Column]]]:
        """Runs of neighbouring columns under the same group heading (None: no group)."""
        runs: list[tuple[str | None, list[Column]]] = []
        for column in self.columns:
            if runs and column.group and runs[-1][0] == column.group:
                runs[-1][1].append(column)
            else:
                runs.append((column.group, [column]))
        return runs

    @property
    def uses_brackets(self) -> bool:
        return any("(" in v for row in self.rows for v in row.cells.values())

    @model_validator(mode="after")
    def totals_add_up(self) -> "FinancialTable":
        problems = TableProblems("FinancialTable")
        columns = {c.key: c for c in self.columns}
        if len(columns) != len(self.columns):
            seen: set[str] = set()
            for i, column in enumerate(self.columns):
                if column.key in seen:
                    problems.add(("columns", i, "key"), f"the column key '{column.key}' is used twice in this table")
                seen.add(column.key)
        rounding = figure_value(self.rounding)
        if rounding is None or rounding < 0:
            problems.add(("rounding",), f"'{self.rounding}' is not a figure; write the allowance as a figure such as '1' or '0.05'")
            rounding = Decimal(0)
        rows: dict[str, TableRow] = {}
        for i, row in enumerate(self.rows):
            if row.key is None:
                continue
            if row.key in rows:
                problems.add(("rows", i, "key"), f"the row key '{row.key}' is used twice in this table")
            rows.setdefault(row.key, row)

        values: dict[tuple[int, str], Decimal] = {}
        for i, row in enumerate(self.rows):
            if row.kind == "heading" and row.cells:
                problems.add(("rows", i, "cells"), "a heading row has no figures; make it a 'row', or remove its cells")
            for key, text in row.cells.items():
                column = columns.get(key)
                if column is None:
                    problems.add(("rows", i, "cells", key), f"'{key}' is not a column of this table. Columns: {known_choices(key, columns)}", key)
                    continue
                if column.kind == "text":
                    continue
                value = figure_value(text)
                if value is None:
                    problems.add(("rows", i, "cells", key), f"'{text}' is not a figure; write it as the source prints it, e.g. {FIGURE_EXAMPLES}", text)
                else:
                    values[(i, key)] = value
            if row.kind != "total" and (row.total_of or row.less or row.total_columns is not None):
                problems.add(("rows", i, "kind"), "only a total row adds up other rows; add 'kind: total', or remove total_of, less and total_columns")
            if row.kind == "total" and not row.total_of:
                problems.add(("rows", i, "total_of"), "a total row must say which rows it adds up: list their keys in total_of")
            for field in ("total_of", "less"):
                for j, ref in enumerate(getattr(row, field)):
                    if ref not in rows:
                        problems.add(("rows", i, field, j), f"'{ref}' is not a row key in this table. Row keys: {known_choices(ref, rows) or 'none yet: give the rows keys'}", ref)
                    elif ref == row.key:
                        problems.add(("rows", i, field, j), "a total cannot add up itself", ref)
            for j, ref in enumerate(row.total_columns or []):
                if ref not in columns or columns[ref].kind not in SUMMED_KINDS:
                    summed = [c.key for c in self.columns if c.kind in SUMMED_KINDS]
                    problems.add(("rows", i, "total_columns", j), f"'{ref}' is not an amount or count column of this table. Those columns: {known_choices(ref, summed)}", ref)

        if problems.errors:
            problems.raise_if_any()
        position = {row.key: i for i, row in enumerate(self.rows) if row.key}
        for i, row in enumerate(self.rows):
            if row.kind != "total":
                continue
            keys = row.total_columns if row.total_columns is not None else [c.key for c in self.columns if c.kind in SUMMED_KINDS]
            for key in keys:
                if (i, key) not in values:
                    continue  # the source gives no total in this column
                expected = sum((values.get((position[r], key), Decimal(0)) for r in row.total_of), Decimal(0))
                expected -= sum((values.get((position[r], key), Decimal(0)) for r in row.less), Decimal(0))
                total = values[(i, key)]
                if not within(total, expected, rounding):
                    used = [row.cells[key]] + [self.rows[position[r]].cells.get(key, "") for r in row.total_of + row.less]
                    words = sum_words([rows[r].label for r in row.total_of], [rows[r].label for r in row.less])
                    allowance = f" (more than the {self.rounding} allowed for rounding)" if rounding else ""
                    problems.add(
                        ("rows", i, "cells", key),
                        f"{columns[key].label}: total {row.cells[key]} is not {words} = {format_figure(expected, used)}{allowance}",
                        row.cells[key],
                    )
        problems.raise_if_any()
        return self


class FinanceFile(DatasetFile):
    title: Text
    summary: Text
    tables: list[FinancialTable] = Field(min_length=1)
