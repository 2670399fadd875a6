"""URLs of 值班读网 in the admin, under /admin/duty/ (namespace ``duty``)."""

from django.urls import path

from . import views

app_name = "duty"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("queue/<int:pk>/", views.acknowledge, name="acknowledge"),
    path("reading/", views.ReadingView.as_view(), name="reading"),
    path("log/", views.LogView.as_view(), name="log"),
    path("roster/", views.RosterView.as_view(), name="roster"),
    path("roster/fill/", views.RosterFillView.as_view(), name="roster_fill"),
    path("findings/<int:finding_pk>/rectify/", views.RectifyView.as_view(), name="rectify"),
    path("rectifications/<int:case_pk>/close/", views.CloseRectificationView.as_view(), name="rectification_close"),
    path("rectifications/<int:case_pk>/reread/", views.RereadView.as_view(), name="rectification_reread"),
]
