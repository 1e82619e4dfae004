"""Render one Markdown page's macros ourselves, so that a mistake becomes a one-line problem.

The macros plugin, left to itself, prints a traceback and (with ``on_error_fail``) exits, or
else publishes the traceback as the page. We render first and catch what it would have
reported: ``page_markdown`` returns the page and its problems, and the caller decides (the
MkDocs glue stops the build or, in a local preview, shows ``problem_panel``; the pre-render
for Zensical stops with the list).
"""
from __future__ import annotations

import re
import traceback
from typing import Any

from jinja2 import Environment, Template, TemplateSyntaxError, UndefinedError
from jinja2.defaults import DEFAULT_NAMESPACE
from markupsafe import escape

from macros.checks.problems import Problem, ProblemsFound, known_choices
from macros.checks.review import page_review
from macros.render.renderer import MacroUsageError


def front_matter_lines(source: str) -> int:
    """How many lines of YAML front matter (with its fences) precede the page body."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            # MkDocs also drops the blank lines that follow the front matter.
            while number < len(lines) and lines[number] == "":
                number += 1
            return number
    return 0


def _generator_frame(exc: BaseException) -> str | None:
    """'name.html:LINE' when the error arose inside one of the generator's own templates."""
    found = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".html") and "templates" in filename:
            found = f"macros/render/templates/{filename.rsplit('/', 1)[-1]}:{lineno}"
    return found


def _template_line(exc: BaseException) -> int:
    """The page line a rendering error happened on (Jinja maps frames to template lines)."""
    line = 0
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line


def render_page(
    jinja_env: Environment,
    markdown: str,
    variables: dict[str, Any],
    src_path: str,
    line_offset: int = 0,
) -> tuple[str, list[Problem]]:
    """Render ``markdown``; return the result and no problems, or "" and the problems. (What
    HTML the page may hold is checked once it is HTML: macros/checks/page_safety.py.)"""
    try:
        return _compiled(jinja_env, markdown).render(**variables), []
    except TemplateSyntaxError as exc:
        problem = Problem(src_path, (exc.lineno or 0) + line_offset, "", f"macro syntax error: {exc.message}")
    except UndefinedError as exc:
        inner = _generator_frame(exc)
        name_match = re.match(r"'([^']+)' is undefined", str(exc))
        if inner:
            message = f"the generator's template {inner} failed: {exc}. This is a bug in macros/, not in the page"
        elif name_match:
            name = name_match.group(1)
            callables = sorted(
                k for k, v in {**jinja_env.globals, **variables}.items()
                if callable(v) and not k.startswith("_") and k not in DEFAULT_NAMESPACE
            )
            message = f"'{name}' is not a known macro or variable. Known macros: {known_choices(name, callables)}"
        else:
            message = f"{exc} (check the spelling of the macro, variable or field)"
        problem = Problem(src_path, _template_line(exc) + line_offset, "", message)
    except ProblemsFound as exc:  # a macro found problems in the files it reads
        return "", list(exc.problems)
    except MacroUsageError as exc:
        problem = Problem(src_path, _template_line(exc) + line_offset, "", str(exc))
    except TypeError as exc:
        problem = Problem(src_path, _template_line(exc) + line_offset, "", f"a macro was called wrongly: {exc}")
    except Exception as exc:  # anything else a macro raised: still one line, never a traceback
        problem = Problem(src_path, _template_line(exc) + line_offset, "", f"{type(exc).__name__}: {exc}")
    return "", [problem]


def _compiled(jinja_env: Environment, markdown: str) -> Template:
    """``markdown`` compiled as a template, once per build for pages with the same text (the
    generated person and body pages)."""
    compiled = jinja_env.__dict__.setdefault("_plansite_pages", {})
    if markdown not in compiled:
        compiled[markdown] = jinja_env.from_string(markdown)
    return compiled[markdown]


def page_markdown(
    jinja_env: Environment,
    source: str,
    body: str,
    variables: dict[str, Any],
    src_path: str,
    *,
    hand_written: bool,
) -> tuple[str, list[Problem]]:
    """One page's Markdown with its macros rendered, and every problem that stops it being
    published: its macros' mistakes and, for a hand-written page, a missing owner or review
    date. ``source`` is the file as written, ``body`` the part after its front matter."""
    rendered, problems = render_page(jinja_env, body, variables, src_path, front_matter_lines(source))
    if hand_written:  # the generator's own pages have no owner to name
        problems += page_review(source, src_path)[1]
    return rendered, problems


def with_abbreviations(markdown: str, definitions: str) -> str:
    """The page with the glossary's acronym definitions (``*[ICS]: ...`` lines) at its end."""
    return markdown.rstrip("\n") + "\n\n" + definitions + "\n" if definitions else markdown


def problem_panel(problems: list[Problem]) -> str:
    """What a local preview shows at the top of a page that cannot be published."""
    if not problems:
        return ""
    items = "\n".join(f"<li><code>{escape(str(p))}</code></li>" for p in problems)
    return (
        '<div class="plan-problem" role="alert">\n'
        "<p><strong>This page cannot be published until these problems are fixed:</strong></p>\n"
        f"<ul>\n{items}\n</ul>\n</div>\n"
    )
