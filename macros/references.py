"""Cross-references between datasets: every id named must exist, and every record id is unique.

Walks the validated models, finding references by the ``Ref`` marker on their types, and
builds the index the site uses to list, for a person or body, everything that names them.
"""
from __future__ import annotations

import typing
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from pydantic import BaseModel

from .models.common import GAP_NOT_IN_SOURCE, GAP_TBC, Record
from .models.refs import Ref
from .problems import Problem, known_choices

if TYPE_CHECKING:
    from .datasets import SiteData

# Which registry each kind of reference names: (dataset, path to the list, plural words).
REGISTRIES: dict[str, tuple[str, str, str, str]] = {
    "person": ("people", "people", "person", "people"),
    "body": ("bodies", "bodies", "body", "bodies"),
    "organisation": ("organisations", "organisations", "organisation", "organisations"),
    "document": ("sources", "documents", "source document", "source documents"),
}
KIND_WORDS = {
    "lead": ("person or body", "people and bodies"),
    "ambition": ("ambition", "ambitions"),
    "plan-milestone": ("2019/20 milestone", "2019/20 milestones"),
    "next-step": ("next step", "next steps"),
    "capability": ("capability", "capabilities"),
    "grouping": ("planning grouping", "planning groupings"),
}
# Record classes whose ids make up the registries that have no list of their own.
CLASS_KINDS = {"Ambition": "ambition", "PlanMilestone": "plan-milestone", "NextStep": "next-step", "Capability": "capability", "Grouping": "grouping"}
# The datasets each kind of reference needs; without them (a file failed) its references wait.
KIND_DATASETS = {
    **{kind: (entry[0],) for kind, entry in REGISTRIES.items()},
    "lead": ("people", "bodies"),
    "ambition": ("system_plan",),
    "plan-milestone": ("system_plan",),
    "next-step": ("system_plan",),
    "capability": ("aspiring_ics",),
    "grouping": ("workstreams",),
}


@dataclass(frozen=True)
class Mention:
    """A place where a record names a person, body or organisation."""

    dataset: str
    path: tuple
    field: str
    record: Record | None  # the nearest record that holds the reference
    parents: tuple[Record, ...]  # records enclosing it, outermost first
    owner: str = ""  # the model class holding the field, e.g. 'Participant'


@dataclass
class Index:
    """Ids by kind, where each record lives, and who is mentioned where."""

    ids: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    records: dict[str, tuple[str, tuple, Record]] = field(default_factory=dict)
    mentions: dict[tuple[str, str], list[Mention]] = field(default_factory=lambda: defaultdict(list))
    # Where each model object sits, by object identity: (dataset, path). Lets a template
    # name the data file and record behind anything it renders.
    locations: dict[int, tuple[str, tuple]] = field(default_factory=dict)
    # Each record's visibility, counting its enclosing records: a public step inside a
    # private milestone is private.
    visibility: dict[str, str] = field(default_factory=dict)

    def location_of(self, obj: Any) -> tuple[str, tuple] | None:
        return self.locations.get(id(obj))

    def mentions_of(self, kind: str, ident: str) -> list[Mention]:
        found = list(self.mentions.get((kind, ident), []))
        if kind in ("person", "body"):
            found += self.mentions.get(("lead", ident), [])
        return found


def _ref_kinds(annotation: Any, metadata: list) -> set[str]:
    kinds = {m.kind for m in metadata if isinstance(m, Ref)}
    for extra in getattr(annotation, "__metadata__", ()):
        if isinstance(extra, Ref):
            kinds.add(extra.kind)
    for arg in typing.get_args(annotation):
        kinds |= _ref_kinds(arg, [])
    return kinds


def _walk(value: Any, path: tuple, parents: tuple) -> Iterator[tuple[tuple, Any, tuple, Any]]:
    """Yield (path, model, parents, field_info) for every model inside ``value``."""
    if isinstance(value, BaseModel):
        yield path, value, parents, None
        inner = parents + (value,) if isinstance(value, Record) else parents
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), path + (name,), inner)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, path + (i,), parents)


def _words(kind: str) -> tuple[str, str]:
    if kind in REGISTRIES:
        return REGISTRIES[kind][2], REGISTRIES[kind][3]
    return KIND_WORDS[kind]


VISIBILITY_RANK = {"public": 0, "draft": 1, "private": 2}


def effective_visibility(obj: Any, parents: tuple) -> str:
    """The most restrictive visibility of a record and the records around it."""
    levels = [getattr(p, "visibility", "public") for p in parents + (obj,)]
    return max(levels, key=VISIBILITY_RANK.__getitem__)


def check_references(site: "SiteData", locations: dict[int, tuple[str, tuple]] | None = None) -> tuple[Index, list[Problem]]:
    """Index the site's records and check every reference. ``locations`` carries the original
    places of objects when ``site`` is a filtered view, whose list positions have shifted."""
    index = Index()
    problems: list[Problem] = []
    first_seen: dict[str, tuple[str, tuple]] = {}

    # 1. Registries and record ids.
    for dataset, model in site.models.items():
        loaded = site.files[dataset]
        for path, obj, parents, _ in _walk(model, (), ()):
            index.locations[id(obj)] = locations.get(id(obj), (dataset, path)) if locations else (dataset, path)
            if not isinstance(obj, Record):
                continue
            index.visibility[obj.id] = effective_visibility(obj, parents)
            if obj.id in first_seen:
                other_file, other_path = first_seen[obj.id]
                other = site.files[other_file]
                problems.append(loaded.problem(path + ("id",), f"the id '{obj.id}' is already used at {other.display_name}:{other.line_of(other_path + ('id',))}; every id must be unique"))
                continue
            first_seen[obj.id] = (dataset, path)
            index.records[obj.id] = (dataset, path, obj)
            kind = CLASS_KINDS.get(type(obj).__name__)
            if kind:
                index.ids[kind][obj.id] = obj
    for kind, (dataset, list_field, _, _) in REGISTRIES.items():
        if dataset in site.models:
            for item in getattr(site.models[dataset], list_field):
                index.ids[kind][item.id] = item
    lead_ids = {**index.ids["person"], **index.ids["body"]}

    # 2. Every reference names a record that exists.
    for dataset, model in site.models.items():
        loaded = site.files[dataset]
        for path, obj, parents, _ in _walk(model, (), ()):
            for name, info in type(obj).model_fields.items():
                kinds = _ref_kinds(info.annotation, info.metadata)
                if not kinds:
                    continue
                value = getattr(obj, name)
                items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
                for position, ident in items:
                    if not isinstance(ident, str) or ident in (GAP_TBC, GAP_NOT_IN_SOURCE):
                        continue
                    where = path + (name,) + ((position,) if position is not None else ())
                    pools = [(k, lead_ids if k == "lead" else index.ids.get(k, {})) for k in sorted(kinds)]
                    absent = sorted({d for k in kinds for d in KIND_DATASETS[k]} - site.present)
                    if absent:
                        names = ", ".join(f"{site.display_dir}/{d}.yaml" for d in absent)
                        problems.append(loaded.problem(where, f"'{ident}' refers to {names}, but this site has no such file"))
                        continue
                    if not all(d in site.models for k in kinds for d in KIND_DATASETS[k]):
                        continue  # the registry's own file has problems, reported already
                    matched = [k for k, pool in pools if ident in pool]
                    if matched:
                        here = effective_visibility(obj, parents)
                        there = index.visibility.get(ident, "public")
                        if VISIBILITY_RANK[there] > VISIBILITY_RANK[here]:
                            problems.append(loaded.problem(where, (
                                f"'{ident}' is {there}, so this {here} record cannot refer to it: it would "
                                f"point at something that is not published. Mark this record '{there}' too, "
                                f"or make '{ident}' public"
                            )))
                            continue
                        record = obj if isinstance(obj, Record) else (parents[-1] if parents else None)
                        kind = matched[0]
                        if kind == "lead":
                            kind = "person" if ident in index.ids["person"] else "body"
                        enclosing = parents if record is obj else parents[:-1]
                        index.mentions[(kind, ident)].append(
                            Mention(dataset, where, name, record, tuple(enclosing), type(obj).__name__)
                        )
                        continue
                    singular = " or ".join(_words(k)[0] for k, _ in pools)
                    plural = " and ".join(_words(k)[1] for k, _ in pools)
                    choices = [i for _, pool in pools for i in pool]
                    problems.append(loaded.problem(where, f"'{ident}' is not a known {singular}. Known {plural}: {known_choices(ident, choices)}"))
    return index, problems


def filtered_models(models: dict[str, BaseModel], allowed: set[str], locations: dict[int, tuple[str, tuple]]) -> tuple[dict[str, BaseModel], dict[int, tuple[str, tuple]]]:
    """Copies of ``models`` without the records whose visibility is not ``allowed`` (nor
    anything inside them), and the original location of every object that remains."""
    kept_locations: dict[int, tuple[str, tuple]] = {}

    def rebuild(obj: BaseModel) -> BaseModel:
        updates = {}
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            new = rebuild_value(value)
            if new is not value:
                updates[name] = new
        result = obj.model_copy(update=updates) if updates else obj
        if id(obj) in locations:
            kept_locations[id(result)] = locations[id(obj)]
        return result

    def rebuild_value(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return rebuild(value)
        if isinstance(value, list):
            kept = [
                rebuild(item) if isinstance(item, BaseModel) else item
                for item in value
                if not (isinstance(item, Record) and item.visibility not in allowed)
            ]
            same = len(kept) == len(value) and all(a is b for a, b in zip(kept, value))
            return value if same else kept
        return value

    return {name: rebuild(model) for name, model in models.items()}, kept_locations
