"""The events of the ``plansite`` MkDocs plugin (``plugin.py``; a site lists ``plansite`` under
``plugins:``): the only MkDocs-aware code besides ``define_env``.

- Bring in mkdocs-macros with this package as its module, unless the site lists it.

- Before the macros plugin starts, check the data; a build stops with one line per problem
  and no traceback, while ``mkdocs serve`` keeps running and shows the problems.
- Add the generated person and body pages.
- While previewing, watch the data folder and the generator as well as docs/.
- After the build, write the open data files, the feeds and the board pack.
- Refuse a page whose HTML would run script or load things from elsewhere.

Problems are printed once each (``plansite.log_once``) and stop a build where they are found
(``plansite.stop_unless_preview``); ``__init__.py`` does the same for the pages' macros.
"""
from __future__ import annotations

import functools
import importlib
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

log = logging.getLogger("mkdocs.plugins.plansite")
from plansite import preview as _memory  # what a preview remembers between rebuilds
# The generator's own stylesheet, served from the generator so every site shares it.
STYLESHEET = "assets/plansite/plan.css"


def _preview() -> bool:
    return _memory.serving


def _macros():
    """The macros package, reloaded from disk while previewing so edits to the generator
    show; all but ``plansite.preview``, which holds what the preview remembers."""
    if _preview():
        for name in [n for n in sys.modules if (n == "plansite" or n.startswith("plansite.")) and n != _memory.__name__]:
            del sys.modules[name]
    return importlib.import_module("plansite")


def on_startup(command: str, dirty: bool) -> None:
    # When the process ends, spare the garbage collector its last pass over every loaded
    # value, which Python makes after the exit handlers (x100 data: over a second).
    import atexit
    import gc

    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    # A build runs no other threads, so reading may fork a helper; a preview's server does.
    _macros().read.loading.USE_SECOND_CORE = command == "build"
    _memory.serving = command == "serve"
    # The macros plugin's INFO lines (modules found, variables, filters) say nothing an
    # editor can act on; its warnings and errors still show.
    logging.getLogger("mkdocs.plugins.mkdocs_macros.util").setLevel(logging.WARNING)
    _install_link_warning_filter()


def _install_link_warning_filter() -> None:
    """While the data is broken, the generated pages it names may be missing, so MkDocs's
    warnings about links to them are noise beside the real problems: hold them back."""
    pages_log = logging.getLogger("mkdocs.structure.pages")
    if not any(getattr(f, "plansite", False) for f in pages_log.filters):
        def held_back(record: logging.LogRecord) -> bool:
            return not (_memory.data_broken and record.levelno == logging.WARNING)

        held_back.plansite = True
        pages_log.addFilter(held_back)


@event_priority(100)  # before the macros plugin loads the data itself
def on_config(config):
    plansite = _macros()
    plansite.reported.clear()
    from plansite.read.site_config import ConfigProblem, site_options

    try:
        site_options(config)  # the plugin checked its options; this finds one left under extra:
    except ConfigProblem as exc:
        raise PluginError(str(exc)) from None
    _add_page_macros(config)
    from plansite.read.problems import ProblemsFound, data_problems_found, data_problems_summary
    from plansite.checks.site_files import files_refused_summary, site_file_problems

    # Links, devices and files a site may not publish, before anything reads them; a preview
    # leaves them out (on_files).
    refused = site_file_problems(Path(config.docs_dir), plansite.data_dir_of(config))
    if refused:
        plansite.log_once(refused)
        plansite.stop_unless_preview(files_refused_summary(refused))

    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    _apply_site_defaults(config)
    # Markdown's raw-HTML and acronym steps, linear in a page's size (macros/plansite/linear_markdown.py).
    from plansite.linear_markdown import LinearMarkdownExtension

    if not any(isinstance(e, LinearMarkdownExtension) for e in config.markdown_extensions):
        config.markdown_extensions.append(LinearMarkdownExtension())
    # The generator's template overrides (version banner, feed link) come before the theme's.
    overrides = os.path.join(os.path.dirname(os.path.abspath(plansite.__file__)), "overrides")
    if overrides not in config.theme.dirs:
        config.theme.dirs.insert(0, overrides)
    data_dir = plansite.data_dir_of(config)
    _memory.data_broken = False
    try:
        plansite.load_site_data(data_dir, plansite.display_dir_of(data_dir))
    except ProblemsFound as exc:
        _memory.data_broken = True
        plansite.log_once(exc.problems)  # a preview's pages show them in their panel, unprinted
        plansite.stop_unless_preview(data_problems_summary(len(exc.problems)))
        log.warning(f"{data_problems_found(len(exc.problems))}; the preview shows them on the pages until they are fixed.")
    return config


def _apply_site_defaults(config) -> None:
    """What every plan site shares (site_defaults.py), where the site does not say otherwise."""
    from plansite.site_defaults import MARKDOWN_EXTENSIONS, THEME, VALIDATION, VERSION_SELECTOR

    if config.theme.name == "material":
        for name, value in THEME.items():
            if config.theme.get(name) == _material_default(name):
                config.theme[name] = value

    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        # MkDocs lists toc itself; the site's own options for an extension win.
        config.mdx_configs[name] = {**options, **config.mdx_configs.get(name, {})}
    config.extra.setdefault("version", dict(VERSION_SELECTOR))
    levels = {"info": logging.INFO, "warn": logging.WARNING}
    # A floor: a site may make a link check stricter, not quieter than the generator's.
    for name, level in VALIDATION.items():
        for group in (config.validation.nav, config.validation.links):
            if name in group:
                group[name] = max(group[name], levels[level])


def _material_default(name: str):
    """Material's own default for one of its settings (its mkdocs_theme.yml, read once)."""
    return _material_defaults().get(name)


@functools.lru_cache(maxsize=1)
def _material_defaults() -> dict:
    import yaml
    from mkdocs.utils import get_theme_dir

    with open(os.path.join(get_theme_dir("material"), "mkdocs_theme.yml"), encoding="utf-8") as file:
        return yaml.safe_load(file) or {}


def _add_page_macros(config) -> None:
    """The pages' macros come through mkdocs-macros with this package as its module (its
    ``define_env`` and page hooks, in ``__init__.py``): the site names only ``plansite``.
    A site that lists ``macros`` itself gets the package added to its modules."""
    macros = config.plugins.get("macros")
    if macros is None:
        from mkdocs_macros.plugin import MacrosPlugin

        macros = MacrosPlugin()
        errors, _ = macros.load_config({"modules": ["plansite"], "on_error_fail": True, "on_undefined": "strict"})
        assert not errors, errors  # the settings above are the plugin's own
        # Its on_config runs next: MkDocs runs the events in a list this adds to.
        config.plugins["macros"] = macros
    elif "plansite" not in macros.config["modules"]:
        macros.config["modules"].append("plansite")


def on_env(env, config, files):
    # The theme's compiled templates, kept between builds like the generator's own.
    from plansite.read.disk_cache import templates

    env.bytecode_cache = templates()
    return env


def on_files(files, config):
    from plansite.render.generated_pages import generated_pages
    from plansite.read.problems import ProblemsFound

    import plansite
    from plansite.checks.site_files import published_files

    # Only the files site_files allows (a preview gets this far with others: see on_config).
    docs_dir = os.path.join(os.path.abspath(config.docs_dir), "")
    allowed = set(published_files(Path(config.docs_dir))[0])
    for file in [f for f in files if f.generated_by is None and (f.abs_src_path or "").startswith(docs_dir)]:
        if file.src_uri not in allowed:
            files.remove(file)
    _check_page_sources(files, config)
    stylesheet = os.path.join(os.path.dirname(os.path.abspath(plansite.__file__)), "assets", "plan.css")
    files.append(File.generated(config, STYLESHEET, abs_src_path=stylesheet))
    data_dir = plansite.data_dir_of(config)
    try:
        site = plansite.load_site_data(data_dir, plansite.display_dir_of(data_dir), include_drafts=_preview())
        pages = _memory.generated_pages = generated_pages(site)
    except ProblemsFound:
        # Only a preview gets this far. The pages the last good data made still exist, and
        # show the problems (their macros do), rather than vanish into 404s.
        pages = _memory.generated_pages
    for src_path, content in pages.items():
        if files.get_file_from_path(src_path) is None:  # a hand-written page wins
            # Linked from the People and Governance pages, they need no place in the menu.
            files.append(File.generated(config, src_path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def _check_page_sources(files, config) -> None:
    """Read every hand-written page's front matter ourselves, with the data files' bounded
    reader, before MkDocs parses it (macros/plansite/checks/page_source.py): a page that cannot be read,
    or whose front matter does not fit, stops the build in one line each (a preview leaves
    the page out and keeps going). A draft or private page is left out of the build, and out
    of the menu; a preview keeps it, marked."""
    import plansite
    from plansite.checks.page_source import read_page
    from plansite.read.problems import Problem
    from pathlib import Path

    docs = plansite.display_dir_of(Path(config.docs_dir))
    broken, hidden = [], set()
    for file in list(files.documentation_pages()):
        if file.generated_by is None and file.abs_src_path:
            found = read_page(Path(file.abs_src_path).read_bytes(), f"{docs}/{file.src_path}")
            if not isinstance(found, list) and found.meta.template and not any(
                    os.path.isfile(os.path.join(folder, found.meta.template)) for folder in config.theme.dirs):
                found = [Problem(f"{docs}/{file.src_path}", 1, "template",
                                 f"'{found.meta.template}' is not a template of the theme or of the generator's overrides")]
            if isinstance(found, list):
                broken += found
                files.remove(file)
            elif found.hidden and not _preview():
                hidden.add(file.src_uri)
                files.remove(file)
    if hidden and config.nav:
        config.nav = plansite.read.site_config.nav_without(config.nav, hidden)
    if broken:
        plansite.log_once(broken)
        plansite.stop_unless_preview(f"{len({p.file for p in broken})} page(s) cannot be read, listed above; nothing was built.")


def on_serve(server, config, builder):
    """Rebuild the preview when the data or the generator changes, not only docs/; and while
    mkdocs.yml is broken, say what is wrong in one line and keep serving the last good build
    (MkDocs itself prints a traceback and holds every page request until the file is fixed)."""
    import plansite

    server.watch(str(plansite.data_dir_of(config)))
    server.watch(os.path.dirname(os.path.abspath(plansite.__file__)))
    server.builder = functools.partial(_build_or_keep_last, server.builder, config.config_file_path)
    return server


def _build_or_keep_last(build, config_file: str) -> None:
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        build()
    except (ConfigurationError, Abort) as exc:
        if isinstance(exc, Abort) and "configuration error" not in str(exc):
            raise  # not the settings: MkDocs reports it as it always does
        # Nothing was built (the settings are read first), so the served folder still holds
        # the last good build; returning lets the server answer requests with it again.
        if not isinstance(exc, Abort):  # an Abort's settings problems are printed already
            log.error(_settings_problem(config_file, exc))
        log.warning("The preview shows the last good build until the settings are fixed.")


def _settings_problem(config_file: str, exc: Exception) -> str:
    """The one line ``plansite check`` gives for this mkdocs.yml, or else MkDocs's own."""
    from plansite.read.site_config import ConfigProblem, load_site_config, site_options

    try:
        site_options(load_site_config(config_file))
    except ConfigProblem as problem:
        return str(problem)
    return " ".join(str(exc).split()) or f"{os.path.basename(config_file)}: the settings cannot be used (see above)"


def on_post_build(config):
    """Publish the open data, the feeds and the board pack beside the pages: the same step a
    Zensical build runs (macros/plansite/outputs/post_build.py)."""
    from pathlib import Path

    import plansite
    from plansite.outputs.post_build import PostBuildError, publish_extras
    from plansite.read.problems import ProblemsFound

    data_dir = plansite.data_dir_of(config)
    try:
        site = plansite.load_site_data(data_dir, plansite.display_dir_of(data_dir), include_drafts=_preview())
    except ProblemsFound:
        return  # a preview of broken data: the pages show the problems; there is nothing to publish
    try:
        publish_extras(
            site, Path(config.site_dir), site_name=config.site_name, site_url=config.site_url,
            directory_urls=config.use_directory_urls, docs_dir=Path(config.docs_dir),
            board_pack=not _preview(), note=log.info,
        )
    except PostBuildError as exc:
        raise PluginError(str(exc)) from None


def on_page_context(context, page, config, nav):
    """The page's "Edit this page" link, for the template (overrides/main.html); set by the
    generator only, whatever the page's front matter says."""
    from plansite.outputs.edit_link import META_KEY, edit_link
    from plansite.read.site_config import site_options

    link = edit_link(page.file.src_uri, page.url, page.meta, page.file.generated_by is not None,
                     site_options(config).editor)
    page.meta.pop(META_KEY, None)
    if link:
        page.meta[META_KEY] = link
    return context


@event_priority(-100)  # after every other plugin: check exactly the HTML that is published
def on_page_content(html: str, page, config, files):
    """Refuse a page whose HTML would run script, embed or load things from elsewhere,
    redirect or re-point links (macros/plansite/checks/page_safety.py); a preview shows it made harmless."""
    from pathlib import Path

    import plansite
    from plansite.render.pages import front_matter_lines, problem_panel
    from plansite.checks.page_safety import neutralised, page_problems

    source = page.file.content_string
    src_path = f"{plansite.display_dir_of(Path(config.docs_dir))}/{page.file.src_path}"
    problems = page_problems(html, source, src_path, front_matter_lines(source), media_hosts=_media_hosts(config))
    if not problems:
        return html
    plansite.log_once(problems)
    plansite.stop_unless_preview(f"{page.file.src_uri} cannot be published: {len(problems)} problem(s), listed above.")
    return problem_panel(problems) + neutralised(html)


def on_post_page(output: str, page, config) -> str:
    """The page as the theme built it, checked whole and given its security policy
    (macros/plansite/outputs/content_policy.py)."""
    from pathlib import Path

    import plansite
    from plansite.outputs.content_policy import secure_page

    src_path = f"{plansite.display_dir_of(Path(config.docs_dir))}/{page.file.src_path}"
    source = page.file.content_string if page.file.generated_by is None else ""
    secured, problems = secure_page(output, source, src_path, _media_hosts(config))
    if problems:
        plansite.log_once(problems)
        plansite.stop_unless_preview(f"{page.file.src_uri} cannot be published: {len(problems)} problem(s), listed above.")
    return secured


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Pages the theme makes alone (404.html) get the same check and policy."""
    if not template_name.endswith(".html"):
        return output_content
    import plansite
    from plansite.outputs.content_policy import secure_page

    secured, problems = secure_page(output_content, "", template_name, _media_hosts(config))
    if problems:
        plansite.log_once(problems)
        plansite.stop_unless_preview(f"{template_name} cannot be published: {len(problems)} problem(s), listed above.")
    return secured


def _media_hosts(config) -> frozenset[str]:
    from plansite.read.site_config import ConfigProblem, media_hosts_of

    try:
        return media_hosts_of(config)
    except ConfigProblem as exc:
        raise PluginError(str(exc)) from None
