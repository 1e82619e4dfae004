"""What HTML a published page may hold: nothing that runs script, loads or embeds things from
elsewhere, redirects the reader or changes where links lead.

Each page's HTML (after Markdown, with the generator's blocks in it) is parsed by Lexbor (through
selectolax), which follows the same WHATWG parsing rules as readers' browsers: entities in
attribute values are decoded, ``<img/onerror=...>`` and unquoted values read as a browser reads
them, SVG and MathML are seen as such, and a ``<body onload=...>`` written in a page lands on
the page's own body, as it would in a browser. What a browser would run is then refused by element, by attribute
and by URL scheme (an allow-list: http, https, mailto, tel, or an address within the site).
Regular expressions over the Markdown, as before, are bypassed by any of these spellings.

Plain Python; ``macros/plansite/hooks.py`` calls ``page_problems`` for every page and fails the build,
or, while previewing, shows the problems and publishes ``neutralised`` HTML instead.
"""
from __future__ import annotations

import functools
import hashlib
import html as html_text
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import selectolax
from selectolax.lexbor import LexborHTMLParser, LexborNode

from plansite.read import disk_cache
from plansite.read.problems import Problem

_SCRIPT = "pages may not run script"
_EMBED = "pages may not embed other pages, plugins or frames"
_PARSED_APART = "browsers read what is inside it in ways that can hide script"
# Elements a page may never hold, and why (the second half of the message).
FORBIDDEN_ELEMENTS = {
    "script": _SCRIPT,
    "iframe": _EMBED, "frame": _EMBED, "frameset": _EMBED, "object": _EMBED, "embed": _EMBED,
    "applet": _EMBED, "portal": _EMBED, "fencedframe": _EMBED,
    "meta": "pages may not redirect readers or change how the browser treats the page",
    "base": "pages may not change where the site's links lead",
    "link": "pages may not load stylesheets or other files",
    "style": "pages may not carry their own styles, which can load files from elsewhere "
             "(the site's styles are in macros/plansite/assets/plan.css)",
    "form": "pages may not hold forms, which could send what readers type elsewhere",
    # SVG animation can turn a link into script after the page is checked.
    "animate": _SCRIPT, "set": _SCRIPT, "animatemotion": _SCRIPT, "animatetransform": _SCRIPT,
    "handler": _SCRIPT, "listener": _SCRIPT,
    "noscript": _PARSED_APART, "template": _PARSED_APART, "xmp": _PARSED_APART, "noembed": _PARSED_APART,
    "noframes": _PARSED_APART, "plaintext": _PARSED_APART,
}
# Attributes that hold an address a browser follows or loads (after decoding, any case).
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "poster", "srcset", "imagesrcset", "background", "lowsrc",
    "dynsrc", "longdesc", "cite", "data", "codebase", "ping", "manifest", "icon", "archive", "profile",
    "usemap", "srcdoc",
}
_LIST_ATTRIBUTES = {"ping", "archive"}  # addresses separated by spaces
_SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}  # "address size, address size"
ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_CSS_LOADS = re.compile(r"url\(|image-set\(|@import|expression\(|javascript:|behavior\s*:|-moz-binding")
_URL_RULE = (
    "links and pictures may only use http:, https:, mailto: or tel: addresses, or addresses within the site"
)
_LINKS_NOT_FETCHED = {"canonical", "alternate", "prev", "next"}  # <link rel=...> a browser does not fetch
# Attributes whose address the browser fetches as soon as the page opens (not a link a reader follows).
LOADING_ATTRIBUTES = {"src", "poster", "srcset", "imagesrcset", "data", "background", "lowsrc", "dynsrc", "codebase", "archive"}
_OTHER_HOST = (
    "pictures, video, sound and embeds must be the site's own files: the reader's browser would fetch it from {host}, "
    "telling that site who is reading; save the file in docs/ and link it from there, or (for a host the partnership "
    "trusts) name the host in the plansite plugin's media_hosts option in mkdocs.yml"
)
# The theme's own inline scripts, each with its string literals emptied (macros/plansite/checks/theme_scripts.txt).
THEME_SCRIPTS = frozenset(
    line for line in (Path(__file__).with_name("theme_scripts.txt").read_text(encoding="utf-8").splitlines())
    if line and not line.startswith("#")
)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_THEME_RULE = (
    "it is in the page as built, outside the page's own text: the theme printed it from the page's front matter "
    "or from mkdocs.yml (front matter and settings the theme prints must be plain text)"
)


@dataclass(frozen=True)
class Finding:
    """One thing in a page's HTML that may not be published."""

    shown: str  # e.g. "<img onerror=...>"
    reason: str
    detail: str = ""
    # How to find the line in the Markdown source: tried in order, each a test of one line.
    line_tests: tuple[Callable[[str], bool], ...] = ()

    @property
    def message(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.shown} is not allowed: {self.reason}{detail}"


def _local(name: str) -> str:
    """'xlink:href' -> 'href'; element and attribute names, lower case."""
    return name.rsplit(":", 1)[-1].lower()


def _parse(html: str) -> LexborHTMLParser:
    # As a whole document, as the browser reads the page the HTML sits in: what would land in
    # <head> or on <body> is in the tree too.
    return LexborHTMLParser(html)


def _elements(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    for node in tree.root.traverse(include_text=False):
        if node.is_element_node:  # not a comment
            yield node


def _attributes(element: LexborNode) -> dict[str, str]:
    return {name: value or "" for name, value in element.attributes.items()}


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value`` (already entity-decoded): it drops tabs and
    line breaks anywhere, and spaces and control characters at the ends; None for an address
    within the site."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                                    "\x1d\x1e\x1f\x20").lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


def _addresses(attribute: str, value: str) -> list[str]:
    if attribute in _SRCSET_ATTRIBUTES:
        return [part.strip().split(" ")[0] for part in value.split(",")]
    if attribute in _LIST_ATTRIBUTES:
        return value.split()
    return [value]


def _line_has(*patterns: str) -> Callable[[str], bool]:
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
    return lambda line: all(p.search(line) for p in compiled)


# The line tests of an element and of an attribute: made once per name, since every element
# of every page asks for them (a page of the x1 site has about a thousand).
@functools.lru_cache(maxsize=None)
def _tag_on_line(tag: str) -> Callable[[str], bool]:
    return _line_has(rf"<\s*{re.escape(tag)}\b")


@functools.lru_cache(maxsize=None)
def _attribute_on_line(tag: str, attribute: str) -> Callable[[str], bool]:
    return _line_has(rf"<\s*{re.escape(tag)}\b.*\b{re.escape(attribute)}\s*=")


def _line_has_scheme(scheme: str, attribute: str | None = None) -> Callable[[str], bool]:
    """Whether a source line holds ``scheme:`` however it is spelt (entities, tabs, case)."""
    attribute_test = _line_has(rf"\b{re.escape(attribute)}\s*=") if attribute else (lambda line: True)

    def test(line: str) -> bool:
        decoded = re.sub(r"[\x00-\x20]", "", html_text.unescape(line)).lower()
        return attribute_test(line) and f"{scheme}:" in decoded

    return test


def host_of(address: str) -> str | None:
    """The other host an address names (``https://host/…`` or ``//host/…``), else None."""
    cleaned = re.sub(r"[\x00-\x20]", "", address).lower()
    match = re.match(r"^(?:[a-z][a-z0-9+.\-]*:)?//([^/?#\\]*)", cleaned.replace("\\", "/"))
    return match.group(1).rsplit("@", 1)[-1].split(":")[0] if match else None


def theme_script_shape(text: str) -> str:
    """An inline script with its string literals emptied: how THEME_SCRIPTS lists it."""
    return _STRING.sub('""', text.strip())


def _theme_element(tag: str, attributes: dict[str, str], element: LexborNode) -> bool:
    """Whether an element the page's own text may not hold is one the theme itself prints."""
    if tag == "script":
        source = attributes.get("src")
        if source is not None:
            return url_scheme(source) is None and host_of(source) is None and "assets/javascripts/" in source
        if attributes.get("type") == "application/json":
            return True  # data the theme's script reads, never run
        return theme_script_shape(element.text(deep=True)) in THEME_SCRIPTS
    if tag == "link":
        return attributes.get("rel", "").lower() in {"stylesheet", "icon", "alternate", "prev", "next", "canonical"}
    if tag == "meta":
        return "http-equiv" not in attributes or attributes["http-equiv"].lower() == "content-security-policy"
    if tag == "style":
        return not _CSS_LOADS.search(_plain_css(element.text(deep=True)))
    if tag == "form":  # the search box
        return not attributes.get("action") and not attributes.get("method")
    return False


def findings(html: str, media_hosts: frozenset[str] = frozenset(), whole_page: bool = False) -> list[Finding]:
    """Everything in ``html`` (one page's content, or with ``whole_page`` the page as the theme
    built it, where the theme's own scripts, styles and links are allowed) that may not be
    published, in page order. Pictures and embeds may come from ``media_hosts`` only."""
    found: list[Finding] = []
    for element in _elements(_parse(html)):
        tag = _local(element.tag)
        element_test = _tag_on_line(tag)
        if tag in FORBIDDEN_ELEMENTS and not (whole_page and _theme_element(tag, _attributes(element), element)):
            reason = FORBIDDEN_ELEMENTS[tag]
            if whole_page and tag == "script" and "src" not in element.attributes:
                reason = (f"{_THEME_RULE}; or, if the theme was upgraded, this is its new inline script: add "
                          f"{theme_script_shape(element.text(deep=True))[:60]!r}… to macros/plansite/checks/theme_scripts.txt")
            elif whole_page:
                reason = f"{reason}; {_THEME_RULE}"
            found.append(Finding(f"<{tag}>", reason, line_tests=(element_test,)))
            continue  # its attributes need no second message
        for name, value in _attributes(element).items():
            attribute = _local(name)
            shown = f"<{tag} {attribute}=...>"
            by_name = _attribute_on_line(tag, attribute)
            if attribute.startswith("on"):
                found.append(Finding(shown, _SCRIPT, f"event-handler attribute '{attribute}'",
                                     (by_name, _line_has(rf"\b{re.escape(attribute)}\s*="), element_test)))
            elif attribute == "srcdoc":
                found.append(Finding(shown, _EMBED, f"attribute '{attribute}'", (by_name, element_test)))
            elif attribute in URL_ATTRIBUTES:
                loads = attribute in LOADING_ATTRIBUTES or (tag == "link" and attribute == "href" and
                                                             _attributes(element).get("rel", "").lower() not in _LINKS_NOT_FETCHED)
                for address in _addresses(attribute, value):
                    scheme = url_scheme(address)
                    if scheme is not None and scheme not in ALLOWED_SCHEMES:
                        found.append(Finding(
                            shown, _URL_RULE, f"a '{scheme}:' address in '{attribute}'",
                            (_line_has_scheme(scheme, attribute), _line_has_scheme(scheme), element_test),
                        ))
                        break
                    host = host_of(address) if loads else None
                    if host is not None and host not in media_hosts:
                        found.append(Finding(shown, _OTHER_HOST.format(host=host or "another site"),
                                             f"'{address[:80]}'", (by_name, lambda line, a=address: a in line, element_test)))
                        break
            elif attribute == "style" and _CSS_LOADS.search(_plain_css(value)):
                found.append(Finding(shown, "a style attribute may not load files or run script",
                                     "it uses url(), @import or similar", (by_name, element_test)))
    return found


def _plain_css(value: str) -> str:
    """CSS as a browser reads it for the checks above: comments and escapes gone, lower case."""
    without_comments = re.sub(r"/\*.*?\*/", "", value, flags=re.DOTALL)
    unescaped = re.sub(r"\\([0-9a-fA-F]{1,6})\s?", lambda m: _char(m.group(1)), without_comments)
    return re.sub(r"\\(.)", r"\1", unescaped).lower()


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def page_problems(html: str, source: str, src_path: str, body_starts: int = 0,
                  media_hosts: frozenset[str] = frozenset(), whole_page: bool = False) -> list[Problem]:
    """One problem per finding, naming the Markdown source line where it can be found.

    ``source`` is the page's Markdown as written; ``body_starts`` the number of front-matter
    lines before its body (they are not searched). Several findings of the same kind take
    successive lines. HTML that passed before, with the same rules and parser, is not
    checked again."""
    passed = _passed_mark(f"{sorted(media_hosts)}{whole_page}\0{html}")
    if disk_cache.is_marked(passed):
        return []
    lines = source.splitlines()
    problems = []
    after: dict[str, int] = {}  # per message: the line the last one of its kind was found on
    for finding in findings(html, media_hosts, whole_page):
        start = max(body_starts, after.get(finding.message, 0))
        line = _find_line(lines, start, finding) or _find_line(lines, body_starts, finding)
        if line:
            after[finding.message] = line
        problems.append(Problem(src_path, line, "", finding.message))
    if not problems:
        disk_cache.mark(passed)
    return problems


# Who checks: a page passed by other rules (this file) or another parser must be checked again.
_CHECKER = hashlib.sha256(
    Path(__file__).read_bytes() + "\n".join(sorted(THEME_SCRIPTS)).encode() + selectolax.__version__.encode()
).hexdigest()


def _passed_mark(html: str) -> str:
    return "page-" + hashlib.sha256(_CHECKER.encode() + b"\0" + html.encode("utf-8", "surrogatepass")).hexdigest()


def _find_line(lines: list[str], start: int, finding: Finding) -> int:
    for test in finding.line_tests:
        for index in range(start, len(lines)):
            if test(lines[index]):
                return index + 1
    return 0


def neutralised(html: str) -> str:
    """``html`` with every forbidden element removed and every offending attribute dropped:
    what a preview shows while the problems are listed above it."""
    tree = _parse(html)
    forbidden = [e for e in _elements(tree) if _local(e.tag) in FORBIDDEN_ELEMENTS]
    for element in forbidden:
        if not any(_local(a.tag) in FORBIDDEN_ELEMENTS for a in _ancestors(element)):
            element.decompose()  # with what is inside it; the text after it stays
    for element in _elements(tree):
        for name, value in _attributes(element).items():
            if _offending(_local(name), value):
                del element.attrs[name]
    return tree.body.inner_html if tree.body is not None else ""


def _ancestors(element: LexborNode) -> Iterator[LexborNode]:
    parent = element.parent
    while parent is not None and parent.is_element_node:
        yield parent
        parent = parent.parent


def _offending(attribute: str, value: str) -> bool:
    if attribute.startswith("on") or attribute == "srcdoc":
        return True
    if attribute in URL_ATTRIBUTES:
        return any(url_scheme(a) not in (None, *ALLOWED_SCHEMES) for a in _addresses(attribute, value))
    return attribute == "style" and bool(_CSS_LOADS.search(_plain_css(value)))
