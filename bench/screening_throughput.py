"""Screening throughput: MB/s of Chinese text with the full rule set and a 50,000-entry
sensitive-word dictionary (target ≥ 10 MB/s on one core), and the time to screen a
100-page PDF attachment. Median of several runs.

Prints JSON and writes bench/results/screening_throughput.json.
Options: --mb N (default 20), --runs N (default 5), --words N (default 50000).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from zhanqun.screening import Screener  # noqa: E402
from zhanqun.screening.dictionaries import Dictionaries  # noqa: E402
from zhanqun.screening.tests.files import make_pdf  # noqa: E402

# realistic government prose, including things the rules look at (numbers, dates, 关于…的通知, links)
SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，激发市场主体活力，现将有关事项通知如下。",
    "各县区人民政府，市政府各部门，各直属机构：",
    "联系人：市发展改革委综合科，联系电话：0937-8221234，传真：0937-8221235。",
    "市民如遇问题，可拨打12345政务服务便民热线反映。",
    "2024年全市地区生产总值完成1286.5亿元，同比增长5.6%，规模以上工业增加值增长7.2%。",
    "会议强调，要严格执行重大事项请示报告制度，切实保守国家秘密和工作秘密。",
    "关于做好2025年春季农业生产工作的通知已印发，请各单位认真贯彻执行。",
    "详见中国政府网https://www.gov.cn/zhengce/content/2025-01/15/content_123456.htm。",
    "合同编号：202405180000123456，成交金额人民币1,280,000元，供应商为云泽市明光照明工程有限公司。",
    "深入学习贯彻习近平新时代中国特色社会主义思想，全面贯彻党的二十大和二十届三中全会精神。",
    "各地要加强组织领导，压实工作责任，确保各项任务落到实处，重要情况及时报告。",
    "本项目总投资3.2亿元，建设内容包括道路、管网、绿化及配套设施，计划于2026年6月底前建成投用。",
    "（一）加强统筹协调。（二）强化要素保障。（三）严格督查考核。",
]
CJK_COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"


def generate_text(mb: float, seed: int = 7) -> str:
    rnd = random.Random(seed)
    target = int(mb * 1024 * 1024)
    chunks, size = [], 0
    while size < target:
        if rnd.random() < 0.7:
            s = rnd.choice(SENTENCES)
        else:
            s = "".join(rnd.choice(CJK_COMMON) for _ in range(rnd.randint(20, 60))) + "。"
        if rnd.random() < 0.15:
            s += "\n"
        chunks.append(s)
        size += len(s.encode("utf-8"))
    return "".join(chunks)


def generate_dictionary(n: int, seed: int = 11) -> Dictionaries:
    rnd = random.Random(seed)
    d = Dictionaries.load(builtin=True, env=False)
    while len(d.sensitive) < n:
        d.add_sensitive("".join(rnd.choice(CJK_COMMON) for _ in range(rnd.randint(3, 6))), rnd.choice(["block", "warn"]))
    return d


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--pdf-pages", type=int, default=100)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    dictionaries = generate_dictionary(args.words)
    screener = Screener(dictionaries)
    build_s = time.perf_counter() - t0

    text = generate_text(args.mb)
    nbytes = len(text.encode("utf-8"))
    # screen in document-sized pieces (~64 KB), the way pages and attachments are screened
    pieces, step = [], 20_000
    for i in range(0, len(text), step):
        pieces.append(text[i : i + step])
    times, findings = [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        findings = sum(len(screener.screen_text(p)) for p in pieces)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)

    with tempfile.TemporaryDirectory() as tmp:
        rnd = random.Random(3)
        pages = [[rnd.choice(SENTENCES) for _ in range(30)] for _ in range(args.pdf_pages)]
        pdf = make_pdf(Path(tmp) / "attachment.pdf", pages)
        pdf_times = []
        for _ in range(3):
            start = time.perf_counter()
            screener.screen_file(pdf)
            pdf_times.append(time.perf_counter() - start)
        pdf_bytes = pdf.stat().st_size

    result = {
        "benchmark": "screening_throughput",
        "text_mb": round(nbytes / 1024 / 1024, 2),
        "text_chars": len(text),
        "dictionary_entries": len(dictionaries.sensitive),
        "dictionary_build_s": round(build_s, 3),
        "runs": args.runs,
        "median_s": round(median, 3),
        "mb_per_s": round(nbytes / 1024 / 1024 / median, 2),
        "target_mb_per_s": 10,
        "findings": findings,
        "pdf_pages": args.pdf_pages,
        "pdf_kb": round(pdf_bytes / 1024, 1),
        "pdf_median_s": round(statistics.median(pdf_times), 3),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = HERE / "results" / "screening_throughput.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
