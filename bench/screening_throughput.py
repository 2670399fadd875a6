"""Screening throughput: MB/s of Chinese text with the full rule set and a 50,000-entry
sensitive-word dictionary (target ≥ 10 MB/s on one core), and the time to screen a
100-page PDF attachment. Median of several runs.

    python bench/screening_throughput.py                  # the working tree's engine
    python bench/screening_throughput.py --compare HEAD~3  # …and the engine of a commit, side by side

Each engine runs in its own worker process (one core each, one at a time): the text and
dictionary are generated once and the runs of the engines alternate, so both see the
same machine load. Both wall-clock and CPU (process) time are recorded; on a shared
machine the CPU time is the steadier of the two. A digest of the findings shows whether
the engines report the same thing.

Prints JSON and writes bench/results/screening_throughput.json.
Options: --mb N (default 20), --runs N (default 5), --words N (default 50000), --compare REF.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKTREE_SRC = ROOT / "src"

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
PIECE_CHARS = 20_000  # screened in document-sized pieces, the way pages and attachments are


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


def generate_dictionary(n: int, seed: int = 11):
    from zhanqun.screening.dictionaries import Dictionaries

    rnd = random.Random(seed)
    d = Dictionaries.load(builtin=True, env=False)
    while len(d.sensitive) < n:
        word = "".join(rnd.choice(CJK_COMMON) for _ in range(rnd.randint(3, 6)))
        d.add_sensitive(word, rnd.choice(["block", "warn"]))
    return d


def pieces_of(text: str) -> list[str]:
    return [text[i : i + PIECE_CHARS] for i in range(0, len(text), PIECE_CHARS)]


def digest(findings_per_piece) -> str:
    h = hashlib.sha1()  # noqa: S324 — a fingerprint, not security
    for i, found in enumerate(findings_per_piece):
        for f in found:
            h.update(f"{i}:{f.start}:{f.end}:{f.category}:{f.rule}:{f.severity}\n".encode())
    return h.hexdigest()[:16]


# --- worker: one engine, one run per "run" line on stdin ------------------------------------------------------------
def worker(src: str, text_file: str, words: int) -> int:
    sys.path.insert(0, src)
    from zhanqun.screening import Screener

    t0 = time.perf_counter()
    dictionaries = generate_dictionary(words)
    screener = Screener(dictionaries)
    build_s = time.perf_counter() - t0
    pieces = pieces_of(Path(text_file).read_text(encoding="utf-8"))
    found = [screener.screen_text(p) for p in pieces]  # warm-up, and what it finds
    import zhanqun.screening as package

    info = {"build_s": build_s, "findings": sum(map(len, found)), "digest": digest(found), "module": package.__file__}
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        wall, cpu = time.perf_counter(), time.process_time()
        for p in pieces:
            screener.screen_text(p)
        print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}), flush=True)
    return 0


class Engine:
    def __init__(self, label: str, src: Path, text_file: Path, words: int):
        self.label, self.src = label, src
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(src), "--text-file", str(text_file), "--words", str(words)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.info = json.loads(self.proc.stdout.readline())
        if not self.info["module"].startswith(str(src)):
            raise RuntimeError(f"{label}: imported {self.info['module']}, not the code under {src}")
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self) -> None:
        self.proc.stdin.write("run\n")
        self.proc.stdin.flush()
        r = json.loads(self.proc.stdout.readline())
        self.wall.append(r["wall"])
        self.cpu.append(r["cpu"])

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)

    def figures(self, mb: float) -> dict:
        wall, cpu = statistics.median(self.wall), statistics.median(self.cpu)
        return {
            "code": self.label,
            "dictionary_build_s": round(self.info["build_s"], 3),
            "median_s": round(wall, 3),
            "median_cpu_s": round(cpu, 3),
            "mb_per_s": round(mb / wall, 2),
            "mb_per_s_cpu": round(mb / cpu, 2),
            "runs_s": [round(x, 3) for x in self.wall],
            "findings": self.info["findings"],
            "findings_digest": self.info["digest"],
        }


def export_commit(ref: str) -> tuple[Path, str]:
    """The screening package of commit ``ref``, exported under /tmp (not committed anywhere)."""
    commit = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, capture_output=True, text=True, check=True)
    sha = commit.stdout.strip()
    dest = Path(tempfile.gettempdir()) / f"zhanqun-screening-{sha[:12]}"
    if not (dest / "src" / "zhanqun" / "screening" / "__init__.py").is_file():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", sha, "src/zhanqun/__init__.py", "src/zhanqun/screening"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest / "src", sha


def git_head() -> str:
    r = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "src/zhanqun/screening"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return r.stdout.strip() + (" + uncommitted changes" if dirty else "")


def pdf_figures(pages_n: int) -> dict:
    sys.path.insert(0, str(WORKTREE_SRC))
    from zhanqun.screening import Screener
    from zhanqun.screening.tests.files import make_pdf

    screener = Screener(generate_dictionary(50_000))
    with tempfile.TemporaryDirectory() as tmp:
        rnd = random.Random(3)
        pages = [[rnd.choice(SENTENCES) for _ in range(30)] for _ in range(pages_n)]
        pdf = make_pdf(Path(tmp) / "attachment.pdf", pages)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            screener.screen_file(pdf)
            times.append(time.perf_counter() - start)
        return {
            "pdf_pages": pages_n,
            "pdf_kb": round(pdf.stat().st_size / 1024, 1),
            "pdf_median_s": round(statistics.median(times), 3),
        }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--pdf-pages", type=int, default=100)
    ap.add_argument("--compare", metavar="REF", help="also measure the engine of this commit, runs interleaved")
    ap.add_argument("--output", type=Path, default=HERE / "results" / "screening_throughput.json")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--text-file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.text_file, args.words)

    text = generate_text(args.mb)
    nbytes = len(text.encode("utf-8"))
    mb = nbytes / 1024 / 1024
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "text.txt"
        text_file.write_text(text, encoding="utf-8")
        engines = [Engine(f"working tree ({git_head()})", WORKTREE_SRC, text_file, args.words)]
        if args.compare:
            src, sha = export_commit(args.compare)
            engines.insert(0, Engine(f"git {sha[:12]} ({args.compare})", src, text_file, args.words))
        try:
            for i in range(args.runs):
                for engine in engines if i % 2 == 0 else engines[::-1]:
                    engine.run()
        finally:
            for engine in engines:
                engine.close()
    current = engines[-1].figures(mb)
    result = {
        "benchmark": "screening_throughput",
        "command": "python bench/screening_throughput.py" + (f" --compare {args.compare}" if args.compare else ""),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "text_mb": round(mb, 2),
        "text_chars": len(text),
        "piece_chars": PIECE_CHARS,
        "dictionary_entries": args.words,
        "runs": args.runs,
        "target_mb_per_s": 10,
        **current,
    }
    if args.compare:
        before = engines[0].figures(mb)
        result["before"] = before
        result["speedup_wall"] = round(before["median_s"] / current["median_s"], 2)
        result["speedup_cpu"] = round(before["median_cpu_s"] / current["median_cpu_s"], 2)
        result["same_findings"] = before["findings_digest"] == current["findings_digest"]
    if args.pdf_pages:
        result.update(pdf_figures(args.pdf_pages))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    args.output.parent.mkdir(exist_ok=True)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
