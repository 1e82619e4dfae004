"""The board pack's page: its cover, contents and one section per dataset, as Markdown that
calls the page macros (the PDF is printed from the built page: outputs/board_pack.py)."""
from __future__ import annotations

import html
import json

PAGE = "board-pack.md"
# Where the pack's web page links its PDF; the link and the PDF's size are known only once it
# is printed (outputs/board_pack.link_pdf). Hidden in print, so the PDF does not link to itself.
DOWNLOAD_PLACEHOLDER = '<p class="plan-pack-download">The PDF of this board pack is made after the site is built.</p>'


def board_pack_markdown(datasets: list[str], footer: str = "") -> str:
    """The board pack page: cover and summary of what is late, contents, then each section.

    ``footer`` is the running footer of every printed page (partnership, version, date); the
    theme puts it in the page's print styles, beside "Page x of y"."""
    from plansite.models.registry import DATASETS

    # In the registry's order: the datasets this site has that belong in a board pack.
    ordered = [d for d in DATASETS.values() if d.name in datasets and d.in_board_pack]
    sections = [("pack-dashboard", "Dashboard", "{{ status_dashboard() }}")] + [
        (f"pack-{d.name.replace('_', '-')}", d.title, f'{{{{ show("{d.name}") }}}}') for d in ordered
    ]
    # Left out of search: it repeats every other page, so each result would show up twice.
    front = f"---\ntitle: Board pack\nsearch:\n  exclude: true\nprint_footer: {json.dumps(css_string(footer))}\n---\n"
    contents = "\n".join(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>' for anchor, title, _ in sections)
    parts = [front, f"{DOWNLOAD_PLACEHOLDER}\n", "{{ board_pack_cover() }}\n", f'<nav class="plan-pack-contents" aria-labelledby="pack-contents">\n<h2 id="pack-contents">Contents</h2>\n<ol>\n{contents}\n</ol>\n</nav>\n']
    parts += [f"# {title} {{: #{anchor} }}\n\n{body}\n" for anchor, title, body in sections]  # "{#" would open a Jinja comment
    return "\n".join(parts)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end its rule or its <style> element."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;()·-'/" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'
