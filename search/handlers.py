"""Keeping entries in step with pages and privacy, which change without a model save.

Models registered with ``signals=True`` follow their own save and delete. Pages follow
publishing, moves and deletion; privacy changes re-project every page or document below the
restriction, so a restriction added to a parent hides its whole subtree at once.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import registry, spelling, synonyms
from search.models import SearchEntry, Synonym


@receiver(page_published)
def _page_published(sender, instance, **kwargs):
    registry.sync(instance)


@receiver(page_unpublished)
def _page_unpublished(sender, instance, **kwargs):
    registry.sync(instance)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    # A move changes the URL and the restrictions above every page in the subtree.
    reproject_page_subtree(instance)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        registry.remove(instance)


def reproject_page_subtree(page):
    registry.sync_many(Page.objects.filter(path__startswith=page.path).specific())


def reproject_collection_subtree(collection):
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    registry.sync_many(documents)


def _restricted_object(model, pk):
    # During a cascade delete the page or collection itself may already be gone.
    return model.objects.filter(pk=pk).first()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _page_restriction_changed(sender, instance, **kwargs):
    page = _restricted_object(Page, instance.page_id)
    if page is not None:
        reproject_page_subtree(page)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def _page_restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, PageViewRestriction):
        _page_restriction_changed(sender, instance)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def _collection_restriction_changed(sender, instance, **kwargs):
    collection = _restricted_object(Collection, instance.collection_id)
    if collection is not None:
        reproject_collection_subtree(collection)


@receiver(m2m_changed, sender=CollectionViewRestriction.groups.through)
def _collection_restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, CollectionViewRestriction):
        _collection_restriction_changed(sender, instance)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def _synonyms_changed(sender, **kwargs):
    synonyms.forget()


@receiver(post_save, sender=SearchEntry)
def _entry_saved(sender, instance, **kwargs):
    # Every saved entry's words join the spelling corrector's candidates; bulk writes (which
    # send no signal) call ``spelling.record_all`` instead.
    spelling.record(instance.title, instance.tags_text, instance.summary, instance.body)
