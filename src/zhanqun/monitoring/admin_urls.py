"""URLs of 网站监测 in the admin, under /admin/monitoring/ (namespace ``monitoring``)."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.ScorecardView.as_view(), name="scorecard"),
    path("findings/", views.FindingReportView.as_view(), name="findings"),
    path("findings/results/", views.FindingReportView.as_view(results_only=True), name="findings_results"),
]
