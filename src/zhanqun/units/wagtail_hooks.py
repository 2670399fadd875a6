from wagtail.snippets.models import register_snippet

from .viewsets import UnitViewSet

register_snippet(UnitViewSet)
