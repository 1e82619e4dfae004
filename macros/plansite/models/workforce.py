"""Workforce: strategic goals, the working sub-groups and the workforce plans."""
from __future__ import annotations

from pydantic import Field

from plansite.models.common import DatasetFile, Dated, Gap, Record, SourceRef, StatusUpdate, Strict, Text
from plansite.models.refs import BodyRef, LeadRef, NextStepRef, OrganisationRef


class WorkforceGoal(Record):
    title: Text | Gap


class SubGroup(Record):
    body: BodyRef
    leads: list[LeadRef] | Gap
    leads_note: Text | None = None


class WorkforcePlan(Record):
    title: Text
    horizon: Text
    supplier: OrganisationRef | Gap
    started: Dated | Gap
    developed_with: list[BodyRef]
    status: list[StatusUpdate] = Field(default_factory=list)


class Workforce(Strict):
    summary: Text
    strategy_agreed: Dated | Gap
    goals_period: Text
    goals_note: Text | None = None
    goals: list[WorkforceGoal] = Field(min_length=1)
    sub_groups: list[SubGroup]
    plans: list[WorkforcePlan]
    related_next_steps: list[NextStepRef] = Field(default_factory=list)
    source: SourceRef


class WorkforceFile(DatasetFile):
    workforce: Workforce
