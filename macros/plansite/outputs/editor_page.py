"""The browser editor's page: Sveltia CMS (vendored, pinned by SHA256SUMS) and its generated
configuration, written into one folder (the site root's admin/), never into each version.

Its own Content-Security-Policy: scripts and styles from the page's own host only; the one
other host it may talk to is the git host's API that the backend needs (GitHub's).

Sveltia fetches its fonts, its interface locales and a chunk from CDNs, and checks unpkg.com for
updates and githubstatus.com for incidents. Those files are vendored beside the script, and the
served copy of the script is the vendored one with REWRITES applied, so that opening the editor
asks no other host.
"""
from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path

from plansite.checks.site_data import DATASETS
from plansite.outputs.editor_config import GAP_WORDS, config_text
from plansite.outputs.editor_yaml import copy_yaml_format

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "editor"
TEMPLATE = Path(__file__).resolve().parents[1] / "render" / "templates" / "editor_page.html"
GIT_HOST_API = "https://api.github.com"
# Served beside the script: the fonts and locales REWRITES points at, and the chunk Sveltia
# loads from chunks/ next to its own script before it would try unpkg.com.
VENDORED_FOLDERS = ("fonts", "locales", "chunks")
_FONTSOURCE = "https://cdn.jsdelivr.net/fontsource/fonts/"

# (what Sveltia 0.221.1's script says, what the served copy says): each must occur exactly once,
# so that an upgrade that moves one stops the build instead of leaving a request to another host
# (or a page that cannot be zoomed).
# Relative URLs resolve against admin/index.html, the script's own folder.
REWRITES = (
    # the update check: asks unpkg.com for the newest version every hour
    ("LSe=async()=>{try{", "LSe=async()=>{return;try{"),
    # GitHub's status page, polled every 5 minutes; `unknown` shows no banner
    ("kye=async()=>{try{", "kye=async()=>{return`unknown`;try{"),
    # the interface's locales (en-GB for a British browser), from unpkg.com
    ("USe=`${iP}@${rP}/locales`", "USe=`./locales`"),
    # a chunk that fails to load from chunks/ is tried again from unpkg.com: not here
    ("return i===r?[r]:[i,r]}", "return[i]}"),
    (_FONTSOURCE + "source-sans-3:vf@5.3.0/latin-wght-normal.woff2", "./fonts/source-sans-3-latin-wght-normal.woff2"),
    (_FONTSOURCE + "noto-mono@5.3.0/latin-400-normal.woff2", "./fonts/noto-mono-latin-400-normal.woff2"),
    (_FONTSOURCE + "material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2",
     "./fonts/material-symbols-outlined-latin-wght-normal.woff2"),
    # Sveltia's viewport tag forbids zooming (maximum-scale=1), which WCAG 1.4.4 and axe's
    # meta-viewport rule refuse: a comms officer with low vision must be able to zoom
    ("`initial-scale=1`,`maximum-scale=1`,", "`initial-scale=1`,"),
)

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",  # Svelte sets element styles inline
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    f"connect-src 'self' data: blob: {GIT_HOST_API}",  # data:/blob: are the editor's own in-page reads
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
])


def vendored_files_intact() -> list[str]:
    """The vendored files whose SHA-256 differs from SHA256SUMS (empty when all match)."""
    wrong = []
    for line in (ASSETS / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        if hashlib.sha256((ASSETS / name).read_bytes()).hexdigest() != digest:
            wrong.append(name)
    return wrong


class VendoredScriptChanged(ValueError):
    """The vendored script no longer holds one of REWRITES exactly once (one plain line)."""


def served_script(script: str) -> str:
    """The vendored script with REWRITES applied; refuses a script where one is not there once."""
    for old, new in REWRITES:
        count = script.count(old)
        if count != 1:
            raise VendoredScriptChanged(
                f"{ASSETS.name}/sveltia-cms.js: expected {old!r} once, found it {count} times: "
                "update REWRITES in outputs/editor_page.py for this Sveltia version")
        script = script.replace(old, new)
    return script


def write_editor(out_dir: Path, site_name: str, data_folder: str = "data", docs_folder: str = "docs") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    # bytes, not read_text: universal newlines would change the script's own \r
    script = served_script((ASSETS / "sveltia-cms.js").read_bytes().decode("utf-8"))
    (out_dir / "sveltia-cms.js").write_bytes(script.encode("utf-8"))
    for folder in VENDORED_FOLDERS:
        shutil.copytree(ASSETS / folder, out_dir / folder, dirs_exist_ok=True)
    shutil.copyfile(ASSETS / "LICENSE.txt", out_dir / "sveltia-cms.LICENSE.txt")
    copy_yaml_format(out_dir)
    (out_dir / "config.yml").write_text(config_text(data_folder, docs_folder), encoding="utf-8")
    page = TEMPLATE.read_text(encoding="utf-8")
    page = page.replace("{{ policy }}", html.escape(POLICY)).replace("{{ site_name }}", html.escape(site_name))
    page = page.replace("{{ datasets }}", " ".join(DATASETS))
    # The gap words, which a save keeps where the form edits a date (Dated | Gap) and cannot show one.
    page = page.replace("{{ kept }}", html.escape(json.dumps(list(GAP_WORDS))))
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    return out_dir / "index.html"
