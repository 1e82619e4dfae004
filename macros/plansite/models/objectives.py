"""Objectives: corporate objectives, priorities, principles or strategies, in titled groups,
each with its leads, due date and status where the source gives them."""
from __future__ import annotations

from pydantic import Field

from plansite.models.common import DatasetFile, Dated, Gap, Record, StatusUpdate, Text
from plansite.models.refs import LeadRef


class Objective(Record):
    number: Text | None = Field(None, description="As numbered in the source, e.g. '1' or 'a'.")
    title: Text
    description: Text | None = None
    points: list[Text] = Field(default_factory=list)
    leads: list[LeadRef] | Gap | None = Field(None, description="Who leads it, if the source says.")
    due: Dated | Gap | None = None
    status: list[StatusUpdate] = Field(default_factory=list)


class ObjectiveGroup(Record):
    """A titled set of objectives, e.g. '2018/19 corporate objectives'."""

    title: Text
    summary: Text | None = None
    leads: list[LeadRef] | Gap | None = Field(None, description="Who leads the whole group, if the source says.")
    objectives: list[Objective] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list)


class ObjectivesFile(DatasetFile):
    groups: list[ObjectiveGroup] = Field(min_length=1)
