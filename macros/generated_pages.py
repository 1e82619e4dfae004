"""The pages the generator writes itself: one per person and one per body.

Each is a small Markdown page that calls the same ``show`` macro as hand-written pages.
"""
from __future__ import annotations

import html
import json
import re

from .datasets import SiteData
from .urls import BODY_PAGE, PERSON_PAGE


def _markdown_text(text: str) -> str:
    """``text`` as literal Markdown: HTML-escaped, and Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_{}\[\]()#+!|~-])", r"\\\1", html.escape(text))


def _page(title: str, dataset: str, ident: str, lead: str) -> str:
    # The theme prints the page title unescaped, so it gets the escaped text; json.dumps
    # quotes safely for both YAML front matter and a Jinja string literal.
    return (
        f"---\ntitle: {json.dumps(html.escape(title))}\n---\n\n# {_markdown_text(title)}\n\n{lead}\n\n"
        f"{{{{ show({json.dumps(dataset)}, {json.dumps(ident)}) }}}}\n"
    )


def generated_pages(site: SiteData) -> dict[str, str]:
    """Markdown source for each generated page, keyed by its path under docs/."""
    from .board_pack import PAGE, board_pack_markdown
    from .rendering import DATASET_TITLES

    pages: dict[str, str] = {PAGE: board_pack_markdown(list(site.models), DATASET_TITLES)}
    for person in site.people.people:
        pages[PERSON_PAGE.format(id=person.id)] = _page(
            person.name, "people", person.id, "Who this is, and everything in the plans that names them."
        )
    for body in site.bodies.bodies:
        title = f"{body.name} ({body.acronym})" if body.acronym and body.acronym != body.name else body.name
        pages[BODY_PAGE.format(id=body.id)] = _page(
            title, "bodies", body.id, "What this group is, and everything in the plans it is responsible for."
        )
    return pages
