"""Render validated data to HTML through Jinja templates in ``macros/plansite/render/templates/``.

Everything is autoescaped: text from a data file can never become markup. The only markup
added to data text is ``<abbr>`` around known acronyms, inserted after escaping.
"""
from __future__ import annotations

import re
from contextvars import ContextVar
from html import unescape as html_unescape
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pydantic import BaseModel
from markupsafe import Markup, escape

from plansite.read import disk_cache
from plansite.models import registry
from plansite.checks.site_data import DATASETS, SiteData
from plansite.render.template_loading import OPTIONS as TEMPLATE_OPTIONS, TEMPLATE_DIR, compiled_loader
from plansite.render.timeline_picture import timeline_picture
from plansite.models.common import GAP_NOT_IN_SOURCE, GAP_TBC, PlanDate, Record, latest_update
from plansite.read.problems import format_path, known_choices
from plansite.checks.references import Mention
from plansite.render.dashboard import Dashboard, ambition_rollup, dashboard
from plansite.render.status import RecordStatus, Statuses, has_status, site_statuses
from plansite.render.acronyms import expand_first_uses
from plansite.render.wording import NO_STATUS, gap_words, gaps_sentence, is_only_a_date, join_words, month_in_words, label, record_title, with_acronym
from plansite.render.urls import BODY_PAGE, PERSON_PAGE, doc_url, relative_url
from plansite.render.urls import dataset_pages as dataset_pages_of

# The URL of the page a template is being rendered for (Renderer._render sets it per call).
_PAGE_URL: ContextVar[str] = ContextVar("plansite_page_url", default="")

FEED_PATH = "changes.xml"  # where the Atom feed of changes is written, relative to the site root

# How a field naming a person or group reads on their page; a dataset's description may say
# otherwise for a field of one of its record classes (registry.Dataset.mention_labels).
FIELD_LABELS = {
    "executive_leads": "Executive lead",
    "planning_leads": "Planning lead",
    "responsible": "Responsible group",
    "chair": "Chair",
    "members": "Member",
    "reports_to": "Reports to it",
    "leads": "Lead",
    "body": "The group itself",
    "overseen_by": "Oversees",
    "owner": "Owner",
    "topic_leads": "Topic lead",
    "design_group": "Programme design group",
    "developed_with": "Developed with",
    "forum": "Forum",
}


class MacroUsageError(Exception):
    """A page asked for something the data does not have; the message says what instead."""


class Renderer:
    """Renders one site's data; one instance per build, shared by every page."""

    def __init__(self, site: SiteData, directory_urls: bool = True, dataset_pages: dict[str, str] | None = None):
        self.site = site
        self.directory_urls = directory_urls
        self.dataset_pages = dataset_pages_of(dataset_pages)
        self._records: dict[str, dict[str, Any]] = {}  # a dataset's records by id, once gathered
        # The generator's templates, then those of any dataset that brings its own.
        extra_dirs = [str(d.template_dir) for d in registry.DATASETS.values() if d.template_dir]
        from_files = FileSystemLoader([str(TEMPLATE_DIR), *extra_dirs])
        compiled = compiled_loader()  # the same templates compiled ahead, while they match their files
        self.env = Environment(
            loader=ChoiceLoader([compiled, from_files]) if compiled else from_files,
            bytecode_cache=disk_cache.templates(),
            **TEMPLATE_OPTIONS,
        )
        self.env.filters.update(explain=self.explain, plan_date=self.plan_date, heading=markdown_heading, label=label)
        self.env.globals.update(
            is_gap=is_gap,
            url_of=self.url_of,
            origin=self.origin,
            person=self.person,
            body=self.body,
            organisation=self.organisation,
            document=self.document,
            lead_kind=self.lead_kind,
            latest=latest_update,
            status_of=self.status_of,
            has_status=has_status,
            NO_STATUS=NO_STATUS,
            record_title=record_title,
            dataset_title=lambda name: registry.DATASETS[name].title,
            mention_groups=mention_groups,
            timeline_picture=timeline_picture,
            GAP_TBC=GAP_TBC,
            gap_words=gap_words,
            GAP_NOT_IN_SOURCE=GAP_NOT_IN_SOURCE,
            gaps_sentence=gaps_sentence,
            status_rollup=ambition_rollup,
            join_words=join_words,
            with_acronym=with_acronym,
            is_only_a_date=is_only_a_date,
            month_in_words=month_in_words,
        )

    def _next_table_id(self) -> str:
        self._tables = getattr(self, "_tables", 0) + 1
        return f"plan-table-{self._tables}"

    # ---- lookups -----------------------------------------------------------------
    def _lookup(self, kind: str, ident: str) -> Any:
        return self.site.index.ids[kind][ident]

    def person(self, ident: str):
        return self._lookup("person", ident)

    def body(self, ident: str):
        return self._lookup("body", ident)

    def organisation(self, ident: str):
        return self._lookup("organisation", ident)

    def document(self, ident: str):
        return self._lookup("document", ident)

    def lead_kind(self, ident: str) -> str:
        return "person" if ident in self.site.index.ids["person"] else "body"

    # ---- URLs ------------------------------------------------------------------
    def url_of(self, kind: str, ident: str | None = None) -> str:
        """Relative URL, from the page being rendered, of a person's or body's page, a
        dataset's page, or a record on its page."""
        if kind in ("person", "people") and ident:
            kind, src = "person", PERSON_PAGE.format(id=ident)
        elif kind in ("body", "bodies") and ident:
            kind, src = "body", BODY_PAGE.format(id=ident)
        else:
            src = self.dataset_pages[kind]
        target = doc_url(src, self.directory_urls)
        if kind not in ("person", "body") and ident:
            target += f"#{ident}"
        return relative_url(target, _PAGE_URL.get())

    # ---- filters ---------------------------------------------------------------
    @cached_property
    def _acronyms(self) -> tuple[re.Pattern | None, dict[str, str]]:
        meanings = {
            t.term: t.meaning for t in self.site.glossary.terms if not is_gap(t.meaning)
        }
        if not meanings:
            return None, {}
        alternatives = "|".join(re.escape(str(escape(term))) for term in sorted(meanings, key=len, reverse=True))
        return re.compile(rf"(?<![\w&/-])({alternatives})(?![\w-])"), {str(escape(k)): v for k, v in meanings.items()}

    def explain(self, value: Any) -> Markup:
        """Escape ``value`` and wrap each known acronym in an ``<abbr>`` giving its meaning."""
        if value is None:
            return Markup("")
        if is_gap(value):
            return gap_markup(value)
        text = str(escape(str(value)))
        pattern, meanings = self._acronyms
        if pattern is not None:
            text = pattern.sub(lambda m: f'<abbr title="{escape(meanings[m.group(1)])}">{m.group(1)}</abbr>', text)
        return Markup(text)

    def abbreviation_definitions(self, markdown: str) -> str:
        """Markdown ``*[TERM]: meaning`` lines for each known acronym that ``markdown`` uses."""
        pattern, meanings = self._acronyms
        if pattern is None:
            return ""
        # Not an acronym that is a number (NHS "111"): the abbr extension of Python-Markdown
        # (Zensical's too, which ours does not replace) finds it inside its own raw-HTML
        # placeholders ("wzxhzdk:111") and loses that HTML. Its first use is still spelled out.
        used = dict.fromkeys(m.group(1) for m in pattern.finditer(markdown) if not m.group(1).isdigit())
        return "\n".join(
            f"*[{term.replace('&amp;', '&')}]: {meanings[term]}".replace("\n", " ") for term in used
        )

    def count(self, dataset: str, field: str) -> str:
        """How many published entries a list in the data holds, as a word: count("workforce",
        "workforce.goals") -> 'three'. Typed in a page, the number follows the data."""
        from plansite.checks.summary_counts import NUMBER_WORDS

        if dataset not in self.site.models:
            raise MacroUsageError(f"count: this site has no '{dataset}' data. Datasets: {', '.join(sorted(self.site.models))}")
        value: Any = self.site.models[dataset]
        for name in field.split("."):
            if not isinstance(value, BaseModel) or name not in type(value).model_fields:
                raise MacroUsageError(f"count: '{dataset}' has no list '{field}'")
            value = getattr(value, name)
        if not isinstance(value, list):
            raise MacroUsageError(f"count: '{field}' in '{dataset}' is not a list")
        words = {number: word for word, number in NUMBER_WORDS.items()}
        return words.get(len(value), str(len(value)))

    def explained_page(self, markdown: str) -> str:
        """The page with each acronym spelled out at its first use and explained on hover."""
        pattern, meanings = self._acronyms
        if pattern is not None:
            markdown = expand_first_uses(markdown, pattern, meanings)
        from plansite.render.pages import with_abbreviations  # pages imports this module

        return with_abbreviations(markdown, self.abbreviation_definitions(markdown))

    @staticmethod
    def plan_date(value: Any) -> Markup:
        if isinstance(value, PlanDate):
            return Markup('<time datetime="{}">{}</time>').format(value.iso, str(value))
        return gap_markup(value) if is_gap(value) else Markup(escape(value))

    def origin(self, obj: Any) -> Markup:
        """An HTML comment naming the data file and record behind ``obj``, for editors."""
        location = self.site.index.location_of(obj)
        if location is None:
            return Markup("")
        dataset, path = location
        loaded = self.site.files[dataset]
        label = format_path(path) or "(whole file)"
        ident = f" id={obj.id}" if isinstance(obj, Record) else ""
        # Paths and ids hold no '--', so the comment cannot be closed early.
        comment = Markup(f"<!-- from {loaded.display_name}:{loaded.line_of(path)} {label}{ident} -->")
        if getattr(obj, "visibility", "public") == "draft":  # only a local preview shows drafts
            comment += Markup('<strong class="plan-draft">Draft: not published</strong> ')
        return comment

    # ---- macros ------------------------------------------------------------------
    def show(self, dataset: str, ident: str | None = None, current_url: str = "") -> Markup:
        """Render a whole dataset, or one record of it, for the page at ``current_url``."""
        if dataset not in DATASETS:
            raise MacroUsageError(f"show: '{dataset}' is not a known dataset. Known datasets: {known_choices(dataset, DATASETS)}")
        if dataset not in self.site.models:
            raise MacroUsageError(f"show: this site has no '{dataset}' data: add {self.site.display_dir}/{dataset}.yaml or remove the call")
        if ident is None:
            return self._render(registry.DATASETS[dataset].template, current_url, data=self.site.models[dataset])
        described = registry.DATASETS[dataset]
        if described.records is None:
            by_id = ", ".join(name for name, d in registry.DATASETS.items() if d.records)
            raise MacroUsageError(f"show: the dataset '{dataset}' is shown whole; remove the id '{ident}'. Datasets that take an id: {by_id}")
        records = self._records_by_id(dataset)
        if ident not in records:
            raise MacroUsageError(f"show: '{ident}' is not a known record of '{dataset}'. Known ids: {known_choices(ident, records)}")
        record = records[ident]
        return self._render(described.record_template(record), current_url, record=record, mentions=self._mentions_for(dataset, ident))

    def _records_by_id(self, dataset: str) -> dict[str, Any]:
        """A dataset's records by id, gathered once per build, not for every page that shows
        one (×100: each of the 6,500 person and body pages gathered every person or body
        again, 5 s of the profile)."""
        if dataset not in self._records:
            self._records[dataset] = registry.DATASETS[dataset].records(self.site)
        return self._records[dataset]

    def what_changed(self, changes: Any, version: str, current_url: str = "") -> Markup:
        """The "What changed" list for this version."""
        feed = relative_url(FEED_PATH, current_url)
        return self._render("changes.html", current_url, changes=changes, version=version, feed_url=feed)

    @cached_property
    def statuses(self) -> Statuses:
        """Every record's status as of the site's date, worked out once per build."""
        return site_statuses(self.site)

    def status_of(self, record: Any) -> RecordStatus:
        """What ``record``'s status reads, the same on every page (render/status.py)."""
        return self.statuses.of(record)

    @cached_property
    def _board(self) -> Dashboard:
        """The dashboard of this site's data, worked out once for the dashboard page and both
        uses in the board pack (each is a walk over every record)."""
        return dashboard(self.site, self.statuses)

    def status_dashboard(self, current_url: str = "") -> Markup:
        """Counts by status and group, what is overdue and what is due next, as of ``as_of``."""
        return self._render("dashboard.html", current_url, board=self._board)

    def board_updates(self, posts: list, current_url: str = "") -> Markup:
        """The board update reports, newest first, with their feed."""
        from plansite.render.posts import FEED

        return self._render(
            "updates.html", current_url, posts=posts, feed_url=relative_url(FEED, current_url),
            post_url=lambda post: relative_url(doc_url(post.src_path, self.directory_urls), current_url),
        )

    def board_pack_cover(self, version: str, date: PlanDate, current_url: str = "") -> Markup:
        """The board pack's cover, then a page on what is late and who leads it."""
        return self._render("board_pack_cover.html", current_url, version=version, date=date, board=self._board)

    def open_data(self, current_url: str = "") -> Markup:
        """Links to every dataset's JSON, CSV and schema, and the licence."""
        from plansite.render.published import LICENCE_NAME, LICENCE_URL

        return self._render(
            "open_data.html", current_url, datasets=list(self.site.models), base=relative_url("", current_url),
            licence_name=LICENCE_NAME, licence_url=LICENCE_URL,
        )

    def _mentions_for(self, dataset: str, ident: str) -> list[Mention]:
        kind = {"people": "person", "bodies": "body", "organisations": "organisation"}.get(dataset)
        return self.site.index.mentions_of(kind, ident) if kind else []

    def _render(self, template: str, current_url: str, **context: Any) -> Markup:
        """``template`` rendered for the page at ``current_url``, which its links are relative to.
        The page's URL is set for this call only (a context variable, not the renderer's own
        state), so that macros imported from other templates see it too."""
        page = _PAGE_URL.set(current_url)
        try:
            html = self.env.get_template(template).render(site=self.site, **context)
        finally:
            _PAGE_URL.reset(page)
        html = wrap_tables(html, self._next_table_id)
        # Blank lines inside a raw HTML block can end it early in Markdown, so remove them;
        # headings are Markdown (for the page's contents list) and need a blank line around.
        html = re.sub(r"\n\s*\n+", "\n", html).strip()
        html = re.sub(r"^(#{1,6} .*)$", r"\n\1\n", html, flags=re.MULTILINE)
        return Markup("\n" + html.strip() + "\n\n")


_TABLE_START = re.compile(r'<table(?: class="(?P<classes>[^"]*)")?>\s*<caption(?: id="(?P<caption_id>[^"]*)")?>')


def wrap_tables(html: str, next_id: Callable[[], str]) -> str:
    """Put each table in its own focusable region, labelled by its caption, that scrolls
    sideways on a phone while the page does not. The region is a ``<section>`` named by
    aria-labelledby, which is what role=region means (html-validate prefers the element to
    the role). The table itself keeps no class: Material styles only class-less tables.
    Classes move to the region."""

    def region(match: re.Match) -> str:
        caption_id = match.group("caption_id") or next_id()
        classes = " ".join(["plan-table-wrap", *(match.group("classes") or "").split()])
        return (
            f'<section class="{classes}" aria-labelledby="{caption_id}" tabindex="0">\n'
            f'<table>\n<caption id="{caption_id}">'
        )

    wrapped, count = _TABLE_START.subn(region, html)
    return wrapped.replace("</table>", "</table>\n</section>", count) if count else html


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+!|~<>-])")


def markdown_heading(rendered: str, level: int, anchor: str) -> Markup:
    """A Markdown heading (so it joins the page's contents and search sections) from the
    rendered, escaped text of a template block. Our ``<abbr>`` markup is dropped here: the
    page's abbreviation list explains acronyms in headings."""
    text = html_unescape(re.sub(r"<[^>]+>", "", str(rendered))).replace("\n", " ").strip()
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(text)).replace("&#39;", "'").replace("&#34;", '"'))
    return Markup(f"\n{'#' * int(level)} {text} {{#{anchor}}}\n")


def mention_label(mention: Mention) -> str:
    """How a mention reads on a person's or body's page, e.g. 'Executive lead'."""
    described = registry.DATASETS.get(mention.dataset)
    special = described.mention_labels.get((mention.owner, mention.field)) if described else None
    return special or FIELD_LABELS.get(mention.field, mention.field.replace("_", " ").capitalize())


def mention_groups(mentions: list[Mention]) -> list[tuple[str, str, list[Mention]]]:
    """Mentions grouped by the part played: (label, anchor, mentions), in first-seen order."""
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(mention_label(mention), []).append(mention)
    return [(label, "as-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-"), items) for label, items in groups.items()]


def is_gap(value: Any) -> bool:
    return isinstance(value, str) and value in (GAP_TBC, GAP_NOT_IN_SOURCE)


def gap_markup(value: str) -> Markup:
    return Markup('<span class="plan-gap">{}</span>').format(gap_words(value))
