"""Who may see what of the content admin screens.

* 发布时效 (R-PUB-5): the government office's staff — 站点管理员, 政府办公室审核员,
  审计员 — and superusers see every unit; anyone else sees their own unit's items
  (``StaffProfile.unit``), and nothing without a unit. Units are assessed on
  timeliness (R-SUP-4), so a unit sees its own standing and no one else's.
* 撤稿 (R-SEC-6): the model permission ``content.add_takedown``, which
  ``signal_handlers.on_post_migrate`` gives to 站点管理员 (and which superusers hold);
  ``content.view_takedown`` (站点管理员, 审计员) opens the 撤稿记录 report.
"""

from zhanqun.units.enums import Role

OFFICE_ROLES = (Role.SITE_OPERATOR, Role.OFFICE_REVIEWER, Role.AUDITOR)

# Role → model permissions of this app, granted after every migrate.
ROLE_PERMISSIONS = {
    Role.SITE_OPERATOR: ["add_takedown", "view_takedown"],
    Role.AUDITOR: ["view_takedown"],
}


def sees_all_units(user):
    return user.is_superuser or user.groups.filter(name__in=[str(r.label) for r in OFFICE_ROLES]).exists()


def user_unit(user):
    from zhanqun.units.models import StaffProfile

    profile = StaffProfile.objects.filter(user=user).select_related("unit").first()
    return profile.unit if profile else None


def timeliness_units(user):
    """The units whose timeliness ``user`` may see: ``None`` for all, else a list."""
    if sees_all_units(user):
        return None
    unit = user_unit(user)
    return [unit] if unit else []


def can_view_timeliness(user):
    return user.is_active and timeliness_units(user) != []
