"""The site's feeds, so a board secretary can subscribe: an Atom feed of what changed in a
version, and an RSS feed of the update reports for partner boards."""
from __future__ import annotations

import datetime as dt
import email.utils
import uuid
import xml.etree.ElementTree as ET

from plansite.render.posts import POSTS_DIR, Post
from plansite.render.changes import Changes
from plansite.render.urls import doc_url

ATOM = "http://www.w3.org/2005/Atom"


def _id(*parts: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, "plansite:" + "/".join(parts)).urn


def changes_feed(changes: Changes, *, site_name: str, version: str, updated: str, page_url: str, base_url: str | None = None) -> str:
    """Atom XML: one entry per added, removed or changed record. ``updated`` is an ISO date;
    ``page_url`` is the "What changed" page, relative to the feed unless ``base_url`` is set."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if base_url:
        feed.set("{http://www.w3.org/XML/1998/namespace}base", base_url)
    stamp = updated if "T" in updated else f"{updated}T00:00:00Z"

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    add(feed, "title", f"{site_name}: what changed")
    add(feed, "subtitle", f"Changes published in version {version}" + (
        f" since version {changes.previous_version}" if changes.previous_version else " (the first published version)"))
    add(feed, "id", _id(site_name, "changes"))
    add(feed, "updated", stamp)
    add(feed, "link", href=page_url, rel="alternate", type="text/html")
    author = add(feed, "author")
    add(author, "name", site_name)

    def entry(ident: str, title: str, summary: str) -> None:
        item = add(feed, "entry")
        add(item, "title", title)
        add(item, "id", _id(site_name, version, ident))
        add(item, "updated", stamp)
        add(item, "link", href=f"{page_url}#change-{ident}", rel="alternate", type="text/html")
        add(item, "summary", summary)

    if changes.first:
        entry("first-version", f"Version {version}: the first published version", "This is the first published version of the plans, so nothing has changed yet.")
    for record in changes.added:
        entry(record.id, f"Added: {record.title}", f"Added in version {version}.")
    for record in changes.removed:
        entry(record.id, f"Removed: {record.title}", f"Removed in version {version}.")
    for record, diffs in changes.changed:
        entry(record.id, f"Changed: {record.title}", "; ".join(d.description for d in diffs) + ".")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


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
