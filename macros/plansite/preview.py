"""What a local preview (``mkdocs serve``) is, and what it remembers between its rebuilds.

The plugin's events set it. MkDocs makes new plugin objects for every rebuild, and a preview
reloads the generator's other modules so that edits to them show (``hooks._macros``), but
never this one: what it holds outlasts both.
"""
from __future__ import annotations

serving = False  # a preview: drafts shown, broken data shown on the pages instead of stopping
generated_pages: dict[str, str] = {}  # path under docs/ -> Markdown, from the last good data
data_broken = False  # the data had problems at the latest rebuild
