"""advertising — commercial advertising and links to commercial sites.

Strong advertising phrases (厂家直销, 招商加盟, 点击购买 …) block; a link to a domain
that is neither governmental, educational nor a known state medium warns.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from ..context import RuleInput
from ..findings import Category, Finding, Severity, make
from ..scan import Anchored

STRONG_AD = Anchored(
    r"厂家直销|招商加盟|代理加盟|火爆招商|诚招代理|全网最低|全场[一二三四五六七八九\d]+折|限时抢购|点击购买|立即购买|立即抢购|"
    r"欢迎选购|欢迎订购|欢迎来电咨询|扫码(?:领取|购买|下单)|加微信(?:领取|咨询|购买)|包邮|秒杀|【广告】|\[广告\]|广告位招租|"
    r"推广链接|赞助链接|优惠券领取|买\s*\d+\s*[送减]\s*\d+|满\s*\d+\s*[送减]\s*\d+",
    (
        "厂家直销",
        "招商加盟",
        "代理加盟",
        "火爆招商",
        "诚招代理",
        "全网最低",
        "全场",
        "限时抢购",
        "点击购买",
        "立即",
        "欢迎",
        "扫码",
        "加微信",
        "包邮",
        "秒杀",
        "【广告】",
        "[广告]",
        "广告位招租",
        "推广链接",
        "赞助链接",
        "优惠券领取",
        "买",
        "满",
    ),
)
# ``host`` is what urlsplit would give as the host name: the allowed characters stop before a port or a path
URL = Anchored(
    r"(?:[hH][tT][tT][pP][sS]?://|(?=[wW][wW][wW]\.[A-Za-z0-9\-._~%]))(?P<host>[A-Za-z0-9\-._~%]+)"
    r"(?:[/?#][^\s<>\"'，。；、）)】]*)?",
    ("http", "www."),
)

# suffixes of non-commercial domains; a link elsewhere warns unless allowed by context
PUBLIC_SUFFIXES = (".gov.cn", ".gov", ".edu.cn", ".edu", ".mil.cn", ".org.cn", ".ac.cn", ".政务", ".公益")
STATE_MEDIA = frozenset(
    {
        "xinhuanet.com",
        "news.cn",
        "people.com.cn",
        "cctv.com",
        "cctv.cn",
        "chinadaily.com.cn",
        "gmw.cn",
        "qstheory.cn",
        "ce.cn",
        "cnr.cn",
        "china.com.cn",
        "chinanews.com.cn",
        "youth.cn",
        "12371.cn",
        "cac.gov.cn",
        "npc.gov.cn",
        "court.gov.cn",
        "spp.gov.cn",
        "ccdi.gov.cn",
        "cpcnews.cn",
        "stats.gov.cn",
    }
)


def host_of(url: str) -> str:
    if not re.match(r"[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "http://" + url
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


@functools.lru_cache(maxsize=4096)
def _public(host: str, extra: frozenset[str]) -> bool:
    return is_public_host(host, extra)


def is_public_host(host: str, extra: Iterable[str] = ()) -> bool:
    if not host:
        return True
    if host.endswith(PUBLIC_SUFFIXES) or re.fullmatch(r"[\d.]+", host):
        return True
    for domain in (*STATE_MEDIA, *extra):
        if host == domain or host.endswith("." + domain):
            return True
    return False


def _link_finding(text: str, start: int, end: int, url: str, host: str) -> Finding:
    return make(
        text,
        start,
        end,
        category=Category.ADVERTISING,
        rule="advertising.commercial_link",
        severity=Severity.WARN,
        message=f"含有指向商业网站的链接（{host}），政府网站不得链接商业网站，请删除或改为权威来源。",
    )


def check(text: str, inp: RuleInput) -> Iterator[Finding]:
    for m in STRONG_AD.finditer(text, inp.scan):
        yield make(
            text,
            m.start(),
            m.end(),
            category=Category.ADVERTISING,
            rule="advertising.phrase",
            severity=Severity.BLOCK,
            message=f"含有商业广告用语“{m.group(0)}”，政府网站不得刊登商业广告，请删除。",
        )
    extra = frozenset(inp.context.allowed_domains) | frozenset(inp.context.internal_hosts)
    if inp.context.base_url:
        extra |= {host_of(inp.context.base_url)}
    seen: set[str] = set()
    for m in URL.finditer(text, inp.scan):
        host = m.group("host").lower().rstrip(".")
        if not _public(host, extra):
            seen.add(m.group(0))
            yield _link_finding(text, m.start(), m.end(), m.group(0), host)
    for href in inp.links:
        if href in seen or not re.match(r"(?:https?:)?//|www\.", href, re.IGNORECASE):
            continue
        host = host_of(href if not href.startswith("//") else "http:" + href)
        if not is_public_host(host, extra):
            seen.add(href)
            yield _link_finding(text, 0, 0, href, host)
