"""Priority programmes and other workstreams reported to partner boards."""
from __future__ import annotations

from pydantic import Field

from plansite.models.common import DatasetFile, Dated, Gap, Record, StatusUpdate, Strict, Text
from plansite.models.refs import BodyRef, OrganisationRef, PersonRef


class ProgrammeLead(Strict):
    person: PersonRef
    role: Text


class ProgrammeSection(Strict):
    """A titled list of points, e.g. one key element of a strategy."""

    title: Text
    points: list[Text] = Field(min_length=1)


class TimelineStep(Record):
    title: Text
    when: Dated


class Figure(Strict):
    """A number the source reports, kept with its wording."""

    label: Text
    value: Text
    as_of: Dated | Gap


class Programme(Record):
    name: Text
    short_name: Text | None = None
    summary: Text
    body: BodyRef | None = None
    overseen_by: BodyRef | None = None
    leads: list[ProgrammeLead] = Field(default_factory=list)
    partners: list[OrganisationRef] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    sections: list[ProgrammeSection] = Field(default_factory=list)
    timeline: list[TimelineStep] = Field(default_factory=list)
    status: list[StatusUpdate] = Field(default_factory=list)
    next_event: Dated | Gap | None = None


class ProgrammesFile(DatasetFile):
    programmes: list[Programme] = Field(min_length=1)
