"""The macros a site's pages call (``show``, ``what_changed``, ``status_dashboard``, …),
registered on whatever runs the pages' Jinja: the mkdocs-macros plugin (``plansite.define_env``)
or the pre-render for Zensical (``outputs/prerender.py``). Plain Python: it knows neither engine.
"""
from __future__ import annotations

import os
from pathlib import Path

from plansite.checks.review import site_notice, today
from plansite.checks.site_data import load_site_data
from plansite.read.problems import Problem, ProblemsFound
from plansite.read.site_config import data_dir_of, display_dir_of, site_options
from plansite.render.changes import Release, changes_for
from plansite.render.pages import page_environment
from plansite.render.posts import read_posts
from plansite.render.renderer import Renderer
from plansite.render.urls import doc_url


def define_page_macros(env, preview: bool = False) -> None:
    """Register the page macros on ``env`` (what mkdocs-macros hands a module's ``define_env``:
    ``conf``, ``variables``, ``macro``, and the ``page`` being rendered), with the renderer
    and the sandbox the pages are rendered in as its variables. ``preview``: drafts are
    shown, and broken data is kept as problems for every page to show, not raised."""
    data_dir = data_dir_of(env.conf)
    problems: list[Problem] = []
    try:
        site = load_site_data(data_dir, display_dir_of(data_dir), include_drafts=preview)
    except ProblemsFound as exc:
        if not preview:
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
    def count(dataset: str, field: str) -> str:
        """A published count in words, e.g. count("workforce", "workforce.goals") -> "three"."""
        if renderer is None:
            return ""
        return renderer.count(dataset, field)

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
        "show": show, "count": count, "what_changed": what_changed, "status_dashboard": status_dashboard,
        "board_pack_cover": board_pack_cover, "board_updates": board_updates, "open_data": open_data,
    })


def _docs_name(env) -> str:
    return display_dir_of(Path(env.conf["docs_dir"]))
