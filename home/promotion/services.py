"""Making a public copy of a restricted page, document or solved thread, and recording it.

The original is only read. The copy is made and published, and its record written, in one
transaction: a refusal or a failure leaves nothing behind. A promotion carries the token of the
screen it was chosen on, so sending that screen twice makes one copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Page

from discussions import selectors as discussions
from discussions.rules import is_moderator
from hub.accounts import access
from resources import selectors as documents

from ..models import HomePage, PromotedIndexPage, PromotedPage, Promotion, SourceKind
from . import passages as text

INDEX_TITLE = "Shared from the programme"
INDEX_INTRODUCTION = (
    "Papers, documents and answers first written for a group within the programme, shared "
    "here for everyone. Parts that had to stay private were left out."
)


class PromotionRefused(Exception):
    """Why this promotion cannot be made, in words for the person making it."""


class AlreadyPromoted(PromotionRefused):
    def __init__(self, promotion):
        self.promotion = promotion
        super().__init__(
            "This screen was already sent: the public copy was made once, and not again."
        )


def may_promote(user) -> bool:
    """Approved members of the programme team (and superusers)."""
    return is_moderator(user)


@dataclass
class Source:
    """A restricted item as the promotion screen and the copy need it."""

    kind: str
    obj: object
    title: str
    summary: str
    url: str
    is_public: bool
    refusal: str = ""
    total_passages: int = 0  # before the screen's cap: more than it shows means some are left out

    def passages(self):
        if self.kind == SourceKind.PAGE:
            found = text.page_passages(self.obj)
        elif self.kind == SourceKind.DOCUMENT:
            found = text.document_passages(self.obj)
        else:
            found = text.thread_passages(self.obj)
        self.total_passages = len(found)
        return text.numbered(found)


def source_for(*, user, kind, pk) -> Source:
    """The item this user may see, or 404: a missing item and a forbidden one look the same."""
    if kind == SourceKind.PAGE:
        page = Page.objects.filter(pk=pk).first()
        if page is None or not access.can_view_page(user, page):
            raise Http404("No such page.")
        page = page.specific
        return Source(
            kind=kind,
            obj=page,
            title=page.title,
            summary=getattr(page, "summary", "") or "",
            url=page.url,
            is_public=not access.page_rule(page, access.viewer_for(user)).is_restricted,
            refusal=(
                "A shared copy cannot be copied again: edit it instead."
                if isinstance(page, PromotedPage)
                else ""
            ),
        )
    if kind == SourceKind.DOCUMENT:
        resource = documents.resource_for(user=user, pk=pk)
        rule = access.collection_rule(resource.collection, access.viewer_for(user))
        return Source(
            kind=kind,
            obj=resource,
            title=resource.title,
            summary="",
            url=resource.get_absolute_url(),
            is_public=not rule.is_restricted and not access.document_awaits_review(resource),
        )
    if kind == SourceKind.THREAD:
        thread = discussions.thread_for(user=user, pk=pk, include_hidden=False)
        return Source(
            kind=kind,
            obj=thread,
            title=thread.title,
            summary="",
            url=thread.get_absolute_url(),
            is_public=thread.audience == access.Audience.PUBLIC,
            refusal=""
            if thread.is_solved
            else "Only a solved discussion (one with an accepted answer) can be shared.",
        )
    raise Http404("Nothing of that kind can be shared.")


def promote_url(user, kind, obj, *, restricted: bool) -> str:
    """The promotion screen's address for a restricted item, if this user may use it."""
    if not restricted or not may_promote(user):
        return ""
    return reverse("promote", args=[kind, obj.pk])


# --- The copy -------------------------------------------------------------------------------


def shared_index() -> PromotedIndexPage:
    """The public index of shared copies, made under the home page the first time."""
    index = PromotedIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        raise PromotionRefused("The hub has no home page to share under.")
    slug, number = "shared", 2
    while home.get_children().filter(slug=slug).exists():
        slug, number = f"shared-{number}", number + 1
    index = PromotedIndexPage(title=INDEX_TITLE, slug=slug, introduction=INDEX_INTRODUCTION)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _free_slug(index, title):
    base = slugify(title)[:70] or "shared"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def promote(*, user, source: Source, token, title, summary, remove_keys) -> Promotion:
    """Publish the public copy of ``source`` without the passages in ``remove_keys``.

    Refused (nothing stored) if the item is public already, if nothing would be left, or if the
    screen (``token``) was sent before.
    """
    if source.refusal:
        raise PromotionRefused(source.refusal)
    if source.is_public:
        raise PromotionRefused("This is public already: everyone can read it as it is.")
    passages = source.passages()
    remove_keys = set(remove_keys)
    kept = [p for p in passages if p.key not in remove_keys]
    removed = [p for p in passages if p.key in remove_keys]
    if not any(not p.is_heading for p in kept):
        raise PromotionRefused(
            "Keep at least one passage that is not a heading: the public copy would be empty."
        )
    existing = Promotion.objects.filter(token=token).select_related("copy").first()
    if existing is not None:
        raise AlreadyPromoted(existing)
    try:
        with transaction.atomic():
            promotion = _make_copy(user, source, token, title, summary, kept, removed)
    except IntegrityError:
        # The same screen sent twice at once: the other request made the copy.
        existing = Promotion.objects.filter(token=token).select_related("copy").first()
        if existing is None:
            raise
        raise AlreadyPromoted(existing) from None
    return promotion


def _make_copy(user, source, token, title, summary, kept, removed):
    index = shared_index()
    if access.page_rule(index).is_restricted or not index.live:
        raise PromotionRefused(
            f"“{index.title}” is not public, so a copy under it would not be either."
        )
    blocks = [block for passage in kept for block in passage.blocks]
    copy = PromotedPage(
        title=title,
        slug=_free_slug(index, title),
        summary=summary,
        body=json.dumps(blocks),
        source_kind=source.kind,
        owner=user,
    )
    index.add_child(instance=copy)
    copy.save_revision(user=user, log_action=True).publish(user=user)
    return Promotion.objects.create(
        token=token,
        promoted_by=user,
        promoted_by_name=user.display_name,
        source_type=ContentType.objects.get_for_model(type(source.obj)),
        source_id=source.obj.pk,
        source_kind=source.kind,
        source_title=source.title[:255],
        copy=copy,
        copy_title=title,
        kept_count=len(kept),
        removed=[{"label": p.label, "text": p.text} for p in removed],
    )


# --- The record -----------------------------------------------------------------------------


def promotions_for(*, user):
    """Every promotion, newest first: the programme team's, nobody else's."""
    if not may_promote(user):
        return Promotion.objects.none()
    return Promotion.objects.select_related("copy", "source_type")


def promotion_for(*, user, pk) -> Promotion:
    promotion = promotions_for(user=user).filter(pk=pk).first()
    if promotion is None:
        raise Http404("No such promotion.")
    return promotion
