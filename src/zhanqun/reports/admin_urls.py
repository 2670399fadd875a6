"""统计报告 in the admin, under /admin/reports/ (namespace ``reports``)."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportIndexView.as_view(), name="index"),
    path("generate/", views.GenerateReportView.as_view(), name="generate"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("<int:pk>/export/<str:fmt>/", views.ReportExportView.as_view(), name="export"),
    path("<int:pk>/notice/", views.NoticeView.as_view(), name="notice"),
]
