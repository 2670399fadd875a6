from django.conf import settings
from django.core.management.base import BaseCommand
from wagtail.models import Site

from zhanqun.demo.loader import DEMO_PASSWORD, demo_accounts


class Command(BaseCommand):
    help = "打印演示环境的后台地址、各网站地址和演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        out = self.stdout
        out.write(f"\n后台（管理平台）: http://{settings.ADMIN_HOSTS[0]}:{port}/admin/")
        out.write("公开网站:")
        for site in Site.objects.select_related("root_page").order_by("hostname"):
            out.write(f"  {site.site_name:<16} http://{site.hostname}:{port}/")
        out.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}，仅限演示环境）:")
        for username, role, unit in demo_accounts():
            out.write(f"  {username:<16} {role:<10} {unit}")
        out.write("")
