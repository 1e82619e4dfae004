"""An Atom feed of what changed in a version, so a board secretary can subscribe to it."""
from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from macros.render.changes import Changes

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
