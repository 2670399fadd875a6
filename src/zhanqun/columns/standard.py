"""The columns every government site is created with (R-COL-4).

政府信息公开 holds the nine standard disclosure columns the rules list (002:4; 003:10;
004:8); 政务动态 and 政策解读 are where news and interpretations go. Slugs are the
pinyin initials Chinese government sites conventionally use.
"""

from django.utils.translation import gettext_lazy as _

from .enums import ColumnKind

# (slug, title, kind, children)
STANDARD_COLUMNS = [
    ("zwdt", _("政务动态"), ColumnKind.NEWS, []),
    (
        "zfxxgk",
        _("政府信息公开"),
        ColumnKind.DISCLOSURE,
        [
            ("jgzn", _("机构职能"), ColumnKind.FUNCTIONS),
            ("ldxx", _("领导信息"), ColumnKind.LEADERS),
            ("gkzn", _("公开指南"), ColumnKind.GUIDE),
            ("gkzd", _("公开制度"), ColumnKind.RULES),
            ("gkml", _("公开目录"), ColumnKind.CATALOG),
            ("ndbg", _("年度报告"), ColumnKind.ANNUAL_REPORT),
            ("tzgg", _("通知公告"), ColumnKind.NOTICES),
            ("zfwj", _("政府文件"), ColumnKind.DOCUMENTS),
            ("zdly", _("重点领域"), ColumnKind.KEY_AREAS),
        ],
    ),
    ("zcjd", _("政策解读"), ColumnKind.INTERPRETATIONS, []),
]

# The nine disclosure columns R-COL-4 requires on every government site.
REQUIRED_DISCLOSURE_KINDS = [kind for _slug, _title, kind in STANDARD_COLUMNS[1][3]]


def create_standard_columns(home, unit=None, person=None):
    """Add the standard columns under a site's home page; returns them by slug."""
    from .models import ColumnPage

    created = {}
    for slug, title, kind, children in STANDARD_COLUMNS:
        column = home.add_child(
            instance=ColumnPage(
                title=str(title), slug=slug, kind=kind, show_in_menus=True,
                responsible_unit=unit, responsible_person=person,
            )
        )
        created[slug] = column
        for child_slug, child_title, child_kind in children:
            created[child_slug] = column.add_child(
                instance=ColumnPage(
                    title=str(child_title), slug=child_slug, kind=child_kind, show_in_menus=True,
                    responsible_unit=unit, responsible_person=person,
                )
            )
    return created
