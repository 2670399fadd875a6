"""Page times of the handler dashboard (办件, /admin/cases/) and the public answered-letter
list (来信选登, /hudong/huifu/) with 200,000 cases: p50/p95 per page (issue 5).

    .venv/bin/python bench/cases_pages.py                       # SQLite, 200,000 cases
    .venv/bin/python bench/cases_pages.py --database postgres   # scratch PostgreSQL database
    .venv/bin/python bench/cases_pages.py --source HEAD --requests 30

**Data.** A scratch installation is migrated and seeded with the demo site group
(``zhanqun seed``: 7 sites, 9 units, the portal's 市长信箱 and the 发改委's mailbox), then
``--cases`` cases are bulk-created (``bulk_create`` in batches, model instances, so the
citizens' name, phone, address and e-mail are SM4-encrypted exactly as the app stores
them): 85 % letters (4 in 5 to the 市长信箱), 15 % error reports; received evenly over the
last two years; spread over the demo's units; numbers ``PREFIX-YEAR-NNNNNN`` computed per
kind and year after the seeded ones (the ``CaseCounter`` rows moved on accordingly);
each with its clocks (due dates from the workdays calendar, as the engine computes
them), a 受理 event and — once replied — a sent reply, a 答复 event, stopped clocks. Cases
older than 30 days are 90 % replied; of the replied letters whose writer agreed (70 %),
about 70 % are published with an approved moderation item (the rest pending or refused).
On SQLite the generated database is cached in $ZHANQUN_BENCH_CACHE (default
/tmp/zhanqun-bench-cache/cases-<N>) and copied for each run (``--fresh`` regenerates);
on PostgreSQL it goes into a scratch database (``zhanqun_bench_cases``), dropped unless
``--keep``; ``--reuse`` measures a kept one again (after ``migrate``). After the bulk load the PostgreSQL
database is ``VACUUM ANALYZE``d, as autovacuum would soon do.

**Measured**, in-process with Django's test client (full middleware stack, template
rendering; no network), ``--requests`` times each after one warm-up request:

* the dashboard as a supervisor (superuser: all units) — first page, a filtered page
  (``?kind=letter&light=overdue``), a deep page (``?p=`` the middle page) — and as a
  unit's staff (信息员 of one unit: their unit's cases) — first page;
* the answered-letter list on the portal's host — first page, one mailbox
  (``?xinxiang=fgwxx``), a deep page (the middle one); and the statistics page
  (``/hudong/tongji/``, this year).

Each page records its SQL query count. Settings are zhanqun.settings.dev with DEBUG off
and the sign-in policy (2FA, device binding) off, as in the tests, so that
``force_login`` reaches the pages. Target (not in the issue; ours): p95 under 300 ms.

Prints JSON and writes bench/results/cases_pages.json, or cases_pages_postgres.json with
``--database postgres`` (``--output`` to change).
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432/"
ADMIN_HOST = "localhost"
PORTAL_HOST = "www.yunze.gov.cn.localhost"
TARGET_MS = 300
BATCH = 5000
# Clock amounts of the site defaults (InteractionSettings), by kind and clock.
AMOUNTS = {
    ("letter", "triage"): 1,
    ("letter", "reply"): lambda data: 5 if data["category"] in ("consult", "suggest") else 15,
    ("error_report", "triage"): 1,
    ("error_report", "fix"): 1,
    ("error_report", "reply"): 3,
}


def psql(sql, database="postgres"):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAtc", sql],
        capture_output=True, text=True, check=True,
    ).stdout.strip()


# --- data ------------------------------------------------------------------------------


def generate(total, seed=7, log=sys.stderr):
    """Bulk-create ``total`` cases with what the list pages read (see the docstring)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from zhanqun.cases import clocks as clockmath
    from zhanqun.cases.enums import ClockUnit, EventType, ReplyStatus
    from zhanqun.cases.kinds import get_kind
    from zhanqun.cases.models import Case, CaseCounter, CaseEvent, Clock, Reply
    from zhanqun.interaction.enums import Channel, ErrorType, LetterCategory
    from zhanqun.interaction.models import ErrorReport, Letter, Mailbox
    from zhanqun.review.enums import ModerationStatus
    from zhanqun.review.models import ModerationItem
    from zhanqun.units.models import Unit
    from zhanqun.workdays.services import get_calendar

    rnd = random.Random(seed)
    calendar = get_calendar()
    now = timezone.now()
    start = now - timedelta(days=730)
    units = list(Unit.objects.order_by("pk"))
    mailboxes = {m.slug: m for m in Mailbox.objects.select_related("site")}
    portal, fgw = mailboxes["szxx"], mailboxes["fgwxx"]
    letter_kind, error_kind = get_kind("letter"), get_kind("error_report")
    case_ct = ContentType.objects.get_for_model(Case)
    counters = {(c.kind, c.year): c.last for c in CaseCounter.objects.all()}
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    categories = [c.value for c in LetterCategory]
    error_types = [e.value for e in ErrorType]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    due_cache = {}
    kind_initial = {letter_kind.code: letter_kind.initial_state, error_kind.code: error_kind.initial_state}

    def due(at, amount, unit):
        if unit == ClockUnit.WORKDAYS:
            key = (clockmath.local_date(at), amount)
            if key not in due_cache:
                due_cache[key] = clockmath.compute_due(at, amount, unit, calendar)
            return due_cache[key]
        return clockmath.compute_due(at, amount, unit, calendar)

    moments = sorted(start + timedelta(seconds=rnd.uniform(0, 730 * 86400)) for _ in range(total))
    done = 0
    started = time.perf_counter()
    for offset in range(0, total, BATCH):
        cases, batch = [], []
        for received in moments[offset : offset + BATCH]:
            is_letter = rnd.random() < 0.85
            kind = letter_kind if is_letter else error_kind
            year = timezone.localtime(received).year
            counters[(kind.code, year)] = seq = counters.get((kind.code, year), 0) + 1
            age_days = (now - received).days
            replied = (age_days > 30 and rnd.random() < 0.9) or (age_days > 5 and rnd.random() < 0.3)
            unit = rnd.choice(units)
            if replied:
                state = "replied"
            elif age_days < 1 and rnd.random() < 0.5:
                state, unit = "received", None
            else:
                state = rnd.choice(["handling", "handling", "reviewing", "approved", "returned"])
                if state == "returned":
                    unit = None
            name = rnd.choice(surnames) + rnd.choice("明华强伟芳敏静丽军磊")
            data = (
                {"category": rnd.choice(categories), "complexity": "ordinary", "special": False}
                if is_letter
                else {"error_type": rnd.choice(error_types), "page_url": "https://www.yunze.gov.cn/zwdt/"}
            )
            case = Case(
                kind=kind.code, year=year, sequence=seq, number=f"{kind.prefix}-{year}-{seq:06d}", state=state,
                subject=(f"关于{rnd.choice(['道路修缮', '噪音扰民', '学位申请', '社保转移', '供暖', '公交线路'])}的来信{seq}"
                         if is_letter else f"错别字：第{seq}号页面"),
                content="小区门口道路破损已久，雨天积水严重，居民出行不便，请有关部门尽快修缮。" * rnd.randint(1, 4),
                unit=unit, site=(portal.site if not is_letter or rnd.random() < 0.8 else fgw.site),
                submitted_at=received, received_at=received,
                query_code="".join(rnd.choice(alphabet) for _ in range(12)),
                submitter_name=name, submitter_phone=f"13{rnd.randrange(10**9):09d}",
                submitter_address="云泽市新城区幸福路 8 号" if rnd.random() < 0.5 else "",
                submitter_email="citizen@example.com" if rnd.random() < 0.3 else "",
                data=data,
            )
            clocks = []
            for spec in kind.clocks:
                if spec.starts_on != "received" and state in ("received", "returned"):
                    continue  # the fix clock starts when the report is assigned
                amount = AMOUNTS[kind.code, spec.code]
                if callable(amount):
                    amount = amount(data)
                due_at, provisional = due(received, amount, spec.unit)
                stopped = None
                if replied or (spec.code == "triage" and state not in ("received", "returned")):
                    stopped = min(now, due_at - timedelta(hours=rnd.uniform(-30, 60)))
                    stopped = max(stopped, received + timedelta(minutes=5))
                clocks.append(Clock(case=case, code=spec.code, label=spec.label, unit=spec.unit, amount=amount,
                                    started_at=received, original_due_at=due_at, due_at=due_at,
                                    provisional=provisional, stopped_at=stopped))
            running = [c.due_at for c in clocks if c.stopped_at is None]
            case.due_at = min(running) if running else None
            if replied:
                case.replied_at = max(c.stopped_at for c in clocks)
                case.closed_at = case.replied_at
            consent = rnd.random() < 0.7
            published = is_letter and replied and consent and rnd.random() < 0.8
            if published:
                case.published_at = case.replied_at + timedelta(hours=2)
            cases.append(case)
            batch.append((case, clocks, replied, published, consent, is_letter))

        with transaction.atomic():
            Case.objects.bulk_create(cases)  # sets the pks (RETURNING) the rows below refer to
            Clock.objects.bulk_create([clock for _case, clocks, *_ in batch for clock in clocks])
            events, replies, letters, reports, items = [], [], [], [], []
            for case, _clocks, replied, published, consent, is_letter in batch:
                events.append(CaseEvent(case=case, type=EventType.RECEIVED, at=case.received_at, state=kind_initial[case.kind]))
                if replied:
                    events.append(CaseEvent(case=case, type=EventType.REPLIED, at=case.replied_at, state="replied", unit=case.unit))
                    replies.append(Reply(
                        case=case, body="经核实，相关道路已列入今年维修计划，预计下月完工。感谢您的关心和支持。",
                        public=published, status=ReplyStatus.SENT, unit=case.unit,
                        drafted_at=case.replied_at - timedelta(days=1), decided_at=case.replied_at - timedelta(hours=3),
                        sent_at=case.replied_at, published_at=case.published_at if published else None,
                    ))
                if not is_letter:
                    reports.append(ErrorReport(case=case, page_url=case.data["page_url"], error_type=case.data["error_type"]))
                    continue
                moderation = None
                if published:
                    status = rnd.choices(
                        [ModerationStatus.APPROVED, ModerationStatus.PENDING, ModerationStatus.REJECTED], [85, 10, 5]
                    )[0]
                    moderation = ModerationItem(
                        kind="来信公开", site=case.site, source_type=case_ct, source_id=str(case.pk),
                        title=case.subject, text=case.content, author_name=case.submitter_name[0] + "**",
                        submitted_at=case.published_at, status=status,
                        decided_at=case.published_at + timedelta(hours=3) if status != ModerationStatus.PENDING else None,
                        reason="不宜公开" if status == ModerationStatus.REJECTED else "",
                    )
                    items.append(moderation)
                letters.append(Letter(
                    case=case, mailbox=portal if case.site_id == portal.site_id else fgw,
                    channel=Channel.WEBSITE if rnd.random() < 0.8 else Channel.HOTLINE,
                    public_consent=consent, moderation=moderation,
                ))
            ModerationItem.objects.bulk_create(items)
            CaseEvent.objects.bulk_create(events)
            Reply.objects.bulk_create(replies)
            Letter.objects.bulk_create(letters)
            ErrorReport.objects.bulk_create(reports)
        done += len(cases)
        rate = done / (time.perf_counter() - started)
        log.write(f"{done}/{total} cases, {rate:.0f}/s\n")
    with transaction.atomic():
        for (kind, year), last in counters.items():
            CaseCounter.objects.update_or_create(kind=kind, year=year, defaults={"last": last})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return round(time.perf_counter() - started, 1)


GENERATE = r"""
import sys, django
django.setup()
sys.path.insert(0, sys.argv[2])
import cases_pages
print(cases_pages.generate(int(sys.argv[1])))
"""


def run_generate(total, env):
    result = subprocess.run(
        [str(C.PYTHON), "-c", GENERATE, str(total), str(Path(__file__).resolve().parent)],
        env=env, cwd=C.ROOT, capture_output=False, stdout=subprocess.PIPE, text=True, check=False,
    )
    if result.returncode:
        raise SystemExit("generating the cases failed")
    return float(result.stdout.strip().splitlines()[-1])


def sqlite_env(options):
    """(var_dir, env, generate_seconds): a copy of the cached generated SQLite database."""
    cache = C.CACHE / f"cases-{options.cases}"
    gen_seconds = None
    if not (cache / "done").is_file() or options.fresh:
        shutil.rmtree(cache, ignore_errors=True)
        seeded, _ = C.seeded_cache(0)
        C._copy_db(seeded, cache)
        env = C.base_env(cache)
        C.zhanqun(["migrate", "--no-input", "-v0"], env)
        sys.stderr.write(f"generating {options.cases:,} cases into {cache} …\n")
        gen_seconds = run_generate(options.cases, env)
        (cache / "done").write_text(f"{gen_seconds}\n")
    var_dir = Path(tempfile.mkdtemp(prefix="zhanqun-cases-"))
    C._copy_db(cache, var_dir)
    env = C.base_env(var_dir)
    C.zhanqun(["migrate", "--no-input", "-v0"], env)  # the code measured may be newer than the cache
    return var_dir, env, gen_seconds


def postgres_env(options):
    name = options.pg_database
    var_dir = Path(tempfile.mkdtemp(prefix="zhanqun-cases-"))
    env = C.base_env(var_dir)
    env["DATABASE_URL"] = PG + name
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608 - name checked in main
    if options.reuse and exists:
        C.zhanqun(["migrate", "--no-input", "-v0"], env)
        return var_dir, env, None
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(f"CREATE DATABASE {name}")
    C.zhanqun(["migrate", "--no-input", "-v0"], env)
    sys.stderr.write("seeding the demo site group …\n")
    C.zhanqun(["seed"], env)
    sys.stderr.write(f"generating {options.cases:,} cases into {name} …\n")
    seconds = run_generate(options.cases, env)
    psql("VACUUM ANALYZE", name)  # what autovacuum does after a bulk load: visibility map, statistics
    return var_dir, env, seconds


# --- measuring -------------------------------------------------------------------------


def measure(options):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from zhanqun.cases import permissions
    from zhanqun.cases.models import Case
    from zhanqun.interaction import services
    from zhanqun.interaction.case_kinds import LETTER

    policy_off = override_settings(
        DEBUG=False, ZHANQUN_REQUIRE_2FA=False, ZHANQUN_DEVICE_BINDING=False, AXES_ENABLED=False,
        ZHANQUN_PASSWORD_MAX_AGE_DAYS=0, ZHANQUN_IDLE_TIMEOUT_MINUTES=0,
    )
    policy_off.enable()
    User = get_user_model()
    supervisor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    # A unit's own staff (信息员 handling its cases), not a leader who sees the units they lead.
    staff = None
    for user in User.objects.filter(is_superuser=False, is_active=True).order_by("pk"):
        if (
            permissions.has(user, "handle_case")
            and not permissions.sees_all_cases(user)
            and permissions.user_unit_id(user)
            and (staff is None or Case.objects.visible_to(user).count() < Case.objects.visible_to(staff).count())
        ):
            staff = user
    admin = Client(HTTP_HOST=ADMIN_HOST)
    admin.force_login(supervisor)
    unit_client = None
    if staff is not None:
        unit_client = Client(HTTP_HOST=ADMIN_HOST)
        unit_client.force_login(staff)
    public = Client(HTTP_HOST=PORTAL_HOST)

    from wagtail.models import Site

    portal = Site.objects.get(hostname=PORTAL_HOST)
    total = Case.objects.count()
    answered_total = services.answered_letters(portal).count()
    dash_pages = (total + 49) // 50
    answered_pages = (answered_total + 19) // 20
    year = timezone.localdate().year
    pages = [
        ("dashboard_first", admin, "/admin/cases/"),
        ("dashboard_filtered", admin, f"/admin/cases/?kind={LETTER.code}&light=overdue"),
        ("dashboard_deep", admin, f"/admin/cases/?p={max(1, dash_pages // 2)}"),
        ("answered_first", public, "/hudong/huifu/"),
        ("answered_mailbox", public, "/hudong/huifu/?xinxiang=fgwxx"),
        ("answered_deep", public, f"/hudong/huifu/?page={max(1, answered_pages // 2)}"),
        ("statistics_year", public, f"/hudong/tongji/?year={year}"),
    ]
    if unit_client is not None:
        pages.insert(3, ("dashboard_unit_staff", unit_client, "/admin/cases/"))
    if options.only:
        pages = [p for p in pages if p[0] in options.only]
    results = {}
    for name, client, url in pages:
        response = client.get(url)  # warm-up
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)  # now: the next request clears the connection's log
        times = []
        for _ in range(options.requests):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        body = response.content.decode()
        if name.startswith("dashboard"):
            rows = len(set(re.findall(r'href="/admin/cases/(\d+)/"', body)))
        elif name.startswith("answered"):
            rows = body.count('class="hd-letter"')
        else:
            rows = body.count("<tr>")
        s = C.summary(times, digits=1)
        results[name] = {
            "url": url, "host": client.defaults["HTTP_HOST"], "queries": queries, "rows_shown": rows,
            "ms": s, "p95_under_target": s["p95"] < TARGET_MS,
        }
        sys.stderr.write(f"{name:22} p50 {s['median']:7.1f} ms  p95 {s['p95']:7.1f} ms  {queries} queries\n")
    policy_off.disable()
    info = {
        "cases": total,
        "letters": Case.objects.filter(kind="letter").count(),
        "answered_public_on_portal": answered_total,
        "dashboard_pages": dash_pages,
        "answered_pages": answered_pages,
        "unit_staff": f"{staff.get_username()} (unit {permissions.user_unit_id(staff)})" if staff else None,
        "unit_staff_cases": Case.objects.visible_to(staff).count() if staff else None,
    }
    return results, info


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-database", default="zhanqun_bench_cases", help="scratch PostgreSQL database name")
    parser.add_argument("--reuse", action="store_true", help="PostgreSQL: measure a database kept by --keep again")
    parser.add_argument("--fresh", action="store_true", help="SQLite: generate again instead of using the cache")
    parser.add_argument("--keep", action="store_true", help="keep the scratch var dir (and PostgreSQL database)")
    parser.add_argument("--only", nargs="*", help="measure only these pages (names as in the output)")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument("--output")
    options = parser.parse_args()
    if options.pg_database in ("test", "postgres") or not re.fullmatch(r"[a-z_][a-z0-9_]*", options.pg_database):
        raise SystemExit(f"refusing to use database {options.pg_database!r}: give a scratch name")
    C.use_source(options.source)

    load_before = os.getloadavg()
    if options.database == "postgres":
        var_dir, env, gen_seconds = postgres_env(options)
    else:
        var_dir, env, gen_seconds = sqlite_env(options)
    figures = {
        "benchmark": "cases_pages",
        "command": "python bench/cases_pages.py " + " ".join(sys.argv[1:]),
        "database": options.database if options.database == "sqlite" else f"postgresql {psql('SHOW server_version')}",
        "cases_requested": options.cases,
        "requests_per_page": options.requests,
        "generate_seconds": gen_seconds,
        "client": "django.test.Client in-process (all middleware, templates; no network), zhanqun.settings.dev with DEBUG off and the sign-in policy off",
        "target_p95_ms": TARGET_MS,
        "source": C.source_info(),
    }
    try:
        os.environ.update(env)
        import django

        django.setup()
        results, info = measure(options)
        figures.update(info)
        figures["pages"] = results
        figures["all_under_target"] = all(r["p95_under_target"] for r in results.values())
    finally:
        if options.database == "postgres" and not options.keep:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {options.pg_database} WITH (FORCE)")
        C.remove_scratch(var_dir, options.keep)
    figures["machine"] = C.machine(load_before)
    C.write_results("cases_pages" if options.database == "sqlite" else "cases_pages_postgres", figures, options.output)


if __name__ == "__main__":
    main()
