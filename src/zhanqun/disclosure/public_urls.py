"""Public pages of disclosure, under /xxgk/ on every public site (namespace
``disclosure_public``); ``catalog.json`` / ``catalog.csv`` are the catalog's open data."""

from django.urls import path

from .views import public

app_name = "disclosure_public"

urlpatterns = [
    path("catalog/", public.catalog_view, name="catalog"),
    path("catalog.json", public.catalog_open_data, {"fmt": "json"}, name="catalog_json"),
    path("catalog.csv", public.catalog_open_data, {"fmt": "csv"}, name="catalog_csv"),
    path("guide/", public.guide_view, name="guide"),
    path("guide/<int:unit_id>/", public.guide_view, name="unit_guide"),
    path("apply/", public.apply_view, name="apply"),
    path("status/", public.status_view, name="status"),
]
