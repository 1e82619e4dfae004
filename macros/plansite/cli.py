"""The ``plansite`` command: what a partnership's repository (and this one's Makefile) runs.

    plansite new DIR                      a new partnership's site, ready to build
    plansite check [--config mkdocs.yml]  the site's settings, data and pages, without building
    plansite review [--config mkdocs.yml] the pages and data files past their review date
    plansite serve [--config mkdocs.yml]  preview the site, rebuilding on every edit
    plansite edit [--config mkdocs.yml]   the browser editor and the preview, on 127.0.0.1
    plansite publish REMOTE [...]         publish the committed site as a version
    plansite withdraw REMOTE [...]        take records now private out of published versions
    plansite schemas [DIR]                write the data files' JSON Schemas

Each takes ``--help``. ``check`` and ``review`` read the site's mkdocs.yml for its data and
pages folders, so they check what the build reads.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

COMMANDS = {
    "new": "make a new partnership's site in an empty folder",
    "check": "check the site's settings, data and pages without building it",
    "review": "list the pages and data files past their review date",
    "serve": "preview the site at http://127.0.0.1:8000, rebuilding on every edit",
    "edit": "edit the site in the browser (http://127.0.0.1:8001/admin/) beside the preview",
    "publish": "publish the committed site as a version on the remote's gh-pages branch",
    "withdraw": "take records now private or draft out of the versions already published",
    "schemas": "write the JSON Schemas the data files name on their first line",
}


def _site_folders(config: str, stopped: str = "the site cannot be published until it is fixed") -> tuple[str, str] | int:
    """The data and pages folders the site's mkdocs.yml names, as the person would type them;
    or 1 after printing the one-line problem with its settings."""
    from plansite.read.site_config import ConfigProblem, data_dir_of, display_dir_of, load_site_config, site_options

    try:
        settings = load_site_config(config)
        site_options(settings)
    except ConfigProblem as exc:
        print(exc, file=sys.stderr)
        print(f"1 problem found; {stopped}.", file=sys.stderr)
        return 1
    return display_dir_of(data_dir_of(settings)), display_dir_of(Path(settings["docs_dir"]))


def _check(argv: list[str], review: bool) -> int:
    parser = argparse.ArgumentParser(prog=f"plansite {'review' if review else 'check'}",
                                     description=COMMANDS["review" if review else "check"])
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    args = parser.parse_args(argv)
    folders = _site_folders(args.config)
    if isinstance(folders, int):
        return folders
    from plansite.checks import check

    data_dir, docs_dir = folders
    return check.main([data_dir, "--docs", docs_dir, *(["--review"] if review else [])])


def _serve(argv: list[str]) -> int:
    """MkDocs's preview, after the settings are checked: a broken mkdocs.yml is one line here,
    not MkDocs's traceback (once it is running, the plugin keeps the last good build served)."""
    parser = argparse.ArgumentParser(prog="plansite serve", description=COMMANDS["serve"])
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="the address to serve at (default: 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    folders = _site_folders(args.config, "the preview cannot start until it is fixed")
    if isinstance(folders, int):
        return folders
    from mkdocs.__main__ import cli

    cli.main(["serve", "--config-file", args.config, "--dev-addr", args.dev_addr], prog_name="plansite serve")  # exits
    return 0


def _edit(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="plansite edit", description=COMMANDS["edit"])
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="the preview's address (default: 127.0.0.1:8000)")
    parser.add_argument("--editor-port", type=int, default=8001, help="the editor's port on 127.0.0.1 (default: 8001)")
    args = parser.parse_args(argv)
    folders = _site_folders(args.config, "the editor cannot start until it is fixed")
    if isinstance(folders, int):
        return folders
    from plansite import edit

    return edit.run(args.config, args.dev_addr, args.editor_port)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        width = max(map(len, COMMANDS))
        usage = "usage: plansite COMMAND [--help]\n\ncommands:\n" + "".join(
            f"  {name.ljust(width)}  {what}\n" for name, what in COMMANDS.items())
        known = not argv or argv[0] in ("-h", "--help")
        print(usage if known else f"plansite: '{argv[0]}' is not a command\n\n{usage}", end="",
              file=sys.stdout if known else sys.stderr)
        return 0 if known else 2
    command, rest = argv[0], argv[1:]
    if command == "new":
        from plansite.scaffold import main as new_site

        return new_site(rest)
    if command in ("check", "review"):
        return _check(rest, review=command == "review")
    if command == "serve":
        return _serve(rest)
    if command == "edit":
        return _edit(rest)
    if command == "publish":
        from plansite.release import publish

        return publish.main(rest)
    if command == "withdraw":
        from plansite.release import withdraw

        return withdraw.main(rest)
    from plansite.outputs import schemas

    return schemas.main(rest)


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
