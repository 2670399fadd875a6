"""Disclosure's own admin screens, under /admin/disclosure/ (namespace ``disclosure``)."""

from django.urls import path

from .views import admin, requests

app_name = "disclosure"

urlpatterns = [
    path("catalog/", admin.CatalogOverviewView.as_view(), name="catalog"),
    path("guides/<int:pk>/approval/", admin.GuideApprovalView.as_view(), name="guide_approval"),
    path("reports/<int:pk>/", admin.AnnualReportView.as_view(), name="report"),
    path("requests/", requests.RequestListView.as_view(), name="requests"),
    path("requests/new/", requests.RequestEntryView.as_view(), name="request_new"),
    path("requests/<int:pk>/", requests.RequestDetailView.as_view(), name="request"),
    path("requests/<int:pk>/letter.pdf", requests.letter_pdf, name="request_letter"),
]
