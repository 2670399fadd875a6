"""Who may do what with reports and assessments.

| permission | 站点管理员 | 政府办公室审核员 |
|---|---|---|
| ``reports.view_report`` (统计报告 list and pages) | ✓ | ✓ |
| ``reports.add_report`` (generate a report) | ✓ | ✓ |
| ``reports.export_report`` (xlsx, PDF; audited) | ✓ | ✓ |
| ``reports.publish_notice`` (draft the 考评通报) | | ✓ |
| ``reports.view_unitcriticism`` | ✓ | ✓ |
| ``reports.add/change/delete_unitcriticism`` (the criticisms list) | | ✓ |

Granted after every migrate through ``units.permissions.register_role_permissions``;
superusers hold them all.
"""

from zhanqun.units.enums import Role

ROLE_PERMISSIONS = {
    Role.SITE_OPERATOR: [
        "reports.view_report",
        "reports.add_report",
        "reports.export_report",
        "reports.view_unitcriticism",
    ],
    Role.OFFICE_REVIEWER: [
        "reports.view_report",
        "reports.add_report",
        "reports.export_report",
        "reports.publish_notice",
        "reports.view_unitcriticism",
        "reports.add_unitcriticism",
        "reports.change_unitcriticism",
        "reports.delete_unitcriticism",
    ],
}


def may_view(user):
    return user.is_active and user.has_perm("reports.view_report")


def may_generate(user):
    return user.is_active and user.has_perm("reports.add_report")


def may_export(user):
    return user.is_active and user.has_perm("reports.export_report")


def may_publish_notice(user):
    return user.is_active and user.has_perm("reports.publish_notice")
