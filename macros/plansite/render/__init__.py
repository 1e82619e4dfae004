"""Validated data to pages: the renderer and its Jinja templates, the pages it writes itself, page macros, words, URLs, the dashboard, the timeline picture and What changed."""
