"""Every acronym on a page is spelled out at its first use: 'Urgent Care Operational Board
(UCOB)', then 'UCOB' (with its hover) after that. A page that spells it out itself before
its first use is left as it is.

Works on a page's Markdown after its macros have run, so that both engines get the same text.
Code, headings (their words make the anchors), lists of headings (<nav>), HTML tags and link
addresses are left alone."""
from __future__ import annotations

import re
from html import unescape

# The parts of a page where words are not prose to expand. A generated <abbr> is matched
# whole, so that its acronym counts as a use.
_SKIP = re.compile(
    r"(?P<fence>^(?:```|~~~).*?^(?:```|~~~)[^\n]*$)"
    r"|(?P<heading>^#{1,6}\s[^\n]*$)"
    r"|(?P<nav><nav\b.*?</nav>)"  # a list of the headings (the board pack's contents): as they read
    r"|(?P<definition>^\*\[[^\]]+\]:[^\n]*$)"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<abbr><abbr\b[^>]*>(?P<abbr_term>[^<]*)</abbr>)"
    r"|(?P<code>`[^`\n]+`)"
    r"|(?P<tag><[^>]*>)"
    r"|(?P<address>\]\([^)]*\))"
    r"|(?P<attributes>\{[:#.][^}\n]*\})",
    re.S | re.M,
)


def expand_first_uses(markdown: str, pattern: re.Pattern, meanings: dict[str, str]) -> str:
    """``pattern`` finds the glossary's acronyms (group 1); ``meanings`` gives each one's words."""
    seen: set[str] = set()
    said = []  # the page's prose so far, lower case: has it spelled a meaning out already?

    def first_use(term: str, shown: str) -> str:
        meaning = unescape(meanings.get(term, ""))
        if term in seen or not meaning:
            return shown
        seen.add(term)
        if meaning.lower() in " ".join(said).lower():
            return shown
        return f"{meanings[term]} ({shown})"

    def in_prose(text: str) -> str:
        out, at = [], 0
        for match in pattern.finditer(text):
            out.append(text[at:match.start()])
            said.append(text[at:match.start()])
            out.append(first_use(match.group(1), match.group(1)))
            at = match.end()
        out.append(text[at:])
        said.append(text[at:])
        return "".join(out)

    result, at = [], 0
    for skip in _SKIP.finditer(markdown):
        result.append(in_prose(markdown[at:skip.start()]))
        if skip.group("abbr") and pattern.fullmatch(skip.group("abbr_term") or ""):
            result.append(first_use(skip.group("abbr_term"), skip.group("abbr")))
        else:
            result.append(skip.group(0))
            if skip.group("heading"):
                said.append(skip.group(0))
        at = skip.end()
    result.append(in_prose(markdown[at:]))
    return "".join(result)
