"""Generate the browser editor's configuration (Sveltia CMS's config.yml) from the models.

The same pydantic models that make ``schemas/*.schema.json`` make the forms, so a form can never
accept what ``plansite check`` refuses (or the other way round). One entry per dataset file;
nested lists and objects as in the model; required as in the model; hints from the models'
descriptions; enumerations as selects; plan dates as strings with the data's own pattern
(never a timestamp); references to a registry (people, bodies, organisations, source
documents) as relations to the ids in the file that holds them, showing names. What a form
cannot check (a duplicate id, an id named in another file) is left to ``plansite check``.
"""
from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter

from plansite.checks.references import REGISTRIES
from plansite.models.common import Gap
from plansite.models.front_matter import PageMeta
from plansite.models.refs import Ref
from plansite.checks.site_data import DATASETS

CONFIG_PATH = Path(__file__).resolve().parents[3] / "schemas" / "editor" / "config.yml"
# Which field of a registry's records is shown in a relation's choices.
_SHOWN = {"people": "name", "bodies": "name", "organisations": "name", "documents": "title"}


def _label(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").capitalize()


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without None, whether None was allowed)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) < len(typing.get_args(annotation)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True
    return annotation, False


def _without_gap(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without its gap words, whether it had them): ``Dated | Gap`` is a date's
    fields or a bare "not in the source", and a form has no widget that is either. The form
    edits the date; a bare gap has no field, so it is not required, and a save keeps it
    (assets/editor/plansite-yaml-format.js)."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return annotation, False
    rest = [a for a in typing.get_args(annotation) if a is not Gap and a is not type(None)]
    if len(rest) == 1 and typing.get_origin(rest[0]) is not typing.Literal:
        return rest[0], True  # a choice of words or a gap (red | amber | ... | Gap) stays one select
    return annotation, False


GAP_WORDS = typing.get_args(Gap)  # the models' gap words; the editor's page hands them to its format script


def _gap_allowed(entry: dict) -> dict:
    """A field that may hold a gap: not required (a bare gap has no place in a date's fields or
    a choice of names), and its pattern also takes the gap words, shown as they are written."""
    entry = {**entry, "required": False}
    if "pattern" in entry:
        pattern, message = entry["pattern"]
        words = " or ".join(f"'{word}'" for word in GAP_WORDS)
        entry["pattern"] = [f"{pattern}|^(?:{'|'.join(GAP_WORDS)})$", f"{message} Or {words}."]
    if entry.get("widget") == "object":  # its fields are required only when it is given
        entry["fields"] = [{**field, "required": False} for field in entry["fields"]]
    return entry


def _ref_kind(annotation: Any, metadata: list) -> str | None:
    for m in list(metadata) + list(getattr(annotation, "__metadata__", ())):
        if isinstance(m, Ref):
            return m.kind
    return None


def _relation(kind: str, data_folder: str) -> dict | None:
    if kind not in REGISTRIES:
        return None  # ambitions, milestones, leads (person or body): checked by plansite check
    dataset, list_field, _, _ = REGISTRIES[kind]
    shown = _SHOWN.get(list_field, "id")
    return {
        "widget": "relation",
        "collection": "data",
        "file": dataset,
        "value_field": f"{list_field}.*.id",
        "display_fields": [f"{list_field}.*.{shown}"],
        "search_fields": [f"{list_field}.*.{shown}", f"{list_field}.*.id"],
    }


def _leaf(annotation: Any, metadata: list) -> dict:
    """A scalar field's widget, from its JSON Schema (pattern, enum, type)."""
    try:
        schema = TypeAdapter(typing.Annotated[(annotation, *metadata)] if metadata else annotation).json_schema()
    except Exception:  # a type with no JSON form (a callable, say): edited as text
        return {"widget": "string"}
    if "enum" in schema or "const" in schema:
        options = schema.get("enum", [schema.get("const")])
        return {"widget": "select", "options": options}
    kind = schema.get("type")
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind in ("integer", "number"):
        return {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
    if kind == "string":
        widget = {"widget": "string"}
        if "pattern" in schema:
            widget["pattern"] = [schema["pattern"], schema.get("description") or f"must match {schema['pattern']}"]
        return widget
    if "anyOf" in schema and all("enum" in branch or "const" in branch for branch in schema["anyOf"]):
        # a choice of words or numbers, or a gap (1 | 2 | 3 | 4 | Gap): one select, each value its own type
        options = [value for branch in schema["anyOf"] for value in branch.get("enum", [branch.get("const")])]
        return {"widget": "select", "options": options}
    if "anyOf" in schema:  # e.g. a number or a string: text keeps what was written
        return {"widget": "string"}
    return {"widget": "code", "output_code_only": True} if kind in ("object", "array") else {"widget": "string"}


def _widget(annotation: Any, metadata: list, data_folder: str) -> dict:
    annotation, _ = _strip_optional(annotation)
    kind = _ref_kind(annotation, metadata)
    if kind and (relation := _relation(kind, data_folder)):
        return relation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner = typing.get_args(annotation)
        return _widget(inner[0], list(metadata) + list(inner[1:]), data_folder)
    if origin in (list, tuple, set, frozenset):
        (item, *_rest) = typing.get_args(annotation) or (str,)
        item, _ = _strip_optional(item)
        item_kind = _ref_kind(item, [])
        if item_kind and (relation := _relation(item_kind, data_folder)):
            return {**relation, "multiple": True}
        if isinstance(item, type) and issubclass(item, BaseModel):
            return {"widget": "list", "fields": model_fields(item, data_folder)}
        return {"widget": "list", "field": {"name": "item", "label": "Item", **_widget(item, [], data_folder)}}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "fields": model_fields(annotation, data_folder)}
    return _leaf(annotation, metadata)


def _needs_items(info) -> bool:
    """A list field the model requires to hold at least one item."""
    return info.is_required() and any(getattr(m, "min_length", 0) for m in info.metadata)


def model_fields(model: type[BaseModel], data_folder: str) -> list[dict]:
    fields = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        annotation, gap = _without_gap(info.annotation)
        entry = {"name": key, "label": _label(key), **_widget(annotation, list(info.metadata), data_folder)}
        hint = f"{info.description or ''} Leave empty when the source gives none.".strip() if gap else info.description
        if hint:
            entry["hint"] = hint
        # Sveltia counts an empty list as missing: a list the model allows empty (roles: [])
        # is not required in the form, or every file holding one could not be saved.
        entry["required"] = info.is_required() and not (entry.get("widget") == "list" or entry.get("multiple")) or _needs_items(info)
        if gap:
            entry = _gap_allowed(entry)
        fields.append(entry)
    return fields


def data_format(dataset: str) -> str:
    """The format that saves a dataset's file by changing only the values edited
    (assets/editor/plansite-yaml-format.js registers one per dataset: Sveltia tells a
    format's writer the values, not the file they belong to)."""
    return f"plansite-yaml-{dataset}"


def editor_config(data_folder: str = "data", docs_folder: str = "docs", repo: str | None = None,
                  site_url: str | None = None) -> dict:
    """The whole configuration for a site whose data and pages are these folders (repository
    paths), kept in the GitHub repository ``repo`` ("owner/name"; a placeholder when unknown),
    its "view the site" link ``site_url`` (``plansite edit``: the local preview)."""
    data_files = [
        {
            "name": dataset,
            "label": _label(dataset),
            "file": f"{data_folder}/{dataset}.yaml",
            "format": data_format(dataset),
            "fields": model_fields(model, data_folder),
        }
        for dataset, model in DATASETS.items()
    ]
    # Sveltia writes a page's front matter anew, in the order of these fields: owner and review
    # date first, as every page of the sites (and plansite new) writes them, so a save keeps them in place.
    meta = {f["name"]: f for f in model_fields(PageMeta, data_folder)}
    meta["title"] = {"name": "title", "label": "Title", "widget": "string", "required": False,
                     "hint": PageMeta.model_fields["title"].description}
    first = ("owner", "review_by", "title")
    page_fields = [
        *[meta[name] for name in first],
        *[field for name, field in meta.items() if name not in first],
        {"name": "body", "label": "Text", "widget": "markdown"},
    ]
    return {
        "backend": {"name": "github", "repo": repo or "OWNER/REPOSITORY", "branch": "main"},
        **({"site_url": site_url} if site_url else {}),
        "publish_mode": "editorial_workflow",  # each save is a pull request; check.yml runs on it
        "media_folder": f"{docs_folder}/assets/images",
        "public_folder": "/assets/images",
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "none", "indent_size": 2}},
        "collections": [
            {"name": "data", "label": "Data", "format": "yaml", "files": data_files},
            {
                "name": "updates",
                "label": "Board updates",
                "folder": f"{docs_folder}/updates",
                "create": True,
                "extension": "md",
                "format": "yaml-frontmatter",
                "slug": "{{year}}-{{month}}-{{slug}}",
                "fields": page_fields,
            },
            {
                "name": "pages",
                "label": "Pages",
                "folder": docs_folder,
                "create": True,
                "extension": "md",
                "format": "yaml-frontmatter",
                "fields": page_fields,
            },
        ],
    }


def config_text(data_folder: str = "data", docs_folder: str = "docs", repo: str | None = None,
                site_url: str | None = None) -> str:
    header = "# Generated by `plansite schemas` from the models: do not edit by hand.\n"
    config = editor_config(data_folder, docs_folder, repo, site_url)
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120)


def write_config(path: Path = CONFIG_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text(), encoding="utf-8")
    return path
