"""URLs of 访问统计 in the admin, under /admin/analytics/ (namespace ``analytics``)."""

from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.AnalyticsView.as_view(), name="report"),
]
