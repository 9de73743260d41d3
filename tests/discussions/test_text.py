"""Stored text is inert: Markdown renders to a short list of tags and only safe links."""

import pytest
from django.core.exceptions import ValidationError

from discussions.text import clean_body, clean_title, plain_excerpt, render_markdown


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        '<svg onload="alert(1)"></svg>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_raw_html_is_shown_as_text_never_as_markup(source):
    html = render_markdown(source)
    assert "<script" not in html
    assert "<img" not in html
    assert "<svg" not in html
    assert "<iframe" not in html
    assert "&lt;" in html


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](vbscript:msgbox)",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_never_become_links(source):
    html = render_markdown(source).lower()
    assert "href" not in html
    assert "src=" not in html


def test_safe_links_are_marked_as_user_content():
    html = render_markdown("[guidance](https://example.org/a) and [mail](mailto:a@b.example)")
    assert html.count('rel="nofollow ugc"') == 2
    assert 'href="https://example.org/a"' in html


def test_markdown_features_survive_and_headings_drop_below_the_page_title():
    html = render_markdown("# Big\n\n**bold** *it* `code`\n\n- one\n- two\n\n> quote")
    assert "<h3>Big</h3>" in html
    assert "<h1" not in html
    for tag in ("<strong>", "<em>", "<code>", "<ul>", "<blockquote>"):
        assert tag in html


def test_email_excerpt_keeps_words_and_drops_every_address():
    text = plain_excerpt("See [our note](https://evil.example/x) or www.evil.example, <b>ok</b>")
    assert "evil" not in text
    assert "our note" in text
    assert "<b>ok</b>" in text  # text, escaped later by the HTML template


@pytest.mark.parametrize("value", ["", "   ", "\u200b\u200b\u200b", "\u200b \u200c\u200d\ufeff"])
def test_empty_or_zero_width_only_text_is_refused(value):
    with pytest.raises(ValidationError):
        clean_body(value)


@pytest.mark.parametrize("value", ["Question\x00 title here", "Question\x0b title here"])
def test_control_characters_in_a_title_are_refused(value):
    with pytest.raises(ValidationError):
        clean_title(value)
