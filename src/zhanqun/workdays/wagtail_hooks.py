from wagtail import hooks

from .viewsets import workdays_viewset


@hooks.register("register_admin_viewset")
def register_workdays_viewset():
    """设置 → 工作日历 in the Wagtail admin."""
    return workdays_viewset
