"""One description per dataset: everything the rest of the generator looks up about it.

A dataset is a data file (``data/<name>.yaml``) following one model. Its description says
where it is shown and what it is called, which template shows it whole and which show one of
its records, which of its records are tracked on the dashboard or name an id kind others may
refer to, and how the fields that name people and groups read on their pages. Loading,
rendering, open data, the board pack, the dashboard, cross-references and the schema
generator all read these descriptions, so adding a dataset is one model module, its
template(s) and one ``register`` call below. Tables are keyed by model classes, never by
class names written as strings, so renaming a class cannot break a lookup silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from pydantic import BaseModel

from plansite.models import actions, activity, aspiring_ics, finance, objectives, plan, programmes, registries, risks, search_synonyms, timeline, workforce, workstreams


@dataclass(frozen=True)
class Dataset:
    name: str  # the file's stem, and the name pages use: show("system_plan")
    model: type[BaseModel]  # what the whole file must follow
    title: str  # its heading in the board pack and its name in lists
    page: str  # the page it is shown on (its Markdown path under docs/); a site may move it
    required: bool = False  # every site must have it
    in_board_pack: bool = True
    # show(name, id): the records a page may show one at a time, by id, and the template for
    # each record class (default: <name>_record.html).
    records: Callable[[Any], dict[str, Any]] | None = None
    record_templates: Mapping[type, str] = field(default_factory=dict)
    # Record classes whose ids other records may name, by the kind of reference (refs.Ref).
    id_kinds: Mapping[type, str] = field(default_factory=dict)
    # Record classes the dashboard follows: "action" or "milestone".
    tracked: Mapping[type, str] = field(default_factory=dict)
    # How a field naming a person or group reads on that person's or group's page, where
    # the general label (FIELD_LABELS in render) does not fit: (class, field) -> label.
    mention_labels: Mapping[tuple[type, str], str] = field(default_factory=dict)
    # A folder of its templates when they are not the generator's own (macros/plansite/render/templates).
    template_dir: Path | None = None

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    def record_template(self, record: Any) -> str:
        return self.record_templates.get(type(record), f"{self.name}_record.html")


DATASETS: dict[str, Dataset] = {}  # by name, in board pack order
BY_MODEL: dict[type, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Add a dataset; its name and its model must be new."""
    if dataset.name in DATASETS or dataset.model in BY_MODEL:
        raise ValueError(f"the dataset {dataset.name!r} ({dataset.model.__name__}) is registered already")
    DATASETS[dataset.name] = dataset
    BY_MODEL[dataset.model] = dataset
    return dataset


def unregister(name: str) -> None:
    """Take a dataset out again (for tests that add one of their own)."""
    dataset = DATASETS.pop(name)
    del BY_MODEL[dataset.model]


def _by_id(records: Callable[[Any], list]) -> Callable[[Any], dict[str, Any]]:
    return lambda site: {record.id: record for record in records(site)}


def _indexed(dataset: str, *classes: type) -> Callable[[Any], dict[str, Any]]:
    """The published records of ``dataset`` of the given classes, by id, from the index."""
    return lambda site: {
        ident: record
        for ident, (found_in, _, record) in site.index.records.items()
        if found_in == dataset and isinstance(record, classes)
    }


def _plan_records(site: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for ambition in site.system_plan.ambitions:
        found[ambition.id] = ambition
        for milestone in ambition.milestones:
            found[milestone.id] = milestone
            for step in milestone.next_steps:
                found[step.id] = step
    return found


# The board pack shows datasets in this order (those a site has, and in the pack).
register(Dataset(
    "system_plan", plan.SystemPlanFile, "Single system plan", "plan.md", records=_plan_records,
    record_templates={plan.Ambition: "system_plan_ambition.html", plan.PlanMilestone: "system_plan_milestone.html",
                      plan.NextStep: "system_plan_step.html"},
    id_kinds={plan.Ambition: "ambition", plan.PlanMilestone: "plan-milestone", plan.NextStep: "next-step"},
    tracked={plan.WorkItem: "action", plan.PlanMilestone: "milestone"},
))
register(Dataset("mou", plan.MouFile, "Memorandum of understanding", "mou.md"))
register(Dataset(
    "planning_timeline", timeline.PlanningTimelineFile, "Planning timeline", "timeline.md",
    tracked={timeline.TimelineMilestone: "milestone"},
))
register(Dataset(
    "programmes", programmes.ProgrammesFile, "Priority programmes", "programmes.md",
    records=_by_id(lambda site: site.programmes.programmes),
    tracked={programmes.TimelineStep: "milestone"},
    mention_labels={(programmes.ProgrammeLead, "person"): "Programme lead"},
))
register(Dataset("workforce", workforce.WorkforceFile, "Workforce", "workforce.md"))
register(Dataset(
    "aspiring_ics", aspiring_ics.AspiringIcsFile, "Aspiring ICS programme", "aspiring-ics.md",
    id_kinds={aspiring_ics.Capability: "capability"},
    mention_labels={(aspiring_ics.Participant, "person"): "Aspiring ICS programme participant",
                    (aspiring_ics.SupportPerson, "person"): "Aspiring ICS programme support team"},
))
register(Dataset(
    "objectives", objectives.ObjectivesFile, "Objectives", "objectives.md",
    records=_indexed("objectives", objectives.ObjectiveGroup, objectives.Objective),
    record_templates={objectives.ObjectiveGroup: "objectives_group.html", objectives.Objective: "objectives_objective.html"},
    mention_labels={(objectives.Objective, "leads"): "Objective lead", (objectives.ObjectiveGroup, "leads"): "Leads these objectives"},
))
register(Dataset(
    "actions", actions.ActionsFile, "Action plans", "actions.md",
    records=_indexed("actions", actions.ActionPlan, actions.ActionSection, actions.Action),
    record_templates={actions.ActionPlan: "actions_plan.html", actions.ActionSection: "actions_section.html",
                      actions.Action: "actions_action.html"},
    tracked={actions.Action: "action"},
    mention_labels={(actions.Action, "owners"): "Action owner", (actions.ActionPlan, "owner"): "Owns the action plan",
                    (actions.ActionPlan, "accountable"): "Accountable for the action plan",
                    (actions.Statement, "by"): "Quoted on an action plan"},
))
register(Dataset(
    "finance", finance.FinanceFile, "Finance", "finance.md",
    records=_indexed("finance", finance.FinancialTable),
))
register(Dataset(
    "risks", risks.RisksFile, "Risks", "risks.md",
    records=_indexed("risks", risks.RiskRegister, risks.Risk),
    record_templates={risks.RiskRegister: "risks_register.html", risks.Risk: "risks_risk.html"},
    mention_labels={(risks.Risk, "owners"): "Risk owner"},
))
register(Dataset(
    "activity", activity.ActivityFile, "Activity plan", "activity.md",
    records=_indexed("activity", activity.ActivityPlan),
))
register(Dataset(
    "workstreams", workstreams.WorkstreamsFile, "Workstreams", "workstreams.md",
    records=_indexed("workstreams", workstreams.Workstream, workstreams.Grouping),
    record_templates={workstreams.Workstream: "workstreams_workstream.html", workstreams.Grouping: "workstreams_grouping.html"},
    id_kinds={workstreams.Grouping: "grouping"},
    mention_labels={(workstreams.Workstream, "leads"): "Workstream lead"},
))
register(Dataset(
    "bodies", registries.BodiesFile, "Governance", "governance.md", required=True,
    records=_by_id(lambda site: site.bodies.bodies),
))
register(Dataset(
    "people", registries.PeopleFile, "People", "people/index.md", required=True,
    records=_by_id(lambda site: site.people.people),
    mention_labels={(registries.Role, "organisation"): "Employs"},
))
register(Dataset(
    "organisations", registries.OrganisationsFile, "Organisations", "index.md", required=True,
    records=_by_id(lambda site: site.organisations.organisations),
))
register(Dataset("glossary", registries.GlossaryFile, "Glossary", "glossary.md", required=True))
register(Dataset(
    # Optional: the words a reader may search with, added to the search index (outputs/search_index.py).
    "search_synonyms", search_synonyms.SearchSynonymsFile, "Search synonyms", "glossary.md", in_board_pack=False,
))
register(Dataset(
    "sources", registries.SourcesFile, "Sources", "sources.md", required=True,
    records=_by_id(lambda site: site.sources.documents),
))
register(Dataset(
    "partnership", registries.PartnershipFile, "The partnership", "index.md", required=True,
    in_board_pack=False,  # its cover and the home page say who the partnership is
    mention_labels={(registries.Leader, "person"): "Leads the partnership"},
))
