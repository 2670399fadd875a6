from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """Actions the audit app records itself. Mirrored Wagtail log entries keep Wagtail's
    code (``wagtail.publish`` …) and its Chinese label; other apps may record their own
    codes with ``audit.record(..., label=...)``."""

    LOGIN = "auth.login", _("登录")
    LOGOUT = "auth.logout", _("退出登录")
    LOGIN_FAILED = "auth.login_failed", _("登录失败")
    USER_GROUPS = "auth.user_groups", _("用户角色变更")
    USER_PERMISSIONS = "auth.user_permissions", _("用户权限变更")
    GROUP_PERMISSIONS = "auth.group_permissions", _("角色权限变更")
    OBJECT_PERMISSIONS = "auth.object_permissions", _("页面或文件夹权限变更")
    EXPORT = "export", _("导出")
    PERSONAL_DATA_VIEW = "personal_data.view", _("查看公众个人信息")
    ACCESS_DENIED = "access.denied", _("拒绝访问")
    REQUEST_ERROR = "request.error", _("操作出错")
    AUDIT_EXPORT = "audit.export", _("导出审计日志")
    AUDIT_PURGE = "audit.purge", _("清理过期审计记录")
