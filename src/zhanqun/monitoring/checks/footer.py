"""Site identity on every page (R-SITE; the inspectors check each page's footer): the
published HTML files of the site, as listed in the publisher's manifest, each read from
the document root and searched for the identity items the footer must show."""

from ..enums import Problem
from . import Observation

EXAMPLES = 20


def required_items(identity):
    """(label, text that must appear) for the footer's identity items."""
    return [
        ("主办单位", identity.sponsor),
        ("网站标识码", identity.site_code),
        ("ICP备案编号", identity.icp_number),
        ("公安机关备案号", identity.police_number),
        ("联系电话", identity.phone),
    ]


def check(site, now):
    from zhanqun.publishing.models import PublishedFile
    from zhanqun.publishing.services import site_dir
    from zhanqun.sitegroup.models import SiteIdentity

    identity = SiteIdentity.objects.filter(site=site).first()
    if identity is None:
        return [Observation(Problem.FOOTER_MISSING, "identity", "站点尚未设置网站标识（主办单位、网站标识码、备案号等）")]
    items = [(label, text) for label, text in required_items(identity) if text]
    root = site_dir(site)
    missing = {label: [] for label, _text in items}
    counts = dict.fromkeys(missing, 0)
    paths = PublishedFile.objects.filter(site=site, path__endswith=".html").values_list("path", flat=True)
    for path in paths.iterator(chunk_size=2000):
        try:
            text = (root / path).read_text("utf-8", errors="replace")
        except OSError:
            continue  # a missing file is the tamper monitor's finding
        for label, value in items:
            if value not in text:
                counts[label] += 1
                if len(missing[label]) < EXAMPLES:
                    missing[label].append(path)
    found = []
    for label, _value in items:
        if counts[label]:
            first = missing[label][0]
            found.append(
                Observation(
                    Problem.FOOTER_MISSING,
                    f"item:{label}",
                    f"{counts[label]} 个页面缺少{label}",
                    url=f"{site.root_url}/{first.removesuffix('index.html')}",
                    evidence={"item": label, "pages": counts[label], "examples": missing[label]},
                )
            )
    return found
