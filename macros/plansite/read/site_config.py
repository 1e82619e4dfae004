"""A site's mkdocs.yml read without MkDocs, for the steps either engine shares.

Only what the prerender and post-build steps need: ``INHERIT`` merged the way MkDocs merges
it (mappings key by key, everything else replaced), ``!ENV`` tags resolved, ``docs_dir``
made absolute, and MkDocs's defaults for the few settings read here.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


POSTS_DIR = "updates"  # the pages folder of a site's board update reports (render/posts.py)


class ConfigProblem(Exception):
    """mkdocs.yml cannot be read; the message is one line naming the file."""

    def __init__(self, message: str, option: str = "") -> None:
        super().__init__(message)
        self.option = option  # the plugin option at fault, if it is one


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


@dataclass(frozen=True)
class SiteOptions:
    """The generator's options for one site: ``plugins: - plansite: {...}`` in its mkdocs.yml."""

    data_dir: str = "data"  # the data folder, relative to mkdocs.yml
    release: str | None = None  # the version a merge to main publishes (make publish)
    dataset_pages: dict[str, str] = field(default_factory=dict)  # dataset -> its page under docs/
    media_hosts: frozenset[str] = frozenset()  # other hosts pages may show pictures and video from
    editor: str = "../admin/"  # the browser editor's folder, relative to a version's root (outputs/edit_link.py)


OPTION_TYPES = {"data_dir": (str, "a folder name"), "release": (str, "a version name in quotes, e.g. \"2019-03\""),
                "dataset_pages": (dict, "a page for each dataset, e.g. people: people/index.md"),
                "media_hosts": (list, "a list of host names such as images.example.org"),
                "editor": (str, "the editor's folder relative to the site, e.g. \"../admin/\"")}
HOST_NAME = re.compile(r"[a-z0-9.-]+\.[a-z]{2,}")
# The editor's address: a relative folder (each part ending in '/'), so no page's link can
# leave for another host or carry a query.
EDITOR_FOLDER = re.compile(r"([A-Za-z0-9_.-]+/)+")
# The start of the editor's own routes (Sveltia's hash router) in an "Edit this page" link
# (outputs/edit_link.py), which checks/linkcheck.py leaves alone: the editor is outside a version.
EDITOR_ROUTE = "/collections/"


def _plugin_entry(conf) -> Any:
    """What the site's configuration says under ``plugins: - plansite:`` (None if it is not listed)."""
    plugins = conf.get("plugins") or []
    if isinstance(plugins, dict):  # MkDocs's loaded plugins, or a mapping in the YAML
        entry = plugins.get("plansite", None if "plansite" not in plugins else {})
        return getattr(entry, "site_options", entry)
    for item in plugins if isinstance(plugins, list) else []:
        if item == "plansite":
            return {}
        if isinstance(item, dict) and "plansite" in item:
            return item["plansite"] or {}
    return None


def check_options(options: Any, where: str) -> SiteOptions:
    """The plugin's options checked; ConfigProblem naming the option, in one line, if one is
    unknown (with the nearest known name) or of the wrong type."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise ConfigProblem(f"{where}: the plansite plugin's options must be 'name: value' lines under it, not {options!r}")
    for name, value in options.items():
        if name not in OPTION_TYPES:
            near = difflib.get_close_matches(str(name), OPTION_TYPES, n=1)
            hint = f"did you mean '{near[0]}'?" if near else f"its options are {', '.join(OPTION_TYPES)}"
            raise ConfigProblem(f"{where}: '{name}' is not an option of the plansite plugin; {hint}", str(name))
        kind, wanted = OPTION_TYPES[name]
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            raise ConfigProblem(f"{where}: plansite option '{name}' must be {wanted}, not {value!r}", name)
    pages = options.get("dataset_pages", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items()):
        raise ConfigProblem(f"{where}: plansite option 'dataset_pages' must name a page for each dataset, e.g. "
                            f"people: people/index.md, not {pages!r}", "dataset_pages")
    hosts = options.get("media_hosts", [])
    if not all(isinstance(h, str) and HOST_NAME.fullmatch(h) for h in hosts):
        raise ConfigProblem(f"{where}: plansite option 'media_hosts' must be a list of host names such as "
                            f"'images.example.org', not {hosts!r}", "media_hosts")
    editor = options.get("editor", SiteOptions.editor)
    if not EDITOR_FOLDER.fullmatch(editor):
        raise ConfigProblem(f"{where}: plansite option 'editor' must be a folder relative to the site ending in '/', "
                            f"such as '../admin/', not {editor!r}", "editor")
    return SiteOptions(data_dir=options.get("data_dir", "data"), release=options.get("release"),
                       dataset_pages=dict(pages), media_hosts=frozenset(hosts), editor=editor)


def site_options(conf) -> SiteOptions:
    """The site's generator options, from MkDocs's loaded configuration (already checked by the
    plugin) or from mkdocs.yml read here (checked now). An option still written under
    ``extra:``, where it lived before the plugin, is refused naming where it goes now."""
    where = Path(conf.get("config_file_path") or "mkdocs.yml").name
    extra = conf.get("extra") or {}
    moved = [name for name in OPTION_TYPES if name in extra]
    if moved:
        raise ConfigProblem(f"{where}: extra.{moved[0]} is now an option of the plansite plugin: move it under "
                            "'plugins:', as '- plansite:' then '    " + moved[0] + ": ...'")
    entry = _plugin_entry(conf)
    # Checked already by the plugin (while previewing, by a copy of this module loaded before
    # the generator was reloaded: so not isinstance).
    checked = all(hasattr(entry, name) for name in OPTION_TYPES)
    return entry if checked else check_options(entry, where)


def data_dir_of(conf) -> Path:
    """The site's data folder: the plugin's ``data_dir`` option, relative to mkdocs.yml."""
    config_dir = Path(conf["config_file_path"]).resolve().parent
    return config_dir / site_options(conf).data_dir


def display_dir_of(data_dir: Path) -> str:
    """A folder as the person running the command would type it: relative to where they are."""
    try:
        return os.path.relpath(data_dir, Path.cwd())
    except ValueError:
        return str(data_dir)


def media_hosts_of(conf) -> frozenset[str]:
    """The other hosts the site's configuration lets pages show pictures, video and embeds
    from (the plugin's ``media_hosts: [host, ...]``): none unless named."""
    return site_options(conf).media_hosts


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
