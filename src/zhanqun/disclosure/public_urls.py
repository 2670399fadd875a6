"""Public pages of disclosure, under /disclosure/ on every public site (namespace
``disclosure_public``)."""

from django.urls import path

from .views import public

app_name = "disclosure_public"

urlpatterns = [
    path("catalog/", public.catalog_view, name="catalog"),
    path("guide/", public.guide_view, name="guide"),
    path("guide/<int:unit_id>/", public.guide_view, name="unit_guide"),
    path("apply/", public.apply_view, name="apply"),
    path("status/", public.status_view, name="status"),
]
