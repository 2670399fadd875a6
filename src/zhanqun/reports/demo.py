"""Demo data of the reports app (called by ``zhanqun seed``): the criticisms list — one
unit criticised this year (barred from this year's awards), one last year — and the
monthly report of the previous month, so that 统计报告 shows a report at once."""

import datetime as dt

from django.utils import timezone

from . import periods, services
from .models import UnitCriticism


def build(builder):
    now = builder.now
    today = timezone.localtime(now).date()
    reviewer = builder.users.get("office_reviewer")
    units = builder.units
    this_year = today.year
    criticised_on = max(dt.date(this_year, 1, 15), min(today, dt.date(this_year, 3, 12)))
    UnitCriticism.objects.create(
        unit=units["mzj"],
        year=this_year,
        date=criticised_on,
        reason="政务动态栏目连续两个月未更新，季度检查中发现空白栏目 2 个。",
        source=f"云政办通报〔{this_year}〕3号",
        recorded_by=reviewer,
    )
    UnitCriticism.objects.create(
        unit=units["sthjj"],
        year=this_year - 1,
        date=dt.date(this_year - 1, 9, 8),
        reason="网站找错平台转办问题超期未整改。",
        source=f"云政办通报〔{this_year - 1}〕11号",
        recorded_by=reviewer,
    )
    # As the daily `reports generate --due` would have: at 00:30 on the 1st after the month.
    period = periods.last_ended(periods.Kind.MONTHLY, today)
    run_at = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(0, 30)))
    services.generate(period, now=min(run_at, now))
