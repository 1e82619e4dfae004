"""Each page's "Edit this page" link: its source, or its data file, opened in the browser editor.

Not MkDocs's ``repo_url``/``edit_uri``: with ``repo_url`` set, Material's header asks
api.github.com for the repository's stars and forks, another host every page's policy refuses.
The editor lives once at the site root's ``admin/``, beside the published versions, so the
plugin's ``editor`` option is its address relative to a version's root (default ``../admin/``).

The link names the entry in the editor's configuration (outputs/editor_config.py): a page
written under docs/ is an entry of the ``pages`` collection (``updates`` for board updates);
a generated record page (a person, a body) opens its data file in the ``data`` collection. A
page the editor holds no entry for (the board pack, a page in a sub-folder) gets no link.
Both engines call this: hooks.py for MkDocs, outputs/prerender.py for Zensical.
"""
from __future__ import annotations

import posixpath
from urllib.parse import quote

from plansite.read.site_config import EDITOR_ROUTE, SiteOptions

DEFAULT_EDITOR = SiteOptions.editor
# Where the template finds the link: a key in the page's front matter no page may set itself
# (models/front_matter.py refuses unknown keys).
META_KEY = "plansite_edit"


def editor_entry(src_path: str, meta: dict, generated: bool) -> str | None:
    """The editor's route (the part after '#') for the page at ``src_path`` under docs/."""
    if generated:
        dataset = meta.get("record_dataset")
        return f"{EDITOR_ROUTE}data/entries/{quote(dataset)}" if isinstance(dataset, str) else None
    folder, name = posixpath.split(src_path)
    stem, extension = posixpath.splitext(name)
    if extension != ".md":
        return None
    collection = {"": "pages", "updates": "updates"}.get(folder)
    return f"{EDITOR_ROUTE}{collection}/entries/{quote(stem)}" if collection else None


def edit_link(src_path: str, page_url: str, meta: dict, generated: bool, editor: str = DEFAULT_EDITOR) -> str | None:
    """The page's link, relative to the page at ``page_url`` (its URL below the site's root,
    e.g. 'people/julia-ross/' or 'plan.html'), or None when the editor has no entry for it."""
    entry = editor_entry(src_path, meta, generated)
    if entry is None:
        return None
    return "../" * page_url.count("/") + editor + "#" + entry
