"""What a citizen sees on a site of the group (R-SITE-2, R-SITE-3, R-SEC-2).

Requests go to the site's own host name, as a browser's would: the portal answers on
www.yunze.gov.cn(.localhost), the 发改委 on fgw.yunze.gov.cn(.localhost), the back
office only on localhost.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from zhanqun.conftest import ADMIN_HOST, PORTAL_HOST, column
from zhanqun.sitegroup.models import SiteIdentity

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def footer_items(page):
    """The footer's identity list as {label: value}, labels without a trailing colon."""
    footer = page.find("footer")
    return {
        dt.get_text(strip=True).rstrip("：:"): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in footer.find_all("dt")
    }


def footer_link(page, text):
    links = [a for a in page.find("footer").find_all("a") if text in a.get_text()]
    assert links, f"no footer link “{text}”"
    return links[0]


# --- header and footer ------------------------------------------------------------------


def test_portal_header__shows_the_full_name_of_the_government(site_group, portal_client):
    page = soup(portal_client.get("/"))
    assert page.find("header").find(attrs={"data-testid": "site-full-name"}).get_text(strip=True) == "云泽市人民政府"
    assert page.title.get_text().endswith("云泽市人民政府")


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("主办单位", "云泽市人民政府办公室"),
        ("承办单位", "云泽市大数据服务中心"),
        ("联系电话", "0937-1234567"),
        ("联系邮箱", "web@yunze.gov.cn"),
        ("联系地址", "云泽市人民路1号"),
        ("网站标识码", "6209810001"),
        ("ICP备案编号", "甘ICP备05000384号"),
        ("公安机关备案号", "甘公网安备 62098102000001号"),
    ],
)
def test_portal_footer__carries_each_identity_item(site_group, portal_client, label, value):
    assert footer_items(soup(portal_client.get("/")))[label] == value


def test_footer__is_on_every_page_not_only_the_home_page(site_group, portal_client):
    page = soup(portal_client.get("/zfxxgk/zfwj/"))
    assert footer_items(page)["网站标识码"] == "6209810001"
    assert page.find(attrs={"data-testid": "site-full-name"}).get_text(strip=True) == "云泽市人民政府"


def test_footer__error_report_link_opens_the_national_page_for_this_site(site_group, portal_client):
    link = footer_link(soup(portal_client.get("/")), "我为政府网站找错")
    assert link["href"].startswith("https://zfwzzc.www.gov.cn/")
    assert "sitecode=6209810001" in link["href"]


def test_footer__conac_mark_links_to_the_verification_page(site_group, portal_client):
    link = footer_link(soup(portal_client.get("/")), "党政机关网站标识")
    assert link["href"].startswith("https://bszs.conac.cn/")


def test_footer__conac_mark_uses_the_site_s_own_verification_link_when_recorded(site_group, portal_client):
    url = "https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D4E5F"
    SiteIdentity.objects.filter(site=site_group.portal).update(conac_url=url)
    link = footer_link(soup(portal_client.get("/")), "党政机关网站标识")
    assert link["href"] == url


def test_footer__filing_numbers_link_to_the_filing_systems(site_group, portal_client):
    page = soup(portal_client.get("/"))
    assert footer_link(page, "甘ICP备05000384号")["href"] == "https://beian.miit.gov.cn/"
    assert footer_link(page, "甘公网安备")["href"].endswith("code=62098102000001")


def test_footer__site_map_link_leads_to_a_map_of_the_columns(site_group, portal_client):
    link = footer_link(soup(portal_client.get("/")), "网站地图")
    site_map = soup(portal_client.get(link["href"]))
    tree = site_map.find(class_="site-map")
    titles = [a.get_text(strip=True) for a in tree.find_all("a")]
    for title in ["政务动态", "政府信息公开", "机构职能", "领导信息", "公开指南", "公开制度", "公开目录",
                  "年度报告", "通知公告", "政府文件", "重点领域", "政策解读"]:  # fmt: skip
        assert title in titles
    hrefs = {a.get_text(strip=True): urlsplit(a["href"]) for a in tree.find_all("a")}
    assert hrefs["政府文件"].path == "/zfxxgk/zfwj/"
    assert hrefs["政府文件"].netloc in ("", PORTAL_HOST)  # on this site, not another
    assert portal_client.get(hrefs["政府文件"].path).status_code == 200


def test_site_map__leaves_out_unpublished_columns(site_group, portal_client):
    column(site_group.portal, "zdly").unpublish()
    tree = soup(portal_client.get("/sitemap/")).find(class_="site-map")
    titles = [a.get_text(strip=True) for a in tree.find_all("a")]
    assert "重点领域" not in titles
    assert "政府文件" in titles


# --- one platform, many sites -------------------------------------------------------------


def test_department_site__on_its_own_host_shows_its_own_name_and_identity(site_group, department_client):
    page = soup(department_client.get("/"))
    assert page.find(attrs={"data-testid": "site-full-name"}).get_text(strip=True) == "云泽市发展和改革委员会"
    items = footer_items(page)
    assert items["网站标识码"] == "6209810002"
    assert items["主办单位"] == "云泽市发展和改革委员会"
    assert "6209810001" not in str(page.find("footer"))
    # The portal appears in the header only as the link back to it (R-SITE-2: 站群 links).
    header = page.find("header")
    portal_link = header.find(attrs={"data-testid": "portal-link"})
    assert portal_link.get_text(strip=True) == "云泽市人民政府"
    portal_link.extract()
    assert "云泽市人民政府" not in header.get_text()


def test_department_site__site_map_lists_its_own_columns(site_group, department_client):
    page = soup(department_client.get("/sitemap/"))
    assert page.find(attrs={"data-testid": "site-full-name"}).get_text(strip=True) == "云泽市发展和改革委员会"
    assert "政府文件" in page.find(class_="site-map").get_text()


def test_column_urls__live_under_their_site_s_domain(site_group, rf):
    request = rf.get("/", HTTP_HOST=PORTAL_HOST)
    request.urlconf = settings.PUBLIC_URLCONF
    with override_settings(ROOT_URLCONF=settings.PUBLIC_URLCONF):
        portal_docs = column(site_group.portal, "zfwj").get_full_url(request)
        department_docs = column(site_group.department, "zfwj").get_full_url(request)
    assert portal_docs == "http://www.yunze.gov.cn.localhost/zfxxgk/zfwj/"
    assert department_docs == "http://fgw.yunze.gov.cn.localhost/zfxxgk/zfwj/"


def test_admin__view_live_link_of_a_column_opens_the_public_page(site_group, admin_host_client, portal_client):
    docs = column(site_group.portal, "zfwj")
    page = BeautifulSoup(
        admin_host_client.get(reverse("wagtailadmin_pages:edit", args=[docs.pk])).content, "html.parser"
    )
    live = [urlsplit(a["href"]) for a in page.find_all("a", href=True) if PORTAL_HOST in a["href"]]
    assert live, "no link to the live page"
    assert {url.path for url in live} == {"/zfxxgk/zfwj/"}
    assert portal_client.get(live[0].path).status_code == 200


def test_admin_host__does_not_serve_public_pages_even_of_the_default_site(site_group, admin_host_client):
    assert admin_host_client.get("/zfxxgk/zfwj/").status_code == 404


def test_column__is_served_on_its_site_with_that_site_s_name(site_group, department_client):
    page = soup(department_client.get("/zfxxgk/zfwj/"))
    assert page.find("h1").get_text(strip=True) == "政府文件"
    assert page.find(attrs={"data-testid": "site-full-name"}).get_text(strip=True) == "云泽市发展和改革委员会"


def test_unknown_path__is_a_404(site_group, portal_client):
    assert portal_client.get("/no-such-column/").status_code == 404


# --- public and back-office hosts (R-SEC-2) ---------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/pages/", "/admin/settings/"])
def test_public_host__has_no_back_office(site_group, portal_client, path):
    assert portal_client.get(path).status_code == 404


def test_public_host__has_no_back_office_even_for_a_logged_in_superuser(site_group, superuser):
    client = Client(HTTP_HOST=PORTAL_HOST)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 404


def test_admin_host__sends_anonymous_visitors_to_the_login_page(site_group):
    response = Client(HTTP_HOST=ADMIN_HOST).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_host__with_a_port_is_still_the_back_office(site_group):
    response = Client(HTTP_HOST=f"{ADMIN_HOST}:8000").get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- links between the sites of the group: the portal, 互动交流 ----------------------------


def nav_link(page, name):
    nav = page.find("nav", attrs={"aria-label": "栏目导航"})
    return next((a for a in nav.find_all("a") if a.get_text(strip=True) == name), None)


def test_interaction__is_in_every_site_s_navigation_and_site_map(site_group, portal_client, department_client):
    from zhanqun.interaction.factories import MailboxFactory

    MailboxFactory(site=site_group.portal, name="市长信箱", slug="szxx")
    portal_root = site_group.portal.root_url

    assert nav_link(soup(portal_client.get("/")), "互动交流")["href"] == "/hudong/"
    # The 发改委 has no mailbox of its own: its 互动交流 is the portal's, where the mayor's is.
    department_home = soup(department_client.get("/"))
    assert nav_link(department_home, "互动交流")["href"] == portal_root + "/hudong/"
    site_map = soup(department_client.get("/sitemap/")).find(attrs={"data-testid": "site-map-interaction"})
    links = {a.get_text(strip=True): a["href"] for a in site_map.find_all("a")}
    assert links["市长信箱"] == portal_root + "/hudong/xiexin/szxx/"
    assert links["网页纠错"] == "/hudong/zhaocuo/"  # error reports about this site stay on it
    assert links["云泽市人民政府"] == portal_root + "/"

    MailboxFactory(site=site_group.department, name="市发展改革委信箱", slug="fgwxx")
    department_home = soup(department_client.get("/"))
    assert nav_link(department_home, "互动交流")["href"] == "/hudong/"


def test_department_site__links_the_portal_in_header_and_footer(site_group, department_client, portal_client):
    page = soup(department_client.get("/"))
    portal_url = site_group.portal.root_url + "/"
    assert page.find("header").find(attrs={"data-testid": "portal-link"})["href"] == portal_url
    assert any(a["href"] == portal_url for a in page.find("footer").find_all("a"))
    # The portal does not link itself.
    assert soup(portal_client.get("/")).find(attrs={"data-testid": "portal-link"}) is None


def test_a_site_without_a_mailbox__sends_letters_to_the_portal_s_mayor_s_mailbox(site_group, department_client):
    from zhanqun.interaction.factories import MailboxFactory

    MailboxFactory(site=site_group.portal, name="市长信箱", slug="szxx")
    note = soup(department_client.get("/hudong/")).find(attrs={"data-testid": "no-mailbox"})
    assert "本网站暂未开设信箱" in note.get_text()
    assert note.find("a", string="市长信箱")["href"] == site_group.portal.root_url + "/hudong/xiexin/szxx/"
