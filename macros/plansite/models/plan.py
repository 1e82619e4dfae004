"""The single system plan (ambitions, milestones, next steps) and the MOU that rests on it."""
from __future__ import annotations

from pydantic import Field

from plansite.models.common import DatasetFile, Dated, Gap, Record, SourceRef, StatusUpdate, Strict, Text
from plansite.models.refs import BodyRef, LeadRef, OrganisationRef, PersonRef, PlanMilestoneRef


class WorkItem(Record):
    """One row of the delivery plan under a next step: who leads it, what it delivers, by when."""

    executive_leads: list[LeadRef] | Gap
    executive_leads_note: Text | None = Field(None, description="Words the source adds, e.g. 'with Sponsors'.")
    planning_leads: list[LeadRef] | Gap
    deliverables: list[Text] | Gap
    milestones: list[Dated] | Gap
    status: list[StatusUpdate] = Field(default_factory=list)


class NextStep(Record):
    """A next step towards a 2019/20 milestone."""

    title: Text
    examples: list[Text] = Field(default_factory=list, description="Examples the source lists under it.")
    responsible: list[BodyRef] | Gap
    responsible_note: Text | None = Field(None, description="Words the source adds, e.g. 'to SDOG'.")
    work: list[WorkItem] = Field(description="The rows of the delivery plan for this step.")
    status: list[StatusUpdate] = Field(default_factory=list)


class PlanMilestone(Record):
    """A 2019/20 milestone towards an ambition."""

    title: Text
    next_steps: list[NextStep]
    status: list[StatusUpdate] = Field(default_factory=list)


class Ambition(Record):
    """A 2020/21 ambition of the single system plan."""

    title: Text
    milestones: list[PlanMilestone] = Field(min_length=1)


class SystemPlanFile(DatasetFile):
    title: Text
    summary: Text
    source: SourceRef
    ambitions: list[Ambition] = Field(min_length=1)


class MouPart(Strict):
    """Something the MOU is to contain; its text is a gap until the agreed MOU is published."""

    title: Text
    text: Text | Gap


class Signatory(Strict):
    organisation: OrganisationRef
    signed: Dated | Gap


class Mou(Strict):
    title: Text
    purpose: Text
    plan_milestone: PlanMilestoneRef = Field(description="The 2019/20 milestone whose next steps are the MOU actions.")
    owner: BodyRef | Gap
    leads: list[PersonRef] | Gap
    parts: list[MouPart] = Field(min_length=1)
    text: Text | Gap = Field(description="The MOU's agreed text, or a gap.")
    signatories: list[Signatory] | Gap
    source: SourceRef


class MouFile(DatasetFile):
    mou: Mou
