"""The people and places of the review tests.

The 发改委 (fgw) answers for the department site's 政务动态 column; its editor
``fgw_editor`` writes there. Each unit of the site group gets a head and a leader
in charge; the office has an 政府办公室审核员, the leading group one member, and
there is a 保密审查员.
"""

from types import SimpleNamespace

import pytest

from zhanqun.conftest import column
from zhanqun.content.factories import ArticlePageFactory
from zhanqun.units.factories import make_editor

from ..factories import (
    make_confidentiality_reviewer,
    make_leading_group_member,
    make_office_reviewer,
    make_unit_reviewers,
)


@pytest.fixture
def people(site_group):
    units = site_group.units
    fgw_head, fgw_leader = make_unit_reviewers(units.fgw, "fgw")
    edu_head, edu_leader = make_unit_reviewers(units.education, "edu", ("孙", "丽"), ("钱", "秀英"))
    return SimpleNamespace(
        units=units,
        fgw_editor=make_editor(units.fgw, "fgw_editor"),
        fgw_head=fgw_head,
        fgw_leader=fgw_leader,
        edu_head=edu_head,
        edu_leader=edu_leader,
        office_reviewer=make_office_reviewer(),
        leading_member=make_leading_group_member(),
        secrecy=make_confidentiality_reviewer(),
        column=column(site_group.department, "zwdt"),
        site_group=site_group,
    )


@pytest.fixture
def draft(people):
    """A new 政务动态 of the 发改委, not yet live, written by ``fgw_editor``."""

    def make(importance="general", body="<p>市发展改革委召开重点项目推进会，部署下一阶段工作。</p>", **fields):
        page = ArticlePageFactory(
            parent=people.column,
            title=fields.pop("title", "市发展改革委召开重点项目推进会"),
            body=body,
            importance=importance,
            live=False,
            owner=people.fgw_editor,
            **fields,
        )
        page.save_revision(user=people.fgw_editor)
        return page

    return make
