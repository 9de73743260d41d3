"""Saved web pages: their main text is read in the sandbox, and the file itself is kept but only
ever served as a download, never rendered on the hub's origin."""

import pytest
from django.urls import reverse

from resources import services
from resources.extraction import filetypes, sandbox
from resources.models import Resource
from tests.resources.test_upload import post

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='windows-1252'>"
    "<title>Direct payments in residential care – Fenbridge Council</title>"
    "<script>document.cookie</script></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/bins'>Bin collections</a></li></ul></nav>"
    "<main><article><h1>Direct payments in residential care</h1>"
    "<p>From April 2016 people in care homes can receive a direct payment to arrange their care."
    " The council’s trailblazer site tested how top-ups and third party payments work.</p>"
    "<p>Residents told us that choice of accommodation mattered more than the money itself, and"
    " providers were willing to invoice residents directly each month.</p>"
    "<table><tr><td>Residents</td><td>14</td></tr></table>"
    "</article></main><footer>Cookie policy | Accessibility statement</footer></body></html>"
).encode("cp1252")


@pytest.mark.parametrize("extension", ["html", "htm"])
def test_main_text_is_read_without_menus_or_footer(tmp_path, extension):
    path = tmp_path / f"page.{extension}"
    path.write_bytes(PAGE)
    assert filetypes.detect(path).key == "html"
    result = sandbox.run(path, "html")
    assert result.ok, result.reason
    assert "council’s trailblazer site tested how top-ups" in result.text
    assert "choice of accommodation" in result.text
    assert "Residents" in result.text
    for chrome in ("Bin collections", "Cookie policy", "document.cookie"):
        assert chrome not in result.text
    assert result.title == "Direct payments in residential care"


def test_a_page_with_no_clear_main_part_keeps_all_its_text(tmp_path):
    path = tmp_path / "short.html"
    path.write_bytes(b"<html><body><div>Top-up rates</div></body></html>")
    result = sandbox.run(path, "html")
    assert result.ok
    assert "Top-up rates" in result.text


def test_a_damaged_page_is_read_as_far_as_it_goes(tmp_path):
    path = tmp_path / "cut.html"
    path.write_bytes(PAGE[: len(PAGE) // 2])
    result = sandbox.run(path, "html")
    assert result.ok
    assert "direct payment" in result.text


@pytest.mark.urls("tests.resources.urls_with_wagtaildocs")
def test_an_uploaded_web_page_is_kept_and_only_served_as_an_attachment(client, make_actor, library):
    client.force_login(make_actor("trailblazer"))
    assert post(client, library, "care homes.html", PAGE).status_code == 302
    resource = Resource.objects.get()
    assert resource.content_type == "text/html"
    resource = services.extraction_run(resource.pk)
    assert resource.extraction_status == Resource.Extraction.DONE
    assert "choice of accommodation" in resource.extracted_text
    for url in (
        resource.download_url,
        reverse("resources:download_named", args=[resource.pk, resource.download_name]),
        reverse("resources:version_download", args=[resource.pk, 1]),
        reverse("wagtaildocs_serve", args=[resource.pk, resource.filename]),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "sandbox" in response["Content-Security-Policy"], url


def test_a_web_page_under_another_name_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(PAGE)
    with pytest.raises(filetypes.Rejected, match="content is a Web page"):
        services.check_file(path, "notes.txt")


def test_the_import_takes_saved_web_pages(tmp_path, library):
    from django.core.management import call_command

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "care-homes.htm").write_bytes(PAGE)
    call_command("import_resources", str(folder), "--extract-now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    resource = Resource.objects.get()
    assert resource.title == "Direct payments in residential care"
    assert "third party payments" in resource.extracted_text
