"""The demo's accounts are people: none is named 系统, the name the audit log, the page
history and the cases give to what the platform does by itself (the superuser read
"系统（admin）", and its actions could be taken for automatic ones)."""

from zhanqun.cases.lifecycle import SYSTEM_ACTOR_NAME
from zhanqun.demo import structure as S


def test_every_demo_account__has_a_persons_name_and_none_is_the_systems():
    for username, (family, given), _role, _unit, _position in S.DEMO_USERS:
        assert family and given, username
        assert f"{family}{given}" != SYSTEM_ACTOR_NAME, username
    admin = next(name for username, name, *_rest in S.DEMO_USERS if username == "admin")
    assert "".join(admin) == "刘志强"
