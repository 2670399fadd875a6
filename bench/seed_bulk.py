"""Benchmark `zhanqun seed --items N`: how fast the large group for benchmarks is built.

In a scratch database — a fresh SQLite file in a temporary ZHANQUN_VAR_DIR, or the
PostgreSQL database given with --database-url (it must be an empty scratch database:
the script migrates it and seeds it; never point it at a database you care about) —
it runs `zhanqun migrate` and `zhanqun seed --items N` and prints the figures as JSON,
also written to bench/results/seed_bulk.json (or --output).

    .venv/bin/python bench/seed_bulk.py                      # 100,000 items on SQLite
    .venv/bin/python bench/seed_bulk.py --items 10000
    .venv/bin/python bench/seed_bulk.py --database-url postgres://postgres@127.0.0.1:5432/zq_bulk \
        --output /tmp/seed_bulk_pg.json

The seed step includes loading the demo group (about a thousand items added one by
one through Wagtail); the bulk step alone is reported as `bulk_seconds` and
`items_per_second`, taken from the command's own timing line.
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZHANQUN = ROOT / ".venv" / "bin" / "zhanqun"
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "seed_bulk.json"


def run(args, env):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own console command, fixed arguments
        [str(ZHANQUN), *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.monotonic() - started
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"zhanqun {' '.join(args)} failed with exit code {result.returncode}")
    return elapsed, result.stdout


def sqlite_size(var_dir):
    return sum(p.stat().st_size for p in Path(var_dir).glob("zhanqun.sqlite3*"))


def postgres_size(env):
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SELECT pg_database_size(current_database())')\n"
        "    print(c.fetchone()[0])\n"
    )
    _elapsed, out = run(["shell", "-c", code], env)
    return int(out.strip().splitlines()[-1])


def page_count(env):
    code = "from wagtail.models import Page\nprint(Page.objects.count())\n"
    _elapsed, out = run(["shell", "-c", code], env)
    return int(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="items to generate (default 100000)")
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale before the bulk items (default 1.0)")
    parser.add_argument("--database-url", help="an empty scratch PostgreSQL database instead of SQLite")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON figures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary var directory (SQLite file)")
    options = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="zhanqun-seed-bulk-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(ZHANQUN_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="zhanqun.settings.dev", PYTHONUNBUFFERED="1")
    if options.database_url:
        env["DATABASE_URL"] = options.database_url
    load_before = os.getloadavg()
    try:
        migrate_seconds, _out = run(["migrate", "--no-input", "-v0"], env)
        seed_seconds, out = run(["seed", "--items", str(options.items), "--scale", str(options.scale)], env)
        match = re.search(r"已批量生成 (\d+) 条信息（([\d.]+) 秒）", out)
        written, bulk_seconds = (int(match.group(1)), float(match.group(2))) if match else (0, None)
        if options.database_url:
            vendor, size = "postgresql", postgres_size(env)
        else:
            vendor, size = "sqlite", sqlite_size(var_dir)
        figures = {
            "benchmark": "seed_bulk",
            "command": f"zhanqun seed --items {options.items} --scale {options.scale}",
            "database": vendor,
            "items_requested": options.items,
            "items_written": written,
            "pages_total": page_count(env),
            "migrate_seconds": round(migrate_seconds, 2),
            "seed_wall_seconds": round(seed_seconds, 2),
            "demo_load_seconds": round(seed_seconds - (bulk_seconds or 0), 2),
            "bulk_seconds": bulk_seconds,
            "items_per_second": round(written / bulk_seconds, 1) if bulk_seconds else None,
            "items_per_second_wall": round(written / seed_seconds, 1) if seed_seconds else None,
            "db_size_bytes": size,
            "db_size_mb": round(size / 1024 / 1024, 1),
            "progress": [line for line in out.splitlines() if line.startswith("已写入")],
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                # Other work on the machine skews the figures; recorded to tell.
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
            },
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    finally:
        if options.keep:
            sys.stderr.write(f"kept {var_dir}\n")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
