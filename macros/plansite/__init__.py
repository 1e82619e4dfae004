"""The generator, ``plansite``, and its glue for mkdocs-macros-plugin (the ``plansite`` MkDocs
plugin, ``plugin.py``, gives it this package as its module): it
registers the macros the site's Markdown pages call and adapts what the plain pipeline returns
to MkDocs. A problem found in a page is printed once and, in a build, raised here as MkDocs's
``PluginError``; a local preview shows it on the page instead.

The pipeline lives in the subpackages, which know nothing of MkDocs (read/ → models/ →
checks/ → render/ → outputs/ → release/); this file and ``hooks.py`` are the only places that
touch MkDocs's objects.
"""
from __future__ import annotations

import logging
from pathlib import Path

from plansite import preview
from plansite.checks.site_data import load_site_data  # noqa: F401  (hooks.py reads it from here)
from plansite.read.site_config import data_dir_of, display_dir_of  # noqa: F401  (and these)
from plansite.render.page_macros import define_page_macros
from plansite.render.pages import hidden_page_notice, page_markdown, problem_panel

log = logging.getLogger("mkdocs.plugins.plansite")
# The problem lines printed in this build (hooks.on_config empties it): a problem many pages
# meet is printed once.
reported: set[str] = set()


def is_preview() -> bool:
    """A local preview (``mkdocs serve``) shows drafts and survives broken data; builds do not."""
    return preview.serving  # set by the plugin when serving; builds never set it, so they fail instead


def log_once(problems: list) -> None:
    """Print each problem line not yet printed in this build."""
    from plansite.read.problems import problem_lines  # with GitHub's annotations in Actions

    for line in problem_lines(problems):
        if line not in reported:
            reported.add(line)
            log.error(line)


def stop_unless_preview(message: str) -> None:
    """A build stops here with ``message`` (problems already printed); a preview goes on."""
    if not is_preview():
        from mkdocs.exceptions import PluginError  # imported here: the pipeline never needs MkDocs

        raise PluginError(message)


def define_env(env) -> None:
    """mkdocs-macros calls this with its environment: the page macros (render/page_macros.py)."""
    define_page_macros(env, preview=is_preview())


def on_pre_page_macros(env) -> None:
    """Render the page's macros ourselves (macros/plansite/render/pages.py), so a mistake becomes a
    one-line problem, not a traceback, and a hand-written page without an owner or a review
    date is refused. The problems stop the build here."""
    page = env.page
    src_path = f"{_docs_name(env)}/{page.file.src_path}"
    rendered, problems = page_markdown(
        env.variables["plan_page_env"], page.file.content_string, env.markdown, dict(page.meta or {}), src_path,
        hand_written=page.file.generated_by is None,
    )
    page.meta["render_macros"] = False  # rendered already: the plugin must not render twice
    if problems:
        log_once(problems)
        stop_unless_preview(f"{page.file.src_uri} cannot be published: {len(problems)} problem(s), listed above.")
    if (page.meta or {}).get("visibility") in ("draft", "private") and page.file.generated_by is None:
        rendered = _after_title(rendered, hidden_page_notice(page.meta["visibility"]))  # only a preview gets here
    data_problems = env.variables.get("plan_data_problems")
    if data_problems:  # a preview of broken data (printed by hooks.on_config): every page says so
        env.markdown = _after_title(rendered, problem_panel(data_problems + problems))
    else:
        env.markdown = problem_panel(problems) + rendered


def _after_title(markdown: str, notice: str) -> str:
    """Put ``notice`` just below the page's title, or at the top if it has none."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + ["", notice] + lines[index + 1:])
    return notice + "\n" + markdown


def on_post_page_macros(env) -> None:
    """Spell out each of the glossary's acronyms at its first use on the page, and explain it
    wherever it appears in the page's own prose."""
    renderer = env.variables.get("plan_renderer")
    if renderer is not None:
        env.markdown = renderer.explained_page(env.markdown)


def _docs_name(env) -> str:
    return display_dir_of(Path(env.conf["docs_dir"]))
