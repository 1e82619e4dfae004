"""Turn pydantic's validation errors into plain-English problems with file, line and field."""
from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from plansite.read.loading import LoadedFile
from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC
from plansite.read.problems import Problem, known_choices

_GAPS = (GAP_TBC, GAP_NOT_IN_SOURCE)
_GAP_CHOICES = f"'{GAP_TBC}' or '{GAP_NOT_IN_SOURCE}'"  # how a message offers them


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return repr(value)


def inner_models(annotation: Any) -> list[type[BaseModel]]:
    """Every model class that may appear in ``annotation`` (through lists, unions, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(inner_models(arg))
    return found


def _field_allows_gap(root: type[BaseModel], data_path: tuple) -> bool:
    """Whether the field at ``data_path`` may hold 'to be confirmed' / 'not in the source'."""
    for model in _models_at(root, data_path[:-1]):
        field = model.model_fields.get(str(data_path[-1])) if data_path else None
        if field is not None and _GAPS[0] in repr(field.annotation):
            return True
    return False


def _fields_at(root: type[BaseModel], data_path: tuple) -> list[str]:
    """Field names allowed at the model found by following ``data_path`` from ``root``."""
    names: list[str] = []
    for model in _models_at(root, data_path):
        names.extend(model.model_fields)
    return names


def _models_at(root: type[BaseModel], data_path: tuple) -> list[type[BaseModel]]:
    """The model classes that may sit at ``data_path`` below ``root``."""
    candidates: list[type[BaseModel]] = [root]
    for part in data_path:
        if isinstance(part, int):
            continue
        following: list[type[BaseModel]] = []
        for model in candidates:
            field = model.model_fields.get(part)
            if field is not None:
                following.extend(inner_models(field.annotation))
        candidates = following or candidates
    return candidates


def _data_path(raw: Any, loc: tuple) -> tuple[tuple, bool]:
    """Keep the parts of a pydantic location that exist in the data; drop union branch tags."""
    path: list = []
    current = raw
    skipped = False
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not skipped and _looks_like_field(part):
            path.append(part)  # a missing or unknown field
            current = None
        else:
            skipped = True
    return tuple(path), skipped


def _looks_like_field(part: str) -> bool:
    return part.replace("_", "").isalnum() and part == part.lower()


def _message(error: dict, root: type[BaseModel], path: tuple) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        if _field_allows_gap(root, path):
            return f"this field is missing; add it, or write '{GAP_NOT_IN_SOURCE}' if the source does not give it"
        return "this field is missing; add it"
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        allowed = _fields_at(root, path[:-1])
        return f"'{name}' is not a known field here. Known fields: {known_choices(name, allowed)}"
    if kind == "string_pattern_mismatch":
        return f"{_describe(value)} is not a valid id: use lower-case words joined by hyphens, e.g. 'julia-ross'"
    if kind == "literal_error":
        return f"{_describe(value)} is not allowed here. Choose one of: {ctx.get('expected', '')}"
    if kind in ("string_type", "str_type"):
        return f"should be text, but is {_describe(value)}"
    if kind == "list_type":
        return f"should be a list (one '- ' line per entry), but is {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"should be a set of fields (name: value), but is {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"should be a whole number, but is {_describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"should be a number, but is {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"should be true or false, but is {_describe(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} entries"
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} entries"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg']} (got {_describe(value)})"


def validation_problems(exc: ValidationError, root: type[BaseModel], loaded: LoadedFile) -> list[Problem]:
    """One problem per wrong value; a value that fits no allowed shape gets one merged line."""
    by_path: dict[tuple, list[tuple[bool, str, str]]] = {}
    for error in exc.errors(include_url=False):
        path, in_union = _data_path(loaded.value, tuple(error["loc"]))
        by_path.setdefault(path, []).append((in_union, error["type"], _message(error, root, path)))

    # Where a union branch failed deeper inside a value, the shallow "wrong shape" errors
    # of the other branches are noise: report only the deepest ones.
    deep_union_prefixes = {p for p, errs in by_path.items() if any(u for u, _, _ in errs)}
    problems: list[Problem] = []
    for path, errors in sorted(by_path.items(), key=lambda item: str(item[0])):
        shallow = [e for e in errors if e[0]]
        if shallow and any(len(other) > len(path) and other[: len(path)] == path for other in deep_union_prefixes):
            errors = [e for e in errors if not e[0]]
            if not errors:
                continue
        if len(shallow) > 1 and len(shallow) == len(errors):
            message = _merge_union_messages(loaded, path, shallow)
        else:
            message = "; ".join(dict.fromkeys(m for _, _, m in errors))
        problems.append(loaded.problem(path, message))
    return problems


def _merge_union_messages(loaded: LoadedFile, path: tuple, errors: list) -> str:
    value = loaded.value
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            value = None
            break
    gap_allowed = any(kind == "literal_error" and GAP_TBC in message for _, kind, message in errors)
    specific = [message for _, kind, message in errors if kind == "value_error"]
    if specific:
        # e.g. a date that does not exist: say exactly what is wrong with it.
        alternative = f" (or write {_GAP_CHOICES})" if gap_allowed else ""
        return specific[0] + alternative
    shapes = []
    for _, kind, message in errors:
        if kind == "literal_error":
            shapes.append(_GAP_CHOICES if GAP_TBC in message
                          else "one of " + message.split("Choose one of: ", 1)[-1])
        elif kind == "list_type":
            shapes.append("a list")
        elif kind in ("model_type", "dict_type"):
            shapes.append("a set of fields")
        elif kind in ("string_type",):
            shapes.append("text")
        elif kind in ("none_required",):
            shapes.append("empty")
        else:
            shapes.append(message.split(", but is ")[0].removeprefix("should be "))
    shapes = list(dict.fromkeys(shapes))
    return f"{_describe(value)} is not allowed here: it should be " + ", or ".join(shapes)


