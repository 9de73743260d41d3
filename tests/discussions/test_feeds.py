"""The discussions feed: feed readers render an item's description as HTML, so nothing a member
typed may come out of it as live markup."""

import xml.etree.ElementTree as ET  # noqa: S405 (parses our own output)
from html.parser import HTMLParser

import pytest

from tests.factories.discussions import make_thread

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_when_rendered(html_text):
    """The elements a feed reader would build from the text, were it shown as HTML."""
    parser = _Tags()
    parser.feed(html_text)
    return parser.tags


def feed_descriptions(client, url="/discussions/feed/"):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    return [item.findtext("description") for item in root.iter("item")]


@pytest.mark.parametrize(
    "body",
    [
        "<img src=x onerror=alert(2)>",
        "Look: `<img src=x onerror=alert(2)>`",
        "    <script>alert(1)</script>",
        "&lt;img src=x onerror=alert(2)&gt; typed as entities",
    ],
)
def test_markup_typed_in_a_public_thread_is_words_in_the_feed(client, body):
    make_thread(area="public", title="Can a feed reader run this post?", body=body)
    [description] = feed_descriptions(client)
    assert tags_when_rendered(description) == []
    assert "<" not in description


def test_the_feed_description_shows_the_words_of_the_post(client):
    make_thread(area="public", body="We pay **four weeks** in advance & <b>invoice</b> later.")
    [description] = feed_descriptions(client)
    assert description == "We pay four weeks in advance &amp; &lt;b&gt;invoice&lt;/b&gt; later."


def test_a_long_post_is_cut_between_words_in_the_feed(client):
    make_thread(area="public", body="&lt;b&gt; " * 200)
    [description] = feed_descriptions(client)
    assert description.endswith("…")
    assert len(description) <= 300
    assert "<" not in description
    assert description.replace("&lt;b&gt;", "").strip(" …") == ""  # no entity cut in half
