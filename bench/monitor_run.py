"""Benchmark a full monitor run over the 100,000-item group: time and peak memory.

In a scratch group seeded with ``--items`` bulk items (SQLite, the seeded database
cached by bench/_common.py), the group is published (``zhanqun publish all --jobs 2``),
then ``zhanqun monitor run`` runs every monitor that reads the database or the
document roots — freshness, footer identity, tamper (manifest against every file),
internal links, interaction — over every site, under ``/usr/bin/time -v`` with the
process tree's memory sampled. Then the content monitor (every live item screened
again) twice: cold (every page screened) and warm (nothing changed: read from
``ContentScreening``), each with its time and peak memory. Availability (HTTP probes of a handful of pages per
site) and external links (the network) are left out: ``bench/link_check.py`` measures
the link checker on its own.

    .venv/bin/python bench/monitor_run.py --source HEAD
    .venv/bin/python bench/monitor_run.py --items 10000
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

CHECKS = ["freshness", "footer", "tamper", "links", "interaction"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument("--output", default=None)
    options = parser.parse_args()
    C.use_source(options.source)
    load_before = C.os.getloadavg()
    var_dir, env, seed_seconds = C.scratch_env(options.items, fresh=options.fresh, prefix="zhanqun-monitor-")
    try:
        sys.stderr.write("publishing the group …\n")
        publish, _out, _err = C.timed([str(C.ZHANQUN), "publish", "all", "--jobs", "2"], env=env, cwd=C.ROOT)
        sys.stderr.write("monitoring …\n")
        cmd = [str(C.ZHANQUN), "monitor", "run", "--json"] + [x for c in CHECKS for x in ("--check", c)]
        run, out, _err = C.timed(cmd, env=env, cwd=C.ROOT)
        runs = json.loads(out)
        content = {}
        for label in ("cold", "warm"):
            sys.stderr.write(f"content monitor ({label}) …\n")
            content[label], out, _err = C.timed(
                [str(C.ZHANQUN), "monitor", "run", "--json", "--check", "content"], env=env, cwd=C.ROOT
            )
            runs += json.loads(out)
        figures = {
            "benchmark": "monitor_run",
            "items": options.items,
            "database": "sqlite",
            "source": C.source_info(),
            "seed_seconds": seed_seconds,
            "publish_seconds": publish["wall_seconds"],
            "checks": CHECKS,
            "monitor": run,
            "content_cold": content["cold"],
            "content_warm": content["warm"],
            "findings": {
                f"{r['site']} {r['check']}": r["opened"] + r["still_open"] for r in runs if r["opened"] + r["still_open"]
            },
            "errors": [r for r in runs if r["error"]],
            "peak_memory_target_mib": 1024,
            "machine": C.machine(load_before),
        }
        C.write_results("monitor_run", figures, options.output)
    finally:
        C.remove_scratch(var_dir, options.keep)


if __name__ == "__main__":
    main()
