"""Where things live on the site, as URLs relative to the page being rendered.

Plain functions of page paths, so rendering needs no MkDocs objects.
"""
from __future__ import annotations

import posixpath

PERSON_PAGE = "people/{id}.md"
BODY_PAGE = "bodies/{id}.md"


def doc_url(src_path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives the page built from ``src_path`` (relative to the site root)."""
    stem, _ = posixpath.splitext(src_path)
    if not directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) == "index":
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/"


def relative_url(target_url: str, current_url: str) -> str:
    """``target_url`` as seen from the page at ``current_url`` (both site-root relative)."""
    base = current_url if (current_url == "" or current_url.endswith("/")) else posixpath.dirname(current_url) + "/"
    anchor = ""
    if "#" in target_url:
        target_url, anchor = target_url.split("#", 1)
        anchor = "#" + anchor
    start = base.rstrip("/") or "."
    target = target_url.rstrip("/") or "."
    rel = posixpath.relpath(target, start)
    if target_url.endswith("/") or target_url == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + anchor


def dataset_pages(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The page each dataset is shown on (its Markdown path under docs/): the registry's,
    with a site's own choices (``extra.dataset_pages`` in its mkdocs.yml) on top."""
    from plansite.models.registry import DATASETS

    return {name: dataset.page for name, dataset in DATASETS.items()} | (overrides or {})
