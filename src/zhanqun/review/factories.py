"""Factories for the review app: the people of a unit's chain, and public submissions."""

import factory
from factory.django import DjangoModelFactory

from zhanqun.units.enums import Role
from zhanqun.units.factories import StaffProfileFactory, UserFactory

from .models import ModerationItem
from .workflow import leading_group


def make_unit_reviewers(unit, prefix, head_name=("李", "卫东"), leader_name=("赵", "国强")):
    """The head (单位负责人) and leader in charge (分管领导) of ``unit``, registered on it."""
    head = UserFactory(
        username=f"{prefix}_head", last_name=head_name[0], first_name=head_name[1], roles=[Role.UNIT_HEAD]
    )
    StaffProfileFactory(user=head, unit=unit)
    leader = UserFactory(
        username=f"{prefix}_leader", last_name=leader_name[0], first_name=leader_name[1], roles=[Role.LEADER_IN_CHARGE]
    )
    unit.head, unit.leader_in_charge = head, leader
    unit.save()
    return head, leader


def make_office_reviewer(username="office_reviewer"):
    return UserFactory(username=username, last_name="王", first_name="建华", roles=[Role.OFFICE_REVIEWER])


def make_leading_group_member(username="lingdao"):
    user = UserFactory(username=username, last_name="林", first_name="志远")
    user.groups.add(leading_group())
    return user


def make_confidentiality_reviewer(username="secrecy"):
    return UserFactory(username=username, last_name="郑", first_name="海燕", roles=[Role.CONFIDENTIALITY_REVIEWER])


class ModerationItemFactory(DjangoModelFactory):
    class Meta:
        model = ModerationItem

    kind = "领导信箱"
    title = factory.Sequence(lambda n: f"关于小区停车难的建议（{n}）")
    text = "建议在老旧小区周边增设公共停车位，方便居民出行。"
    author_name = "王先生"
