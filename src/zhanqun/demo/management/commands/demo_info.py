import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from zhanqun.demo.accounts import current_code
from zhanqun.demo.loader import DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = "打印演示环境的后台地址、各网站地址和演示账号（--otp：各账号当前的动态验证码）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=None,
            help="演示服务的端口（默认：环境变量 PORT，make demo PORT=… 会设置它；未设置时为各网站载入时的端口）",
        )
        parser.add_argument(
            "--otp", action="store_true", help="打印每个演示账号当前的动态验证码（仅演示环境，DEBUG 开启时）"
        )

    def handle(self, *args, port, otp=False, **options):
        if otp and not settings.DEBUG:
            raise CommandError("--otp 只能在演示环境（DEBUG 开启）使用。")
        if port is None:
            # `make demo` exports PORT; from another shell, the port `seed` gave the sites
            # (the port the demo was last started on).
            site = Site.objects.order_by("-is_default_site").first()
            port = int(os.environ.get("PORT") or (site.port if site and site.port not in (80, 443) else 8000))
        out = self.stdout
        out.write(f"\n后台（管理平台）: http://{settings.ADMIN_HOSTS[0]}:{port}/admin/")
        out.write("公开网站:")
        for site in Site.objects.select_related("root_page").order_by("hostname"):
            out.write(f"  {site.site_name:<16} http://{site.hostname}:{port}/")
        out.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}，仅限演示环境）:")
        users = {u.username: u for u in get_user_model().objects.all()} if otp else {}
        for username, role, unit in demo_accounts():
            code = ""
            if otp and username in users:
                code = f"  动态验证码 {current_code(users[username]) or '—'}"
            out.write(f"  {username:<16} {role:<10} {unit}{code}")
        if otp:
            out.write("动态验证码每30秒变化；过期后再运行 zhanqun demo_info --otp。")
        else:
            out.write("登录时需要动态验证码（双因素认证）：运行 zhanqun demo_info --otp 查看。")
        mail_dir = getattr(settings, "EMAIL_FILE_PATH", None)
        if mail_dir and settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            out.write(f"演示环境发出的邮件和短信不真正发送，保存在 {mail_dir}/ 中，可直接打开查看。")
        out.write("")
