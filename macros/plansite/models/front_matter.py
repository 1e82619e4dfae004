"""What a page's front matter (the YAML between its ``---`` lines) may hold.

Front matter is content, written by whoever writes the page, and the theme prints some of it
as it is (title, description, subtitle) outside the page's text: every key is typed here, an
unknown one is refused, and the values the theme prints are plain text. ``template`` and
``icon`` name things inside the theme, never a path.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from plansite.models.common import Date, Strict, Text, Visibility

_MARKUP = re.compile(r"<|\{\{|\{%|\{#")


def _plain_text(value: str) -> str:
    if _MARKUP.search(value):
        raise ValueError(
            f"'{value[:60]}' holds markup ('<', '{{{{' or '{{%'); the theme prints this value as it is, "
            "so it must be plain text: write words, not HTML or macros"
        )
    return value


PlainText = Annotated[Text, AfterValidator(_plain_text)]


def _named(pattern: str, what: str, example: str):
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise ValueError(f"'{value[:60]}' is not {what} (e.g. '{example}'); it names something inside the theme, never a path")
        return value

    return AfterValidator(check)


TemplateName = Annotated[str, _named(r"^[A-Za-z0-9_-]+\.html$", "a template name", "main.html")]
IconName = Annotated[str, _named(r"^[a-z0-9-]+(/[a-z0-9-]+){1,3}$", "an icon name", "material/home")]
StatusName = Annotated[str, _named(r"^[a-z][a-z0-9-]{0,39}$", "a status name", "new")]


class SearchSettings(Strict):
    """How the site's search treats the page (Material's ``search`` front matter)."""

    boost: float | None = Field(None, ge=0, le=10, description="Rank the page higher (above 1) or lower (below 1).")
    exclude: bool | None = Field(None, description="true: leave the page out of the search.")


class PageMeta(Strict):
    """A hand-written page's front matter."""

    title: PlainText | None = Field(None, description="The page's title, if it is not its first '# ' heading.")
    description: PlainText | None = Field(None, description="One sentence for search engines and link previews.")
    subtitle: PlainText | None = Field(None, description="A line shown under the title in the menu.")
    owner: PlainText | None = Field(None, description="Who keeps the page up to date, e.g. 'Healthier Together Office'.")
    review_by: Date | None = Field(None, description="When the page is next checked: YYYY-MM-DD or YYYY-MM.")
    visibility: Visibility = Field(
        "public", description="public (the default); draft (shown only in a local preview, marked); private (never published)."
    )
    date: Date | None = Field(None, description="An update report's date: YYYY-MM-DD or YYYY-MM.")
    summary: PlainText | None = Field(None, description="An update report's one-paragraph summary.")
    hide: list[Literal["navigation", "toc", "footer", "path", "feedback"]] | None = Field(
        None, description="Parts of the page layout to hide."
    )
    search: SearchSettings | None = None
    status: StatusName | None = Field(
        None, description="A status named under extra.status in mkdocs.yml, e.g. 'new'."
    )
    icon: IconName | None = Field(
        None, description="An icon of the theme, e.g. 'material/home'."
    )
    template: TemplateName | None = Field(
        None, description="A template of the theme or of the generator's overrides, e.g. 'main.html'."
    )
