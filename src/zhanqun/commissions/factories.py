"""Factories for 委托发布申请 (pass ``unit=`` the requesting unit)."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import Commission, CommissionFile


class CommissionFactory(DjangoModelFactory):
    class Meta:
        model = Commission

    title = factory.Sequence(lambda n: f"关于第{n}批重点项目开工的消息")
    publish_date = datetime.date(2026, 11, 24)
    formed_date = datetime.date(2026, 11, 20)
    content = "<p>11月20日，全市第四批重点项目集中开工，总投资56亿元。</p>"
    source = "云泽市发展和改革委员会"
    requirements = "请于11月24日前在门户网站政务动态栏目发布。"


class CommissionFileFactory(DjangoModelFactory):
    class Meta:
        model = CommissionFile

    commission = factory.SubFactory(CommissionFactory)
    document = factory.SubFactory(wagtail_factories.DocumentFactory, title="重点项目清单")
