"""Board update reports: dated posts listed newest first, and a valid RSS 2.0 feed."""
from __future__ import annotations

import email.utils
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from conftest import FIXTURE
from plansite.render.posts import read_posts
from plansite.outputs.feeds import rss_feed


def test_the_november_2018_report_is_a_post():
    posts, problems = read_posts(FIXTURE / "docs")
    assert problems == []
    assert posts[0].title == "Update report for partner boards: November 2018"
    assert str(posts[0].date) == "November 2018"


def test_posts_need_title_date_and_summary(tmp_path):
    folder = tmp_path / "updates"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\ndate: 2019-02-30\nsummary: S\n---\n# A\n", encoding="utf-8")
    (folder / "b.md").write_text("---\ntitle: B\n---\n# B\n", encoding="utf-8")
    posts, problems = read_posts(tmp_path)
    assert posts == []
    assert [str(p) for p in problems] == [
        "docs/updates/a.md:3: date: '2019-02-30' is not a real date: February 2019 has 28 days",
        "docs/updates/b.md:1: date: every update needs a date in its front matter",
        "docs/updates/b.md:1: summary: every update needs a summary in its front matter",
    ]


def test_feed_is_valid_rss_2_with_absolute_links():
    posts, _ = read_posts(FIXTURE / "docs")
    feed = ET.fromstring(rss_feed(posts, site_name="Plans", site_url="https://plans.example.org/"))
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    channel = feed.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    items = channel.findall("item")
    assert len(items) == len(posts) >= 1
    for item in items:
        assert item.findtext("title") and item.findtext("description")
        assert urlsplit(item.findtext("link")).scheme == "https"
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).year == 2018
        assert item.find("guid").get("isPermaLink") == "true"


def test_built_site_lists_posts_and_publishes_the_feed(built_site):
    page = (built_site.site_dir / "updates" / "index.html").read_text(encoding="utf-8")
    assert "Update report for partner boards: November 2018" in page
    # The title already says the month, so the date is not written twice ("November 2018November 2018").
    assert "Update report for partner boards: November 2018</strong></a></p>" in page
    feed = ET.parse(built_site.site_dir / "updates" / "feed.xml").getroot()
    assert feed.find("channel/item/title").text == "Update report for partner boards: November 2018"
