"""What files a site's docs/ and data/ folders may hold, checked before anything reads them.

Whoever writes those folders is not trusted to run code (issue 19), so every build
(``macros/plansite/hooks.py`` ``on_config``), the Zensical pre-render and ``make check`` look at them
first, by ``lstat`` only: a symbolic link is never followed or opened, wherever it points.

- Only ordinary files and folders: a symbolic link (to a file or folder, dangling or not), a
  pipe, a device or a socket is refused, in docs/, data/ and the generator's own theme
  overrides and assets.
- docs/ holds pages (``.md``, at most PAGE_LIMIT bytes) and the kinds of file a plan needs
  (ALLOWED_KINDS, at most FILE_LIMIT bytes), whose first bytes must be what their name says,
  since browsers guess a file's kind from its contents. Nothing a browser would run: no HTML,
  script or stylesheet, and an SVG picture only if it holds nothing but drawing (``_svg_problems``).
- A page holds no control characters or bidirectional overrides, in its text or, written as
  escapes, in its front matter's values (the data loader's rule, ``unsafe_character``).
- Files and folders whose name starts with '.' are never published (MkDocs leaves them out,
  and so does the pre-render), so only the link rule applies to them.

``published_files`` gives the files of docs/ that may be published: the pre-render copies only
those, and a preview (``make serve``) publishes only those, showing the problems instead of
stopping.
"""
from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Iterator

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from plansite.read.problems import Problem
from plansite.read.loading import LINK_REFUSED, NOT_ORDINARY_REFUSED, unsafe_character, unsafe_characters_in_yaml
from plansite.read.site_config import display_dir_of

PAGE_LIMIT = 2 * 1024 * 1024  # bytes: longer than any plan page needs to be
FILE_LIMIT = 25 * 1024 * 1024  # bytes: a reader on a phone should not have to download more
PAGE_KIND = ".md"
# The generator's own theme overrides and assets: trusted, but never through a link either.
GENERATOR_FOLDERS = tuple(Path(__file__).resolve().parent.parent / own for own in ("overrides", "assets"))

# Every kind of file docs/ may hold besides pages, and how such a file starts (None: plain
# text, which must not start with '<'; browsers sniff that as HTML). Office files are the ones
# that cannot hold macros (no .doc, .xls, .ppt, .docm, ...). Not HTML, .js, .css, .json or
# .xml: those are the generator's to write.
_ZIP = re.compile(rb"PK\x03\x04")
ALLOWED_KINDS: dict[str, re.Pattern[bytes] | None] = {
    ".png": re.compile(rb"\x89PNG\r\n\x1a\n"),
    ".jpg": re.compile(rb"\xff\xd8\xff"),
    ".jpeg": re.compile(rb"\xff\xd8\xff"),
    ".gif": re.compile(rb"GIF8[79]a"),
    ".webp": re.compile(rb"RIFF.{4}WEBP", re.S),
    ".avif": re.compile(rb".{4}ftypavi[fs]", re.S),
    ".ico": re.compile(rb"\x00\x00\x01\x00"),
    ".svg": None,  # read in full: _svg_problems
    ".pdf": re.compile(rb"%PDF-"),
    ".csv": None,
    ".txt": None,
    ".docx": _ZIP, ".xlsx": _ZIP, ".pptx": _ZIP, ".odt": _ZIP, ".ods": _ZIP, ".odp": _ZIP,
}
_KINDS_LISTED = ", ".join([PAGE_KIND, *ALLOWED_KINDS])


def site_file_problems(
    docs_dir: Path | None, data_dir: Path | None, docs_display: str | None = None, data_display: str | None = None,
) -> list[Problem]:
    """Every problem with the files of ``docs_dir`` and ``data_dir`` (either may be None) and of
    the generator's own theme overrides and assets, named as ``*_display`` (by default, as the
    person running the command would type the folder)."""
    problems = []
    if docs_dir is not None:
        problems += published_files(docs_dir, docs_display)[1]
    if data_dir is not None:
        # Only the datasets' files are read, by the loader, which also refuses one too large;
        # a link is refused anywhere in the folder, as the loader words it.
        list(_ordinary_files(data_dir, data_display or display_dir_of(data_dir), problems, LINK_REFUSED, NOT_ORDINARY_REFUSED))
    for own in GENERATOR_FOLDERS:
        list(_ordinary_files(own, display_dir_of(own), problems))
    return problems


def files_refused_summary(problems: list[Problem]) -> str:
    """The last line of a build stopped by these problems, whichever engine runs it."""
    count = len({problem.file for problem in problems})
    return f"{count} file{'s' if count != 1 else ''} in docs/ or data/ cannot be published, listed above; nothing was built."


def published_files(docs_dir: Path, display: str | None = None) -> tuple[list[str], list[Problem]]:
    """The files under ``docs_dir`` that may be published (paths under it, with '/'), and the
    problems with every other one."""
    display = display or display_dir_of(docs_dir)
    problems: list[Problem] = []
    published = []
    for path, info in _ordinary_files(docs_dir, display, problems):
        if any(part.startswith(".") for part in path.split("/")):
            continue  # never published
        found = _file_problems(docs_dir / path, f"{display}/{path}", info.st_size)
        if found:
            problems += found
        else:
            published.append(path)
    return published, problems


def may_read_page(path: Path) -> bool:
    """Whether a reader of pages may open ``path``: a regular file itself (not a link to one, a
    pipe or a device) of at most PAGE_LIMIT bytes. The others are refused above, and left out
    of a preview, which carries on past them."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= PAGE_LIMIT


def _ordinary_files(
    folder: Path, display: str, problems: list[Problem], link: str = "", not_ordinary: str = "",
) -> Iterator[tuple[str, os.stat_result]]:
    """(path under ``folder``, its lstat) of each ordinary file at any depth; a link, pipe, device or socket becomes a problem, and a linked folder is not gone into. A
    folder that does not exist holds nothing (whoever needs it says so)."""
    try:
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            problems.append(Problem(display, 0, "", "is a symbolic link; the site's folders must be folders, not links to them"))
            return
    except FileNotFoundError:
        return
    pending = [""]
    while pending:
        under = pending.pop()
        try:
            with os.scandir(folder / under) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(Problem(f"{display}/{under}".rstrip("/"), 0, "", f"cannot be read ({(exc.strerror or 'error').lower()})"))
            continue
        for entry in entries:
            path = f"{under}/{entry.name}" if under else entry.name
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                problems.append(Problem(f"{display}/{path}", 0, "", link or _LINK.format(folder=display)))
            elif stat.S_ISDIR(info.st_mode):
                pending.append(path)
            elif stat.S_ISREG(info.st_mode):
                yield path, info
            else:
                problems.append(Problem(f"{display}/{path}", 0, "", (
                    not_ordinary or f"is not an ordinary file (a device, pipe or socket); put only ordinary files in {display}/"
                )))


_LINK = "is a symbolic link; put the file itself in {folder}/, links are not published"


def _too_large(size: int, limit: int, what: str) -> str:
    return f"is {size / 1024 / 1024:.1f} MB; {what} may be at most {limit // 1024 // 1024} MB"


def _file_problems(path: Path, shown: str, size: int) -> list[Problem]:
    """Why the ordinary file ``path`` may not be published, if it may not."""
    kind = os.path.splitext(path.name)[1].lower()
    if kind == PAGE_KIND:
        if size > PAGE_LIMIT:
            return [Problem(shown, 0, "", _too_large(size, PAGE_LIMIT, "a page") + ": split it into several pages")]
        return _page_problems(path.read_bytes(), shown)
    if kind not in ALLOWED_KINDS:
        named = f"'{kind}' files" if kind else "files without a kind at the end of their name"
        return [Problem(shown, 0, "", f"{named} are not published; docs/ may hold only these kinds of file: {_KINDS_LISTED}")]
    if size > FILE_LIMIT:
        return [Problem(shown, 0, "", _too_large(size, FILE_LIMIT, "a file") + " (readers on phones download it): make it smaller")]
    if kind == ".svg":
        return _svg_problems(path.read_bytes(), shown)
    starts = ALLOWED_KINDS[kind]
    with path.open("rb") as file:
        head = file.read(64)
    looks_right = starts.match(head) if starts else not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    if looks_right:
        return []
    return [Problem(shown, 0, "", (
        f"does not hold what a '{kind}' file holds (browsers guess a file's kind from its contents, "
        f"and could run it as a web page); save it again as {kind}"
    ))]


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)  # as MkDocs reads it


def _page_problems(raw: bytes, shown: str) -> list[Problem]:
    """A page's characters no reader can see that change what they read, in its text and in
    its front matter's values (where escapes in double quotes make them). A page that is not
    UTF-8 is reported where pages are read."""
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return []
    problems = []
    found = unsafe_character(text)
    if found:
        problems.append(Problem(shown, text.count("\n", 0, found[0]) + 1, "", (
            f"the page holds {found[1]}; delete it (it often comes unseen with text pasted from another program)"
        )))
    front = _FRONT_MATTER.match(text)
    if front and "\\" in front.group(1):
        problems += unsafe_characters_in_yaml("\n" + front.group(1), shown)
    return problems


# ---- SVG pictures ------------------------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
# The drawing elements of SVG 1.1 and 2 that do nothing but draw: no script, animation,
# foreignObject, feImage or cursor (which load or run things).
SVG_ELEMENTS = frozenset("""
    svg g defs symbol use title desc metadata switch a
    path rect circle ellipse line polyline polygon text tspan textPath image
    linearGradient radialGradient stop pattern clipPath mask marker style view
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
    feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting
    feSpotLight feTile feTurbulence
""".split())
# Their geometry, presentation and text attributes; any other (event handlers included) is refused.
SVG_ATTRIBUTES = frozenset("""
    id class style lang tabindex role focusable version baseProfile viewBox preserveAspectRatio
    x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength transform
    dx dy rotate textLength lengthAdjust startOffset method spacing side
    fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-dasharray stroke-dashoffset stroke-opacity opacity color display visibility overflow
    font-family font-size font-size-adjust font-weight font-style font-variant font-stretch font
    text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
    text-decoration writing-mode direction unicode-bidi white-space
    offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
    patternUnits patternContentUnits patternTransform clipPathUnits clip-path clip-rule clip
    mask maskUnits maskContentUnits markerWidth markerHeight markerUnits refX refY orient
    marker-start marker-mid marker-end filter filterUnits primitiveUnits in in2 result stdDeviation
    mode type values operator k1 k2 k3 k4 flood-color flood-opacity lighting-color radius scale
    xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles tableValues slope
    intercept amplitude exponent order kernelMatrix divisor bias targetX targetY edgeMode
    preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent azimuth elevation
    z pointsAtX pointsAtY pointsAtZ limitingConeAngle kernelUnitLength shape-rendering
    text-rendering image-rendering color-interpolation color-interpolation-filters color-rendering
    vector-effect paint-order mix-blend-mode isolation media enable-background
    href systemLanguage requiredFeatures
""".split()) | {f"{_XLINK}href", f"{_XLINK}title", f"{_XML}space", f"{_XML}lang"}
_SVG_SCRIPT = "an SVG picture may not run script"
_SVG_REFUSED_WHY = {
    "script": _SVG_SCRIPT,
    "handler": _SVG_SCRIPT,
    "foreignObject": "an SVG picture may not hold HTML",
    "animate": "SVG animation can change links and attributes", "set": "SVG animation can change links and attributes",
    "animateMotion": "SVG animation can change links and attributes",
    "animateTransform": "SVG animation can change links and attributes",
}
# What a style or presentation attribute may not hold: anything that loads a file (only
# url(#id), inside the picture, is allowed), and CSS escapes, which could spell those.
_CSS_LOADS = re.compile(
    r"@import|\burl\s*\(\s*(?![\"']?\s*#)|\b(?:image-set|image|cross-fade|element|src|expression)\s*\(|\\|javascript:", re.I
)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
# Where an href may point: a part of the picture itself, or (for <image>) a picture inside it.
_INNER_HREF = re.compile(r"\s*#")
_DATA_PICTURE = re.compile(r"\s*data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)


class _SvgReader(ElementTree.TreeBuilder):
    """Builds the tree, noting the line each element starts on (ElementTree keeps none) and
    every processing instruction (``<?xml-stylesheet ...?>`` would load a stylesheet)."""

    def __init__(self) -> None:
        super().__init__()
        self.expat = None  # the parser's expat reader, for its current line
        self.lines: dict[int, int] = {}
        self.instructions: list[tuple[int, str]] = []

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber
        return element

    def pi(self, target, text=None):
        self.instructions.append((self.expat.CurrentLineNumber, target))


def _svg_problems(raw: bytes, shown: str) -> list[Problem]:
    """Why an SVG picture may not be published: a DOCTYPE or entity (XML bombs), anything that
    runs script, loads from elsewhere or embeds HTML, or anything not on the allow lists."""
    reader = _SvgReader()
    parser = DefusedXMLParser(target=reader, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    reader.expat = parser.parser
    try:
        parser.feed(raw)
        root = parser.close()
    except DTDForbidden:
        return [Problem(shown, reader.expat.CurrentLineNumber, "", (
            "a <!DOCTYPE> is not allowed in an SVG picture (its entities can make a small file "
            "take all the memory there is): delete it"
        ))]
    except DefusedXmlException:
        return [Problem(shown, reader.expat.CurrentLineNumber, "", "entities are not allowed in an SVG picture: delete them")]
    except ElementTree.ParseError as exc:
        return [Problem(shown, exc.position[0], "", f"is not a readable SVG picture ({str(exc).split(':')[0]}); save it again as plain SVG")]
    problems = [
        Problem(shown, line, "", f"<?{target} ...?> is not allowed in an SVG picture: it could load files from elsewhere")
        for line, target in reader.instructions
    ]
    if root.tag != f"{_SVG}svg":
        return problems + [Problem(shown, 1, "", f"does not hold an SVG picture (it starts with <{_local(root.tag)}>, not <svg xmlns=\"http://www.w3.org/2000/svg\">)")]
    for element in root.iter():
        line = reader.lines.get(id(element), 1)
        problems += [Problem(shown, line, "", message) for message in _svg_element_problems(element)]
    return problems


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _svg_element_problems(element: ElementTree.Element) -> Iterator[str]:
    name = _local(element.tag)
    if not element.tag.startswith(_SVG) or name not in SVG_ELEMENTS:
        why = _SVG_REFUSED_WHY.get(name) if element.tag.startswith(_SVG) else None
        yield f"<{name}> is not allowed: {why or 'an SVG picture may hold only drawing elements; save it again as plain SVG'}"
        return
    if name == "style" and _CSS_LOADS.search(_CSS_COMMENT.sub("", element.text or "")):
        yield "<style> may not load files (url() other than url(#id), @import) or hold CSS escapes in an SVG picture"
    for attribute, value in element.attrib.items():
        shown = attribute.replace(_XLINK, "xlink:").replace(_XML, "xml:")
        if _local(attribute).lower().startswith("on"):
            yield f"<{name} {shown}=...> is not allowed: {_SVG_SCRIPT} (event-handler attribute '{shown}')"
        elif attribute not in SVG_ATTRIBUTES:
            yield f"<{name} {shown}=...> is not allowed: '{shown}' is not an attribute an SVG picture here may have; save it again as plain SVG"
        elif _local(attribute) == "href":
            if not (_INNER_HREF.match(value) or (name == "image" and _DATA_PICTURE.match(value))):
                yield (f"<{name} {shown}=\"{value[:40]}\"> is not allowed: an SVG picture may not load anything from "
                       "elsewhere (only '#id' of a part of the picture, or a PNG, JPEG, GIF or WebP picture inside it as data:)")
        elif _CSS_LOADS.search(_CSS_COMMENT.sub("", value)):
            yield f"<{name} {shown}=...> may not load files (url() other than url(#id), @import) or hold CSS escapes"
