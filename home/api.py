"""Wagtail API v2 for pages and documents, filtered by the access layer for whoever asks.

Stock Wagtail answers some bad input with a 500 (an unbalanced quote in ``?search=``, a NUL
byte); here every malformed parameter gets a 400 JSON answer, and search text is reduced to
plain words before it reaches the search backend.
"""

import re

from wagtail.api.v2.filters import (
    AncestorOfFilter,
    ChildOfFilter,
    DescendantOfFilter,
    FieldsFilter,
    LocaleFilter,
    OrderingFilter,
    SearchFilter,
    TranslationOfFilter,
)
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import TagsField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.models import Page, Site

from hub.accounts import access

from .text import strip_control

MAX_PARAM_LENGTH = 300
MAX_SEARCH_WORDS = 20
_WORD = re.compile(r"\w+")


class PlainWordsSearchFilter(SearchFilter):
    """Wagtail's search filter, given only words: quotes and operators never reach the parser."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if '"' in request.GET["search"]:
            raise BadRequestError("search takes plain words: quotation marks are not supported")
        words = _WORD.findall(request.GET["search"])
        if not words:
            raise BadRequestError("search needs at least one word")
        if len(words) > MAX_SEARCH_WORDS:
            raise BadRequestError(f"search is limited to {MAX_SEARCH_WORDS} words")
        if request.GET.get("search_operator", "and") not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = request.GET.copy()
        query["search"] = " ".join(words)
        request._request.GET = query
        return super().filter_queryset(request, queryset, view)


class HubAPIMixin:
    """Every malformed parameter is a 400; a member's answer is kept out of every cache."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for key, value in request.GET.items():
            if strip_control(key) != key or strip_control(value) != value:
                raise BadRequestError("parameters may not contain control characters")
            if len(value) > MAX_PARAM_LENGTH:
                raise BadRequestError(f"'{key}' is longer than {MAX_PARAM_LENGTH} characters")
        if access.viewer_for(request.user).is_approved:
            # A member's answer can include restricted items: keep it out of every cache.
            access.mark_private(request._request)


class HubPagesAPIViewSet(HubAPIMixin, PagesAPIViewSet):
    filter_backends = [
        FieldsFilter,
        ChildOfFilter,
        AncestorOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        TranslationOfFilter,
        LocaleFilter,
        PlainWordsSearchFilter,
    ]

    def get_base_queryset(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return Page.objects.none()
        pages = Page.objects.descendant_of(site.root_page, inclusive=True)
        visible = access.pages_visible_to(self.request.user, pages)
        # By id, as for documents: Wagtail's search backend cannot apply the access rule's
        # lookups (an alias's original's path), so ``?search=`` would answer 400 otherwise.
        return Page.objects.filter(pk__in=visible.values("pk"))


class PrefetchedTagsField(TagsField):
    """Tag names from the prefetched tags (Wagtail's own field queries once per item)."""

    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())


class HubDocumentSerializer(DocumentSerializer):
    def build_property_field(self, field_name, model_class):
        field_class, kwargs = super().build_property_field(field_name, model_class)
        return (PrefetchedTagsField if field_class is TagsField else field_class), kwargs


class HubDocumentsAPIViewSet(HubAPIMixin, DocumentsAPIViewSet):
    """Documents in collections the reader may see (members means approved members, unlike
    Wagtail's own check); ``download_url`` is the library's download, which checks again."""

    base_serializer_class = HubDocumentSerializer
    filter_backends = [FieldsFilter, OrderingFilter, PlainWordsSearchFilter]

    def get_queryset(self):
        visible = access.documents_visible_to(self.request.user, self.model.objects.all())
        # By id, so that Wagtail's search backend (which filters only on indexed fields)
        # can apply the same rule when ``?search=`` is given.
        return (
            self.model.objects.filter(pk__in=visible.values("pk"))
            .prefetch_related("tags")
            .order_by("id")
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", HubPagesAPIViewSet)
api_router.register_endpoint("documents", HubDocumentsAPIViewSet)
