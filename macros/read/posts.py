"""Board update reports as dated posts, and their RSS feed.

A post is a Markdown page in the site's ``updates/`` folder whose front matter gives its
``title``, ``date`` (YYYY-MM-DD, or YYYY-MM when the report gives only a month) and a
one-paragraph ``summary``. Plain file reading: no MkDocs needed.
"""
from __future__ import annotations

import email.utils
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from macros.models.common import PlanDate, parse_plan_date
from macros.checks.problems import Problem
from macros.checks.review import front_matter
from macros.render.urls import doc_url

POSTS_DIR = "updates"
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
        if path.name == "index.md":
            continue
        src = f"{POSTS_DIR}/{path.name}"
        shown = f"{display_dir}/{src}"
        meta = front_matter(path.read_text(encoding="utf-8")) or {}
        found = []
        for key in ("title", "date", "summary"):
            if not meta.get(key):
                found.append(Problem(shown, 1, key, f"every update needs a {key} in its front matter"))
        date = None
        if meta.get("date"):
            try:
                date = parse_plan_date(meta["date"])
            except ValueError as exc:
                found.append(Problem(shown, 1, "date", str(exc)))
        if found:
            problems += found
            continue
        posts.append(Post(src, str(meta["title"]), date, str(meta["summary"])))
    return sorted(posts, key=lambda p: p.date.sort_key, reverse=True), problems


def rss_feed(posts: list[Post], *, site_name: str, site_url: str | None, directory_urls: bool = True) -> str:
    """RSS 2.0. Links are absolute when the site's address is known, as feed readers need."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    channel_link = base + doc_url(f"{POSTS_DIR}/index.md", directory_urls)
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = f"{site_name}: updates for partner boards"
    ET.SubElement(channel, "link").text = channel_link
    ET.SubElement(channel, "description").text = f"Update reports for partner boards from {site_name}."
    ET.SubElement(channel, "language").text = "en-gb"
    for post in posts:
        item = ET.SubElement(channel, "item")
        link = base + doc_url(post.src_path, directory_urls)
        ET.SubElement(item, "title").text = post.title
        ET.SubElement(item, "link").text = link
        ET.SubElement(item, "description").text = post.summary
        # RSS needs a full date: a month-only report date counts from the first of the month.
        day = dt.datetime(post.date.year, post.date.month, post.date.day or 1, tzinfo=dt.timezone.utc)
        ET.SubElement(item, "pubDate").text = email.utils.format_datetime(day)
        ET.SubElement(item, "guid", isPermaLink="true" if base else "false").text = link
    ET.indent(rss)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"
