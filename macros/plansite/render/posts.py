"""Board update reports as dated posts (their RSS feed: macros/plansite/outputs/feeds.py).

A post is a Markdown page in the site's ``updates/`` folder whose front matter gives its
``title``, ``date`` (YYYY-MM-DD, or YYYY-MM when the report gives only a month) and a
one-paragraph ``summary``. Plain file reading: no MkDocs needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plansite.models.common import PlanDate
from plansite.checks.page_source import parse_page
from plansite.read.problems import Problem
from plansite.checks.site_files import may_read_page
from plansite.read.site_config import POSTS_DIR

FEED = f"{POSTS_DIR}/feed.xml"


@dataclass(frozen=True)
class Post:
    src_path: str  # relative to docs/, e.g. updates/2018-11-board-update.md
    title: str
    date: PlanDate
    summary: str


def read_posts(docs_dir: Path, display_dir: str = "docs") -> tuple[list[Post], list[Problem]]:
    """Every post, newest first, and the problems with any that cannot be listed."""
    posts, problems = [], []
    folder = docs_dir / POSTS_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name == "index.md" or not may_read_page(path):
            continue  # a link, device or huge file: refused by site_files, never read
        src = f"{POSTS_DIR}/{path.name}"
        shown = f"{display_dir}/{src}"
        page = parse_page(path.read_text(encoding="utf-8-sig"), shown)
        if isinstance(page, list):
            problems += page
            continue
        if page.hidden:
            continue  # a draft or private report is not listed, as it is not published
        found = [Problem(shown, 1, key, f"every update needs a {key} in its front matter")
                 for key in ("title", "date", "summary") if not getattr(page.meta, key)]
        if found:
            problems += found
            continue
        posts.append(Post(src, page.meta.title, page.meta.date, page.meta.summary))
    return sorted(posts, key=lambda p: p.date.sort_key, reverse=True), problems
