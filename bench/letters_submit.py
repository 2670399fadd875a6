"""1,000 letters submitted concurrently to the public app on PostgreSQL: none lost, numbers
unique and gap-free, p50/p95 submit latency, throughput (issue 5, R-INT-1/R-INT-2).

    .venv/bin/python bench/letters_submit.py                    # 1,000 letters, 32 at a time
    .venv/bin/python bench/letters_submit.py --source HEAD      # measure the last commit
    .venv/bin/python bench/letters_submit.py --letters 200 --concurrency 8

A scratch PostgreSQL database (``--database``, default ``zhanqun_bench_letters`` on
127.0.0.1:5432, user postgres, trust auth) is created, migrated and seeded with the demo
site group (``zhanqun seed``: the portal www.yunze.gov.cn with its 市长信箱 ``szxx``), and
dropped at the end (``--keep`` keeps it). The public app then runs as in production:
gunicorn (gthread, ``--workers`` × ``--threads``) with ``zhanqun.settings.production``
(DEBUG off; throwaway secret keys; the demo's SM4 key, so the seeded letters stay
readable), answering the portal's host; the client says ``X-Forwarded-Proto: https`` as
nginx would (``ZHANQUN_PROXY_SSL_HEADER``), so the requests count as HTTPS: no redirect,
the CSRF cookie is the production one (Secure) and the Origin is checked.

Two settings differ from production, and the output says so:

* the per-address rate limit of letters (5 an hour) is raised for this run with
  ``ZHANQUN_RATE_LIMITS_ENV=letter=<n>/3600`` — every client is 127.0.0.1;
* the CAPTCHA is real (django-simple-captcha, nothing switched to test mode): the client
  reads the expected answer of the challenge it was given from the ``captcha_captchastore``
  table by its hash key, as the unit tests do.

``--concurrency`` client threads (32) each repeat a citizen's journey until ``--letters``
(1,000) letters are in: GET the form (/hudong/xiexin/szxx/), POST it with the CAPTCHA
answer and the form's one-time key, and — on the 302 — GET the acknowledgement
(/hudong/yitijiao/, the case travels in the signed cookie) and read number and query
code from it. Submit latency is the POST until its 302 (the letter's transaction has
committed); the journey adds the form and the acknowledgement. Throughput is letters
per second over the wall time of the whole run.

Checks afterwards, in the database: as many new letter cases as acknowledgements, one
``Letter`` row and one 受理 event each, acknowledged numbers distinct and equal to the new
cases' numbers, sequences exactly ``counter_before + 1 … counter_before + N`` (gap-free),
the ``CaseCounter`` at ``counter_before + N``; query codes distinct.

Prints JSON and writes bench/results/letters_submit.json (``--output`` to change).
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432/"
HOST = "www.yunze.gov.cn.localhost"  # the demo portal, dev host suffix
MAILBOX = "szxx"  # its 市长信箱
DEMO_CASES_KEY = "00112233445566778899aabbccddeeff"  # settings.dev: the seeded letters' key

INPUT = re.compile(r"<input\b[^>]*>", re.S)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
NUMBER = re.compile(r'data-testid="case-number">([^<]+)<')
CODE = re.compile(r'data-testid="query-code">([^<]+)<')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql, database="postgres"):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAtc", sql],
        capture_output=True, text=True, check=True,
    ).stdout.strip()


def hidden_inputs(html):
    values = {}
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs:
            values[attrs["name"]] = attrs.get("value", "")
    return values


class Citizen:
    """One client thread's HTTP connection and cookies (sent by hand: the CSRF cookie is
    Secure, as in production, and the client speaks plain HTTP behind a pretend proxy)."""

    def __init__(self, port, db):
        self.port, self.db = port, db
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        head = {"Host": HOST, "X-Forwarded-Proto": "https", "User-Agent": "zhanqun-bench"}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head.update(headers or {})
        try:
            self.conn.request(method, path, body=body, headers=head)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, path, body=body, headers=head)
            response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def captcha_answer(self, hashkey):
        row = self.db.execute("SELECT response FROM captcha_captchastore WHERE hashkey = %s", [hashkey]).fetchone()
        return row[0] if row else ""

    def write_letter(self, i):
        form_path = f"/hudong/xiexin/{MAILBOX}/"
        t0 = time.perf_counter()
        status, _, html = self.request("GET", form_path)
        t1 = time.perf_counter()
        if status != 200:
            return {"error": f"form GET {status}"}
        fields = hidden_inputs(html)
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
            "submission_key": fields.get("submission_key", ""),
            "captcha_0": fields.get("captcha_0", ""),
            "captcha_1": self.captcha_answer(fields.get("captcha_0", "")),
            "name": f"测试{i % 97}",
            "phone": f"139{i:08d}",
            "email": "",
            "address": f"云泽市新城区{i % 50}号",
            "category": ("consult", "suggest", "complain", "report")[i % 4],
            "subject": f"关于小区道路修缮的第{i}号来信",
            "content": f"小区门口道路破损已久，雨天积水严重，居民出行不便，请有关部门尽快修缮。编号{i}。",
            "public_consent": "on",
        }
        origin = f"https://{HOST}"
        t2 = time.perf_counter()
        status, headers, body = self.request(
            "POST", form_path, body=urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": origin + form_path},
        )
        t3 = time.perf_counter()
        if status != 302:
            reason = "rate-limited (429)" if status == 429 else f"POST {status}"
            if status == 200:
                reason += " (form redisplayed: " + ", ".join(re.findall(r'class="hd-error"[^>]*>([^<]+)<', body))[:200] + ")"
            return {"error": reason}
        status, _, ack = self.request("GET", headers.get("Location", "/hudong/yitijiao/"))
        t4 = time.perf_counter()
        number, code = NUMBER.search(ack), CODE.search(ack)
        if status != 200 or not number:
            return {"error": f"acknowledgement {status} without a number"}
        return {
            "number": number.group(1).strip(),
            "query_code": code.group(1).strip() if code else "",
            "submission_key": data["submission_key"],
            "form_s": t1 - t0,
            "submit_s": t3 - t2,
            "ack_s": t4 - t3,
            "journey_s": t4 - t0,
        }


def run_clients(port, dsn, letters, concurrency):
    import psycopg

    results, lock = [], threading.Lock()
    counter = iter(range(letters))

    def worker():
        with psycopg.connect(dsn, autocommit=True) as db:
            citizen = Citizen(port, db)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                try:
                    outcome = citizen.write_letter(i)
                except (OSError, http.client.HTTPException) as exc:
                    outcome = {"error": f"{type(exc).__name__}: {exc}"}
                with lock:
                    results.append(outcome)
                    if len(results) % 100 == 0:
                        sys.stderr.write(f"{len(results)} letters …\n")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def wait_ready(port, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/healthz", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the public app did not answer /healthz")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--database", default="zhanqun_bench_letters", help="scratch database (created, then dropped)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and var dir")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument("--output")
    options = parser.parse_args()
    if options.database in ("test", "postgres") or not re.fullmatch(r"[a-z_][a-z0-9_]*", options.database):
        raise SystemExit(f"refusing to use database {options.database!r}: give a scratch name")
    C.use_source(options.source)

    load_before = os.getloadavg()
    dsn = PG + options.database
    var_dir = Path(tempfile.mkdtemp(prefix="zhanqun-letters-"))
    env = C.base_env(var_dir)
    env["DATABASE_URL"] = dsn
    rate_limit = f"letter={options.letters * 2}/3600"
    figures = {
        "benchmark": "letters_submit",
        "command": "python bench/letters_submit.py " + " ".join(sys.argv[1:]),
        "database": f"postgresql {psql('SHOW server_version')} (scratch database {options.database})",
        "letters": options.letters,
        "concurrency": options.concurrency,
        "source": C.source_info(),
        "server": (
            f"gunicorn {subprocess.run([str(C.ROOT / '.venv/bin/gunicorn'), '--version'], capture_output=True, text=True).stdout.strip()}"
            f", gthread, {options.workers} workers x {options.threads} threads, zhanqun.settings.production (DEBUG=False)"
        ),
        "differs_from_production": {
            "rate_limit": f"ZHANQUN_RATE_LIMITS_ENV={rate_limit} (production: 5 letters an hour per address; every client here is 127.0.0.1)",
            "captcha": "real CAPTCHA; the client reads the expected answer from captcha_captchastore by the challenge's hash key",
        },
    }
    server = None
    psql(f"DROP DATABASE IF EXISTS {options.database}")
    psql(f"CREATE DATABASE {options.database}")
    try:
        secs, _ = C.zhanqun(["migrate", "--no-input", "-v0"], env)
        figures["migrate_seconds"] = round(secs, 1)
        sys.stderr.write(f"migrated in {secs:.0f} s; seeding the demo site group …\n")
        secs, _ = C.zhanqun(["seed"], env)
        figures["seed_seconds"] = round(secs, 1)
        year = int(psql("SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int", options.database))
        before = int(psql(f"SELECT coalesce(max(last), 0) FROM cases_casecounter WHERE kind='letter' AND year={year}", options.database))  # noqa: S608
        cases_before = int(psql("SELECT count(*) FROM cases_case WHERE kind='letter'", options.database))

        senv = dict(env)
        senv.update(
            DJANGO_SETTINGS_MODULE="zhanqun.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
            DJANGO_ALLOWED_HOSTS=".localhost",
            ZHANQUN_CASES_KEY=DEMO_CASES_KEY,
            ZHANQUN_AUDIT_KEY=secrets.token_hex(32),
            ZHANQUN_RATE_LIMITS_ENV=rate_limit,
            # As behind nginx: the proxy says the request came over HTTPS (docs/deployment.md).
            ZHANQUN_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        )
        C.zhanqun(["collectstatic", "--no-input", "-v0"], senv)
        port = free_port()
        server_log = open(var_dir / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
        server = subprocess.Popen(
            [
                str(C.ROOT / ".venv" / "bin" / "gunicorn"), "zhanqun.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
                "--workers", str(options.workers), "--threads", str(options.threads),
                "--timeout", "120", "--log-level", "warning",
            ],
            env=senv, cwd=C.ROOT, stdout=server_log, stderr=subprocess.STDOUT,
        )
        wait_ready(port)
        sys.stderr.write(f"public app on 127.0.0.1:{port}; {options.letters} letters, {options.concurrency} at a time …\n")
        results, wall = run_clients(port, dsn, options.letters, options.concurrency)
        figures.update(measure_checks(results, wall, options, before, cases_before, year))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        if options.keep:
            sys.stderr.write(f"kept database {options.database} and {var_dir}\n")
        else:
            psql(f"DROP DATABASE IF EXISTS {options.database} WITH (FORCE)")
        C.remove_scratch(var_dir, options.keep)
    figures["machine"] = C.machine(load_before)
    C.write_results("letters_submit", figures, options.output)
    if not figures.get("ok"):
        raise SystemExit("letters were lost, duplicated or numbered with gaps: see the JSON above")


def measure_checks(results, wall, options, before, cases_before, year):
    ok = [r for r in results if "error" not in r]
    errors = {}
    for r in results:
        if "error" in r:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    db = options.database
    prefix = ok[0]["number"].split("-")[0] if ok else "XX"
    rows = psql(  # integers only; the database name was checked in main()
        f"SELECT c.number, c.sequence, c.query_code, (l.case_id IS NOT NULL), "  # noqa: S608
        f"(SELECT count(*) FROM cases_caseevent e WHERE e.case_id = c.id AND e.type = 'received') "
        f"FROM cases_case c LEFT JOIN interaction_letter l ON l.case_id = c.id "
        f"WHERE c.kind = 'letter' AND c.year = {year} AND c.sequence > {before} ORDER BY c.sequence",
        db,
    ).splitlines()
    new = [row.split("|") for row in rows if row]
    numbers_db = [n for n, *_ in new]
    sequences = [int(s) for _, s, *_ in new]
    acknowledged = [r["number"] for r in ok]
    counter_after = int(psql(f"SELECT last FROM cases_casecounter WHERE kind='letter' AND year={year}", db))  # noqa: S608
    cases_after = int(psql("SELECT count(*) FROM cases_case WHERE kind='letter'", db))
    expected = list(range(before + 1, before + len(ok) + 1))
    checks = {
        "acknowledgements": len(ok),
        "failed_submissions": errors,
        "new_letter_cases": cases_after - cases_before,
        "none_lost": len(ok) == options.letters and cases_after - cases_before == len(ok),
        "acknowledged_numbers_distinct": len(set(acknowledged)) == len(acknowledged),
        "acknowledged_equal_new_cases": sorted(acknowledged) == sorted(numbers_db),
        "sequences": f"{prefix}-{year}-{before + 1:06d} … {prefix}-{year}-{before + len(ok):06d}" if ok else None,
        "gap_free": sequences == expected,
        "counter_before": before,
        "counter_after": counter_after,
        "counter_matches": counter_after == before + len(ok),
        "query_codes_distinct": len({q for _, _, q, *_ in new}) == len(new),
        "every_case_has_letter_row_and_received_event": all(has == "t" and ev == "1" for *_, has, ev in new),
    }
    checks["ok"] = all(
        checks[k]
        for k in (
            "none_lost", "acknowledged_numbers_distinct", "acknowledged_equal_new_cases", "gap_free",
            "counter_matches", "query_codes_distinct", "every_case_has_letter_row_and_received_event",
        )
    )
    ms = lambda key: C.summary([r[key] * 1000 for r in ok], digits=1)  # noqa: E731
    return {
        "wall_seconds": round(wall, 2),
        "letters_per_second": round(len(ok) / wall, 1) if wall else None,
        "submit_ms": ms("submit_s"),
        "form_get_ms": ms("form_s"),
        "acknowledgement_get_ms": ms("ack_s"),
        "journey_ms": ms("journey_s"),
        "checks": checks,
        "ok": checks["ok"],
    }


if __name__ == "__main__":
    main()
