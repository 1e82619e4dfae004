"""The search index given the words readers use: each indexed section that uses a glossary
acronym, its meaning or a term of data/search_synonyms.yaml also carries the other forms, so
"money" finds the finance pages and "integrated care system" finds the sections that say ICS.

The words go at the end of a section's text: the teaser shows the section's own opening, and
the search engine (Material's lunr) matches them wherever they are.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC

INDEX = Path("search") / "search_index.json"


def word_groups(site) -> list[tuple[re.Pattern, list[str]]]:
    """(how a term is found in a section's text, the words to add where it is)."""
    groups: list[tuple[re.Pattern, list[str]]] = []
    for term in site.glossary.terms:
        meaning = None if term.meaning in (GAP_TBC, GAP_NOT_IN_SOURCE) else term.meaning
        # An acronym is matched as written (ICS, not "ics" inside another word).
        groups.append((re.compile(rf"(?<!\w){re.escape(term.term)}(?!\w)"), [meaning] if meaning else []))
        if meaning:
            groups.append((_phrase(meaning.split(" (")[0]), [term.term]))
    synonyms = site.models.get("search_synonyms")
    for entry in synonyms.synonyms if synonyms else []:
        groups.append((_phrase(entry.term), list(entry.words)))
    return [(pattern, words) for pattern, words in groups if words]


def _phrase(text: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def added_words(text: str, groups: list[tuple[re.Pattern, list[str]]]) -> list[str]:
    """The words a section with this text should also be found by, each once."""
    found: list[str] = []
    for pattern, words in groups:
        if pattern.search(text):
            found += [w for w in words if w not in found and not _phrase(w).search(text)]
    return found


def expand_search_index(site, site_dir: Path) -> None:
    """Add the readers' words to the built site's search index, where there is one."""
    path = site_dir / INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    groups = word_groups(site)
    for doc in index.get("docs", []):
        extra = added_words(f"{doc.get('title', '')} {doc.get('text', '')}", groups)
        if extra:
            doc["text"] = f"{doc.get('text', '')} <span hidden>{' · '.join(extra)}</span>".strip()
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
