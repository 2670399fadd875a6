"""Who may do what with cases (docs/cases.md, docs/roles.md).

Permissions of ``Case`` (granted to role groups after every migrate,
``signal_handlers.on_post_migrate``; superusers hold all):

* ``view_case`` — see the cases of one's own unit (``StaffProfile.unit``).
* ``view_all_cases`` — supervisors (督办): see the cases of every unit.
* ``dispatch_case`` — the office that receives cases: triage, assign to a unit, transfer,
  publish replies. Acts on any case.
* ``handle_case`` — the handling unit's staff: return, pause/resume, extend, draft and
  send the reply — for their own unit's cases only.
* ``approve_reply`` — approve or reject a drafted reply, when the kind's
  ``reply_approver`` role matches (see :func:`can_approve_reply`).
* ``instruct_case`` — leaders' written instructions (批示).
* ``view_personal_data`` — see a citizen's data unmasked; every view is logged
  (``PersonalDataAccess``, R-SEC-8).
"""

from zhanqun.units.enums import Role

ROLE_PERMISSIONS = {
    Role.UNIT_EDITOR: ["view_case", "handle_case", "view_personal_data"],
    Role.UNIT_HEAD: ["view_case", "handle_case", "approve_reply", "view_personal_data"],
    Role.LEADER_IN_CHARGE: ["view_case", "approve_reply", "instruct_case"],
    Role.SITE_OPERATOR: ["view_case", "view_all_cases", "dispatch_case", "view_personal_data", "approve_reply"],
    Role.OFFICE_REVIEWER: ["view_case", "view_all_cases", "dispatch_case", "approve_reply", "instruct_case"],
    Role.AUDITOR: ["view_case", "view_all_cases"],
}

#: Roles whose holders act for the whole group, not one unit.
OFFICE_WIDE_ROLES = {Role.SITE_OPERATOR, Role.OFFICE_REVIEWER}


class CasePermissionDenied(PermissionError):
    """The user may not do this to this case; the message says why."""


def user_unit_id(user):
    from zhanqun.units.models import StaffProfile

    if user is None or not user.is_authenticated:
        return None
    return StaffProfile.objects.filter(user=user).values_list("unit_id", flat=True).first()


def has(user, codename):
    return user is not None and user.is_active and user.has_perm(f"cases.{codename}")


def sees_all_cases(user):
    return has(user, "view_all_cases")


def can_view(user, case):
    """Supervisors see every case; others their unit's, and the cases of the units whose
    registered head or leader in charge (``Unit.head`` / ``leader_in_charge``) they are —
    so a 分管领导 can read and instruct (批示) the cases of the units they lead."""
    if sees_all_cases(user):
        return True
    if not has(user, "view_case") or case.unit_id is None:
        return False
    if case.unit_id == user_unit_id(user):
        return True
    return user.pk in (case.unit.head_id, case.unit.leader_in_charge_id)


def can_dispatch(user, case=None):
    return has(user, "dispatch_case")


def can_handle(user, case):
    """The handling unit's staff, or the dispatching office."""
    if can_dispatch(user):
        return True
    return has(user, "handle_case") and case.unit_id is not None and case.unit_id == user_unit_id(user)


def can_instruct(user, case):
    return has(user, "instruct_case") and (sees_all_cases(user) or can_view(user, case))


def can_view_personal_data(user, case):
    return has(user, "view_personal_data") and can_view(user, case)


def holds_role(user, role):
    return user.groups.filter(name=str(Role(role).label)).exists()


def can_approve_reply(user, case):
    """The kind's ``reply_approver`` decides (R-INT-2: the leader in charge approves a
    letter's reply):

    * an office-wide role (站点管理员, 政府办公室审核员): any holder of that role;
    * a unit role (单位负责人, 分管领导): a holder of the role in the handling unit, or the
      person the unit registers in that position (``Unit.head``/``leader_in_charge``);
    * none declared: any holder of ``approve_reply`` who may handle the case.

    Always with ``cases.approve_reply``; the drafter never approves their own reply
    (checked by the service).
    """
    if not has(user, "approve_reply"):
        return False
    if user.is_superuser:
        return True
    role = case.kind_spec.reply_approver
    if role is None:
        return can_handle(user, case)
    role = Role(role)
    if role in OFFICE_WIDE_ROLES:
        return holds_role(user, role)
    unit = case.unit
    if unit is None:
        return False
    if role == Role.UNIT_HEAD and unit.head_id == user.pk:
        return True
    if role == Role.LEADER_IN_CHARGE and unit.leader_in_charge_id == user.pk:
        return True
    return holds_role(user, role) and user_unit_id(user) == unit.pk
