"""Audit chain verification speed: records/s of `zhanqun audit verify` over N records
(default 1,000,000), the figure that says whether an auditor can check a year's log.

    python bench/audit_verify.py                     # SQLite, 1,000,000 records
    python bench/audit_verify.py --records 100000
    python bench/audit_verify.py --database-url postgres://postgres@127.0.0.1:5432/zq_bench_audit

A scratch installation is migrated, then N records are appended through the bulk path
(``audit.services.bulk_append``: one head lock, the SM3 chain and HMAC-SM3 signatures
computed exactly as for single appends) with realistic sizes (user, address, Wagtail
action, object, a small detail). Then `zhanqun audit verify --json` runs as a separate
process; its own timer (the walk, without Django start-up) and the wall time are
recorded. The run must end with exit 0 and the count N plus what migrate recorded.

Prints JSON and writes bench/results/audit_verify.json (--output to change).
Not part of the unit suite.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

INSERT = r"""
import sys, time, random
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from zhanqun.audit import services

n = int(sys.argv[1])
actions = [("wagtail.edit", "编辑"), ("wagtail.publish", "发布"), ("auth.login", "登录"),
           ("wagtail.workflow.approve", "审核通过"), ("export", "导出"), ("personal_data.view", "查看公众个人信息")]
start = timezone.now() - timedelta(days=365)
step = timedelta(days=365) / max(n, 1)
rnd = random.Random(7)

def rows():
    for i in range(n):
        action, label = actions[i % len(actions)]
        yield {
            "user_id": 1 + i % 200,
            "username": f"user{i % 200}",
            "source_address": f"10.{i % 7}.{i % 251}.{i % 253 + 1}",
            "action": action,
            "action_label": label,
            "object_type": "wagtailcore.page",
            "object_id": str(1000 + i % 50000),
            "object_repr": f"关于做好{i % 97}号工作的通知",
            "success": i % 50 != 0,
            "detail": {"request": f"POST /admin/pages/{1000 + i % 50000}/edit/", "revision": i, "uuid": None},
            "created_at": start + step * i,
        }

t = time.perf_counter()
services.bulk_append(rows(), batch_size=5000)
print(time.perf_counter() - t)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="default: a scratch SQLite database")
    parser.add_argument("--output", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    args = parser.parse_args()

    load_before = os.getloadavg()
    var_dir = Path(tempfile.mkdtemp(prefix="zhanqun-bench-audit-"))
    env = C.base_env(var_dir)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    try:
        migrate_s, _ = C.zhanqun(["migrate", "--no-input", "-v0"], env)
        sys.stderr.write(f"migrated in {migrate_s:.0f} s; inserting {args.records:,} records…\n")
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [str(C.PYTHON), "-c", INSERT, str(args.records)],
            env=env,
            cwd=C.ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit("inserting failed")
        insert_s = float(result.stdout.strip().splitlines()[-1])
        insert_wall = time.monotonic() - started
        sys.stderr.write(f"inserted in {insert_s:.1f} s; verifying…\n")
        wall, verify = C.zhanqun(["audit", "verify", "--json"], env, check=False)
        report = json.loads(verify.stdout)
        if verify.returncode != 0 or not report["ok"]:
            raise SystemExit(f"verify failed: {verify.stdout} {verify.stderr}")
        db_bytes = sum(p.stat().st_size for p in var_dir.glob("zhanqun.sqlite3*"))
    finally:
        C.remove_scratch(var_dir, keep=args.keep)

    count = report["count"]
    figures = {
        "benchmark": "audit_verify",
        "database": "postgresql" if args.database_url else "sqlite",
        "records_inserted": args.records,
        "records_verified": count,
        "insert_seconds": round(insert_s, 2),
        "insert_records_per_second": round(args.records / insert_s) if insert_s else None,
        "insert_wall_seconds": round(insert_wall, 2),
        "verify_seconds": report["seconds"],
        "verify_records_per_second": round(count / report["seconds"]) if report["seconds"] else None,
        "verify_wall_seconds_incl_startup": round(wall, 2),
        "sqlite_bytes": db_bytes or None,
        "source": C.source_info(),
        "machine": C.machine(load_before),
    }
    C.write_results("audit_verify", figures, args.output)


if __name__ == "__main__":
    main()
