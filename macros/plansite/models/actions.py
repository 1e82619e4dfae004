"""Action plans: improvement plans, recovery plans, next steps. Each action has a reference,
a due date, owners, and a dated history of its RAG rating and status in the plan's own words.

RAG ratings are the plan's own scale (e.g. Complete, On-Track, Delayed, Not Started, or Red,
Amber, Green), each with the colour it stands for where the source gives one. The site always
shows the words; a colour, where known, only supports them.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from plansite.read.problems import known_choices
from plansite.models.common import DatasetFile, Date, Dated, GAP_NOT_IN_SOURCE, GAP_TBC, Gap, Record, SourceRef, Strict, Text, TableProblems, latest_update
from plansite.models.programmes import ProgrammeSection
from plansite.models.refs import LeadRef, PersonRef

RagColour = Literal["red", "amber", "green", "blue", "grey"]


class RagLevel(Strict):
    """One rating on the plan's RAG scale."""

    label: Text = Field(description="The word the plan uses, e.g. 'On-Track' or 'Red'.")
    colour: RagColour | Gap = Field(description="The colour it stands for, or a gap when the source does not give it.")
    meaning: Text | None = None


class ActionProgress(Strict):
    """An action's RAG rating and status on a date, in the plan's words. Newest wins."""

    date: Date
    rag: Text | Gap = Field(description="A label from the plan's rag_scale, or a gap.")
    status: Text | Gap = Field(description="The plan's status word, e.g. 'Open', 'Closed', 'Live'.")
    note: Text | None = None
    source: SourceRef | None = Field(None, description="Where this update came from, if not the action's own source.")


class Action(Record):
    ref: Text | None = Field(None, description="The reference the source gives, e.g. '2c'.")
    title: Text = Field(description="The action, as the source words it.")
    due: Dated | Gap
    owners: list[LeadRef] | Gap = Field(description="Ids of the people or bodies that own it.")
    owners_as_written: Text | None = Field(None, description="The owner exactly as the source writes it, e.g. 'Chair/AO'.")
    progress: list[ActionProgress] = Field(default_factory=list)
    note: Text | None = None


class Requirement(Record):
    """What a group of actions answers, e.g. a recommendation of a review."""

    ref: Text | None = None
    title: Text
    actions: list[Action] = Field(min_length=1)


class ActionSection(Record):
    title: Text
    summary: Text | None = None
    requirements: list[Requirement] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list, description="Actions that answer no particular requirement.")

    def all_actions(self) -> list[Action]:
        return [a for req in self.requirements for a in req.actions] + list(self.actions)

    @property
    def progress_date(self):
        """The date of every action's latest progress, when they all share one (else None)."""
        dates = {latest_update(a.progress).date for a in self.all_actions() if a.progress}
        return dates.pop() if len(dates) == 1 else None


class Statement(Record):
    """Something said about the plan, e.g. an auditor's assurance, quoted."""

    title: Text
    text: Text
    by: PersonRef | Gap
    by_role: Text | None = None
    when: Dated | Gap


class ProgressReport(Record):
    """A dated report on the plan as a whole: what went well, what comes next."""

    title: Text
    as_of: Dated | Gap
    sections: list[ProgrammeSection] = Field(min_length=1)


class ActionPlan(Record):
    title: Text
    summary: Text
    owner: list[LeadRef] | Gap = Field(description="Who owns the plan.")
    accountable: list[LeadRef] | Gap | None = Field(None, description="Who is accountable for delivering it, if the source says.")
    owners_heading: Text = Field("Owner", description="How the source heads the owner column, e.g. 'GB Owner'.")
    points: list[Text] = Field(default_factory=list, description="What the source says about the plan, point by point.")
    rag_scale: list[RagLevel] = Field(default_factory=list, description="The RAG ratings the plan uses; empty if it uses none.")
    status_values: list[Text] = Field(default_factory=list, description="The status words the plan uses; empty if it uses none.")
    statements: list[Statement] = Field(default_factory=list)
    progress_reports: list[ProgressReport] = Field(default_factory=list)
    sections: list[ActionSection] = Field(min_length=1)

    def all_actions(self) -> list[Action]:
        return [action for section in self.sections for action in section.all_actions()]

    def rag_level(self, label: str) -> RagLevel | None:
        return next((level for level in self.rag_scale if level.label == label), None)

    @model_validator(mode="after")
    def ratings_are_on_the_scale(self) -> "ActionPlan":
        problems = TableProblems("ActionPlan")
        labels = [level.label for level in self.rag_scale]
        gaps = (GAP_TBC, GAP_NOT_IN_SOURCE)
        for s, section in enumerate(self.sections):
            if not section.requirements and not section.actions:
                problems.add(("sections", s), "this section has no actions: add requirements or actions, or remove it")
            places = [(("sections", s, "requirements", r, "actions", a), action) for r, req in enumerate(section.requirements) for a, action in enumerate(req.actions)]
            places += [(("sections", s, "actions", a), action) for a, action in enumerate(section.actions)]
            for where, action in places:
                for p, update in enumerate(action.progress):
                    if update.rag not in gaps and update.rag not in labels:
                        choices = known_choices(update.rag, labels) if labels else "none: add the plan's rag_scale"
                        problems.add(where + ("progress", p, "rag"), f"'{update.rag}' is not one of this plan's RAG ratings. Ratings: {choices}", update.rag)
                    if self.status_values and update.status not in gaps and update.status not in self.status_values:
                        problems.add(where + ("progress", p, "status"), f"'{update.status}' is not one of this plan's status words. Status words: {known_choices(update.status, self.status_values)}", update.status)
        problems.raise_if_any()
        return self


class ActionsFile(DatasetFile):
    plans: list[ActionPlan] = Field(min_length=1)
