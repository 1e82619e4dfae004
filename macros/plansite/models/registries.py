"""Registries that other datasets refer to by id: sources, organisations, people, bodies, glossary."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from plansite.models.common import DatasetFile, Date, Gap, Id, Record, SourceRef, Strict, Text
from plansite.models.refs import BodyRef, OrganisationRef, PersonRef


class SourceDocument(Strict):
    """A source document that facts on the site come from."""

    id: Id
    title: Text
    publisher: Text
    issued: Text = Field(description="The date as the document gives it, e.g. 'November 2018'.")
    date: Date | Gap
    description: Text
    file: Text | None = Field(None, description="The source file's name in the project's records.")


class SourcesFile(DatasetFile):
    documents: list[SourceDocument] = Field(min_length=1)


OrganisationKind = Literal[
    "local authority",
    "nhs trust",
    "nhs foundation trust",
    "clinical commissioning group",
    "community interest company",
    "gp provider",
    "national body",
    "company",
    "other",
]


class Organisation(Record):
    """An organisation: a member of the partnership or one the documents name."""

    name: Text
    short_name: Text | None = None
    kind: OrganisationKind | Gap
    member: bool = Field(description="Whether it is a member organisation of the partnership.")
    note: Text | None = None


class OrganisationsFile(DatasetFile):
    organisations: list[Organisation] = Field(min_length=1)
    membership_note: Text | None = Field(
        None, description="What the source says about membership that the list cannot show."
    )


class Role(Strict):
    title: Text
    organisation: OrganisationRef | None = None


class Person(Record):
    """A named person, with the roles the sources give them."""

    name: Text
    roles: list[Role] = Field(description="Empty when the sources give no role.")


class PeopleFile(DatasetFile):
    people: list[Person] = Field(min_length=1)


BodyKind = Literal["board", "group", "committee", "sub-group", "office", "panel", "meeting", "team", "programme"]


class Body(Record):
    """A governance body or working group."""

    name: Text
    acronym: Text | None = None
    kind: BodyKind
    chair: PersonRef | Gap
    frequency: Text | Gap
    purpose: Text | Gap
    members: list[PersonRef | OrganisationRef] | Gap = Field(
        description="Ids of people or organisations; a gap when the source does not list them."
    )
    membership_note: Text | None = None
    reports_to: BodyRef | Gap | None = Field(
        description="The body it reports to; null for the top of the structure."
    )
    organisation: OrganisationRef | None = Field(None, description="Owning organisation, if not the partnership.")


class BodiesFile(DatasetFile):
    bodies: list[Body] = Field(min_length=1)
    structure_note: Text | None = None


class Term(Strict):
    """An acronym or abbreviation and what it stands for."""

    term: Text
    meaning: Text | Gap
    description: Text | None = None
    source: SourceRef


class GlossaryFile(DatasetFile):
    terms: list[Term] = Field(min_length=1)


class Leader(Strict):
    person: PersonRef
    role: Text


class Partnership(Strict):
    """The partnership itself."""

    name: Text
    full_name: Text
    short_name: Text
    kind: Text
    area: list[Text] = Field(min_length=1)
    summary: Text
    aims: list[Text]
    contact_email: Text | Gap
    contact_phone: Text | Gap
    website: Text | Gap
    twitter: Text | Gap
    leaders: list[Leader]
    source: SourceRef


class PartnershipFile(DatasetFile):
    partnership: Partnership
    as_of: Date = Field(description="The date the plan is stated as of; makes 'overdue' reproducible.")
