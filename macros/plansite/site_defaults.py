"""The settings every plan site shares, which the generator brings instead of each site
copying them: Material's settings for a plan site, the Markdown extensions its pages and
macros write for, the version selector ``make publish`` (mike) feeds, and link checks
stricter than MkDocs's own. A site's own setting of any of these wins (link checks: it may
make them stricter, not quieter).

Plain data: the MkDocs plugin (``hooks.py``) and the Zensical pre-render both apply it.
"""
from __future__ import annotations

MARKDOWN_EXTENSIONS = {
    "abbr": {},        # the glossary's acronyms, explained on hover, focus and tap
    "attr_list": {},
    "admonition": {},
    "tables": {},
    "toc": {"permalink": True},
}
VERSION_SELECTOR = {"provider": "mike", "default": "latest"}  # the theme reads versions.json
# Links that point outside the site or nowhere fail a strict build.
VALIDATION = {"omitted_files": "info", "absolute_links": "warn", "unrecognized_links": "warn", "anchors": "warn"}
# Material's settings, where the site's mkdocs.yml leaves Material's own defaults.
THEME = {
    "font": False,  # system fonts: no request to a font host when a page opens
    "features": ["content.tooltips",  # acronym meanings on hover, focus and tap
                 "search.highlight", "navigation.top", "toc.follow"],
    "palette": {"primary": "custom", "accent": "custom"},  # the generator's colours (assets/plan.css)
}
