"""Who may see and do what in the review screens (docs/review.md).

Deciding a step is the task's business (``models.tasks``: only the unit's head or
leader in charge, members of the upper-level groups, never the author). Here:

* an item's 审核记录: whoever holds ``review.view_reviewrecord`` (站点管理员,
  政府办公室审核员, 保密审查员, 审计员), whoever may edit the item (its unit's
  editors, and a reviewer while the item waits for them), and the head and leader
  in charge of the item's unit;
* the register of archived records: ``review.view_reviewrecord``;
* overriding a screening finding: ``review.add_screeningoverride`` (保密审查员);
* deciding a public submission: ``review.moderate_moderationitem`` (站点管理员).
"""


def can_view_records(user):
    return user.is_active and user.has_perm("review.view_reviewrecord")


def can_view_record(user, page):
    if not user.is_active:
        return False
    if can_view_records(user) or page.permissions_for_user(user).can_edit():
        return True
    unit = getattr(page, "responsible_unit", None)
    return unit is not None and user.pk in (unit.head_id, unit.leader_in_charge_id)


def can_moderate(user):
    return user.is_active and user.has_perm("review.moderate_moderationitem")
