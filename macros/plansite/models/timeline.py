"""The 2019/20 planning timeline: dated milestones and the progress so far."""
from __future__ import annotations

from pydantic import Field

from plansite.models.common import DatasetFile, Dated, Gap, Record, StatusUpdate, Text
from plansite.models.refs import BodyRef


class TimelineMilestone(Record):
    title: Text
    due: Dated | Gap
    status: list[StatusUpdate] = Field(default_factory=list)


class ProgressEntry(Record):
    """A step already taken: which forum, when, what happened."""

    forum: Text
    body: BodyRef | None = None
    when: Dated | Gap
    outcome: Text
    points: list[Text] = Field(default_factory=list)


class PlanningTimelineFile(DatasetFile):
    title: Text
    summary: Text
    progress: list[ProgressEntry]
    milestones: list[TimelineMilestone] = Field(min_length=1)
