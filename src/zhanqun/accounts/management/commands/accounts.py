"""``zhanqun accounts create-admin USERNAME`` and ``zhanqun accounts offboard USER``.

create-admin: the first administrators of a fresh install (no default accounts exist
outside the demo). Prints a one-time password, which must be changed at the first
sign-in; the account enrols its authenticator at the same sign-in.

offboard (R-SEC-7): see ``services.offboard``.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zhanqun.units.enums import SEPARATED_DUTIES, Role

from ... import services

User = get_user_model()
DUTY_CHOICES = [str(role.value) for role in SEPARATED_DUTIES]


class Command(BaseCommand):
    help = "账号管理：创建首个管理员（一次性密码）、办理离岗（停用账号、移交工作）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create-admin", help="创建管理员账号并打印一次性密码（首次登录须修改）")
        create.add_argument("username")
        create.add_argument(
            "--role",
            choices=DUTY_CHOICES,
            default=Role.SYSTEM_ADMINISTRATOR.value,
            help="三员之一：system_administrator（默认）、security_administrator、auditor",
        )
        create.add_argument("--email", default="")
        create.add_argument(
            "--network",
            action="append",
            default=[],
            metavar="CIDR",
            help="允许登录的网络（可重复）。开启设备绑定时，没有网络也没有登记设备的账号不能登录。",
        )
        off = sub.add_parser("offboard", help="离岗：停用账号、结束会话、删除设备，移交草稿和办件，记录保密承诺书")
        off.add_argument("username")
        off.add_argument("--to", required=True, dest="successor", help="工作交接人的用户名")
        off.add_argument("--pledge-ref", required=True, help="保密承诺书编号或存档位置")
        off.add_argument("--returned", required=True, help="归还的资料和设备")

    def handle(self, *args, action, **options):
        if action == "create-admin":
            return self.create_admin(**options)
        return self.offboard(**options)

    def create_admin(self, username, role, email, network, **options):
        try:
            user, password = services.create_admin(username, role, email=email, networks=network)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - a ValidationError of a network, shown as such
            raise CommandError(f"未能创建：{exc}") from exc
        self.stdout.write(f"已创建{Role(role).label}账号 {user.username}。")
        self.stdout.write(f"一次性密码：{password}")
        self.stdout.write("首次登录时须修改密码，并绑定身份验证器（双因素认证）。此密码不会再次显示。")
        if not network:
            self.stdout.write("注意：未指定允许登录的网络（--network）；开启设备绑定时请先为其添加网络。")

    def offboard(self, username, successor, pledge_ref, returned, **options):
        try:
            user = User.objects.get(username=username)
            colleague = User.objects.get(username=successor)
        except User.DoesNotExist as exc:
            raise CommandError(f"用户不存在：{exc}") from exc
        try:
            result = services.offboard(user, colleague, pledge_ref=pledge_ref, returned=returned, performed_by="zhanqun accounts offboard")
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        record = result.record
        self.stdout.write(f"{user.username} 已离岗：账号停用，密码作废，结束会话 {record.sessions_ended} 个，删除设备 {record.devices_removed} 个。")
        self.stdout.write(f"移交给 {colleague.username}：页面（草稿、锁定）{record.pages_transferred} 个，单位职务（承办办件）{record.cases_transferred} 项。")
        self.stdout.write(f"保密承诺书：{record.pledge_ref}；归还：{record.returned_materials}")
