"""The layout every page shares: skip link, landmarks, navigation, search box, error summary,
security headers, and that nothing is fetched from another site."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import RequestFactory
from django.urls import reverse

from home.models import HomePage, StandardPage
from hub import views
from tests.factories import UserFactory


class Elements(HTMLParser):
    """Every start tag of a page, in order, as (tag, attributes)."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.h1_text = []
        self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1_text.append(data.strip())

    def all(self, tag, **attrs):
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def ids(self):
        return {a["id"] for _, a in self.tags if a.get("id")}


def parse(response):
    return Elements(response.content.decode())


@pytest.fixture
def menu_page(db):
    page = StandardPage(title="Guidance", slug="guidance", show_in_menus=True)
    HomePage.objects.get().add_child(instance=page)
    return page


def test_skip_link_is_the_first_link_and_targets_main(client, db):
    page = parse(client.get("/"))
    first_link = next(a for t, a in page.tags if t in {"a", "button", "input"})
    assert first_link["href"] == "#main-content"
    assert "govuk-skip-link" in first_link["class"]
    assert page.all("main", id="main-content")


def test_one_of_each_landmark_and_one_h1(client, db, menu_page):
    page = parse(client.get("/"))
    assert len(page.all("header")) == 1
    assert len(page.all("main")) == 1
    assert len(page.all("footer")) == 1
    assert len(page.all("h1")) == 1
    labels = sorted(a.get("aria-label", "") for a in page.all("nav"))
    assert labels == ["Main", "Your account"]


def test_home_page_title_names_the_service_once(client, db):
    body = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert title.strip() == "Trailblazer Knowledge Hub"


def test_primary_navigation_marks_the_current_section(client, menu_page):
    page = parse(client.get(menu_page.url))
    main_nav_links = [a for a in page.all("a") if "hub-navigation__link" in a.get("class", "")]
    # Menu pages come first, then the sections apps register (documents, discussions).
    assert main_nav_links[0]["href"] == menu_page.url
    assert main_nav_links[0].get("aria-current") == "page"
    assert not [a for a in main_nav_links[1:] if a.get("aria-current")]

    home = parse(client.get("/"))
    assert not [a for a in home.all("a") if a.get("aria-current")]


def test_search_box_is_labelled_and_sends_q_to_search(client, db):
    page = parse(client.get("/"))
    assert len(page.all("search")) == 1
    form = page.all("form", action="/search/")[0]
    assert form["method"] == "get"
    field = page.all("input", name="q")[0]
    assert page.all("label", **{"for": field["id"]})


def test_csp_nonce_is_on_the_inline_script_and_in_the_header(client, db):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = parse(response).all("script")
    inline = [s for s in scripts if "src" not in s]
    assert inline
    assert all(s.get("nonce") == nonce for s in inline)
    assert "'unsafe-inline'" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/no-such-page/"])
def test_every_asset_is_served_by_the_hub_itself(client, db, path):
    page = parse(client.get(path))
    urls = [a.get("src") or a.get("href") for t, a in page.tags if t in {"script", "link", "img"}]
    urls = [url for url in urls if url]
    urls += [a["href"] for a in page.all("a") if a.get("href")]
    urls += [a["action"] for a in page.all("form") if a.get("action")]
    assert urls
    for url in urls:
        parts = urlsplit(url)
        assert not parts.netloc and parts.scheme in {"", "mailto"}, url


def test_signed_in_member_signs_out_with_a_post_button(client, db):
    client.force_login(UserFactory())
    page = parse(client.get("/"))
    form = page.all("form", action=reverse("accounts:logout"))[0]
    assert form["method"] == "post"
    assert [b for b in page.all("button") if "hub-button-link" in b.get("class", "")]
    assert not page.all("a", href=reverse("accounts:login"))


def test_error_summary_links_reach_every_field_with_an_error(client, db):
    # What a browser sends when every box is left empty.
    blank = dict.fromkeys(["name", "email", "organisation", "job_title", "reason"], "")
    response = client.post(reverse("accounts:signup"), blank | {"password1": "", "password2": ""})
    assert response.status_code == 200
    page = parse(response)
    summary_links = [
        a["href"]
        for a in page.all("a")
        if a.get("href", "").startswith("#") and a["href"] != "#main-content"
    ]
    assert len(summary_links) >= 4  # name, email, role, password, confirmation
    ids = page.ids()
    for href in summary_links:
        assert href[1:] in ids, href
    # Each invalid text field is described by its own error message.
    name = page.all("input", name="name")[0]
    assert "id_name-error" in name["aria-describedby"].split()
    assert "id_name-error" in ids
    assert response.content.decode().count("<title>Error: ") == 1


def test_not_found_page_keeps_the_layout(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = parse(response)
    assert page.all("main", id="main-content")
    assert "Page not found" in " ".join(page.h1_text)


def test_server_error_page_renders_without_the_database():
    # No ``db`` fixture: any query here would raise, as it would with the database down.
    request = RequestFactory().get("/broken/")
    response = views.server_error(request)
    assert response.status_code == 500
    page = parse(response)
    assert "Sorry, there is a problem with the service" in " ".join(page.h1_text)
    assert page.all("a", href="#main-content")


def test_every_hub_class_in_the_templates_has_a_style():
    # A hub-* class with no rule is markup that looks broken (a bare list where a card or a
    # tag was meant); GOV.UK's own classes are styled by govuk-frontend.
    from django.conf import settings

    root = settings.BASE_DIR / "templates"
    used = {}
    for path in root.rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
            for name in re.findall(r"\bhub-[a-z0-9_-]+", attribute):
                used.setdefault(name, path.relative_to(root))
    css = (settings.BASE_DIR / "static" / "hub" / "hub.css").read_text(encoding="utf-8")
    styled = set(re.findall(r"\.(hub-[a-z0-9_-]+)", css))
    assert "hub-card" in used
    assert {name: str(path) for name, path in used.items() if name not in styled} == {}
