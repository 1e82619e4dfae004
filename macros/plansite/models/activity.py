"""Activity plans: the referrals, attendances and admissions a commissioner plans for a year,
line by line, with yearly figures and a monthly profile.

The check proves the arithmetic the source implies: a yearly figure made of others (the plan
is 'do nothing' plus savings, say) equals their sum; the months add up to the year; and a
line made of parts (all referrals = GP referrals + other referrals) equals its parts.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from plansite.read.problems import known_choices
from plansite.models.common import DatasetFile, Dated, Id, Record, Strict, Text, TableProblems
from plansite.models.figures import FIGURE_EXAMPLES, Cell, figure_value, format_figure, sum_words, within


class Measure(Strict):
    """A yearly figure each line gives, e.g. '18/19 Plan'."""

    key: Id
    label: Text = Field(description="The column heading as the source gives it.")
    kind: Literal["count", "percentage"] = "count"
    sum_of: list[Id] = Field(default_factory=list, description="Keys of the measures this one is the sum of.")


class ActivityLine(Strict):
    """One line of the plan: a kind of activity, its yearly figures and its monthly profile."""

    key: Id = Field(description="A short name, e.g. 'em7'.")
    code: Text | None = Field(None, description="The source's code for the line, e.g. 'E.M.7'.")
    title: Text
    part_of: Id | None = Field(None, description="The key of the line this is a part of.")
    figures: dict[Id, Cell] = Field(default_factory=dict, description="Measure key → the figure as printed; leave out blanks.")
    months: list[Cell | None] = Field(default_factory=list, description="One figure per month of the plan, in order.")
    note: Text | None = None


class ActivityPlan(Record):
    title: Text
    summary: Text | None = None
    period: Text = Field(description="The year the plan covers, as the source gives it, e.g. '2018/19'.")
    unit: Text = Field(description="What the figures count, e.g. 'number of referrals, attendances or admissions'.")
    month_labels: list[Dated] = Field(min_length=1, description="The months, as headed in the source, with the month meant.")
    months_add_up_to: Id | None = Field(None, description="The measure that the months add up to, e.g. 'plan'.")
    rounding: Cell = Field("0", description="How far the months may differ from the year because the source rounds each.")
    measures: list[Measure] = Field(min_length=1)
    lines: list[ActivityLine] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list)

    @property
    def measure_labels(self) -> dict[str, str]:
        return {m.key: m.label for m in self.measures}

    @model_validator(mode="after")
    def figures_add_up(self) -> "ActivityPlan":
        problems = TableProblems("ActivityPlan")
        measures = {m.key: m for m in self.measures}
        lines = {line.key: (i, line) for i, line in enumerate(self.lines)}
        rounding = figure_value(self.rounding)
        if rounding is None or rounding < 0:
            problems.add(("rounding",), f"'{self.rounding}' is not a figure; write the allowance as a figure such as '1'")
            rounding = Decimal(0)
        for m, measure in enumerate(self.measures):
            for j, ref in enumerate(measure.sum_of):
                if ref not in measures or ref == measure.key:
                    problems.add(("measures", m, "sum_of", j), f"'{ref}' is not another measure of this plan. Measures: {known_choices(ref, measures)}", ref)
        if self.months_add_up_to is not None and self.months_add_up_to not in measures:
            problems.add(("months_add_up_to",), f"'{self.months_add_up_to}' is not a measure of this plan. Measures: {known_choices(self.months_add_up_to, measures)}", self.months_add_up_to)

        values: dict[tuple[str, str | int], Decimal] = {}
        seen: set[str] = set()
        for i, line in enumerate(self.lines):
            if line.key in seen:
                problems.add(("lines", i, "key"), f"the line key '{line.key}' is used twice in this plan")
            seen.add(line.key)
            if line.part_of is not None and (line.part_of not in lines or line.part_of == line.key):
                problems.add(("lines", i, "part_of"), f"'{line.part_of}' is not another line of this plan. Lines: {known_choices(line.part_of, lines)}", line.part_of)
            for key, text in line.figures.items():
                if key not in measures:
                    problems.add(("lines", i, "figures", key), f"'{key}' is not a measure of this plan. Measures: {known_choices(key, measures)}", key)
                    continue
                value = figure_value(text)
                if value is None:
                    problems.add(("lines", i, "figures", key), f"'{text}' is not a figure; write it as the source prints it, e.g. {FIGURE_EXAMPLES}", text)
                else:
                    values[(line.key, key)] = value
            if line.months and len(line.months) != len(self.month_labels):
                problems.add(("lines", i, "months"), f"gives {len(line.months)} months, but the plan has {len(self.month_labels)}; write one figure per month, and '-' or null for a blank")
            for n, text in enumerate(line.months):
                if text is None:
                    continue
                value = figure_value(text)
                if value is None:
                    problems.add(("lines", i, "months", n), f"'{text}' is not a figure; write it as the source prints it, e.g. {FIGURE_EXAMPLES}", text)
                else:
                    values[(line.key, n)] = value
        if problems.errors:
            problems.raise_if_any()

        for i, line in enumerate(self.lines):
            # A yearly figure made of others.
            for measure in self.measures:
                if not measure.sum_of or (line.key, measure.key) not in values:
                    continue
                if not all((line.key, ref) in values for ref in measure.sum_of):
                    continue
                expected = sum((values[(line.key, ref)] for ref in measure.sum_of), Decimal(0))
                if values[(line.key, measure.key)] != expected:
                    used = [line.figures[measure.key]] + [line.figures[r] for r in measure.sum_of]
                    words = sum_words([measures[r].label for r in measure.sum_of])
                    problems.add(("lines", i, "figures", measure.key), f"{measure.label}: {line.figures[measure.key]} is not {words} = {format_figure(expected, used)}", line.figures[measure.key])
            # The months add up to the year.
            target = self.months_add_up_to
            if target and (line.key, target) in values and line.months and all(m is not None for m in line.months):
                total = sum((values[(line.key, n)] for n in range(len(line.months))), Decimal(0))
                if not within(values[(line.key, target)], total, rounding):
                    allowance = f" (more than the {self.rounding} allowed for rounding)" if rounding else ""
                    problems.add(("lines", i, "months"), f"the {len(line.months)} months add up to {format_figure(total, line.months + [line.figures[target]])}, not the {measures[target].label} of {line.figures[target]}{allowance}", None)
            # A line made of parts.
            parts = [other for other in self.lines if other.part_of == line.key]
            if not parts:
                continue
            names = [p.code or p.title for p in parts]
            for measure in self.measures:
                if measure.kind != "count" or (line.key, measure.key) not in values:
                    continue
                if not all((p.key, measure.key) in values for p in parts):
                    continue
                expected = sum((values[(p.key, measure.key)] for p in parts), Decimal(0))
                if not within(values[(line.key, measure.key)], expected, Decimal(0)):
                    used = [line.figures[measure.key]] + [p.figures[measure.key] for p in parts]
                    problems.add(("lines", i, "figures", measure.key), f"{measure.label}: {line.figures[measure.key]} is not the sum of its parts {sum_words(names)} = {format_figure(expected, used)}", line.figures[measure.key])
            for n in range(len(self.month_labels)):
                if (line.key, n) not in values or not all((p.key, n) in values for p in parts):
                    continue
                expected = sum((values[(p.key, n)] for p in parts), Decimal(0))
                if values[(line.key, n)] != expected:
                    used = [line.months[n]] + [p.months[n] for p in parts]
                    problems.add(("lines", i, "months", n), f"{self.month_labels[n].when}: {line.months[n]} is not the sum of its parts {sum_words(names)} = {format_figure(expected, used)}", line.months[n])
        problems.raise_if_any()
        return self


class ActivityFile(DatasetFile):
    plans: list[ActivityPlan] = Field(min_length=1)
