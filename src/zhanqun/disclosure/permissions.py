"""Who may do what in disclosure (docs/disclosure.md, docs/roles.md).

Model permissions of this app, granted to the role groups after every migrate
(``signal_handlers.on_post_migrate``); disclosure requests are cases, so handling them
follows ``zhanqun.cases.permissions`` (the case's unit handles; the office dispatches).

* The guide (R-DISC-1): 信息员 and 单位负责人 of a unit write their unit's guide; only
  the unit's head (``Unit.head``, or a 单位负责人 of the unit) approves it. Office-wide
  roles see every unit's.
* The catalog templates, unit codes and letter templates: 站点管理员.
* The annual report: 站点管理员 and 政府办公室审核员 write it; the auditor reads it.
* The extension of a disclosure request (Art. 33): approved by the office head — a
  holder of 政府办公室审核员 or 站点管理员 (the office), never the handling editor.
"""

from zhanqun.cases.permissions import holds_role, user_unit_id
from zhanqun.units.enums import Role

_ALL = ["add", "change", "view", "delete"]


def _perms(model, actions):
    return [f"{a}_{model}" for a in actions]


ROLE_PERMISSIONS = {
    Role.UNIT_EDITOR: _perms("guide", ["add", "change", "view"]) + ["view_catalogentry"],
    Role.UNIT_HEAD: _perms("guide", ["add", "change", "view"]) + ["approve_guide", "view_catalogentry"],
    Role.SITE_OPERATOR: (
        _perms("guide", _ALL)
        + _perms("catalogtemplate", _ALL)
        + _perms("disclosureunit", _ALL)
        + _perms("lettertemplate", _ALL)
        + _perms("annualreport", _ALL)
        + _perms("legalchallenge", _ALL)
        + ["view_catalogentry", "change_catalogentry"]
    ),
    Role.OFFICE_REVIEWER: (
        _perms("guide", ["view"]) + _perms("annualreport", ["add", "change", "view"])
        + _perms("legalchallenge", ["add", "change", "view"]) + ["view_catalogentry"]
    ),
    Role.AUDITOR: ["view_guide", "view_annualreport", "view_catalogentry", "view_legalchallenge"],
}


def sees_all_units(user):
    return user.is_superuser or holds_role(user, Role.SITE_OPERATOR) or holds_role(user, Role.OFFICE_REVIEWER) or (
        holds_role(user, Role.AUDITOR)
    )


def guides_for(user, queryset):
    if sees_all_units(user):
        return queryset
    unit_id = user_unit_id(user)
    return queryset.filter(unit_id=unit_id) if unit_id else queryset.none()


def can_approve_guide(user, guide):
    """R-DISC-1: the head of the guide's unit (a superuser too)."""
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if guide.unit.head_id == user.pk:
        return True
    return (
        user.has_perm("disclosure.approve_guide")
        and holds_role(user, Role.UNIT_HEAD)
        and user_unit_id(user) == guide.unit_id
    )


def can_approve_extension(user):
    """Art. 33: extending a request needs the approval of the office's head
    (政府信息公开工作机构负责人): held here by the office's 政府办公室审核员 or 站点管理员."""
    return user is not None and user.is_active and (
        user.is_superuser or holds_role(user, Role.OFFICE_REVIEWER) or holds_role(user, Role.SITE_OPERATOR)
    )
