"""Who sees and handles 委托发布申请 (R-PUB-9).

* 信息员 (``add``, ``change``, ``view``): send requests for their own unit
  (``StaffProfile.unit``), see only their unit's requests, change them while they are
  waiting or have been returned.
* 站点管理员 and 政府办公室审核员 (``view``, ``handle``): see every request, turn one into
  a draft or return it.

Granted after every migrate by ``signal_handlers.on_post_migrate``; superusers hold
every permission.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from zhanqun.units.enums import Role

ROLE_PERMISSIONS = {
    Role.UNIT_EDITOR: ["add_commission", "change_commission", "view_commission"],
    Role.SITE_OPERATOR: ["view_commission", "handle_commission"],
    Role.OFFICE_REVIEWER: ["view_commission", "handle_commission"],
}


def handles_commissions(user):
    return user.is_active and user.has_perm("commissions.handle_commission")


def user_unit_id(user):
    from zhanqun.units.models import StaffProfile

    return StaffProfile.objects.filter(user=user).values_list("unit_id", flat=True).first()


class CommissionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed per request: outside the office, only the user's own
    unit's requests, and only open ones (待处理, 已退回) may be changed or deleted."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in ("change", "delete") and not instance.is_open:
            return False
        if handles_commissions(user):
            return True
        return instance.unit_id is not None and instance.unit_id == user_unit_id(user)

    def instances_user_has_any_permission_for(self, user, actions):
        from .models import Commission

        if not self.user_has_any_permission(user, actions):
            return Commission.objects.none()
        return Commission.objects.visible_to(user)
