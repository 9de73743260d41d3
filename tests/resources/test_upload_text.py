"""Upload: a title, description or tag that would show as nothing is refused with a message and
nothing is stored; a tag cannot take the address of another tag."""

import pytest
from taggit.models import Tag

from resources.extraction import samples
from resources.models import Resource
from tests.discussions.test_invisible_text import INVISIBLE, MESSAGE
from tests.factories.discussions import make_thread
from tests.resources.test_upload import post, stored_files


@pytest.fixture
def staff_client(client, make_actor):
    client.force_login(make_actor("trailblazer"))
    return client


def upload(client, library, **extra):
    return post(client, library, "note.docx", samples.docx(["Top-up agreement."]), **extra)


def assert_refused(response):
    # A refused upload is a form with its errors (200 or 400, whichever the view answers).
    assert response.status_code in {200, 400}
    assert MESSAGE in response.content.decode()
    assert not Resource.objects.exists()
    assert not stored_files()


@pytest.mark.parametrize("field", ["title", "description", "tags"])
@pytest.mark.parametrize("value", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_title_description_or_tag_is_refused(staff_client, library, field, value):
    assert_refused(upload(staff_client, library, **{field: value}))
    assert not Tag.objects.exists()


def test_a_right_to_left_override_is_taken_out_of_a_document_title(staff_client, library):
    response = upload(staff_client, library, title="\u202eTop-up \u2067agreement\u2069")
    assert response.status_code == 302
    assert Resource.objects.get().title == "Top-up agreement"


def test_an_uploaded_emoji_tag_is_the_tag_threads_already_use(staff_client, library):
    make_thread(area="members", tags=["care"])
    assert upload(staff_client, library, tags="😀 care, Care!").status_code == 302
    assert list(Tag.objects.values_list("name", "slug")) == [("care", "care")]
    assert list(Resource.objects.get().tags.values_list("slug", flat=True)) == ["care"]


def test_a_thread_tag_after_an_emoji_upload_tag_keeps_the_plain_slug(staff_client, library):
    assert upload(staff_client, library, tags="😀 care").status_code == 302
    thread = make_thread(area="members", tags=["care"])
    assert list(thread.tags.values_list("name", "slug")) == [("care", "care")]
    assert Tag.objects.count() == 1
