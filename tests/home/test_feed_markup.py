"""Page feeds: a summary is plain text, and readers render a description as HTML, so markup in
a summary or a tag name must reach the reader as the characters typed."""

import xml.etree.ElementTree as ET  # noqa: S405 (parses our own output)

import pytest
from taggit.models import Tag

from tests.factories import pages as f

pytestmark = pytest.mark.django_db

SUMMARY = "Fees & top-ups <img src=x onerror=alert(3)>"


def test_a_summary_with_markup_is_text_in_every_page_feed(client):
    f.news("Open news", summary=SUMMARY, tags=["<b>shared</b>"])
    for url, item_tag, text_tag in [
        ("/feeds/news/", "item", "description"),
        ("/feeds/news/atom/", "{http://www.w3.org/2005/Atom}entry", None),
    ]:
        root = ET.fromstring(client.get(url).content)  # noqa: S314 (our own output)
        [item] = root.iter(item_tag)
        text = item.findtext(text_tag or "{http://www.w3.org/2005/Atom}summary")
        assert text == "Fees &amp; top-ups &lt;img src=x onerror=alert(3)&gt;"


def test_a_tag_name_with_markup_is_text_in_the_tag_feed_description(client):
    f.news("Open news", tags=["<b>shared</b>"])
    slug = Tag.objects.get(name="<b>shared</b>").slug
    root = ET.fromstring(client.get(f"/feeds/tags/{slug}/").content)  # noqa: S314
    assert root.find("channel").findtext("description") == "Pages tagged &lt;b&gt;shared&lt;/b&gt;."
