"""The pages the generator writes itself: one per person and one per body.

Each is a small Markdown page that calls the same ``show`` macro as hand-written pages. What
differs between them is in their front matter; their text is the same for all, so it is
compiled once for a build however many people and bodies there are (x10 data: 600 pages).
"""
from __future__ import annotations

import html
import json
import os
import re

from plansite.render.changes import Release
from plansite.checks.site_data import SiteData
from plansite.render.urls import BODY_PAGE, PERSON_PAGE
from plansite.render.wording import with_acronym


def _markdown_text(text: str) -> str:
    """``text`` as literal Markdown: HTML-escaped, and Markdown punctuation backslashed."""
    return re.sub(r"([\\`*_{}\[\]()#+!|~-])", r"\\\1", html.escape(text))


# The heading has an id of its own: the one made from its words would repeat the record's id.
RECORD_PAGE = "# {{ record_heading }} {: #about }\n\n{{ record_lead }}\n\n{{ show(record_dataset, record_id) }}\n"


def _page(title: str, dataset: str, ident: str, lead: str) -> str:
    # The theme prints the page title unescaped, so it gets the escaped text; json.dumps
    # quotes safely for YAML front matter.
    meta = {
        "title": html.escape(title), "record_heading": _markdown_text(title),
        "record_lead": lead, "record_dataset": dataset, "record_id": ident,
    }
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    return f"---\n{front}---\n\n{RECORD_PAGE}"


def generated_pages(site: SiteData, release: Release | None = None) -> dict[str, str]:
    """Markdown source for each generated page, keyed by its path under docs/. ``release``
    (default: the one ``make publish`` names in the environment) goes in the board pack's footer."""
    from plansite.render.board_pack_page import PAGE, board_pack_markdown

    release = release or Release.from_environment(dict(os.environ))
    footer = (f"{site.partnership.partnership.name} · Board pack · version {release.version}"
              f" · {release.date(site.partnership.as_of)}")
    pages: dict[str, str] = {PAGE: board_pack_markdown(list(site.models), footer)}
    for person in site.people.people:
        pages[PERSON_PAGE.format(id=person.id)] = _page(
            person.name, "people", person.id, "Who this is, and everything in the plans that names them."
        )
    for body in site.bodies.bodies:
        title = with_acronym(body.name, body.acronym)
        # No lead of its own: the card's first sentence ("X is chaired by Y and reports to Z.")
        # is the page's first paragraph, so the search teaser answers "who chairs X".
        pages[BODY_PAGE.format(id=body.id)] = _page(title, "bodies", body.id, "")
    return pages
