"""macros/plansite/linear_markdown.py: Markdown's raw-HTML and acronym steps, linear in the page's size,
write exactly what Python-Markdown's own write."""
from __future__ import annotations

import markdown
import pytest

from plansite.linear_markdown import FOR_VERSION, LinearMarkdownExtension

EXTENSIONS = ["abbr", "attr_list", "admonition", "tables", "toc"]  # as plansite/site_defaults.py
CONFIGS = {"toc": {"permalink": True}}

# Raw HTML blocks with and without a blank line after them, source comments at the start of
# a line and inside a paragraph, empty tags, acronyms in text, in tails and in headings.
PAGE = """# The ICS plan {#plan}

<div class="plan-block">
<p>The ICS and the <abbr title="x">STP</abbr> board: ICS work <em>with the STP</em> ICS.</p>
</div>

<!-- from data/people.yaml:3 people.0 id=a -->
<div><p>NHS</p></div>
The STP text straight after a block.

<hr>

Some text with <b>bold ICS</b> then STP and an inline <!-- comment --> ICS.

<!-- from data/bodies.yaml:9 bodies.1 id=b -->

| Group | Lead |
| ----- | ---- |
| ICS   | STP  |

!!! note "ICS"
    The STP says *NHS* and ICS.

## STP and NHS

<table><caption>ICS</caption><tr><td>STP</td></tr></table>
<br/>
Tail NHS.

*[ICS]: Integrated care system
*[STP]: Sustainability and transformation partnership
*[NHS]: National Health Service
"""


def convert(text: str, linear: bool) -> str:
    extra = [LinearMarkdownExtension()] if linear else []
    return markdown.Markdown(extensions=EXTENSIONS + extra, extension_configs=CONFIGS).convert(text)


@pytest.mark.parametrize("copies", [1, 3])
def test_the_same_html_as_python_markdowns_own(copies):
    text = "\n\n".join([PAGE] * copies)
    html = convert(text, linear=True)
    assert html == convert(text, linear=False)
    # In headings, text and tails of inline elements (raw HTML blocks are left as they are).
    assert html.count('<abbr title="Integrated care system">ICS</abbr>') == 6 * copies


def test_the_linear_steps_replace_markdowns_own_for_the_pinned_version():
    assert markdown.__version__ == FOR_VERSION, "requirements.txt pins Markdown: check linear_markdown.py against the new version"
    md = markdown.Markdown(extensions=EXTENSIONS + [LinearMarkdownExtension()])
    assert type(md.preprocessors["html_block"]).__name__ == "_HtmlBlockPreprocessor"
    assert type(md.treeprocessors["abbr"]).__name__ == "_AbbrTreeprocessor"
    # The acronyms the page defines reach the replaced step.
    assert md.treeprocessors["abbr"].abbrs is md.parser.blockprocessors["abbr"].abbrs


def test_an_acronym_that_is_a_number_never_breaks_raw_html():
    """Raw HTML waits in the text as numbered placeholders ('wzxhzdk:111'); the glossary's
    "111" (NHS 111) was found in the 111th, and that block of HTML was lost from the page."""
    md = markdown.Markdown(extensions=["abbr", "md_in_html", LinearMarkdownExtension()])
    blocks = "\n\n".join(f"<div>block {i}</div>" for i in range(120))
    html = md.convert(f"*[111]: the NHS 111 telephone service\n\n{blocks}\n\nCall 111 now.\n")
    assert "wzxhzdk" not in html
    assert all(f"<div>block {i}</div>" in html for i in range(120))
    assert '<p>Call <abbr title="the NHS 111 telephone service">111</abbr> now.</p>' in html
