"""Risk registers: each risk with its owner, consequences, mitigations and scores.

A scored register gives each risk a likelihood and an impact (1 to 5, say) and a score that
must be their product; the check refuses ``score 12`` with ``likelihood 3 × impact 5``. The
site draws a heat map of the scores the register names. A register without scores (risks and
constraints written as prose) is a list of risks with no map.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from plansite.read.problems import known_choices
from plansite.models.common import DatasetFile, Gap, Id, Record, StatusUpdate, Strict, Text, TableProblems
from plansite.models.refs import LeadRef


class RiskScore(Strict):
    """A risk's score at one point (e.g. at the start of the year, now, or the target)."""

    score: int | Gap = Field(description="The score the source gives: likelihood × impact.")
    likelihood: int | Gap
    impact: int | Gap
    rating: Text | Gap | None = Field(None, description="The rating word the source gives with it, e.g. 'Red'.")
    as_written: Text | None = Field(None, description="The score exactly as the source writes it, e.g. '20 4x5 Red'.")
    note: Text | None = None

    @model_validator(mode="after")
    def score_is_likelihood_times_impact(self) -> "RiskScore":
        numbers = (self.score, self.likelihood, self.impact)
        if all(isinstance(n, int) for n in numbers):
            if self.score != self.likelihood * self.impact:
                raise ValueError(
                    f"score {self.score} is not likelihood {self.likelihood} × impact {self.impact} = "
                    f"{self.likelihood * self.impact}"
                )
        for name, value in zip(("score", "likelihood", "impact"), numbers):
            if isinstance(value, int) and value < 1:
                raise ValueError(f"{name} {value} is below 1; scores start at 1")
        return self

    @property
    def placed(self) -> bool:
        return isinstance(self.likelihood, int) and isinstance(self.impact, int)


class ScoreColumn(Strict):
    """A point at which the register scores its risks, e.g. 'Current Risk Score'."""

    key: Id
    label: Text


BandColour = Literal["red", "amber", "yellow", "green"]


class Band(Strict):
    """A range of scores and the rating the register gives them, e.g. 15 to 25 is Red."""

    label: Text
    colour: BandColour
    min: int = Field(ge=1)
    max: int = Field(ge=1)


class Risk(Record):
    title: Text
    category: Text | None = Field(None, description="The heading the source lists the risk under.")
    description: list[Text] = Field(default_factory=list, description="What the risk is, point by point.")
    consequences: list[Text] | Gap | None = Field(None, description="What would happen (the source's 'Impact' column).")
    mitigations: list[Text] | Gap = Field(description="Actions and mitigations, point by point.")
    owners: list[LeadRef] | Gap = Field(description="Who owns the risk (people or bodies), e.g. the senior risk owner.")
    owners_as_written: Text | None = Field(None, description="The owner exactly as the source writes it, e.g. 'SRO: CFO'.")
    scores: dict[Id, RiskScore] = Field(default_factory=dict, description="Score column key → the score there.")
    status: list[StatusUpdate] = Field(default_factory=list)


class RiskRegister(Record):
    title: Text
    summary: Text | None = None
    likelihood_levels: int = Field(5, ge=1, le=10, description="Likelihood runs from 1 to this.")
    impact_levels: int = Field(5, ge=1, le=10, description="Impact runs from 1 to this.")
    score_columns: list[ScoreColumn] = Field(default_factory=list, description="Empty for a register without scores.")
    heat_map: Id | None = Field(None, description="The score column the heat map shows, e.g. 'current'.")
    bands: list[Band] = Field(default_factory=list, description="The ratings for ranges of scores; scores in no band are shown without a colour.")
    bands_note: Text | None = Field(None, description="Where the bands come from.")
    owners_heading: Text = Field("Owner", description="How the source heads the owner column, e.g. 'Senior Risk Owner (SRO)'.")
    consequences_heading: Text = Field("Impact", description="How the source heads the consequences column.")
    notes: list[Text] = Field(default_factory=list)
    risks: list[Risk] = Field(min_length=1)

    def band_of(self, score: int) -> Band | None:
        return next((b for b in self.bands if b.min <= score <= b.max), None)

    @model_validator(mode="after")
    def scores_fit_the_register(self) -> "RiskRegister":
        problems = TableProblems("RiskRegister")
        keys = [c.key for c in self.score_columns]
        if self.heat_map is not None and self.heat_map not in keys:
            problems.add(("heat_map",), f"'{self.heat_map}' is not a score column of this register. Score columns: {known_choices(self.heat_map, keys) or 'none'}", self.heat_map)
        top = self.likelihood_levels * self.impact_levels
        for i, band in enumerate(self.bands):
            if band.min > band.max:
                problems.add(("bands", i), f"the band '{band.label}' runs from {band.min} down to {band.max}; put the lower score in min")
            elif band.max > top:
                problems.add(("bands", i, "max"), f"the band '{band.label}' goes up to {band.max}, but the highest score is {self.likelihood_levels} × {self.impact_levels} = {top}")
            for j, other in enumerate(self.bands[:i]):
                if band.min <= other.max and other.min <= band.max:
                    problems.add(("bands", i), f"the band '{band.label}' ({band.min} to {band.max}) overlaps '{other.label}' ({other.min} to {other.max})")
        for i, risk in enumerate(self.risks):
            for key, score in risk.scores.items():
                where = ("risks", i, "scores", key)
                if key not in keys:
                    problems.add(where, f"'{key}' is not a score column of this register. Score columns: {known_choices(key, keys) or 'none: add score_columns'}", key)
                    continue
                for name, levels in (("likelihood", self.likelihood_levels), ("impact", self.impact_levels)):
                    value = getattr(score, name)
                    if isinstance(value, int) and value > levels:
                        problems.add(where + (name,), f"{name} {value} is above {levels}, the highest {name} in this register", value)
                band = self.band_of(score.score) if isinstance(score.score, int) else None
                if band and isinstance(score.rating, str) and score.rating not in ("to be confirmed", "not in the source") and score.rating != band.label:
                    problems.add(where + ("rating",), f"rating '{score.rating}' does not match score {score.score}, which this register's bands rate '{band.label}'", score.rating)
        problems.raise_if_any()
        return self

    def heat_map_cells(self) -> list[list[tuple[int, int, list[tuple[int, Risk]]]]]:
        """Rows of the heat map, highest likelihood first: (likelihood, impact, [(number, risk)])."""
        placed: dict[tuple[int, int], list[tuple[int, Risk]]] = {}
        for number, risk in enumerate(self.risks, start=1):
            score = risk.scores.get(self.heat_map) if self.heat_map else None
            if score is not None and score.placed:
                placed.setdefault((score.likelihood, score.impact), []).append((number, risk))
        return [
            [(likelihood, impact, placed.get((likelihood, impact), [])) for impact in range(1, self.impact_levels + 1)]
            for likelihood in range(self.likelihood_levels, 0, -1)
        ]

    def not_on_heat_map(self) -> list[tuple[int, Risk]]:
        if not self.heat_map:
            return []
        return [
            (number, risk)
            for number, risk in enumerate(self.risks, start=1)
            if not (risk.scores.get(self.heat_map) and risk.scores[self.heat_map].placed)
        ]


class RisksFile(DatasetFile):
    registers: list[RiskRegister] = Field(min_length=1)
