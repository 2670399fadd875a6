"""Factories for units, staff users and their profiles."""

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from .enums import Role, UnitKind
from .models import StaffProfile, Unit
from .permissions import role_group

PASSWORD = "Zq-test-2026!"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@yunze.gov.cn")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``roles=[Role.UNIT_EDITOR, …]`` puts the user in those role groups."""
        if create and extracted:
            self.groups.add(*(role_group(r) for r in extracted))


class SuperUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


class StaffProfileFactory(DjangoModelFactory):
    class Meta:
        model = StaffProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)


def make_editor(unit, username=None):
    """A 信息员 of ``unit``: the role group plus a staff profile naming the unit."""
    kwargs = {"username": username} if username else {}
    user = UserFactory(roles=[Role.UNIT_EDITOR], **kwargs)
    StaffProfileFactory(user=user, unit=unit)
    return user
