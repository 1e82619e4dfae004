"""The browser editor's page: Sveltia CMS (vendored, pinned by SHA256SUMS) and its generated
configuration, written into one folder (the site root's admin/), never into each version.

Its own Content-Security-Policy: scripts and styles from the page's own host only; the one
other host it may talk to is the git host's API that the backend needs (GitHub's).
"""
from __future__ import annotations

import hashlib
import html
import shutil
from pathlib import Path

from plansite.checks.site_data import DATASETS
from plansite.outputs.editor_config import config_text
from plansite.outputs.editor_yaml import copy_yaml_format

ASSETS = Path(__file__).resolve().parents[1] / "assets" / "editor"
TEMPLATE = Path(__file__).resolve().parents[1] / "render" / "templates" / "editor_page.html"
GIT_HOST_API = "https://api.github.com"

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


def write_editor(out_dir: Path, site_name: str, data_folder: str = "data", docs_folder: str = "docs") -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ASSETS / "sveltia-cms.js", out_dir / "sveltia-cms.js")
    shutil.copyfile(ASSETS / "LICENSE.txt", out_dir / "sveltia-cms.LICENSE.txt")
    copy_yaml_format(out_dir)
    (out_dir / "config.yml").write_text(config_text(data_folder, docs_folder), encoding="utf-8")
    page = TEMPLATE.read_text(encoding="utf-8")
    page = page.replace("{{ policy }}", html.escape(POLICY)).replace("{{ site_name }}", html.escape(site_name))
    page = page.replace("{{ datasets }}", " ".join(DATASETS))
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    return out_dir / "index.html"
