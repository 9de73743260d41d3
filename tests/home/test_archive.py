"""The open archive pack: everything public, nothing else, every link inside the pack."""

import csv
import hashlib
import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.models import BaseViewRestriction, CollectionViewRestriction

from discussions import moderation
from home import archive
from hub.accounts import roles
from tests.factories import pages as f
from tests.factories import resources as r
from tests.factories.discussions import make_reply, make_thread
from tests.factories.pages import restrict

GROUPS, LOGIN = BaseViewRestriction.GROUPS, BaseViewRestriction.LOGIN
# One canary word per private thing; none may appear anywhere in the pack.
CANARIES = {
    "members page": "Marrowlatch",
    "group page": "Zephyrquill",
    "page under a group page": "Underquill",
    "draft page": "Draftmoth",
    "members document": "Docmarrow",
    "group document": "Docquill",
    "members thread": "Threadlatch",
    "group thread": "Threadquill",
    "hidden thread": "Hidethorn",
    "hidden reply": "Replythorn",
    "private tag": "tagsecretmoss",
}


@pytest.fixture
def content(db, settings, tmp_path, make_actor):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    c = CANARIES
    members_page = f.guidance(f"{c['members page']} guidance", tags=[c["private tag"]])
    restrict(members_page, LOGIN)
    group_page = f.standard(f"{c['group page']} area", body=f.body(f"{c['group page']} papers"))
    restrict(group_page, GROUPS, groups=[roles.STEERING_GROUP])
    f.standard(f"{c['page under a group page']} minutes", parent=group_page)
    f.guidance(f"{c['draft page']} guidance", live=False)
    link = f'<a linktype="page" id="{group_page.pk}">the steering papers</a>'
    public_page = f.guidance("Open guidance", body=f.body(f"See {link} for more."))

    public_docs = r.collection("Open library")
    public_doc = r.make_resource(
        collection=public_docs, title="Open report", text="Openfernword text"
    )
    members_docs = r.collection("Members library", restriction=CollectionViewRestriction.LOGIN)
    r.make_resource(
        collection=members_docs,
        title=f"{c['members document']} notes",
        text=f"{c['members document']} inside",
        description=f"{c['members document']} description",
    )
    group_docs = r.collection(
        "Steering library",
        restriction=CollectionViewRestriction.GROUPS,
        groups=[roles.STEERING_GROUP],
    )
    r.make_resource(
        collection=group_docs,
        title=f"{c['group document']} paper",
        text=f"{c['group document']} inside",
    )

    public_thread = make_thread(
        area="public",
        title="How do others pay care homes on time?",
        body="Openthreadword question",
        tags=["payment timing"],
    )
    make_reply(thread=public_thread, body="Openreplyword answer")
    hidden_reply = make_reply(thread=public_thread, body=f"{c['hidden reply']} rude words")
    moderator = make_actor("programme_team")
    moderation.reply_set_hidden(by=moderator, reply=hidden_reply, hidden=True)
    make_thread(
        area="members",
        title=f"{c['members thread']} question",
        body=f"{c['members thread']} body",
        tags=[c["private tag"]],
    )
    make_thread(area="steering", title=f"{c['group thread']} question", body="Steering body")
    hidden_thread = make_thread(
        area="public", title=f"{c['hidden thread']} question", body="Spam body"
    )
    moderation.thread_set(by=moderator, thread=hidden_thread, action="hide")
    return {
        "private_url": group_page.url,
        "page": public_page,
        "document": public_doc,
        "thread": public_thread,
    }


def export(target, *args):
    call_command("export_archive", str(target), *args, stdout=_Sink(), stderr=_Sink())


class _Sink:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)

    def flush(self):
        pass


def files_in(pack: Path):
    return sorted(p for p in pack.rglob("*") if p.is_file())


def test_nothing_private_reaches_any_file_of_the_pack(content, tmp_path):
    pack = tmp_path / "pack"
    export(pack)
    assert files_in(pack)
    for path in files_in(pack):
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        for what, word in CANARIES.items():
            assert word.lower() not in text, f"{what} in {path.relative_to(pack)}"


def test_everything_public_is_in_the_pack(content, tmp_path):
    pack = tmp_path / "pack"
    export(pack)
    page = (pack / "site" / content["page"].url.strip("/") / "index.html").read_text()
    assert "Open guidance" in page
    # The link to a restricted page keeps its words and loses its address.
    assert "the steering papers" in page
    assert f'href="{content["private_url"]}' not in page
    assert content["private_url"].strip("/") not in page

    document = content["document"]
    copied = pack / "files" / str(document.pk) / document.download_name
    with document.file.open("rb") as original:
        assert copied.read_bytes() == original.read()

    thread = (pack / "site" / "discussions" / str(content["thread"].pk) / "index.html").read_text()
    assert "Openthreadword" in thread
    assert "Openreplyword" in thread

    index = (pack / "index.html").read_text()
    for title in ("Open guidance", "Open report", "How do others pay care homes on time?"):
        assert title in index
    assert (pack / "static" / "hub" / "hub.css").is_file()


def test_a_csv_per_kind_of_content(content, tmp_path):
    pack = tmp_path / "pack"
    export(pack)
    names = {p.name for p in (pack / "data").iterdir()}
    assert {"pages-guidancepage.csv", "documents.csv", "threads.csv", "replies.csv"} <= names

    def rows(name):
        with (pack / "data" / name).open(newline="") as source:
            return list(csv.DictReader(source))

    assert [row["title"] for row in rows("pages-guidancepage.csv")] == ["Open guidance"]
    assert [row["title"] for row in rows("documents.csv")] == ["Open report"]
    (thread,) = rows("threads.csv")
    assert thread["tags"] == "payment timing"
    assert [row["body"] for row in rows("replies.csv")] == ["Openreplyword answer"]
    for name in names:
        for row in rows(name):
            if row.get("file"):
                assert (pack / row["file"]).is_file()


def _links(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["a", "link", "img", "script", "source", "area"]):
        value = tag.get("href") or tag.get("src")
        if value:
            yield value


def test_every_link_in_the_pack_resolves_to_a_file_in_it(content, tmp_path):
    pack = tmp_path / "pack"
    export(pack)
    checked = 0
    for path in files_in(pack):
        if path.suffix != ".html":
            continue
        for value in _links(path.read_text()):
            parts = urlsplit(value)
            if parts.scheme in ("http", "https", "mailto", "tel") or value.startswith("#"):
                continue
            assert not value.startswith("/"), f"{value} in {path.relative_to(pack)}"
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{value} in {path.relative_to(pack)}"
            assert target.is_relative_to(pack.resolve())
            checked += 1
    assert checked > 20


def test_the_manifest_lists_every_file_with_its_checksum(content, tmp_path):
    pack = tmp_path / "pack"
    export(pack)
    manifest = json.loads((pack / "manifest.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    on_disk = {posixpath.join(*p.relative_to(pack).parts) for p in files_in(pack)}
    assert set(listed) == on_disk - {"manifest.json"}
    for name, entry in listed.items():
        data = (pack / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    assert manifest["counts"]["documents"] == 1
    assert manifest["counts"]["threads"] == 1


def test_a_full_folder_is_refused_and_left_as_it_was(content, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not empty"):
        export(pack)
    assert [p.name for p in pack.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "pack"]


def test_force_replaces_a_full_folder_with_the_new_pack(content, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "notes.txt").write_text("mine")
    export(pack, "--force")
    assert not (pack / "notes.txt").exists()
    assert (pack / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "pack"]


def test_a_failed_run_leaves_nothing_behind(content, tmp_path, monkeypatch):
    def fail(pack):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "_write_manifest", fail)
    with pytest.raises(OSError, match="disk full"):
        export(tmp_path / "pack")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]


def test_progress_is_reported(content, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "PROGRESS_EVERY", 2)
    lines = []
    archive.export_archive(tmp_path / "pack", progress=lines.append)
    assert lines[0].startswith("Exporting ")
    assert any("pages rendered" in line for line in lines)
