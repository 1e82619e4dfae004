"""YAML syntax errors in plain words, at the line where the broken thing starts.

PyYAML reports where its parser gave up, which is often far below the mistake: a quote left
open on line 34 swallows everything up to the next quote and the error comes out at line 65
as "expected <block end>, but found '<scalar>'". ``explain_syntax_error`` looks at the text
and at the tokens read up to the error for the mistakes people make when editing by hand,
and names the line where each starts. Anything it does not recognise keeps PyYAML's words.
"""
from __future__ import annotations

import re

import yaml

GENERIC_ADVICE = "(check indentation, colons and quotes)"

# A line indented with a tab (possibly after some spaces).
_TAB_INDENT = re.compile(r"^ *\t")
# "name: value" where the value holds ": " (or ends with ":") and is not quoted.
_COLON_IN_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s'\"#:][^:#]*?):\s+([^\s'\"\[{|>&*!#][^#]*?:(?:\s.*)?)\s*$")
# "name:value" (no space after the colon), the name a plain word.
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):([^\s/:].*)$")
# "-value" at the start of a line where a list item was meant.
_NO_SPACE_AFTER_DASH = re.compile(r"^(\s*)-([^\s\-].*)$")
# Something inside a quoted value that looks like YAML structure: the quote swallowed lines.
_LOOKS_LIKE_STRUCTURE = re.compile(r"\n[ \t]*(?:- |-$|[^\s'\"#:][^:\n]*:(?:[ \t]|$))", re.M)


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """(line, message) for a syntax error that PyYAML's pure-Python reader raised on ``text``."""
    lines = text.split("\n")
    problem = exc.problem_mark or exc.context_mark
    problem_line = problem.line if problem else len(lines) - 1  # 0-based
    problem_index = problem.index if problem else len(text)
    context_line = exc.context_mark.line if exc.context_mark else problem_line

    # Only near the error: a tab inside a block of text (|) elsewhere is allowed.
    for number in range(min(context_line, problem_line), problem_line + 1):
        line = lines[number] if number < len(lines) else ""
        if _TAB_INDENT.match(line) and line.strip():
            return number + 1, "this line is indented with a tab; YAML allows only spaces for indentation"

    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return _unclosed_quote(lines, exc.context_mark.line, exc.context_mark.column)

    if exc.context in ("while scanning an alias", "while scanning an anchor", "while scanning a block scalar") and exc.context_mark:
        # Text such as '*Important*', '& more' or '> 50 people', read as YAML's own signs.
        return _must_be_quoted(lines, exc.context_mark.line, exc.context_mark.column)
    if exc.problem and exc.problem.startswith("found character") and exc.problem.endswith("that cannot start any token") and problem:
        if lines[problem.line][problem.column: problem.column + 1] in ("@", "`", "%"):
            return _must_be_quoted(lines, problem.line, problem.column)

    tokens = _tokens_before(text, problem_index)
    for token in reversed(tokens):  # a quote that ran on over lines that look like fields
        if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                and token.end_mark.line > token.start_mark.line
                and _LOOKS_LIKE_STRUCTURE.search(text, token.start_mark.index, token.end_mark.index)):
            return _unclosed_quote(lines, token.start_mark.line, token.start_mark.column)

    open_brackets = []
    for token in tokens:
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            open_brackets.append(token)
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and open_brackets:
            open_brackets.pop()
    if open_brackets and open_brackets[-1].start_mark.line < problem_line:
        opened = open_brackets[-1].start_mark
        bracket, closer = ("[", "]") if isinstance(open_brackets[-1], yaml.FlowSequenceStartToken) else ("{", "}")
        return opened.line + 1, f"a '{bracket}' opened on line {opened.line + 1} is never closed; end it with '{closer}' on the same line"

    closed = [t for t in tokens if isinstance(t, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))]
    if closed and not open_brackets and closed[-1].end_mark.line == problem_line and problem and problem.column >= closed[-1].end_mark.column:
        line_text = lines[problem_line]
        starts = [t for t in tokens if isinstance(t, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken))
                  and t.start_mark.line == problem_line]
        rest = line_text[closed[-1].end_mark.column:].strip()
        if starts and rest and not rest.startswith("#"):
            return _must_be_quoted(lines, problem_line, starts[0].start_mark.column)

    quote_end = _quoted_value_ended_early(tokens, lines, problem_line)
    if quote_end:
        return quote_end

    for number in range(min(context_line, problem_line), problem_line + 1):
        match = _NO_SPACE_AFTER_DASH.match(lines[number])
        if match and not lines[number].lstrip().startswith("---"):
            return number + 1, (
                f"'-{_short(match.group(2))}' needs a space after the dash to be a list item: write '- {_short(match.group(2))}'"
            )
    for number in range(min(context_line, problem_line), problem_line + 1):
        match = _NO_SPACE_AFTER_COLON.match(lines[number])
        if match and exc.problem and (
            exc.problem == "could not find expected ':'" or exc.problem.startswith("expected <block end>")
        ):
            name, value = match.group(1), match.group(2)
            return number + 1, f"'{name}:{_short(value)}' needs a space after the colon: write '{name}: {_short(value)}'"

    line = lines[problem_line] if problem_line < len(lines) else ""
    if exc.problem == "mapping values are not allowed here":
        match = _COLON_IN_VALUE.match(line)
        if match:
            name, value = match.group(2).strip(), match.group(3).strip()
            quote = "'" if '"' in value else '"'
            return problem_line + 1, (
                f"the value of '{name}' holds a colon followed by a space, which YAML reads as a new field; "
                f"put the whole value in quotes: {name}: {quote}{_short(value)}{quote}"
            )

    if exc.problem and ("found '-'" in exc.problem) and line.lstrip().startswith("-"):
        return problem_line + 1, (
            "a list item ('- ') is mixed in among fields (name: value) at the same indentation; "
            "make it a field, or put it under a field that holds a list, indented further"
        )

    if exc.problem and (
        exc.problem == "mapping values are not allowed here" or exc.problem.startswith("expected <block end>")
        or exc.problem.startswith("did not find expected")
    ):
        indentation = _indentation_problem(lines, problem_line)
        if indentation:
            return problem_line + 1, indentation

    what = exc.problem or exc.context or "the YAML cannot be read"
    if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        what = f"{exc.context} that starts on line {exc.context_mark.line + 1}, {what}"
    return problem_line + 1, f"YAML syntax error: {what} {GENERIC_ADVICE}"


def _must_be_quoted(lines: list[str], line: int, column: int) -> tuple[int, str]:
    """Text starting with a sign YAML reads as its own ('*', '&', '>', '|', '@', '[', ...)."""
    sign = lines[line][column]
    before, value = lines[line][:column].strip(), lines[line][column:].strip()
    quote = "'" if '"' in value else '"'
    example = " ".join(part for part in (before, f"{quote}{_short(value)}{quote}") if part)
    return line + 1, f"a value that starts with {sign} must be in quotes: {example}"


def _unclosed_quote(lines: list[str], line: int, column: int) -> tuple[int, str]:
    quote = lines[line][column] if column < len(lines[line]) else '"'
    return line + 1, f"a quote ({quote}) opened on line {line + 1} is never closed; end the value with {quote} on the same line"


def _quoted_value_ended_early(tokens: list, lines: list[str], problem_line: int) -> tuple[int, str] | None:
    """A quoted value followed by more text on its line: an apostrophe in '...', or a quote in "..."."""
    quoted = [
        token for token in tokens
        if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"') and token.end_mark.line == problem_line
    ]
    if not quoted:
        return None
    token = quoted[-1]
    rest = lines[problem_line][token.end_mark.column:].strip()
    if not rest or rest.startswith(("#", ",", "]", "}", ":")):
        return None
    if token.style == "'":
        return problem_line + 1, (
            "the value in single quotes ends at the next ' and more text follows; write an apostrophe "
            "inside '...' as two ('') or put the whole value in double quotes"
        )
    return problem_line + 1, (
        'the value in double quotes ends at the next " and more text follows; write a quote inside '
        '"..." as \\" or put the whole value in single quotes'
    )


def _indentation_problem(lines: list[str], problem_line: int) -> str | None:
    """Compare the line's indentation with the content line above it."""
    if problem_line >= len(lines):
        return None
    here = _indent(lines[problem_line])
    for above in range(problem_line - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            break
    else:
        return None
    there = _indent(lines[above])
    if lines[above].lstrip().startswith("- ") and not lines[problem_line].lstrip().startswith("- "):
        there += len(lines[above].lstrip()) - len(lines[above].lstrip()[1:].lstrip())  # fields after '- '
    if here == there:
        return None
    more_or_less = "more" if here > there else "less"
    return (
        f"this line is indented {more_or_less} than the line before it ({here} spaces, not {there}); "
        "the fields of one record must line up exactly, with spaces"
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _tokens_before(text: str, index: int) -> list:
    """The tokens PyYAML's scanner reads before ``index`` (up to any scanner error)."""
    scanner = yaml.SafeLoader(text)
    tokens = []
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.index > index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return tokens


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."
