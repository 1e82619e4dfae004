"""The datasets a site is built from: which file holds which model, loaded and checked together.

``load_site_data`` is the one entry point: it reads every file, validates each against its
model, checks every cross-reference, and returns either the data or every problem at once.
It is pure for a given set of files, so it is cached on their paths, sizes and times.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from plansite.read.loading import LoadedFile, gc_paused, load_yaml_file, load_yaml_files
from plansite.models import registry
from plansite.read.problems import Problem, ProblemsFound
from plansite.checks.validation import validation_problems

class _Models(Mapping):
    """Dataset name -> the model its file must follow, read live from the registry (so a
    dataset registered later, e.g. by a test, is known everywhere at once)."""

    def __getitem__(self, name: str) -> type[BaseModel]:
        return registry.DATASETS[name].model

    def __iter__(self) -> Iterator[str]:
        return iter(registry.DATASETS)

    def __len__(self) -> int:
        return len(registry.DATASETS)


DATASETS: Mapping[str, type[BaseModel]] = _Models()


def required(dataset: str) -> bool:
    """Every site has the required datasets; the rest are optional, so each partnership
    publishes what it has."""
    return dataset in registry.DATASETS and registry.DATASETS[dataset].required


def schema_file_name(dataset: str) -> str:
    return f"{dataset}.schema.json"


@dataclass
class SiteData:
    """Every dataset of a site, validated, with the loaded files kept for line numbers."""

    data_dir: Path
    display_dir: str
    models: dict[str, BaseModel]
    files: dict[str, LoadedFile]
    present: set[str] = field(default_factory=set)  # datasets whose file exists, valid or not
    index: Any = field(default=None)  # a references.Index, set once references are checked
    views: dict = field(default_factory=dict)  # published views of this data, by visibilities allowed
    full: Any = field(default=None)  # for a view: all the data, drafts and private records included

    def __getattr__(self, name: str) -> Any:
        models = self.__dict__.get("models", {})
        if name in models:
            return models[name]
        raise AttributeError(name)


def load_dataset_file(
    dataset: str, model: type[BaseModel], path: Path, display: str, read: LoadedFile | list[Problem] | None = None
) -> tuple[BaseModel | None, LoadedFile | None, list[Problem]]:
    """Validate one data file on its own (cross-references are checked later); ``read`` is
    what reading it gave, when it has been read already."""
    if read is None:
        try:
            read = load_yaml_file(path, display)
        except ProblemsFound as exc:
            read = list(exc.problems)
    if isinstance(read, list):
        return None, None, read
    loaded = read
    problems: list[Problem] = []
    expected = schema_file_name(dataset)
    if loaded.schema_ref is None:
        problems.append(Problem(display, 1, "", f"the first line must name the schema: '# yaml-language-server: $schema=../schemas/{expected}'"))
    elif os.path.basename(loaded.schema_ref) != expected:
        problems.append(Problem(display, 1, "", f"the first line names schema '{loaded.schema_ref}', but this file needs '{expected}'"))
    if not isinstance(loaded.value, dict):
        problems.append(loaded.problem((), "the file must be a set of fields (name: value) at the top level"))
        return None, loaded, problems
    try:
        instance = model.model_validate(loaded.value)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, model, loaded))
        return None, loaded, problems
    return instance, loaded, problems


def _fingerprint(data_dir: Path) -> tuple:
    entries = []
    for dataset in DATASETS:
        path = data_dir / f"{dataset}.yaml"
        try:
            stat = path.stat()
            entries.append((dataset, stat.st_size, stat.st_mtime_ns))
        except OSError:
            entries.append((dataset, None, None))
    return tuple(entries)


def load_site_data(data_dir: Path | str, display_dir: str = "data", *, include_drafts: bool = False) -> SiteData:
    """Load, validate and cross-check every dataset in ``data_dir``; raise ProblemsFound with
    all problems. Returns what may be published: private records are always left out, and
    drafts too unless ``include_drafts`` (a local preview)."""
    data_dir = Path(data_dir).resolve()
    full = _load_cached(data_dir, display_dir, _fingerprint(data_dir))
    allowed = frozenset({"public", "draft"} if include_drafts else {"public"})
    if allowed not in full.views:
        with gc_paused():
            full.views[allowed] = _view(full, allowed)
    return full.views[allowed]


def _view(full: SiteData, allowed: frozenset[str]) -> SiteData:
    from plansite.checks.references import check_references, filtered_models
    from plansite.checks.reading_grade import summary_grade_problems
    from plansite.checks.summary_counts import summary_count_problems
    from plansite.checks.summary_dates import summary_date_problems

    if all(visibility in allowed for visibility in full.index.visibility.values()):
        # Nothing is held back, so filtering would return the very same models, and checking
        # them again the very same index: share them (x100 data: saves 2.6 s per build).
        view = SiteData(full.data_dir, full.display_dir, dict(full.models), full.files, full.present)
        view.index = full.index
    else:
        models, locations = filtered_models(full.models, set(allowed), full.index.locations)
        view = SiteData(full.data_dir, full.display_dir, models, full.files, full.present)
        view.index, _ = check_references(view, locations)
    view.full = full
    # Counts and days typed in summaries are checked against what is published, not what is
    # written; and what is published must read plainly.
    problems = summary_count_problems(view) + summary_date_problems(view) + summary_grade_problems(view)
    if problems:
        raise ProblemsFound(problems)
    return view


@functools.lru_cache(maxsize=8)
def _load_cached(data_dir: Path, display_dir: str, _fingerprint: tuple) -> SiteData:
    # Loading makes millions of small objects on a large site and no garbage cycles; the
    # collector's repeated passes over them cost more than the work (see loading.gc_paused).
    with gc_paused():
        return _load(data_dir, display_dir)


def _load(data_dir: Path, display_dir: str) -> SiteData:
    from plansite.checks.references import check_references  # imported here: references needs SiteData

    models: dict[str, BaseModel] = {}
    files: dict[str, LoadedFile] = {}
    problems: list[Problem] = []
    present: set[str] = set()
    for dataset in DATASETS:
        # lexists: an optional file that is a link (even a broken one) is reported, not skipped.
        if os.path.lexists(data_dir / f"{dataset}.yaml") or required(dataset):
            present.add(dataset)
    # The registries every other file refers to are read first, so a duplicate id is blamed
    # on the later file.
    wanted = sorted((d for d in DATASETS if d in present), key=lambda d: not required(d))
    read = load_yaml_files([(data_dir / f"{d}.yaml", f"{display_dir}/{d}.yaml") for d in wanted])
    for dataset in wanted:
        display = f"{display_dir}/{dataset}.yaml"
        instance, loaded, found = load_dataset_file(dataset, DATASETS[dataset], data_dir / f"{dataset}.yaml", display, read[display])
        problems.extend(found)
        if loaded is not None:
            files[dataset] = loaded
        if instance is not None:
            models[dataset] = instance
    known = {p.name for p in data_dir.glob("*.yaml")} | {p.name for p in data_dir.glob("*.yml")}
    for stray in sorted(known - {f"{d}.yaml" for d in DATASETS}):
        problems.append(Problem(f"{display_dir}/{stray}", 0, "", f"is not a known dataset, so the site would ignore it. Known datasets: {', '.join(f'{d}.yaml' for d in DATASETS)}"))
    site = SiteData(data_dir, display_dir, models, files, present)
    index, ref_problems = check_references(site)
    problems.extend(ref_problems)
    site.index = index
    if problems:
        raise ProblemsFound(problems)
    return site
