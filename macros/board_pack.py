"""The board pack: one page holding the whole site, printed to one PDF at build time.

The page is generated (``board-pack.md``); Chromium's headless print-to-PDF turns it into
``board-pack.pdf``. Which datasets go in, and in what order, is worked out here.
"""
from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

PAGE = "board-pack.md"
PDF = "board-pack.pdf"


def board_pack_markdown(datasets: list[str], footer: str = "") -> str:
    """The board pack page: cover and summary of what is late, contents, then each section.

    ``footer`` is the running footer of every printed page (partnership, version, date); the
    theme puts it in the page's print styles, beside "Page x of y"."""
    from .registry import DATASETS

    # In the registry's order: the datasets this site has that belong in a board pack.
    ordered = [d for d in DATASETS.values() if d.name in datasets and d.in_board_pack]
    sections = [("pack-dashboard", "Dashboard", "{{ status_dashboard() }}")] + [
        (f"pack-{d.name.replace('_', '-')}", d.title, f'{{{{ show("{d.name}") }}}}') for d in ordered
    ]
    # Left out of search: it repeats every other page, so each result would show up twice.
    front = f"---\ntitle: Board pack\nsearch:\n  exclude: true\nprint_footer: {json.dumps(css_string(footer))}\n---\n"
    contents = "\n".join(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>' for anchor, title, _ in sections)
    parts = [front, "{{ board_pack_cover() }}\n", f'<nav class="plan-pack-contents" aria-labelledby="pack-contents">\n<h2 id="pack-contents">Contents</h2>\n<ol>\n{contents}\n</ol>\n</nav>\n']
    parts += [f"# {title} {{: #{anchor} }}\n\n{body}\n" for anchor, title, body in sections]  # "{#" would open a Jinja comment
    return "\n".join(parts)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end its rule or its <style> element."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;()·-'/" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class BoardPackError(Exception):
    pass


def print_to_pdf(html_file: Path, pdf_file: Path, chromium: str) -> None:
    """Print ``html_file`` to ``pdf_file`` with headless Chromium; no network is touched."""
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_file}", html_file.resolve().as_uri(),
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        raise BoardPackError("Chromium took more than 3 minutes to print the board pack") from None
    if proc.returncode != 0 or not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise BoardPackError(f"Chromium could not print the board pack: {proc.stderr.strip()[-300:]}")
