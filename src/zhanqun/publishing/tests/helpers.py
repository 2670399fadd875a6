import os

from wagtail.models import Site

from zhanqun.publishing import services, writer

PORTAL = "www.yunze.gov.cn"


def portal():
    return Site.objects.get(is_default_site=True)


def snapshot(root):
    """{relative path: (mtime_ns, digest)} of every published file under ``root``."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            full = os.path.join(dirpath, name)
            out[os.path.relpath(full, root)] = (os.stat(full).st_mtime_ns, writer.file_digest(full))
    return out


def publish_everything():
    for site in Site.objects.select_related("root_page"):
        services.publish_site(site)


def changed(before, after):
    return {p for p in before.keys() & after.keys() if before[p] != after[p]}
