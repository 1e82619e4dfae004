"""Cross-references between datasets: every id named must exist, and every record id is unique.

Walks the validated models, finding references by the ``Ref`` marker on their types, and
builds the index the site uses to list, for a person or body, everything that names them.
"""
from __future__ import annotations

import functools
import typing
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from pydantic import BaseModel

from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC, Record
from plansite.models.refs import Ref
from plansite.read.problems import Problem, known_choices

if TYPE_CHECKING:
    from plansite.checks.site_data import SiteData

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


def class_kinds() -> dict[type, str]:
    """Record classes whose ids make up the kinds of reference that have no registry list
    of their own (a plan milestone, a capability), from the datasets' descriptions."""
    from plansite.models.registry import DATASETS

    return {cls: kind for dataset in DATASETS.values() for cls, kind in dataset.id_kinds.items()}


def kind_datasets() -> dict[str, tuple[str, ...]]:
    """The datasets each kind of reference needs; without them (a file failed) its references wait."""
    from plansite.models.registry import DATASETS

    needs = {kind: (entry[0],) for kind, entry in REGISTRIES.items()} | {"lead": ("people", "bodies")}
    for name, dataset in DATASETS.items():
        for kind in dataset.id_kinds.values():
            needs[kind] = needs.get(kind, ()) + (name,)
    return needs


@dataclass(frozen=True)
class Mention:
    """A place where a record names a person, body or organisation."""

    dataset: str
    path: tuple
    field: str
    record: Record | None  # the nearest record that holds the reference
    parents: tuple[Record, ...]  # records enclosing it, outermost first
    owner: type | None = None  # the model class holding the field, e.g. Participant


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
    # Every model of the site as the one walk found it: (dataset, model, enclosing records).
    # The checks that read every summary go through this list rather than walk again.
    walked: list[tuple[str, Any, tuple]] = field(default_factory=list)

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


def _may_hold_models(annotation: Any) -> bool:
    if annotation is Any:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_models(arg) for arg in typing.get_args(annotation))


@functools.cache
def _fields_to_visit(model: type[BaseModel]) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """A model class's fields that hold references or other models: (name, reference kinds,
    may hold models). Worked out once per class: a large site has thousands of records of each
    (x100 data: 0.8 million field look-ups otherwise)."""
    visit = []
    for name, info in model.model_fields.items():
        kinds = frozenset(_ref_kinds(info.annotation, info.metadata))
        nested = _may_hold_models(info.annotation)
        if kinds or nested:
            visit.append((name, kinds, nested))
    return tuple(visit)


def walk_models(value: Any, path: tuple = (), parents: tuple = ()) -> Iterator[tuple[tuple, Any, tuple]]:
    """Yield (path, model, enclosing records) for every model inside ``value``."""
    if isinstance(value, BaseModel):
        yield path, value, parents
        inner = parents + (value,) if isinstance(value, Record) else parents
        for name, _, nested in _fields_to_visit(type(value)):
            if nested:
                yield from walk_models(getattr(value, name), path + (name,), inner)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from walk_models(item, path + (i,), parents)


def _words(kind: str) -> tuple[str, str]:
    if kind in REGISTRIES:
        return REGISTRIES[kind][2], REGISTRIES[kind][3]
    return KIND_WORDS[kind]


VISIBILITY_RANK = {"public": 0, "draft": 1, "private": 2}


def effective_visibility(obj: Any, parents: tuple) -> str:
    """The most restrictive visibility of a model and the records around it."""
    # Asked of the model's fields first: a pydantic model answers a missing attribute slowly.
    levels = [p.visibility if "visibility" in type(p).model_fields else "public" for p in parents + (obj,)]
    return max(levels, key=VISIBILITY_RANK.__getitem__)


@dataclass(slots=True)
class _Reference:
    """An id named by a field, waiting to be checked once every id is known."""

    dataset: str
    where: tuple
    field: str
    ident: str
    kinds: frozenset[str]
    holder: BaseModel
    parents: tuple
    visibility: str  # the holder's, counting the records around it


def check_references(site: "SiteData", locations: dict[int, tuple[str, tuple]] | None = None) -> tuple[Index, list[Problem]]:
    """Index the site's records and check every reference. ``locations`` carries the original
    places of objects when ``site`` is a filtered view, whose list positions have shifted."""
    index = Index()
    problems: list[Problem] = []
    first_seen: dict[str, tuple[str, tuple]] = {}
    references: list[_Reference] = []
    gaps = (GAP_TBC, GAP_NOT_IN_SOURCE)
    kinds_of_classes = class_kinds()

    # 1. Registries and record ids, in one walk that also gathers the references to check.
    for dataset, model in site.models.items():
        loaded = site.files[dataset]
        for path, obj, parents in walk_models(model):
            index.locations[id(obj)] = locations.get(id(obj), (dataset, path)) if locations else (dataset, path)
            index.walked.append((dataset, obj, parents))
            visibility = effective_visibility(obj, parents)
            if isinstance(obj, Record):
                index.visibility[obj.id] = visibility
                if obj.id in first_seen:
                    other_file, other_path = first_seen[obj.id]
                    other = site.files[other_file]
                    problems.append(loaded.problem(path + ("id",), f"the id '{obj.id}' is already used at {other.display_name}:{other.line_of(other_path + ('id',))}; every id must be unique"))
                else:
                    first_seen[obj.id] = (dataset, path)
                    index.records[obj.id] = (dataset, path, obj)
                    kind = kinds_of_classes.get(type(obj))
                    if kind:
                        index.ids[kind][obj.id] = obj
            for name, kinds, _ in _fields_to_visit(type(obj)):
                if not kinds:
                    continue
                value = getattr(obj, name)
                items = enumerate(value) if isinstance(value, list) else ((None, value),)
                for position, ident in items:
                    if isinstance(ident, str) and ident not in gaps:
                        where = path + (name,) + ((position,) if position is not None else ())
                        references.append(_Reference(dataset, where, name, ident, kinds, obj, parents, visibility))
    for kind, (dataset, list_field, _, _) in REGISTRIES.items():
        if dataset in site.models:
            for item in getattr(site.models[dataset], list_field):
                index.ids[kind][item.id] = item
    lead_ids = {**index.ids["person"], **index.ids["body"]}

    # 2. Every reference names a record that exists. What a field's kinds of reference need
    # is worked out once per set of kinds (x100 data: 41,000 references, a dozen sets).
    by_kinds: dict[frozenset[str], _Pools] = {}
    for ref in references:
        pools = by_kinds.get(ref.kinds)
        if pools is None:
            pools = by_kinds[ref.kinds] = _Pools.of(site, index, lead_ids, ref.kinds)
        problem = _check_reference(site, index, pools, ref)
        if problem is not None:
            problems.append(problem)
    return index, problems


@dataclass
class _Pools:
    """For one set of reference kinds: the datasets missing, and the ids each kind allows."""

    absent: list[str]
    ready: bool  # every dataset needed was read without problems
    pools: list[tuple[str, dict[str, Any]]]

    @classmethod
    def of(cls, site: "SiteData", index: Index, lead_ids: dict[str, Any], kinds: frozenset[str]) -> "_Pools":
        needs = kind_datasets()
        needed = {d for k in kinds for d in needs[k]}
        return cls(
            absent=sorted(needed - site.present),
            ready=all(d in site.models for d in needed),
            pools=[(k, lead_ids if k == "lead" else index.ids.get(k, {})) for k in sorted(kinds)],
        )


def _check_reference(site: "SiteData", index: Index, found: _Pools, ref: _Reference) -> Problem | None:
    """The problem with one reference, if any; a sound one is indexed."""
    loaded, ident = site.files[ref.dataset], ref.ident
    if found.absent:
        names = ", ".join(f"{site.display_dir}/{d}.yaml" for d in found.absent)
        return loaded.problem(ref.where, f"'{ident}' refers to {names}, but this site has no such file")
    if not found.ready:
        return None  # the registry's own file has problems, reported already
    matched = [k for k, pool in found.pools if ident in pool]
    if not matched:
        singular = " or ".join(_words(k)[0] for k, _ in found.pools)
        plural = " and ".join(_words(k)[1] for k, _ in found.pools)
        choices = [i for _, pool in found.pools for i in pool]
        return loaded.problem(ref.where, f"'{ident}' is not a known {singular}. Known {plural}: {known_choices(ident, choices)}")
    here, there = ref.visibility, index.visibility.get(ident, "public")
    if VISIBILITY_RANK[there] > VISIBILITY_RANK[here]:
        return loaded.problem(ref.where, (
            f"'{ident}' is {there}, so this {here} record cannot refer to it: it would "
            f"point at something that is not published. Mark this record '{there}' too, "
            f"or make '{ident}' public"
        ))
    obj, parents = ref.holder, ref.parents
    record = obj if isinstance(obj, Record) else (parents[-1] if parents else None)
    kind = matched[0]
    if kind == "lead":
        kind = "person" if ident in index.ids["person"] else "body"
    enclosing = parents if record is obj else parents[:-1]
    index.mentions[(kind, ident)].append(Mention(ref.dataset, ref.where, ref.field, record, tuple(enclosing), type(obj)))
    return None


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
