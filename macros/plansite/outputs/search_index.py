"""The search index given the words readers use: each indexed section that uses a glossary
acronym, its meaning or a term of data/search_synonyms.yaml also carries the other forms, so
"money" finds the finance pages and "integrated care system" finds the sections that say ICS.

The words go at the end of a section's text: the teaser shows the section's own opening, and
the search engine (Material's lunr) matches them wherever they are.

Plain questions are answered by the section the generator knows answers them: the search box
script (overrides/assets/javascripts/plansite-search.js) reads "who chairs X" as "chairs X",
"what is X" as "meaning X" and "when is X due" as "X due", and those words are put in the
(hidden) title of each body's own page, of the glossary and of the sections that list what
is due, which both engines rank far above text.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC
from plansite.render.urls import BODY_PAGE, doc_url

# Each engine's index: where it is written, and the key of its list of sections.
INDEXES = ((Path("search") / "search_index.json", "docs"), (Path("search.json"), "items"))  # MkDocs, Zensical
# The word each kind of answer carries, as plansite-search.js asks for it: keep them the same.
CHAIRS, MEANING, DUE = "chairs", "meaning", "due"
# MkDocs's search splits words at spaces and hyphens only, so lunr reads "(CEC)" as one word
# and "CEC" cannot find it; Zensical's default also splits at brackets and punctuation. A
# site that sets its own separator keeps it.
MKDOCS_SEPARATOR = r"[\s\-]+"
SEPARATOR = r'[\s\-_,:!=\[\]()\\"`/]+|\.(?!\d)'
# A section that lists what is due: its tables' "Due" column, or a due date in its words.
_LISTS_DUE = re.compile(r"(?<!\w)due(?!\w)", re.IGNORECASE)


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


# hidden="hidden", not a bare hidden: Zensical's results copy the attribute's value into the
# element's hidden property, and the empty string left the words showing in its titles.
HIDDEN = '<span hidden="hidden">'


def _hidden(field: str, words: list[str]) -> str:
    return f"{field} {HIDDEN}{' · '.join(words)}</span>" if words else field


def expand_search_index(site, site_dir: Path, glossary_location: str, directory_urls: bool = True) -> None:
    """Add the readers' words to the built site's search index, where there is one. Words
    found in a section's title go in its (hidden) title too, which the engine ranks far above
    text: "money" finds the finance page before a risk that mentions value for money; and
    the glossary's title carries every acronym, so "what is QIPP" finds the glossary first."""
    bodies = {doc_url(BODY_PAGE.format(id=body.id), directory_urls) for body in site.bodies.bodies}
    for relative, key in INDEXES:
        if (site_dir / relative).is_file():
            _expand(site_dir / relative, key, site, glossary_location, bodies)


def answers(location: str, text: str, glossary_location: str, bodies: set[str]) -> list[str]:
    """The question words of the questions this section answers (see the module's docstring):
    a body's own page (not its anchors) answers who chairs it, the glossary what a term is."""
    if location in bodies:
        return [CHAIRS]
    if location == glossary_location:
        return [MEANING]
    return [DUE] if _LISTS_DUE.search(text) else []


def _expand(path: Path, key: str, site, glossary_location: str, bodies: set[str]) -> None:
    index = json.loads(path.read_text(encoding="utf-8"))
    config = index.get("config") or {}
    if config.get("separator") == MKDOCS_SEPARATOR:
        config["separator"] = SEPARATOR
    groups = word_groups(site)
    acronyms = [term.term for term in site.glossary.terms]
    for doc in index.get(key, []):
        title, text = doc.get("title", ""), doc.get("text", "")
        location = doc.get("location", "")
        in_title = acronyms if location == glossary_location else added_words(title, groups)
        in_title = answers(location, text, glossary_location, bodies) + [w for w in in_title if w not in (CHAIRS, MEANING, DUE)]
        doc["title"] = _hidden(title, in_title)
        doc["text"] = _hidden(text, [w for w in added_words(f"{title} {text}", groups) if w not in in_title])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
