"""The one rule for "is there anything here a reader can see?", shared by every text field."""

import pytest
from django.core.exceptions import ValidationError

from hub.text import clean_single_line, has_visible_text

INVISIBLE = [
    "",
    "   ",
    "\u3164" * 20,  # Hangul filler
    "\u115f\u1160\uffa0",  # more Hangul fillers
    "\u2800" * 30,  # braille blank
    "\u0301\u0308\u20e3",  # combining marks with nothing to sit on
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters
    "\u202e\u2066\u2069",  # bidi controls
    "\u00ad\u034f\u180e\U000e0041",  # soft hyphen, grapheme joiner, tags block
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_text_that_renders_as_nothing_has_nothing_visible(text):
    assert not has_visible_text(text)


@pytest.mark.parametrize("text", ["a", "7", "?", "£", "😀", "ㄱ", "\u3164é", "\u2800\u2801"])
def test_a_letter_digit_mark_or_symbol_that_draws_is_visible(text):
    assert has_visible_text(text)


def test_bidi_controls_are_taken_out_of_a_line():
    assert clean_single_line("\u202eHow we pay\u2066 homes\u2069", what="The title") == (
        "How we pay homes"
    )


def test_an_invisible_line_is_refused_with_a_message_naming_the_field():
    with pytest.raises(ValidationError, match="The title needs at least one letter or number"):
        clean_single_line("\u3164" * 20, what="The title")
