"""Admin-editable holiday schedule (节假日安排) for the working-day calendar.

The ``chinesecalendar`` package ships the State Council schedule for the years
it knows (2004–2026 in 1.11.0). The State Council publishes each new year's
schedule (国务院办公厅关于某年部分节假日安排的通知) in November or December, often
before a package release; these tables let an administrator enter it in the
Wagtail admin (设置 → 工作日历) or import it with ``zhanqun workdays import``.

How DB rows combine with the package (see ``services.build_calendar``):

* every ``HolidayYear`` row marks its year as covered;
* ``source = manual`` (手动录入): the year's ``CalendarDay`` rows are the
  complete schedule of that year; package data for the year is ignored;
* ``source = chinesecalendar``: the package data is kept and each
  ``CalendarDay`` row overrides or adds a single day (a correction).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .calendar import chinesecalendar_years

WEEKDAY_NAMES = [
    _("星期一"),
    _("星期二"),
    _("星期三"),
    _("星期四"),
    _("星期五"),
    _("星期六"),
    _("星期日"),
]


class HolidayYear(ClusterableModel):
    """One year's holiday schedule (节假日安排年份) with its days as children."""

    class Source(models.TextChoices):
        CHINESECALENDAR = "chinesecalendar", _("内置放假安排 + 逐日修正")  # the chinesecalendar package
        MANUAL = "manual", _("手动录入")

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("例如 2027。国务院办公厅通常在上一年 11—12 月发布当年的放假安排。"),
    )
    source = models.CharField(
        _("数据来源"),
        max_length=20,
        choices=Source.choices,
        default=Source.MANUAL,
        help_text=_(
            "手动录入：下方列出的放假日和调休上班日就是该年的全部安排（系统内置的该年安排被忽略）。"
            "内置放假安排：沿用系统内置的国务院办公厅放假安排，下方日期逐日覆盖或补充。"
        ),
    )
    notice = models.CharField(
        _("公告文号"),
        max_length=200,
        blank=True,
        help_text=_("发布放假安排的通知及文号，例如“国办发明电〔2026〕X号”。"),
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日安排年份")
        verbose_name_plural = _("节假日安排年份")

    def __str__(self) -> str:
        return _("%(year)s 年节假日安排") % {"year": self.year}

    def clean(self) -> None:
        super().clean()
        if (
            self.source == self.Source.CHINESECALENDAR
            and self.year is not None
            and self.year not in chinesecalendar_years()
        ):
            raise ValidationError(
                {
                    "source": _(
                        "系统内置的放假安排不包含 %(year)s 年，"
                        "请将数据来源设为“手动录入”并录入全年的放假和调休安排。"
                    )
                    % {"year": self.year}
                }
            )


class CalendarDay(models.Model):
    """A holiday (放假) or a make-up working day (调休上班) of one year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    year = ParentalKey(
        HolidayYear,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("年份"),
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("名称"),
        max_length=50,
        blank=True,
        help_text=_("例如“春节”“国庆节”“春节调休”。"),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")

    def __str__(self) -> str:
        label = self.name or self.get_kind_display()
        return f"{self.date.isoformat() if self.date else '?'} {label}"

    def _parent_year(self) -> int | None:
        try:
            parent = self.year
        except ObjectDoesNotExist:
            return None
        return parent.year if parent is not None else None

    def clean(self) -> None:
        super().clean()
        errors = validate_day(self.date, self.kind, self._parent_year())
        if errors:
            raise ValidationError({"date": errors})


def validate_day(day, kind: str, year: int | None) -> list[str]:
    """Validation rules shared by the model, the admin form and the import command.

    * the date must belong to its HolidayYear's year;
    * a make-up working day (调休上班) must be a Saturday or Sunday — a
      weekday is a working day anyway. A holiday may fall on any day (the
      weekend days inside a holiday block are listed as holidays too).
    """
    errors: list[str] = []
    if day is None:
        return errors
    if year is not None and day.year != year:
        errors.append(
            _("日期 %(date)s 属于 %(actual)s 年，不能录入 %(year)s 年的安排。")
            % {"date": day.isoformat(), "actual": day.year, "year": year}
        )
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        errors.append(
            _(
                "调休上班日必须是星期六或星期日：%(date)s 是%(weekday)s，本来就是工作日。"
                "如果这天放假，请把类型设为“放假”。"
            )
            % {"date": day.isoformat(), "weekday": WEEKDAY_NAMES[day.weekday()]}
        )
    return errors
