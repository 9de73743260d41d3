"""Someone given the open archive opens index.html from disk in Chromium, with no server, and
follows every link in the pack: each opens, with the site's stylesheet, and nothing 404s."""

import io
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
from django.core.management import call_command
from wagtail.models import BaseViewRestriction

from tests.browser.conftest import DESKTOP, axe_violations, vnu_errors
from tests.factories import pages as f
from tests.factories.discussions import make_reply, make_thread
from tests.factories.resources import collection, make_resource


@pytest.fixture
def pack(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    report = make_resource(collection=collection("Programme documents"), title="Final report")
    private = f.standard("Steering area")
    f.restrict(private, BaseViewRestriction.LOGIN)
    links = (
        f'<a linktype="document" id="{report.pk}">the final report</a> and '
        f'<a linktype="page" id="{private.pk}">the steering area</a>'
    )
    f.guidance("Paying a care home", body=f.body(f"Read {links}."))
    f.news("The programme has ended")
    thread = make_thread(area="public", title="When do homes invoice residents?")
    make_reply(thread=thread, body="Four weeks in arrears, as before.")
    target = tmp_path / "pack"
    call_command("export_archive", str(target), stdout=io.StringIO())
    return target


def test_the_pack_opens_from_disk_and_no_link_is_broken(browser, pack):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    failed = []
    tab.on("requestfailed", lambda request: failed.append(f"{request.url} {request.failure}"))
    start = (pack / "index.html").as_uri()
    seen, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        if not url.endswith(".html"):
            # A document or a CSV would be downloaded, not shown: it must be a file in the pack.
            assert Path(url2pathname(urlsplit(url).path)).is_file(), url
            continue
        tab.goto(url)
        # The site's stylesheet applies: its body has no margin, a bare page's has 8px.
        assert tab.evaluate("getComputedStyle(document.body).marginTop") == "0px", url
        for href in tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = href.split("#")[0]
            if href.startswith("file://"):
                queue.append(href)
    context.close()
    assert failed == []
    names = {url.rsplit("/pack/", 1)[1] for url in seen}
    assert {"index.html", "site/index.html", "data/threads.csv"} <= names
    assert any(name.startswith("files/") for name in names)
    assert len([n for n in names if n.startswith("site/discussions/")]) == 1


def test_the_archive_is_accessible_and_valid(browser, pack):
    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.goto((pack / "index.html").as_uri())
    assert axe_violations(tab) == []
    context.close()
    # The rewritten pages stay valid HTML too (a file name with spaces is escaped in links).
    assert vnu_errors(sorted(pack.rglob("*.html"))) == []
