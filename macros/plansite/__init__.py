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
import os
from pathlib import Path

from plansite.render.changes import Release, changes_for
from plansite.read.datasets import load_site_data
from plansite.read.site_config import data_dir_of, display_dir_of, site_options
from plansite.render.pages import hidden_page_notice, page_environment, page_markdown, problem_panel, with_abbreviations
from plansite.read.posts import read_posts
from plansite.checks.problems import Problem, ProblemsFound
from plansite.render.renderer import Renderer
from plansite.render.urls import doc_url
from plansite.checks.review import site_notice, today

# Set by the MkDocs hook when serving a local preview: broken data is then shown on the
# pages instead of stopping the server. Builds never set it, so they fail instead.
PREVIEW_ENV = "PLANSITE_PREVIEW"
log = logging.getLogger("mkdocs.plugins.plansite")
# The problem lines printed in this build (hooks.on_config empties it): a problem many pages
# meet is printed once.
reported: set[str] = set()


def is_preview() -> bool:
    """A local preview (``mkdocs serve``) shows drafts and survives broken data; builds do not."""
    return os.environ.get(PREVIEW_ENV) == "1"


def log_once(problems: list) -> None:
    """Print each problem line not yet printed in this build."""
    from plansite.checks.problems import problem_lines  # with GitHub's annotations in Actions

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
    data_dir = data_dir_of(env.conf)
    problems: list[Problem] = []
    try:
        site = load_site_data(data_dir, display_dir_of(data_dir), include_drafts=is_preview())
    except ProblemsFound as exc:
        if not is_preview():
            raise
        site, problems = None, exc.problems
    renderer = (
        Renderer(site, directory_urls=env.conf["use_directory_urls"], dataset_pages=site_options(env.conf).dataset_pages)
        if site
        else None
    )
    env.variables["plan_renderer"] = renderer
    if site is not None:  # the site-wide notice on the age of the plans (theme: overrides/main.html)
        docs_dir = Path(env.conf["docs_dir"]) if env.conf.get("docs_dir") else None
        env.conf["extra"]["plansite_notice"] = site_notice(site, docs_dir, today())
        env.conf["extra"]["plansite_notice_link"] = doc_url(renderer.dataset_pages["sources"], env.conf["use_directory_urls"])
    env.variables["plan_data_problems"] = problems

    release = Release.from_environment(dict(os.environ))

    @env.macro
    def show(dataset: str, id: str | None = None) -> str:
        """Show a whole dataset, e.g. show("system_plan"), or one record: show("people", "julia-ross")."""
        if renderer is None:
            return ""  # the data is broken: the page shows the problems once, at its top
        return renderer.show(dataset, id, current_url=env.page.url)

    @env.macro
    def what_changed() -> str:
        """What changed since the previous published version, computed from the data."""
        if renderer is None:
            return ""  # the data is broken: the page shows the problems once, at its top
        return renderer.what_changed(changes_for(site, release), release.version, current_url=env.page.url)

    @env.macro
    def status_dashboard() -> str:
        """Actions and milestones by status and group; what is overdue and what is due next."""
        if renderer is None:
            return ""  # the data is broken: the page shows the problems once, at its top
        return renderer.status_dashboard(current_url=env.page.url)

    @env.macro
    def board_pack_cover() -> str:
        """The board pack's cover: partnership, version and date (the generated board pack page uses it)."""
        if renderer is None:
            return ""  # the data is broken: the page shows the problems once, at its top
        return renderer.board_pack_cover(release.version, release.date(site.partnership.as_of), current_url=env.page.url)

    @env.macro
    def board_updates() -> str:
        """The update reports for partner boards in docs/updates/, newest first, with their RSS feed."""
        if renderer is None:
            return ""  # the data is broken: the page shows the problems once, at its top
        posts, post_problems = read_posts(Path(env.conf["docs_dir"]), _docs_name(env))
        if post_problems:
            raise ProblemsFound(post_problems)
        return renderer.board_updates(posts, current_url=env.page.url)

    @env.macro
    def open_data() -> str:
        """Download links for every dataset as JSON and CSV, with schemas and the licence."""
        if renderer is None:
            return ""  # the data is broken: the page shows the problems once, at its top
        return renderer.open_data(current_url=env.page.url)

    # Pages are rendered in a sandbox that holds these macros and nothing else (render/pages.py).
    env.variables["plan_page_env"] = page_environment({
        "show": show, "what_changed": what_changed, "status_dashboard": status_dashboard,
        "board_pack_cover": board_pack_cover, "board_updates": board_updates, "open_data": open_data,
    })


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
    """Explain the glossary's acronyms wherever they appear in the page's own prose."""
    renderer = env.variables.get("plan_renderer")
    if renderer is not None:
        env.markdown = with_abbreviations(env.markdown, renderer.abbreviation_definitions(env.markdown))


def _docs_name(env) -> str:
    return display_dir_of(Path(env.conf["docs_dir"]))
