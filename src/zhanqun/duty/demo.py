"""值班读网 in the demo (called by ``zhanqun seed``): two shifts a day, a roster for this
week and the next, the reading checklist, one reading that found a problem and became a
rectification (整改) for the government office, a maintenance notice with its draft
通知公告, and one tamper incident, recovered and reported."""

from datetime import time, timedelta

from django.utils import timezone

from . import services
from .enums import ChecklistKind, IncidentKind, IncidentSeverity, ReadingResult
from .models import ChecklistItem, Incident, MaintenanceNotice, ShiftPattern

ROTA = ["office_editor", "operator", "fgw_editor"]

DAILY_POINTS = [
    ("运行情况", "各站点能否正常打开，页面有无乱码、错位、图片缺失等异常。"),
    ("链接可用性", "抽查首页和重点栏目的链接、附件能否打开，外部链接是否指向正确网站。"),
    ("栏目更新", "动态类栏目是否按时更新，有无空白栏目、超期未更新栏目。"),
    ("内容质量", "新发布信息有无错别字、敏感内容、过时信息，标题与正文是否一致。"),
]


def build(builder):
    now = timezone.now()
    users = builder.users
    day = ShiftPattern.objects.create(name="白班", start=time(8, 30), end=time(17, 30), sort_order=1)
    night = ShiftPattern.objects.create(name="夜班", start=time(17, 30), end=time(8, 30), sort_order=2)

    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    operator = users["operator"]
    # The night shift of the day before this week's Monday covers Monday morning.
    services.fill_roster(
        monday - timedelta(days=1), monday + timedelta(days=13), [day, night], [users[u] for u in ROTA], operator
    )

    for order, site in enumerate(builder.sites.values(), start=1):
        ChecklistItem.objects.create(
            title="首页",
            kind=ChecklistKind.HOME,
            site=site,
            guidance="首页能否打开，焦点图、要闻、通知公告是否正常显示，有无过时信息。",
            sort_order=order,
        )
    portal = builder.sites["office"]
    for slug, title in (("zwdt", "政务动态"), ("tzgg", "通知公告")):
        ChecklistItem.objects.create(
            title=title,
            kind=ChecklistKind.COLUMN,
            site=portal,
            url=f"{portal.root_url}/{slug}/",
            guidance="最新信息的标题、日期、正文和附件是否正确。",
            sort_order=20,
        )
    ChecklistItem.objects.create(
        title="互动交流",
        kind=ChecklistKind.INTERACTION,
        site=portal,
        url=f"{portal.root_url}/hudong/",
        guidance="市长信箱、网站找错表单能否正常提交，答复选登是否正常。",
        sort_order=30,
    )
    for n, (title, guidance) in enumerate(DAILY_POINTS, start=40):
        item = ChecklistItem.objects.create(title=title, kind=ChecklistKind.DAILY, guidance=guidance, sort_order=n)
        item.patterns.set([day])  # the R-SUP-2 daily points, once a day

    # The person on duty now has read the portal's home page and found a typo.
    shift = services.current_shift(now)
    home_item = ChecklistItem.objects.get(site=portal, kind=ChecklistKind.HOME)
    record = services.record_reading(
        shift,
        shift.person,
        item=home_item,
        result=ReadingResult.PROBLEM,
        note="首页“政务动态”第三条信息标题中“部署”误写为“布署”。",
        url=f"{portal.root_url}/",
        at=now - timedelta(minutes=40),
    )
    services.open_rectification(record.finding, operator, note="请核对并更正标题，更正后报送整改情况。")

    # A maintenance window on the 发改委 site, announced the required working day ahead.
    start = services.earliest_maintenance_start(now) + timedelta(hours=22)
    notice = MaintenanceNotice(
        title="关于市发展和改革委员会网站系统维护的公告",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        reason="服务器操作系统安全补丁升级。",
        approved_by=users["office_reviewer"],
    )
    services.announce_maintenance(notice, [builder.sites["fgw"]], operator, now=now)

    discovered = now - timedelta(days=3, hours=5)
    Incident.objects.create(
        title="市教育局网站首页文件被篡改",
        kind=IncidentKind.TAMPER,
        severity=IncidentSeverity.GENERAL,
        site=builder.sites["jyj"],
        occurred_at=discovered - timedelta(minutes=6),
        discovered_at=discovered,
        recovered_at=discovered + timedelta(minutes=1),
        actions_taken="防篡改监测发现首页文件与发布清单不一致，已自动从数据库恢复；排查确认为运维人员误操作上传测试文件，已收回该账号服务器权限。",
        reported_to="市委网信办",
        reported_at=discovered + timedelta(hours=2),
        created_by=operator,
    )
