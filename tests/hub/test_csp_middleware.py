"""The hub's CSP middleware gives exactly the headers django-csp's would, building the policy
from the settings once per process instead of twice on every answer."""

import re

import pytest
from csp.constants import HEADER
from csp.decorators import csp_exempt, csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import override_settings

from hub import middleware

pytestmark = pytest.mark.django_db


def nonce_of(response):
    return re.search(r"'nonce-([^']+)'", response[HEADER]).group(1)


def test_each_answer_has_the_settings_policy_with_its_own_nonce(client):
    first, second = client.get("/"), client.get("/")

    assert nonce_of(first) != nonce_of(second)
    for response in (first, second):
        assert response[HEADER] == build_policy(nonce=nonce_of(response))
        assert f'nonce="{nonce_of(response)}"' in response.text


def test_the_policy_is_built_once_not_on_every_answer(client, monkeypatch):
    calls = []

    def counting_build_policy(*args, **kwargs):
        calls.append(kwargs.get("report_only", False))
        return build_policy(*args, **kwargs)

    monkeypatch.setattr(middleware, "build_policy", counting_build_policy)
    middleware._built_policies.clear()
    for _ in range(3):
        assert "'nonce-" in client.get("/")[HEADER]

    assert calls == [False, True]  # the policy and the (empty) report-only policy, once each


def test_an_answer_without_a_nonce_has_the_policy_without_one(rf):
    handler = middleware.CSPMiddleware(lambda request: HttpResponse("ok"))

    response = handler(rf.get("/plain/"))

    assert response[HEADER] == build_policy()
    assert "nonce" not in response[HEADER]


def test_a_changed_setting_changes_the_policy(client):
    login = "/accounts/login/"  # a form, so never from the page cache
    client.get(login)
    policy = {"DIRECTIVES": {"default-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert client.get(login)[HEADER] == "default-src 'none'"
    assert "default-src 'self'" in client.get(login)[HEADER]


def test_a_view_that_changes_its_policy_gets_it(rf):
    @csp_update({"img-src": ["https://maps.example"]})
    def view(request):
        return HttpResponse("ok")

    response = middleware.CSPMiddleware(view)(rf.get("/map/"))

    assert "https://maps.example" in response[HEADER]
    assert "default-src 'self'" in response[HEADER]


def test_exempt_views_and_the_admin_get_no_policy(rf):
    exempt = middleware.CSPMiddleware(csp_exempt()(lambda request: HttpResponse("ok")))
    plain = middleware.CSPMiddleware(lambda request: HttpResponse("ok"))

    assert HEADER not in exempt(rf.get("/exempt/"))
    assert HEADER not in plain(rf.get("/admin/pages/"))


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error(rf):
    request = rf.get("/")
    middleware.CSPMiddleware(lambda request: HttpResponse("ok"))(request)

    with pytest.raises(Exception, match="not available after the CSP header"):
        str(request.csp_nonce)
