"""Workstreams: the areas of work a partnership plans together, who leads each, and the
planning groupings (footprints) at which each is planned and delivered."""
from __future__ import annotations

from typing import Annotated

from pydantic import Field

from plansite.models.common import DatasetFile, Gap, Record, SourceRef, StatusUpdate, Text
from plansite.models.refs import LeadRef, Ref

GroupingRef = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Id of a planning grouping in workstreams.yaml."),
    Ref("grouping"),
]


class Grouping(Record):
    """A level or footprint that planning and delivery build on, e.g. 'CCG wide'."""

    number: Text | None = None
    title: Text
    description: Text | None = None


class Workstream(Record):
    number: Text | None = Field(None, description="As numbered in the source.")
    title: Text
    summary: Text | None = None
    leads: list[LeadRef] | Gap = Field(description="Ids of the people or bodies that lead it, or a gap.")
    leads_note: Text | None = None
    led_at: list[GroupingRef] | Gap = Field(description="The planning groupings it is planned and delivered at, or a gap.")
    led_at_note: Text | None = None
    points: list[Text] = Field(default_factory=list)
    status: list[StatusUpdate] = Field(default_factory=list)


class WorkstreamsFile(DatasetFile):
    title: Text
    summary: Text
    principles: list[Text] = Field(default_factory=list, description="Principles the source sets for the work.")
    groupings_intro: Text | None = None
    groupings: list[Grouping] = Field(default_factory=list)
    workstreams: list[Workstream] = Field(min_length=1)
    source: SourceRef
