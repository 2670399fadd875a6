"""URLs of 案件办理 in the admin, under /admin/cases/ (namespace ``cases``)."""

from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseDashboardView.as_view(), name="index"),
    path("results/", views.CaseDashboardView.as_view(results_only=True), name="index_results"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/<slug:action>/", views.CaseActionView.as_view(), name="action"),
]
