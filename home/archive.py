"""The open archive pack: a static copy of everything public, readable from disk with no server.

What goes in is decided as an anonymous reader sees it: the lists come from the access layer's
and the apps' selectors for an anonymous viewer, and every page is the site's own answer to an
anonymous request. Links to anything not in the pack lose their address (their text stays), so
the pack never points at the live site's private or dynamic pages.
"""

from __future__ import annotations

import csv
import hashlib
import json
import posixpath
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http.request import validate_host
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from discussions import selectors as discussion_selectors
from hub.accounts import access
from resources import selectors as resource_selectors

# How often a long run says how far it has got.
PROGRESS_EVERY = 50
LINKED = {"a": "href", "area": "href", "link": "href", "img": "src", "source": "src"}


class ArchiveError(Exception):
    """The pack cannot be written; nothing was left behind."""


@dataclass
class Pack:
    """What is being written: the address of every exported item and its file in the pack."""

    root: Path
    files: dict[str, str] = field(default_factory=dict)  # site path -> pack path
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def write(self, relative: str, content: bytes | str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)


def export_archive(target, *, force=False, progress: Callable[[str], None] = lambda line: None):
    """Write the pack to ``target`` (a new or empty folder; ``force`` replaces a full one).

    Everything is written into a temporary folder beside ``target`` and renamed into place at
    the end, so a failed run leaves no half-written pack. Returns the ``Pack`` written.
    """
    target = Path(target).resolve()
    if target.exists() and not target.is_dir():
        raise ArchiveError(f"{target} is a file, not a folder.")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise ArchiveError(
            f"{target} is not empty: choose a new or empty folder, or pass --force to replace it."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        pack = Pack(root=work)
        _build(pack, progress)
        _swap_into_place(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    pack.root = target
    return pack


def _swap_into_place(work: Path, target: Path) -> None:
    if not target.exists():
        work.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    target.rename(old / "pack")
    work.rename(target)
    shutil.rmtree(old, ignore_errors=True)


# --- What is public ------------------------------------------------------------------------


def _public_pages():
    queryset = access.pages_visible_to(AnonymousUser(), Page.objects.filter(depth__gt=1))
    pages = []
    for page in queryset.specific().order_by("path"):
        parts = page.get_url_parts()
        if parts is not None:
            pages.append((page, parts[2]))
    return pages


def _public_resources():
    return list(
        resource_selectors.resources_visible_to(AnonymousUser())
        .select_related("organisation", "collection")
        .prefetch_related("tags")
        .order_by("pk")
    )


def _public_threads():
    return list(
        discussion_selectors.threads_visible_to(user=AnonymousUser())
        .select_related("author", "organisation")
        .prefetch_related("tags")
        .order_by("pk")
    )


# --- Building ------------------------------------------------------------------------------


def _html_path(url_path: str) -> str:
    """``/guidance/top-ups/`` -> ``site/guidance/top-ups/index.html``."""
    inner = url_path.strip("/")
    return posixpath.join("site", inner, "index.html") if inner else "site/index.html"


def _build(pack: Pack, progress) -> None:
    pages = _public_pages()
    resources = _public_resources()
    threads = _public_threads()
    progress(
        f"Exporting {len(pages)} pages, {len(resources)} documents and {len(threads)} threads."
    )

    urls = [url for _, url in pages] + [obj.get_absolute_url() for obj in (*resources, *threads)]
    pack_static = _copy_static(pack)
    rendered = _render(pack, urls, progress)
    # What an anonymous request did not open stays out, and so does a document's file.
    pages[:] = [(page, url) for page, url in pages if url in pack.files]
    resources[:] = [r for r in resources if r.get_absolute_url() in pack.files]
    threads[:] = [t for t in threads if t.get_absolute_url() in pack.files]
    for resource in resources:
        _copy_file(pack, resource)
    # Links are rewritten once every file is known, so nothing left out is ever linked.
    for url, path in rendered:
        html = (pack.root / path).read_text(encoding="utf-8")
        pack.write(path, _rewrite(html, url, path, pack, pack_static))

    _write_csvs(pack, pages, resources, threads)
    pack.counts = {
        "pages": len(pages),
        "documents": len(resources),
        "threads": len(threads),
    }
    pack.write("index.html", _index(pack, pages, resources, threads))
    _write_manifest(pack)
    progress(f"Wrote {len(_all_files(pack.root))} files.")


def _render(pack: Pack, urls, progress) -> list[tuple[str, str]]:
    """Each page as the site answers an anonymous request; returns (url, pack path) of those
    that answered 200. Anything else (a login redirect, a 404) is recorded as skipped."""
    client = Client(HTTP_HOST=_host())
    rendered = []
    for done, url in enumerate(urls, start=1):
        response = client.get(url, secure=True)
        if response.status_code == 200:
            path = _html_path(url)
            pack.write(path, response.content)
            pack.files[url] = path
            rendered.append((url, path))
        else:
            pack.skipped.append(f"{url} (HTTP {response.status_code})")
        if done % PROGRESS_EVERY == 0:
            progress(f"  {done} of {len(urls)} pages rendered.")
    return rendered


def _copy_file(pack: Pack, resource) -> None:
    name = Path(resource.download_name).name or f"document-{resource.pk}"
    file_path = posixpath.join("files", str(resource.pk), name)
    with resource.file.open("rb") as source:
        pack.write(file_path, source.read())
    named = reverse("resources:download_named", args=[resource.pk, name])
    for url in (resource.download_url, named):
        pack.files[url] = file_path


def _host() -> str:
    """A host name the site answers to, for rendering pages as an anonymous request would."""
    site = Site.objects.filter(is_default_site=True).first()
    candidates = [site.hostname] if site else []
    candidates += [h for h in settings.ALLOWED_HOSTS if "*" not in h and not h.startswith(".")]
    for host in candidates:
        if validate_host(host, settings.ALLOWED_HOSTS):
            return host
    raise ArchiveError("No host name in ALLOWED_HOSTS to render the pages with.")


def _copy_static(pack: Pack) -> dict[str, str]:
    """Copy the site's built stylesheet and icon; returns static URL -> pack path."""
    copied = {}
    for name in ("hub/hub.css", "hub/favicon.svg"):
        found = finders.find(name)
        if found is None:
            raise ArchiveError(f"The built file {name} is missing from the static files.")
        pack_path = posixpath.join("static", name)
        pack.write(pack_path, Path(found).read_bytes())
        copied[name] = pack_path
    return copied


def _static_name(path: str) -> str | None:
    prefix = urlsplit(settings.STATIC_URL).path
    return path[len(prefix) :] if path.startswith(prefix) else None


def _unhashed(name: str, known: dict[str, str]) -> str | None:
    """A static name as the pack holds it, allowing for a manifest storage's hashed names."""
    if name in known:
        return name
    stem, dot, extension = name.rpartition(".")
    base, _, _ = stem.rpartition(".")
    candidate = f"{base}.{extension}" if dot and base else None
    return candidate if candidate in known else None


def _rewrite(html: str, url: str, path: str, pack: Pack, pack_static: dict[str, str]) -> str:
    """Point every link at the pack; drop scripts, forms and links to what is not in it."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["script", "form", "noscript"]):
        tag.decompose()
    here = posixpath.dirname(path)
    for tag in soup.find_all(list(LINKED)):
        attribute = LINKED[tag.name]
        value = tag.get(attribute)
        if value is None:
            continue
        value = value.strip()
        if value.startswith("#"):
            continue
        parts = urlsplit(urljoin(url, value))
        if value.startswith(("http://", "https://", "mailto:", "tel:")) and not _is_own(parts):
            continue
        static = _static_name(parts.path)
        name = _unhashed(static, pack_static) if static is not None else None
        destination = pack_static.get(name) if name else pack.files.get(parts.path)
        if destination is None:
            if tag.name in ("a", "area"):
                del tag[attribute]
            else:
                tag.decompose()
            continue
        relative = posixpath.relpath(destination, here)
        tag[attribute] = quote(relative) + (f"#{parts.fragment}" if parts.fragment else "")
    return str(soup)


def _is_own(parts) -> bool:
    return bool(parts.netloc) and validate_host(parts.hostname or "", settings.ALLOWED_HOSTS)


# --- Data, index and manifest --------------------------------------------------------------


def _csv(pack: Pack, name: str, header: list[str], rows) -> None:
    path = pack.root / "data" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def _tags(obj) -> str:
    return "; ".join(sorted(tag.name for tag in obj.tags.all()))


def _write_csvs(pack: Pack, pages, resources, threads) -> None:
    by_type = {}
    for page, url in pages:
        by_type.setdefault(page.specific_class._meta.model_name, []).append((page, url))
    for model_name, rows in sorted(by_type.items()):
        _csv(
            pack,
            f"pages-{model_name}.csv",
            ["id", "title", "url", "file", "first_published", "last_published", "description"],
            [
                [
                    page.pk,
                    page.title,
                    url,
                    pack.files[url],
                    _when(page.first_published_at),
                    _when(page.last_published_at),
                    page.search_description,
                ]
                for page, url in rows
            ],
        )
    _csv(
        pack,
        "documents.csv",
        ["id", "title", "description", "kind", "organisation", "published", "tags", "file"],
        [
            [
                r.pk,
                r.title,
                r.description,
                r.get_kind_display(),
                r.organisation.name if r.organisation else "",
                r.published_label,
                _tags(r),
                pack.files[r.download_url],
            ]
            for r in resources
        ],
    )
    _csv(
        pack,
        "threads.csv",
        ["id", "title", "created", "tags", "replies", "solved", "body", "file"],
        [
            [
                t.pk,
                t.title,
                _when(t.created_at),
                _tags(t),
                t.reply_count,
                "yes" if t.accepted_reply_id else "no",
                "" if t.is_deleted else t.body,
                pack.files[t.get_absolute_url()],
            ]
            for t in threads
        ],
    )
    anonymous = AnonymousUser()
    _csv(
        pack,
        "replies.csv",
        ["thread", "id", "created", "accepted", "body"],
        [
            [
                t.pk,
                reply.pk,
                _when(reply.created_at),
                "yes" if reply.pk == t.accepted_reply_id else "no",
                "" if reply.is_deleted else reply.body,
            ]
            for t in threads
            for reply in discussion_selectors.replies_for(user=anonymous, thread=t)
        ],
    )


def _when(moment) -> str:
    return moment.isoformat() if moment else ""


def _index(pack: Pack, pages, resources, threads) -> str:
    data = sorted(p.name for p in (pack.root / "data").iterdir())
    return render_to_string(
        "archive/index.html",
        {
            "generated_at": timezone.now(),
            "counts": pack.counts,
            "pages": [(page, pack.files[url]) for page, url in pages],
            "resources": [(r, pack.files[r.get_absolute_url()]) for r in resources],
            "threads": [(t, pack.files[t.get_absolute_url()]) for t in threads],
            "data": [f"data/{name}" for name in data],
        },
    )


def _all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _write_manifest(pack: Pack) -> None:
    files = []
    for path in _all_files(pack.root):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        relative = path.relative_to(pack.root).as_posix()
        files.append({"path": relative, "bytes": path.stat().st_size, "sha256": digest})
    manifest = {
        "generated_at": timezone.now().isoformat(),
        "counts": pack.counts,
        "skipped": pack.skipped,
        "files": files,
    }
    pack.write("manifest.json", json.dumps(manifest, indent=2) + "\n")
