"""zhanqun inspect [--site S] [--json] [--indicators FILE]

Evaluates each site against the national inspection indicators from the monitors'
open findings and availability probes (run ``zhanqun monitor run`` first). The JSON is
stable: see ``zhanqun.monitoring.scorecard``. Exit code 1 when a site fails a veto item.
"""

import json

from django.core.management.base import BaseCommand

from zhanqun.monitoring import scorecard

from ._sites import sites_or_error


class Command(BaseCommand):
    help = "按国家政府网站检查指标评价站点（单项否决与扣分）"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="只评价该站点（域名、主机名或编号）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出（格式稳定，见 docs/monitoring.md）")
        parser.add_argument("--indicators", help="指标文件（JSON），默认为平台自带的指标")

    def handle(self, *args, site=None, json=False, indicators=None, **options):  # noqa: A002
        indicator_data = scorecard.load_indicators(indicators)
        results = [scorecard.evaluate(s, indicator_data) for s in sites_or_error(site)]
        if json:
            self.stdout.write(_dumps(results if site is None else results[0] if len(results) == 1 else results))
        else:
            for r in results:
                self.stdout.write(self._text(r))
        if not all(r["passed"] for r in results):
            raise SystemExit(1)

    def _text(self, r):
        lines = [f"{r['site_name']}（{r['site']}）：{'合格' if r['passed'] else '单项否决，不合格'}，得分 {r['score']:g}"]
        for v in r["vetoes"]:
            state = "未评价" if not v["evaluated"] else ("否决" if v["failed"] else "通过")
            value = "" if v["value"] is None else f"（{v['value']:g}）"
            lines.append(f"  单项否决 {v['name']}：{state}{value}")
            lines += [f"    - {e.get('message') or e.get('url')}" for e in v["evidence"][:5]]
        for d in r["deductions"]:
            if d["points"]:
                lines.append(f"  扣分 {d['name']}：-{d['points']:g}")
                lines += [f"    - {e['message']}" for e in d["evidence"][:5]]
        return "\n".join(lines)


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, indent=2)
