"""Build the demo site group (``zhanqun seed``): units, one account per role, the portal
and six department sites with their standard columns, township columns, a special
topic, about a thousand items of every content type, and a few items in review."""

import datetime as dt
import logging
import os

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from zhanqun.columns.enums import ColumnKind
from zhanqun.columns.models import ColumnPage, SpecialTopicPage
from zhanqun.content.enums import Importance, InterpretationForm, PolicyTheme, Validity
from zhanqun.content.models import (
    ArticlePage,
    InterpretationPage,
    LeaderProfilePage,
    NoticePage,
    PolicyDocumentPage,
    ReprintPage,
    default_item_slug,
)
from zhanqun.review.models import submit as submit_for_moderation
from zhanqun.review.workflow import LEADING_GROUP_NAME, install_review_workflow, leading_group
from zhanqun.sitegroup.enums import SiteKind
from zhanqun.sitegroup.models import SiteIdentity
from zhanqun.sitegroup.services import create_site
from zhanqun.units.enums import Role
from zhanqun.units.models import StaffProfile, Unit, credit_code_check_char
from zhanqun.units.permissions import role_group

from . import structure as S
from .accounts import enrol_demo_user
from .disclosure import build_disclosure
from .indexing import deferred_indexing, rebuild_indexes
from .writer import Writer

logger = logging.getLogger(__name__)

# The demo's accounts share one password, printed by `make demo` and listed in the
# README. It exists only in a demo database; production has no default accounts.
DEMO_PASSWORD = os.environ.get("ZHANQUN_DEMO_PASSWORD", "Zhanqun#2026")

# How many items of each kind per site at scale 1.0.
PER_SITE = {"news": 60, "notices": 30, "documents": 24, "reprints": 24}


def is_loaded():
    return SiteIdentity.objects.exists()


class DemoBuilder:
    def __init__(self, scale=1.0, seed=2026, now=None):
        self.scale = scale
        self.writer = Writer(seed)
        self.now = now or timezone.now()
        self.users = {}
        self.units = {}
        self.sites = {}
        self.doc_numbers = {}

    def count(self, kind):
        return max(1, round(PER_SITE[kind] * self.scale))

    # --- organisation ----------------------------------------------------------------

    def build_users(self):
        User = get_user_model()
        for username, (family, given), role, _unit, _position in S.DEMO_USERS:
            user = User(username=username, first_name=given, last_name=family, email=f"{username}@{S.PINYIN}.gov.cn")
            user.is_superuser = user.is_staff = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role:
                user.groups.add(role_group(role))
            enrol_demo_user(user, DEMO_PASSWORD)
            self.users[username] = user
        for username, (family, given), _unit, _position in S.LEADING_GROUP_USERS:
            user = User(username=username, first_name=given, last_name=family, email=f"{username}@{S.PINYIN}.gov.cn")
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(leading_group())
            enrol_demo_user(user, DEMO_PASSWORD)
            self.users[username] = user

    def build_units(self):
        for i, (key, name, short, kind, _sub) in enumerate(S.UNITS):
            first17 = f"11620981MB{i + 1:07d}"
            self.units[key] = Unit.objects.create(
                name=name,
                short_name=short,
                kind=kind,
                parent=self.units.get("office") if key != "office" else None,
                credit_code=first17 + credit_code_check_char(first17),
                phone=f"0937-82{i + 1:02d}{i + 3:03d}",
                address=f"{S.CITY}人民路{10 + i}号",
                sort_order=i,
            )
        for username, _name, _role, unit_key, position in S.DEMO_USERS:
            StaffProfile.objects.create(user=self.users[username], unit=self.units[unit_key], position=position)
        for username, _name, unit_key, position in S.LEADING_GROUP_USERS:
            StaffProfile.objects.create(user=self.users[username], unit=self.units[unit_key], position=position)
        leader = self.users["leader"]
        for key, unit in self.units.items():
            unit.leader_in_charge = leader
            unit.head = self.users.get(f"{key}_head", self.users["office_reviewer"])
            unit.staff_contact = self.users.get(f"{key}_editor")
            unit.save()

    # --- sites -----------------------------------------------------------------------

    def identity(self, kind, full_name, sponsor, n):
        return {
            "kind": kind,
            "full_name": full_name,
            "sponsor": sponsor,
            "organizer": f"{S.CITY}大数据服务中心",
            "phone": f"0937-82{n:05d}",
            "email": f"web{n}@{S.PINYIN}.gov.cn",
            "address": f"{S.PROVINCE}{S.CITY}人民路1号",
            "site_code": f"620981{n:04d}",
            "icp_number": f"{S.ICP_BASE}-{n}",
            "police_number": f"甘公网安备 620981020{n:05d}号",
            "chinese_domain": f"{full_name}.政务",
            "conac_url": f"https://bszs.conac.cn/sitename?method=show&id=62098100{n:04d}",
        }

    def remove_wagtail_welcome_site(self):
        Site.objects.filter(root_page__depth=2, root_page__content_type__model="page").delete()
        Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()

    def build_sites(self):
        office = self.units["office"]
        self.sites["office"] = create_site(
            domain=S.PORTAL_DOMAIN,
            identity=self.identity(SiteKind.PORTAL, f"{S.CITY}人民政府", office.name, 1),
            home_title=f"{S.CITY}人民政府",
            owner_unit=office,
        )
        for n, (key, name, _short, _kind, sub) in enumerate(S.UNITS, start=2):
            if sub:
                self.sites[key] = create_site(
                    domain=f"{sub}.{S.PINYIN}.gov.cn",
                    identity=self.identity(SiteKind.DEPARTMENT, name, name, n),
                    home_title=name,
                    owner_unit=self.units[key],
                )
        portal_home = self.sites["office"].root_page
        townships = portal_home.add_child(
            instance=ColumnPage(
                title="乡镇动态", slug="xzdt", kind=ColumnKind.TOWNSHIP, show_in_menus=True,
                responsible_unit=office, responsible_person=self.users["office_editor"],
            )
        )
        for key in ("cgz", "qqx"):
            unit = self.units[key]
            townships.add_child(
                instance=ColumnPage(
                    title=unit.short_name, slug=key, kind=ColumnKind.TOWNSHIP, show_in_menus=True,
                    responsible_unit=unit, responsible_person=self.users[f"{key}_editor"],
                )
            )
        portal_home.add_child(
            instance=SpecialTopicPage(
                title="优化营商环境专题", slug="yshj", show_in_menus=False,
                responsible_unit=office, responsible_person=self.users["office_editor"],
                intro="<p>集中展示我市优化营商环境的政策措施、工作动态和典型经验。</p>",
                start_date=dt.date(self.now.year, 1, 1),
            )
        )
        # Each site's standard columns belong to the site's own unit and its editor.
        for key, site in self.sites.items():
            editor = self.users.get(f"{key}_editor")
            for column in ColumnPage.objects.descendant_of(site.root_page).exclude(kind=ColumnKind.TOWNSHIP):
                column.responsible_unit = self.units[key]
                column.responsible_person = editor
                column.save()

    # --- items -----------------------------------------------------------------------

    def when(self, max_days=365):
        return self.now - dt.timedelta(days=self.writer.rng.uniform(0, max_days), minutes=self.writer.rng.randint(0, 600))

    def add(self, column, page, published_at):
        page.live = True
        page.first_published_at = page.last_published_at = published_at
        page.slug = default_item_slug(timezone.localdate(published_at))
        page.formed_date = timezone.localdate(published_at) - dt.timedelta(days=self.writer.rng.randint(0, 2))
        return column.add_child(instance=page)

    def ctx(self, key, topic=None):
        unit = self.units[key]
        return {
            "city": S.CITY,
            "province": S.PROVINCE,
            "short": unit.short_name,
            "unit": unit.name,
            "issuer": unit.name if key != "office" else f"{S.CITY}人民政府",
            "topic": topic or self.writer.pick(S.UNIT_TOPICS[key]),
            "leader": self.writer.pick([name for name, *_ in S.CITY_LEADERS]),
            "month": self.writer.rng.randint(1, 12),
            "year": self.now.year,
            "year2": self.now.year + 2,
            "date": f"{self.writer.rng.randint(1, 12)}月{self.writer.rng.randint(1, 28)}日",
        }

    def columns_of(self, key):
        home = self.sites[key].root_page
        return {c.slug: c for c in ColumnPage.objects.descendant_of(home)}

    def fill_site(self, key):
        unit = self.units[key]
        cols = self.columns_of(key)
        w = self.writer
        for _ in range(self.count("news")):
            title, body = w.news(**self.ctx(key))
            self.add(cols["zwdt"], ArticlePage(
                title=title, body=body, source=unit.short_name, author=w.pick(["综合科", "办公室", "宣传科"]),
                responsible_unit=unit, importance=w.pick([Importance.GENERAL] * 4 + [Importance.BUSINESS]),
            ), self.when())
        for _ in range(self.count("notices")):
            title, body = w.notice(**self.ctx(key))
            self.add(cols["tzgg"], NoticePage(
                title=title, body=body, issuer=unit.name, responsible_unit=unit,
                importance=w.pick([Importance.GENERAL, Importance.IMPORTANT]),
            ), self.when())
        prefix = {"office": "云政发", "fgw": "云发改发", "jyj": "云教发", "czj": "云财发", "mzj": "云民发",
                  "wjw": "云卫健发", "sthjj": "云环发"}[key]
        docs = []
        for i in range(self.count("documents")):
            ctx = self.ctx(key)
            title, body = w.policy_document(**ctx)
            published = self.when()
            written = timezone.localdate(published) - dt.timedelta(days=w.rng.randint(1, 3))
            doc = self.add(cols["zfwj"], PolicyDocumentPage(
                title=title, body=body, responsible_unit=unit,
                document_number=f"{prefix}〔{written.year}〕{i + 1}号",
                issuing_body=ctx["issuer"], written_date=written, publish_date=timezone.localdate(published),
                theme=w.pick(list(PolicyTheme.values)), importance=Importance.PUBLIC_RELEASE,
            ), published)
            docs.append((doc, ctx, published))
        # Most documents come with an interpretation published the same day (R-PUB-6).
        for doc, ctx, published in docs[: max(1, len(docs) * 3 // 4)]:
            short = doc.title.split("《")[-1].split("》")[0] if "《" in doc.title else doc.title
            title, body = w.interpretation(doc_short=short, **ctx)
            self.add(cols["zcjd"], InterpretationPage(
                title=title, body=body, document=doc, responsible_unit=unit, interpreter=unit.name,
                form=w.pick([InterpretationForm.TEXT] * 3 + [InterpretationForm.GRAPHIC]),
                importance=Importance.GENERAL,
            ), published + dt.timedelta(minutes=30))
        # The oldest document has been revised by a newer one (R-PUB-7).
        if len(docs) >= 2:
            old = min(docs, key=lambda d: d[2])[0]
            new = max(docs, key=lambda d: d[2])[0]
            old.validity, old.validity_changed_on, old.replaced_by = Validity.REVISED, new.publish_date, new
            old.save()
        for _ in range(self.count("reprints")):
            source_name, base = w.pick(S.REPRINT_SOURCES)
            title, body = w.reprint(**self.ctx(key))
            published = self.when()
            self.add(cols["zwdt"], ReprintPage(
                title=title, body=body, responsible_unit=unit, source_name=source_name,
                source_url=f"{base}{published:%Y%m}/content_{w.rng.randint(1000000, 9999999)}.htm",
                source_published_on=timezone.localdate(published), importance=Importance.GENERAL,
            ), published)
        self.fill_leaders(key, cols["ldxx"])
        self.fill_disclosure_columns(key, cols)

    def fill_disclosure_columns(self, key, cols):
        """机构职能, 公开制度 and 重点领域: columns R-COL-4 requires,
        so the demo sites are not full of blank columns (the inspectors' veto)."""
        unit = self.units[key]
        topics = S.UNIT_TOPICS[key]
        pages = [
            ("jgzn", f"{unit.name}主要职责和内设机构",
             f"<p>{unit.name}贯彻落实党中央关于{topics[0]}的方针政策和决策部署，履行下列职责：</p>"
             f"<p>（一）拟订并组织实施本领域发展规划和政策措施。</p><p>（二）负责{topics[1]}相关工作。</p>"
             "<p>内设机构：办公室、政策法规科、业务科室。</p>", 300),
            ("gkzd", f"{unit.short_name}政府信息公开工作制度",
             "<p>第一条 为规范本机关政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。</p>"
             "<p>第二条 本机关政府信息公开工作由办公室归口管理，信息发布前须经保密审查。</p>", 400),
            ("zdly", f"{topics[0]}工作情况公开",
             f"<p>现将本年度{topics[0]}工作推进情况公开如下，接受社会监督。</p>", 90),
        ]  # last year's 年度报告: demo/disclosure.py publishes the report itself (its tables and files)
        for slug, title, body, max_days in pages:
            if slug not in cols:
                continue
            when = (self.when(max_days) if max_days else
                    timezone.make_aware(dt.datetime(self.now.year, 1, 20, 9, 30)))
            self.add(cols[slug], ArticlePage(title=title, body=body, source=unit.short_name,
                                             responsible_unit=unit), when)

    def fill_leaders(self, key, column):
        unit = self.units[key]
        if key == "office":
            leaders = S.CITY_LEADERS
        else:
            first, second = S.UNIT_LEADER_TITLES["department"]
            leaders = [
                (self.writer.pick("王李张刘陈杨赵黄周吴") + self.writer.pick(["建国", "明", "丽娟", "海涛", "志强", "晓燕"]), first,
                 f"主持{unit.short_name}全面工作。"),
                (self.writer.pick("孙马朱胡郭何高林") + self.writer.pick(["卫平", "芳", "军", "红霞", "永"]), second,
                 "协助主要负责同志分管业务科室工作。"),
            ]
        for i, (name, position, portfolio) in enumerate(leaders):
            full_position = position if key == "office" else f"{unit.name}{position}"
            self.add(column, LeaderProfilePage(
                title=name, name=name, position=full_position, responsibilities=portfolio, sort_order=i,
                body=self.writer.biography(city=S.CITY, position=full_position), responsible_unit=unit,
            ), self.now - dt.timedelta(days=200 + i))

    def fill_portal_extras(self):
        home = self.sites["office"].root_page
        w = self.writer
        for key in ("cgz", "qqx"):
            column = ColumnPage.objects.descendant_of(home).get(slug=key)
            for _ in range(max(1, round(15 * self.scale))):
                title, body = w.news(**self.ctx(key))
                self.add(column, ArticlePage(title=title, body=body, source=self.units[key].short_name,
                                             responsible_unit=self.units[key]), self.when(120))
        self.fill_services(home)
        topic = SpecialTopicPage.objects.descendant_of(home).get(slug="yshj")
        for _ in range(max(1, round(10 * self.scale))):
            title, body = w.news(**self.ctx("office", topic="优化营商环境"))
            self.add(topic, ArticlePage(title=title, body=body, source="市政府办", responsible_unit=self.units["office"]),
                     self.when(200))

    def fill_services(self, home):
        """办事服务 on the portal: service guides (办事指南) with their ten elements — one of
        them missing four, for the content monitor to find (docs/monitoring.md)."""
        column = home.add_child(instance=ColumnPage(
            title="办事服务", slug="bsfw", kind=ColumnKind.SERVICES, show_in_menus=True,
            responsible_unit=self.units["office"],
        ))
        for unit, title, elements in S.SERVICE_GUIDES:
            body = "".join(f"<h2>{name}</h2><p>{text}</p>" for name, text in elements)
            self.add(column, ArticlePage(title=title, body=body, source=self.units[unit].short_name,
                                         responsible_unit=self.units[unit]), self.when(60))

    # --- review (docs/review.md) ------------------------------------------------------

    def build_review(self):
        """Items at every stage of the workflow 信息发布审核 and a few public submissions,
        so the demo shows review: waiting for a unit head, at the government office,
        stopped by screening, sent back, published with its archived record, and at
        the leading group (R-PUB-2, R-PUB-3, R-PUB-10, R-INT-3)."""
        install_review_workflow()  # migrate installs it; an older demo database may predate it
        for site_key, column_slug, editor_name, importance, title, body, decisions in S.REVIEW_ITEMS:
            editor = self.users[editor_name]
            unit = self.units[site_key]
            page = self.columns_of(site_key)[column_slug].add_child(
                instance=ArticlePage(
                    title=title, body=f"<p>{body}</p>", source=unit.short_name, responsible_unit=unit,
                    importance=importance, live=False, owner=editor, slug=default_item_slug(timezone.localdate(self.now)),
                )
            )
            page.save_revision(user=editor)
            workflow_state = page.get_workflow().start(page, editor)
            for username, action, opinion in decisions:
                workflow_state.refresh_from_db()
                task_state = workflow_state.current_task_state.specific
                task_state.task.specific.on_action(task_state, self.users[username], action, comment=opinion)
        portal = self.sites["office"]
        for kind, title, text, author, decision in S.MODERATION_SUBMISSIONS:
            item = submit_for_moderation(kind=kind, title=title, text=text, site=portal, author_name=author)
            if decision:
                action, reason = decision
                getattr(item, action)(self.users["operator"], reason)

    def build_commissions(self):
        """Two 委托发布申请 waiting in the office's queue (R-PUB-9, docs/commissions.md)."""
        from zhanqun.commissions.models import Commission

        for unit_key, editor, column_slug, title, text in (
            ("fgw", "fgw_editor", "tzgg", "关于开展2026年度重点项目申报工作的通知（代发）",
             "请各县区发展改革部门于12月10日前报送2027年度重点项目申报材料。"),
            ("jyj", "jyj_editor", "zwdt", "全市中小学冬季安全教育周活动启动（代发）",
             "市教育局在全市中小学启动冬季安全教育周活动，重点开展防火、防滑、防一氧化碳中毒教育。"),
        ):
            unit = self.units[unit_key]
            column = self.columns_of("office").get(column_slug)
            Commission.objects.create(
                unit=unit, title=title, content=f"<p>{text}</p>", source=unit.short_name,
                requirements="请在门户网站首页同步展示。", suggested_column=column, submitted_by=self.users[editor],
            )

    def build_interaction(self):
        """Mailboxes, letters and error reports at every stage (docs/interaction.md)."""
        from .interaction import build_interaction

        build_interaction(self)

    @transaction.atomic
    def build(self, progress=None):
        """Build everything; ``progress(label)`` is called before each step (the seed
        command's short progress display)."""
        step = progress or (lambda label: None)
        step("账号、单位和网站")
        self.remove_wagtail_welcome_site()
        self.build_users()
        self.build_units()
        self.build_sites()
        for key in self.sites:
            step(f"{self.units[key].short_name}的信息")
            self.fill_site(key)
        step("乡镇动态、办事服务和专题")
        self.fill_portal_extras()
        step("审核中的信息")
        self.build_review()
        self.build_commissions()
        step("互动交流和依申请公开")
        self.build_interaction()
        build_disclosure(self)
        step("值班读网、报表和统计")
        self.build_app_demos()
        return self

    # Apps that came later bring their own demo data: ``zhanqun.<app>.demo.build(builder)``.
    APP_DEMOS = ("duty", "reports", "analytics")

    def build_app_demos(self):
        from importlib import import_module
        from importlib.util import find_spec

        for app in self.APP_DEMOS:
            if find_spec(f"zhanqun.{app}.demo") is not None:
                import_module(f"zhanqun.{app}.demo").build(self)


def load_demo(scale=1.0, seed=2026, progress=None):
    """Load the demo group into an empty database; returns the builder, or None if loaded."""
    if is_loaded():
        return None
    # Both of Wagtail's indexes are built once at the end, not at every save (demo/indexing.py).
    with deferred_indexing():
        builder = DemoBuilder(scale=scale, seed=seed).build(progress=progress)
    if progress:
        progress("搜索索引")
    rebuild_indexes()
    return builder


def demo_accounts():
    """(username, role label, unit) for the README and `make demo`'s banner."""
    rows = []
    for username, _name, role, unit_key, _position in S.DEMO_USERS:
        unit = next(name for key, name, *_ in S.UNITS if key == unit_key)
        rows.append((username, str(Role(role).label) if role else "超级管理员（仅演示）", unit))
    for username, _name, unit_key, _position in S.LEADING_GROUP_USERS:
        unit = next(name for key, name, *_ in S.UNITS if key == unit_key)
        rows.append((username, LEADING_GROUP_NAME, unit))
    return rows
