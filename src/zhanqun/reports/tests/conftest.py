"""October 2026 on the shared 云泽市 site group, planted so that the report's figures are
known in advance:

* portal 政务动态 (the government office's column): 3 items first published in October —
  2 on time, 1 late (formed 5 October, published 20 October: 15 days for a 3-day
  limit) — plus one in September and one in November that October does not count;
* department site 政务动态 (发改委): 1 item in October, on time;
* findings: on the portal, a broken link opened 3 October and resolved 10 October and an
  older one (20 September) resolved 2 October; on the department site a stale column
  opened 15 October, still open;
* cases: a consultation letter received 9 October, assigned to the 发改委 and never
  answered (overdue); another received 29 October, due in November (in time at the end
  of October); an error report on the portal received 20 October, assigned to the
  government office, not fixed (overdue).
"""

import datetime as dt

import pytest
from django.utils import timezone

from zhanqun.conftest import column
from zhanqun.content.models import ArticlePage
from zhanqun.content.tests.conftest import staff
from zhanqun.demo.tests.conftest import browser, demo_group, page, site_url  # noqa: F401  (browser fixtures)
from zhanqun.reports import periods
from zhanqun.units.enums import Role

OCTOBER = periods.parse("monthly", "2026-10")


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def add_item(parent, title, formed, published):
    article = ArticlePage(title=title, responsible_unit=parent.responsible_unit, summary="摘要", formed_date=formed)
    parent.add_child(instance=article)
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=published, last_published_at=published)
    article.refresh_from_db()
    return article


def add_finding(site, problem, unit, first_seen, resolved=None, fingerprint=None):
    from zhanqun.monitoring.enums import CheckCode, FindingStatus
    from zhanqun.monitoring.models import Finding

    return Finding.objects.create(
        site=site,
        monitor=CheckCode.LINKS if problem == "broken_link" else CheckCode.FRESHNESS,
        problem=problem,
        fingerprint=fingerprint or f"{problem}:{first_seen:%Y%m%d}",
        status=FindingStatus.RESOLVED if resolved else FindingStatus.OPEN,
        message=f"{problem} {first_seen:%m-%d}",
        unit=unit,
        first_seen_at=first_seen,
        last_seen_at=resolved or first_seen,
        resolved_at=resolved,
    )


@pytest.fixture
def dispatcher(site_group):
    return staff("dispatcher", site_group.units.office, Role.SITE_OPERATOR)


@pytest.fixture
def office_reviewer(site_group):
    return staff("office_reviewer", site_group.units.office, Role.OFFICE_REVIEWER)


@pytest.fixture
def planted(site_group, dispatcher):
    from zhanqun.cases.services import assign
    from zhanqun.interaction import factories
    from zhanqun.interaction.enums import LetterCategory

    units = site_group.units
    news = column(site_group.portal, "zwdt")
    add_item(news, "市政府召开常务会议", dt.date(2026, 10, 12), at(dt.date(2026, 10, 13)))
    add_item(news, "全市秋季安全生产工作会议召开", dt.date(2026, 10, 14), at(dt.date(2026, 10, 15)))
    add_item(news, "国庆假期全市旅游市场平稳有序", dt.date(2026, 10, 5), at(dt.date(2026, 10, 20)))
    add_item(news, "九月份工作动态", dt.date(2026, 9, 20), at(dt.date(2026, 9, 21)))
    add_item(news, "十一月份工作动态", dt.date(2026, 11, 2), at(dt.date(2026, 11, 2)))
    fgw_news = column(site_group.department, "zwdt")
    add_item(fgw_news, "发改委召开重点项目推进会", dt.date(2026, 10, 21), at(dt.date(2026, 10, 22)))

    add_finding(site_group.portal, "broken_link", units.office, at(dt.date(2026, 10, 3)), at(dt.date(2026, 10, 10)))
    add_finding(site_group.portal, "broken_link", units.office, at(dt.date(2026, 9, 20)), at(dt.date(2026, 10, 2)))
    add_finding(site_group.department, "column_stale", units.fgw, at(dt.date(2026, 10, 15)))

    mailbox = factories.MailboxFactory(site=site_group.portal, unit=units.office)
    overdue = factories.letter(
        mailbox, subject="咨询居住证办理", category=LetterCategory.CONSULT, received_at=at(dt.date(2026, 10, 9))
    )
    assign(overdue, dispatcher, units.fgw, at=at(dt.date(2026, 10, 9), 11))
    in_time = factories.letter(
        mailbox, subject="咨询公租房申请", category=LetterCategory.CONSULT, received_at=at(dt.date(2026, 10, 29))
    )
    assign(in_time, dispatcher, units.fgw, at=at(dt.date(2026, 10, 29), 11))
    error = factories.error_report(site_group.portal, received_at=at(dt.date(2026, 10, 20)))
    assign(error, dispatcher, units.office, at=at(dt.date(2026, 10, 20), 10))
    return site_group
