"""zhanqun deploy nginx — print the nginx configuration of the public front door.

zhanqun deploy nginx [--root DIR] [--upstream HOST:PORT] [--listen PORT]
                     [--static-root DIR|-] [--media-root DIR|-] [--host-suffix .localhost]
                     [--access-log FILE] [--standalone PREFIX]
"""

from django.core.management.base import BaseCommand, CommandError

from zhanqun.core import nginx


class Command(BaseCommand):
    help = "生成部署配置：nginx（各站点静态文件目录、动态路径反向代理、安全响应头）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        p = sub.add_parser("nginx", help="输出 nginx 配置")
        p.add_argument("--root", default=nginx.DEFAULT_ROOT, help=f"发布根目录（默认 {nginx.DEFAULT_ROOT}）")
        p.add_argument("--upstream", default=nginx.DEFAULT_UPSTREAM, help="应用地址 host:port")
        p.add_argument("--listen", default=nginx.DEFAULT_LISTEN, help="监听端口或 地址:端口")
        p.add_argument("--static-root", default=nginx.DEFAULT_STATIC_ROOT, help="collectstatic 目录；- 表示交给应用")
        p.add_argument("--media-root", default=nginx.DEFAULT_MEDIA_ROOT, help="媒体文件目录；- 表示交给应用")
        p.add_argument("--host-suffix", default="", help="从主机名去掉的后缀（演示用 .localhost）")
        p.add_argument(
            "--access-log",
            help=f"访问日志（含主机名，供 zhanqun analytics ingest 统计；默认 {nginx.DEFAULT_ACCESS_LOG}，"
            "--standalone 时为 PREFIX/access.log）",
        )
        p.add_argument(
            "--standalone", metavar="PREFIX", help="输出完整的 nginx.conf，pid、日志和临时文件都在 PREFIX 下"
        )

    def handle(self, *args, what, **o):
        options = {
            "root": o["root"],
            "upstream": o["upstream"],
            "listen": o["listen"],
            "static_root": None if o["static_root"] == "-" else o["static_root"],
            "media_root": None if o["media_root"] == "-" else o["media_root"],
            "host_suffix": o["host_suffix"],
        }
        if o["access_log"]:
            options["access_log"] = o["access_log"]
        try:
            if o["standalone"]:
                text = nginx.render_standalone_config(o["standalone"], **options)
            else:
                text = nginx.render_site_config(**options)
        except ValueError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(text, ending="")
