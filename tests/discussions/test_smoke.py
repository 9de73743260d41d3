from tests.factories import UserFactory
from tests.factories.discussions import make_reply, make_thread


def test_list_and_detail(client, db):
    thread = make_thread(area="public", tags=["top-ups"])
    make_reply(thread=thread)
    assert client.get("/discussions/").status_code == 200
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200, response.text
    client.force_login(UserFactory())
    assert client.get("/discussions/new/").status_code == 200
    assert client.get(thread.get_absolute_url()).status_code == 200
