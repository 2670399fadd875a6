"""互动交流 in the admin, under /admin/interaction/ (namespace ``interaction_admin``)."""

from django.urls import path

from .views import admin

app_name = "interaction_admin"

urlpatterns = [
    path("letters/new/", admin.HotlineLetterView.as_view(), name="letter_new"),
    path("letters/<int:pk>/triage/", admin.LetterTriageView.as_view(), name="letter_triage"),
    path("letters/<int:pk>/slip.pdf", admin.LetterSlipView.as_view(), name="letter_slip"),
    path("errors/<int:pk>/screenshot/", admin.ScreenshotView.as_view(), name="error_screenshot"),
]
