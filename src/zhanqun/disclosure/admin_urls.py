"""Disclosure's own admin screens, under /admin/disclosure/ (namespace ``disclosure``)."""

from django.urls import path

from .views import admin

app_name = "disclosure"

urlpatterns = [
    path("catalog/", admin.CatalogOverviewView.as_view(), name="catalog"),
    path("guides/<int:pk>/approval/", admin.GuideApprovalView.as_view(), name="guide_approval"),
]
