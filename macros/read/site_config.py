"""A site's mkdocs.yml read without MkDocs, for the steps either engine shares.

Only what the prerender and post-build steps need: ``INHERIT`` merged the way MkDocs merges
it (mappings key by key, everything else replaced), ``!ENV`` tags resolved, ``docs_dir``
made absolute, and MkDocs's defaults for the few settings read here.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml


class ConfigProblem(Exception):
    """mkdocs.yml cannot be read; the message is one line naming the file."""


class SettingsLoader(yaml.SafeLoader):
    pass


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # MkDocs's ``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else
    # the default (the last item of a list), else None.
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    default = names.pop() if len(names) > 1 else None
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


class PythonName(str):
    """A ``!!python/name:module.attribute`` value (e.g. pymdownx.emoji's functions), kept
    as written for the engine, which imports it itself."""


SettingsLoader.add_constructor("!ENV", _env_tag)
SettingsLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: PythonName(suffix)
)


class SettingsDumper(yaml.SafeDumper):
    """Writes settings back as YAML, ``!!python/name:`` values included."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written twice, as in a hand-written mkdocs.yml


SettingsDumper.add_representer(
    PythonName, lambda dumper, value: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", "")
)
# Text the generator adds (markupsafe.Markup and other str subclasses) is written as text.
SettingsDumper.add_multi_representer(str, lambda dumper, value: dumper.represent_str(str(value)))


def _merge(parent: dict, child: dict) -> dict:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path, display: str, read: list[Path] | None = None) -> dict:
    """The settings in ``path``, INHERIT merged; ``read`` gets every file read, in order."""
    if read is not None:
        read.append(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigProblem(f"{display}: cannot be read ({exc.strerror})") from None
    try:
        config = yaml.load(text, Loader=SettingsLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{display}:{mark.line + 1}" if mark else display
        raise ConfigProblem(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(config, dict):
        raise ConfigProblem(f"{display}: should hold settings (name: value lines)")
    parent = config.pop("INHERIT", None)
    if parent:
        parent_path = (path.parent / parent).resolve()
        config = _merge(_read(parent_path, f"{display}: INHERIT {parent}", read), config)
    return config


def load_site_config(config_file: Path | str, read: list[Path] | None = None) -> dict:
    """The settings of the site whose mkdocs.yml is ``config_file``, INHERIT merged; ``read``
    (if given) gets the files read: that one, then each it inherits."""
    path = Path(config_file).resolve()
    config = _read(path, os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path), read)
    config["config_file_path"] = str(path)
    config["docs_dir"] = str((path.parent / config.get("docs_dir", "docs")).resolve())
    config.setdefault("use_directory_urls", True)
    config.setdefault("site_url", None)
    if config["site_url"] and not str(config["site_url"]).endswith("/"):
        config["site_url"] = f"{config['site_url']}/"  # as MkDocs normalises it
    config["extra"] = config.get("extra") or {}
    return config


def data_dir_of(conf) -> Path:
    """The site's data folder: ``extra.data_dir`` in mkdocs.yml, relative to that file."""
    config_dir = Path(conf["config_file_path"]).resolve().parent
    extra = conf.get("extra") or {}
    return config_dir / extra.get("data_dir", "data")


def display_dir_of(data_dir: Path) -> str:
    """A folder as the person running the command would type it: relative to where they are."""
    try:
        return os.path.relpath(data_dir, Path.cwd())
    except ValueError:
        return str(data_dir)


def media_hosts_of(conf) -> frozenset[str]:
    """The other hosts the site's configuration lets pages show pictures, video and embeds
    from (``extra: media_hosts: [host, ...]``): none unless named."""
    extra = conf.get("extra") or {}
    hosts = extra.get("media_hosts") or []
    where = Path(conf.get("config_file_path") or "mkdocs.yml").name
    if not isinstance(hosts, list) or not all(isinstance(h, str) and re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", h) for h in hosts):
        raise ConfigProblem(f"{where}: extra.media_hosts must be a list of host names such as 'images.example.org', not {hosts!r}")
    return frozenset(hosts)


def nav_without(nav: Any, hidden: set[str]) -> Any:
    """The menu (``nav``) without entries for the pages in ``hidden`` (paths under docs/),
    and without sections left empty: a draft or private page has no place in it."""
    if isinstance(nav, str):
        return None if nav in hidden else nav
    if isinstance(nav, list):
        kept = [nav_without(item, hidden) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {title: nav_without(item, hidden) for title, item in nav.items()}
        kept = {title: item for title, item in kept.items() if item not in (None, [], {})}
        return kept or None
    return nav
