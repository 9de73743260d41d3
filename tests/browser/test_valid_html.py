"""The Nu HTML Checker finds no errors in the HTML the hub sends for each page family.

The pages are fetched with Django's test client (the checker reads the markup as sent, before
any script runs) and checked in one run of the checker, since starting Java takes seconds.
"""

from django.urls import reverse

from tests.browser.conftest import ARTIFACTS, vnu_errors


def test_pages_are_valid_html(
    client, members_page, password_page, pending_user, hub_content, trailblazer
):
    blank_signup = dict.fromkeys(
        ["name", "email", "organisation", "job_title", "reason", "password1", "password2"], ""
    )
    responses = {
        "home": client.get("/"),
        "login": client.get(reverse("accounts:login")),
        "login-errors": client.post(
            reverse("accounts:login"), {"username": "nobody", "password": "wrong-password"}
        ),
        "signup": client.get(reverse("accounts:signup")),
        "signup-errors": client.post(reverse("accounts:signup"), blank_signup),
        "password-reset": client.get(reverse("accounts:password_reset")),
        "password-reset-errors": client.post(reverse("accounts:password_reset"), {"email": "x"}),
        "not-found": client.get("/no-such-page/"),
        "password-required": client.get(password_page.url),
    }
    # Every page family, the library, discussions, search and tags, as an anonymous reader.
    for name, path in hub_content.items():
        if name not in {"upload", "new-thread"}:
            responses[name] = client.get(path)
    client.force_login(pending_user)
    responses["forbidden-pending"] = client.get(members_page.url)
    responses["signed-in-home"] = client.get("/")
    # The forms, blank and sent back with errors, as a trailblazer (who may upload and post).
    client.force_login(trailblazer)
    for name in ("upload", "new-thread"):
        responses[name] = client.get(hub_content[name])
        responses[f"{name}-errors"] = client.post(hub_content[name], {})
    responses["thread-signed-in"] = client.get(hub_content["thread"])

    expected = {
        "not-found": 404,
        "forbidden-pending": 403,
        "upload-errors": 400,
        "new-thread-errors": 400,
    }
    folder = ARTIFACTS / "html"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, response in responses.items():
        assert response.status_code == expected.get(name, 200), name
        path = folder / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)

    assert vnu_errors(files) == []
