"""The sign-in steps, mounted under /admin/ before Wagtail's URLs (zhanqun/urls.py):
they must be reachable before the user has access to the back office."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("password/", views.change_password, name="change_password"),
]
