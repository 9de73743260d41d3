from wagtail.snippets.models import register_snippet

from .viewsets import FlagViewSet

register_snippet(FlagViewSet)
