"""Two steps of Python-Markdown that take time growing with the square of a page's size, made
linear without changing what they write. The generator's large pages (a ×100 plan page or
board pack: thousands of HTML blocks, source comments and acronyms) spent more time in them
than in everything else Markdown does.

- The raw-HTML step (``HtmlBlockPreprocessor``) copied the whole rest of the page at the end of
  every HTML block and at every source comment, to see whether a blank line follows; here the
  same pattern is matched in place.
- The acronym step (the ``abbr`` extension) looked up each element's position among its
  siblings by a search through all of them; here the position is carried down.

The methods below are Python-Markdown 3.11.3's own (BSD licence), changed only there. They are
used only with that version (``requirements.txt`` pins it): with any other, Markdown's own run.
``hooks.on_config`` adds this extension after the site's own, so it replaces theirs.
"""
from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markdown import util
from markdown.extensions.abbr import AbbrTreeprocessor
from markdown.htmlparser import HTMLExtractor, blank_line_re
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.util import AtomicString

FOR_VERSION = "3.11.3"
# Python-Markdown's blank_line_re without its '^': matched at a position, not on a copy.
_BLANK_LINES_AT = re.compile(blank_line_re.pattern.removeprefix("^"))


class _HTMLExtractor(HTMLExtractor):
    def _blank_line_after(self, text: str) -> bool:
        return _BLANK_LINES_AT.match(self.rawdata, self.line_offset + self.offset + len(text)) is not None

    def handle_endtag(self, tag: str):
        text = self.get_endtag_text(tag)

        if self.inraw:
            self._cache.append(text)
            if tag in self.stack:
                # Remove tag from stack
                while self.stack:
                    if self.stack.pop() == tag:
                        break
            if len(self.stack) == 0:
                # End of raw block.
                if self._blank_line_after(text):
                    # Preserve blank line and end of raw block.
                    self._cache.append('\n')
                else:
                    # More content exists after `endtag`.
                    self.intail = True
                # Reset stack.
                self.inraw = False
                self.cleandoc.append(self.md.htmlStash.store(''.join(self._cache)))
                # Insert blank line between this and next line.
                self.cleandoc.append('\n\n')
                self._cache = []
        else:
            self.cleandoc.append(text)
            self.close_inline_tag(tag)

    def handle_empty_tag(self, data: str, is_block: bool):
        """ Handle empty tags (`<data>`). """
        if self.inraw or self.intail:
            # Append this to the existing raw block
            self._cache.append(data)
        elif self.at_line_start() and is_block:
            # Handle this as a standalone raw block
            if self._blank_line_after(data):
                # Preserve blank line after tag in raw block.
                data += '\n'
            else:
                # More content exists after tag.
                self.intail = True
            item = self.cleandoc[-1] if self.cleandoc else ''
            # If we only have one newline before block element, add another
            if not item.endswith('\n\n') and item.endswith('\n'):
                self.cleandoc.append('\n')
            self.cleandoc.append(self.md.htmlStash.store(data))
            # Insert blank line between this and next line.
            self.cleandoc.append('\n\n')
        else:
            self.cleandoc.append(data)


class _HtmlBlockPreprocessor(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        source = '\n'.join(lines)
        parser = _HTMLExtractor(self.md)
        parser.feed(source)
        parser.close()
        return ''.join(parser.cleandoc).split('\n')


class _AbbrTreeprocessor(AbbrTreeprocessor):
    def iter_element(self, el, parent=None, position: int = 0) -> None:
        ''' Recursively iterate over elements, run regex on text and wrap matches in `abbr` tags. '''
        # Later siblings are done first, so an element's position is still the one it had.
        for index, child in reversed(list(enumerate(el))):
            self.iter_element(child, el, index)
        if text := el.text:
            if not isinstance(text, AtomicString):
                for m in reversed(list(self.RE.finditer(text))):
                    if self.abbrs[m.group(0)] and not _in_placeholder(text, m):
                        abbr = self.create_element(self.abbrs[m.group(0)], m.group(0), text[m.end():])
                        el.insert(0, abbr)
                        text = text[:m.start()]
                el.text = text
        if parent is not None and el.tail:
            tail = el.tail
            index = position + 1
            if not isinstance(tail, AtomicString):
                for m in reversed(list(self.RE.finditer(tail))):
                    if self.abbrs[m.group(0)] and not _in_placeholder(tail, m):
                        abbr = self.create_element(self.abbrs[m.group(0)], m.group(0), tail[m.end():])
                        parent.insert(index, abbr)
                        tail = tail[:m.start()]
                el.tail = tail


# Raw HTML waits in the text as numbered placeholders ("\x02wzxhzdk:111\x03") until the end:
# an acronym that is a number (NHS "111") must not be found in one, or the HTML is lost.
_PLACEHOLDER_START = util.HTML_PLACEHOLDER.split("%s")[0]


def _in_placeholder(text: str, match) -> bool:
    return text.endswith(_PLACEHOLDER_START, 0, match.start())


def _priority(registry, name: str) -> float:
    return next(item.priority for item in registry._priority if item.name == name)


class LinearMarkdownExtension(Extension):
    """Put the linear steps in place of Markdown's, where Markdown has them registered."""

    def extendMarkdown(self, md) -> None:
        if markdown.__version__ != FOR_VERSION:
            return
        blocks = md.preprocessors
        if "html_block" in blocks and type(blocks["html_block"]) is HtmlBlockPreprocessor:
            blocks.register(_HtmlBlockPreprocessor(md), "html_block", _priority(blocks, "html_block"))
        tree = md.treeprocessors
        if "abbr" in tree and type(tree["abbr"]) is AbbrTreeprocessor:
            # The same dictionary of acronyms that the extension's block step fills.
            tree.register(_AbbrTreeprocessor(md, tree["abbr"].abbrs), "abbr", _priority(tree, "abbr"))
