import pytest
from django.contrib.auth.models import Group

from hub.accounts import roles

pytestmark = pytest.mark.django_db


def test_every_page_has_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'nonce-" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_inline_script_carries_the_nonce_of_the_policy(client):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'nonce="{nonce}"' in response.text


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost:80@evil"])
def test_unknown_host_header_is_refused(client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 400


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "media": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_when_the_database_is_down(client, monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_missing_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_server_error_page_renders_without_a_request_context(rf):
    from hub.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_anonymous_pages_are_cacheable_and_signed_in_pages_are_private(client, make_actor):
    anonymous = client.get("/")
    assert "private" not in anonymous.get("Cache-Control", "")
    client.force_login(make_actor("council_member"))
    assert "private" in client.get("/")["Cache-Control"]


def test_production_settings_refuse_to_start_without_a_secret_key():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import hub.settings.production"],
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_admin_link_only_for_people_who_may_use_the_admin(client, make_actor):
    client.force_login(make_actor("council_member"))
    assert 'href="/admin/"' not in client.get("/").text
    client.force_login(make_actor("programme_team"))
    assert 'href="/admin/"' in client.get("/").text


def test_admin_link_follows_a_change_of_groups_at_once(client, make_actor):
    member = make_actor("council_member")
    client.force_login(member)
    assert 'href="/admin/"' not in client.get("/").text  # the answer is now cached
    member.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    assert 'href="/admin/"' in client.get("/").text
    member.groups.clear()
    assert 'href="/admin/"' not in client.get("/").text


def test_signed_in_home_page_stays_within_its_query_budget(
    client, make_actor, django_assert_max_num_queries
):
    client.force_login(make_actor("council_member"))
    client.get("/")  # fills the per-person admin-link cache, as any earlier page would
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200
