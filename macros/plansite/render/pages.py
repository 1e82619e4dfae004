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

from jinja2 import Environment, StrictUndefined, Template, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import escape

from plansite.read.problems import Problem, ProblemsFound, known_choices
from plansite.checks.review import page_review
from plansite.render.renderer import MacroUsageError


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


# The macros a page may call (macros/plansite/__init__.py defines them; CONTRIBUTING.md documents them).
PAGE_MACROS = ("show", "count", "what_changed", "status_dashboard", "board_updates", "board_pack_cover", "open_data")
_ALLOWED = (
    "a page may only call the generator's macros with plain values, e.g. {{ show(\"people\", \"julia-ross\") }}, "
    "and set plain values ({% set year = \"2019\" %})"
)
_PLAIN = (str, int, float, bool, type(None))


def page_environment(page_macros: dict[str, Any]) -> ImmutableSandboxedEnvironment:
    """The Jinja environment pages are rendered in: sandboxed, holding nothing but the
    generator's macros (no loader, so nothing can be included or imported; none of Jinja's
    default globals such as ``range``, ``lipsum`` or ``cycler``)."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals.clear()
    env.globals.update({name: page_macros[name] for name in PAGE_MACROS if name in page_macros})
    return env


def _literal(node: nodes.Node, names: set[str]) -> bool:
    if isinstance(node, nodes.Const):
        return isinstance(node.value, _PLAIN)
    if isinstance(node, (nodes.Neg, nodes.Pos)):
        return isinstance(node.node, nodes.Const) and isinstance(node.node.value, (int, float))
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return all(_literal(item, names) for item in node.items)
    return isinstance(node, nodes.Name) and node.ctx == "load" and node.name in names


def _what(node: nodes.Node) -> str:
    """A few words for the construct that is not allowed."""
    return {
        nodes.Getattr: "reading an attribute ('.')", nodes.Getitem: "reading an item ('[...]')",
        nodes.Filter: "a filter ('|')", nodes.Test: "a test ('is')", nodes.Call: "this call",
        nodes.Include: "{% include %}", nodes.Import: "{% import %}", nodes.FromImport: "{% from ... import %}",
        nodes.Extends: "{% extends %}", nodes.Macro: "{% macro %}", nodes.For: "{% for %}", nodes.If: "{% if %}",
        nodes.With: "{% with %}", nodes.Block: "{% block %}", nodes.CallBlock: "{% call %}",
        nodes.FilterBlock: "{% filter %}", nodes.AssignBlock: "a {% set %} block",
        nodes.Assign: "this {% set %}", nodes.Scope: "a scope", nodes.ScopedEvalContextModifier: "{% autoescape %}",
    }.get(type(node), f"a {type(node).__name__.lower()} expression")


def check_page_template(
    jinja_env: Environment, markdown: str, src_path: str, line_offset: int, variables: dict[str, Any],
) -> list[Problem]:
    """Problems with the page's Jinja, found from Jinja's own parse before anything renders:
    a page may output the generator's macros called with plain values, its own plain
    front-matter values (``variables``), and names it ``{% set %}`` to a plain value; nothing else."""
    try:
        tree = jinja_env.parse(markdown)
    except TemplateSyntaxError as exc:
        return [Problem(src_path, (exc.lineno or 0) + line_offset, "", f"macro syntax error: {exc.message}")]
    names = {name for name, value in variables.items() if isinstance(value, _PLAIN)}
    macros = set(jinja_env.globals)
    problems = []

    def refuse(node: nodes.Node, what: str) -> None:
        problems.append(Problem(src_path, (node.lineno or 0) + line_offset, "", f"{what} is not allowed: {_ALLOWED}"))

    def unknown(name: str, node: nodes.Node) -> None:
        problems.append(Problem(src_path, (node.lineno or 0) + line_offset, "", (
            f"'{name}' is not a known macro or variable. Known macros: {known_choices(name, sorted(macros))}"
        )))

    def expression(node: nodes.Node) -> None:
        if isinstance(node, nodes.Call):
            if not isinstance(node.node, nodes.Name):
                return refuse(node.node, _what(node.node))
            if node.node.name not in macros:
                return unknown(node.node.name, node)
            if node.dyn_args is not None or node.dyn_kwargs is not None:
                return refuse(node, "passing '*' or '**' arguments")
            for argument in [*node.args, *(keyword.value for keyword in node.kwargs)]:
                if not _literal(argument, names):
                    if isinstance(argument, nodes.Name):
                        return unknown(argument.name, argument)
                    return refuse(argument, _what(argument))
        elif isinstance(node, nodes.Name):
            if node.name not in names:
                return unknown(node.name, node)
        elif not _literal(node, names):
            refuse(node, _what(node))

    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            for part in statement.nodes:
                if not isinstance(part, nodes.TemplateData):
                    expression(part)
        elif (isinstance(statement, nodes.Assign) and isinstance(statement.target, nodes.Name)
              and _literal(statement.node, names)):
            names.add(statement.target.name)
        else:
            refuse(statement, _what(statement))
    return problems


def _generator_frame(exc: BaseException) -> str | None:
    """'name.html:LINE' when the error arose inside one of the generator's own templates."""
    found = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".html") and "templates" in filename:
            found = f"macros/plansite/render/templates/{filename.rsplit('/', 1)[-1]}:{lineno}"
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
    """Render ``markdown``; return the result and no problems, or "" and the problems. The
    page's Jinja is checked against the allow list first (``check_page_template``), then
    rendered in ``jinja_env`` (``page_environment``: sandboxed). (What HTML the page may hold
    is checked once it is HTML: macros/plansite/checks/page_safety.py.)"""
    refused = check_page_template(jinja_env, markdown, src_path, line_offset, variables)
    if refused:
        return "", refused
    plain = {name: value for name, value in variables.items() if isinstance(value, _PLAIN)}
    try:
        return _compiled(jinja_env, markdown).render(**plain), []
    except TemplateSyntaxError as exc:
        problem = Problem(src_path, (exc.lineno or 0) + line_offset, "", f"macro syntax error: {exc.message}")
    except UndefinedError as exc:
        inner = _generator_frame(exc)
        name_match = re.match(r"'([^']+)' is undefined", str(exc))
        if inner:
            message = f"the generator's template {inner} failed: {exc}. This is a bug in macros/, not in the page"
        elif name_match:
            name = name_match.group(1)
            message = f"'{name}' is not a known macro or variable. Known macros: {known_choices(name, sorted(jinja_env.globals))}"
        else:
            message = f"{exc} (check the spelling of the macro, variable or field)"
        problem = Problem(src_path, _template_line(exc) + line_offset, "", message)
    except ProblemsFound as exc:  # a macro found problems in the files it reads
        return "", list(exc.problems)
    except MacroUsageError as exc:
        problem = Problem(src_path, _template_line(exc) + line_offset, "", str(exc))
    except SecurityError as exc:  # the allow list should have stopped it; the sandbox did
        problem = Problem(src_path, _template_line(exc) + line_offset, "", f"not allowed: {exc}. {_ALLOWED}")
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


def hidden_page_notice(visibility: str) -> str:
    """What a local preview shows at the top of a draft or private page, which no build publishes."""
    return (
        f'<div class="plan-problem" role="note">\n<p><strong>{escape(visibility.capitalize())} page:</strong> '
        "only this local preview shows it; it is left out of every published build, its menu entry and the search.</p>\n</div>\n"
    )
