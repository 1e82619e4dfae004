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

# Each engine's index: where it is written, and the key of its list of sections.
INDEXES = ((Path("search") / "search_index.json", "docs"), (Path("search.json"), "items"))  # MkDocs, Zensical


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


def _hidden(field: str, words: list[str]) -> str:
    return f"{field} <span hidden>{' · '.join(words)}</span>" if words else field


def expand_search_index(site, site_dir: Path, glossary_location: str) -> None:
    """Add the readers' words to the built site's search index, where there is one. Words
    found in a section's title go in its (hidden) title too, which the engine ranks far above
    text: "money" finds the finance page before a risk that mentions value for money; and
    the glossary's title carries every acronym, so "what is QIPP" finds the glossary first."""
    for relative, key in INDEXES:
        if (site_dir / relative).is_file():
            _expand(site_dir / relative, key, site, glossary_location)


def _expand(path: Path, key: str, site, glossary_location: str) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    groups = word_groups(site)
    acronyms = [term.term for term in site.glossary.terms]
    for doc in index.get(key, []):
        title, text = doc.get("title", ""), doc.get("text", "")
        in_title = acronyms if doc.get("location") == glossary_location else added_words(title, groups)
        doc["title"] = _hidden(title, in_title)
        doc["text"] = _hidden(text, [w for w in added_words(f"{title} {text}", groups) if w not in in_title])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
