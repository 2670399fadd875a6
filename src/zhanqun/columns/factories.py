"""Factories for columns and special topics (pass ``parent=`` a home page or column)."""

import factory
import wagtail_factories

from zhanqun.units.factories import UnitFactory

from .enums import ColumnKind
from .models import ColumnPage, SpecialTopicPage


class ColumnPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ColumnPage

    title = factory.Sequence(lambda n: f"测试栏目{n}")
    slug = factory.Sequence(lambda n: f"column-{n}")
    kind = ColumnKind.NEWS
    show_in_menus = True
    responsible_unit = factory.SubFactory(UnitFactory)


class SpecialTopicPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SpecialTopicPage

    title = factory.Sequence(lambda n: f"测试专题{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    responsible_unit = factory.SubFactory(UnitFactory)
