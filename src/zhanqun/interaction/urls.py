"""Public URLs of 互动交流 on every site's host, under /hudong/ (namespace ``interaction``)."""

from django.urls import path

from .views import public

app_name = "interaction"

urlpatterns = [
    path("", public.index, name="index"),
    path("xiexin/<slug:slug>/", public.letter_form, name="letter_form"),
    path("yitijiao/", public.submitted, name="submitted"),
    path("chaxun/", public.query, name="query"),
    path("huifu/", public.answered, name="answered"),
    path("huifu/<str:number>/", public.answered_detail, name="answered_detail"),
    path("tongji/", public.statistics, name="statistics"),
    path("zhaocuo/", public.error_form, name="error_form"),
]
