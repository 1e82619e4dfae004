"""The last step for every built page, whichever engine made it: the page as the theme built
it (head and header included) is checked whole (macros/plansite/checks/page_safety.py, with the
theme's own scripts and styles allowed), then given its Content-Security-Policy as the first
element of ``<head>``.

The policy allows no script but the site's own files and, by their SHA-256 hashes, the inline
scripts this very page holds (the theme's, which differ with the page's depth); pictures,
video and sound only from the site and the hosts named in the plugin's ``media_hosts`` option; requests
(search index, versions list) only to the site. A browser then refuses whatever slipped past
the checks.
"""
from __future__ import annotations

import base64
import hashlib
import re

from selectolax.lexbor import LexborHTMLParser

from plansite.checks.page_safety import page_problems
from plansite.read.problems import Problem
from plansite.generator import with_generator

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' for each inline script a browser would run, in page order."""
    found = []
    for script in LexborHTMLParser(html).css("script"):
        kind = (script.attributes.get("type") or "").lower()
        if "src" in script.attributes or kind not in ("", "text/javascript", "module"):
            continue
        digest = hashlib.sha256(script.text(deep=True).encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return list(dict.fromkeys(found))


def content_policy(html: str, media_hosts: frozenset[str]) -> str:
    media = " ".join(["'self'", "data:", *(f"https://{host}" for host in sorted(media_hosts))])
    scripts = " ".join(["'self'", *inline_script_hashes(html)])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src {media}; "
        f"media-src {media}; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
        "frame-src 'none'; base-uri 'self'; form-action 'self'"
    )


def secure_page(html: str, source: str, src_path: str, media_hosts: frozenset[str]) -> tuple[str, list[Problem]]:
    """The built page with its policy first in ``<head>``, or the problems that stop it
    being published. ``source``/``src_path``: the page's Markdown and where it lives, for the
    lines of the problems (none for a page the theme makes alone, such as 404.html)."""
    problems = page_problems(html, source, src_path, media_hosts=media_hosts, whole_page=True)
    if problems:
        return html, problems
    head = _HEAD.search(html)
    if head is None:
        return html, [Problem(src_path, 0, "", "the page as built has no <head>, so it cannot carry its security policy")]
    policy = f'<meta http-equiv="Content-Security-Policy" content="{content_policy(html, media_hosts)}">'
    return with_generator(html[: head.end()] + policy + html[head.end():]), []
