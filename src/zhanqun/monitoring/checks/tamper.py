"""Tamper (R-SEC-4): the publisher's manifest against the site's document root
(``publishing.services.verify``). Every difference is an incident: logged as an error
(the operators' alerting reads the log), recorded as a finding and, unless
``ZHANQUN_MONITOR_RESTORE`` is off, restored from the database at once."""

import logging

from django.conf import settings

from ..enums import Problem
from . import Observation

logger = logging.getLogger("zhanqun.monitoring.tamper")

KINDS = (
    ("changed", Problem.FILE_CHANGED, "文件被改动"),
    ("added", Problem.FILE_ADDED, "出现未经发布的文件"),
    ("missing", Problem.FILE_MISSING, "发布的文件缺失"),
)


def check(site, now):
    from zhanqun.publishing.services import verify

    restore = getattr(settings, "ZHANQUN_MONITOR_RESTORE", True)
    result = verify(site, repair=restore)
    found = []
    for attr, problem, label in KINDS:
        for path in getattr(result, attr):
            logger.error("篡改告警 %s：%s %s", site.hostname, label, path)
            found.append(
                Observation(
                    problem,
                    f"{attr}:{path}",
                    f"{label}：{path}",
                    url=f"{site.root_url}/{path.removesuffix('index.html')}",
                    evidence={"path": path, "restored": restore},
                    resolved="已自动从数据库恢复" if restore else "",
                )
            )
    return found
