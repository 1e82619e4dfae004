"""The Aspiring ICS (integrated care system) development programme and its terms of reference."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from plansite.models.common import DatasetFile, Dated, Gap, Record, SourceRef, StatusUpdate, Strict, Text
from plansite.models.refs import AmbitionRef, BodyRef, CapabilityRef, OrganisationRef, PersonRef, PlanMilestoneRef

Score = Literal[1, 2, 3, 4]


class Phase(Record):
    title: Text
    activities: list[Text]
    output: Text


class SupportArea(Record):
    title: Text
    description: Text
    dates: list[Dated] = Field(default_factory=list)
    points: list[Text] = Field(default_factory=list)
    status: list[StatusUpdate] = Field(default_factory=list)


class AmbitionLink(Strict):
    ambition: AmbitionRef
    milestone: PlanMilestoneRef


class PriorityArea(Record):
    title: Text


class Capability(Record):
    """A baseline capability to become a shadow ICS, with the partnership's own scores (1-4)."""

    number: Text = Field(description="As numbered in the source, e.g. '1.2'.")
    domain: Text
    text: Text
    current: Score | Gap
    desired: Score | Gap
    note: Text | None = None

    @model_validator(mode="after")
    def desired_not_below_current(self) -> "Capability":
        if isinstance(self.current, int) and isinstance(self.desired, int) and self.desired < self.current:
            raise ValueError(f"desired score {self.desired} is below current score {self.current}")
        return self


class ScoreLevel(Strict):
    score: Score
    meaning: Text


class Maturity(Strict):
    summary: Text
    overall_score: float | Gap
    scale: list[ScoreLevel] = Field(min_length=4, max_length=4)
    capabilities: list[Capability] = Field(min_length=1)


class AreaOfFocus(Record):
    number: int
    title: Text
    workshops: Text
    description: Text
    capabilities: list[CapabilityRef]
    outputs: list[Text]
    outcomes: list[Text]
    topic_leads: list[PersonRef] = Field(default_factory=list)


class Participant(Strict):
    person: PersonRef
    role: Text | Gap
    topic: Text | Gap


class SupportPerson(Strict):
    person: PersonRef
    role: Text
    team: Text
    description: Text


class AspiringIcs(Strict):
    title: Text
    summary: Text
    delivered_by: list[OrganisationRef]
    length: Text
    starts: Dated | Gap
    core_areas: list[Text]
    phases: list[Phase]
    support_areas: list[SupportArea]
    ambitions: list[AmbitionLink]
    models_of_care: list[Text]
    enablers: list[Text]
    priority_areas: list[PriorityArea] = Field(min_length=1)
    maturity: Maturity
    areas_of_focus: list[AreaOfFocus]
    design_group: BodyRef | None = None
    participants: list[Participant]
    support_team: list[SupportPerson]
    source: SourceRef


class AspiringIcsFile(DatasetFile):
    programme: AspiringIcs
