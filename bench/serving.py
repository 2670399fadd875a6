"""Benchmark serving: nginx serving a published article vs nginx serving a plain static
file vs Wagtail serving the same page dynamically, with `wrk` on loopback.

In a scratch group seeded with ``--items`` bulk items (default 100,000; SQLite in a
temporary ZHANQUN_VAR_DIR), one article (the newest of the largest 政务动态 column) is
published with the publisher (``services.publish_targets``; only that page — serving
one file does not depend on the rest being published). Then:

* **published** — nginx (``/usr/sbin/nginx``, a minimal config on a loopback port, one
  worker, access log off, ``sendfile``) serving the site's document root the way
  deploy/nginx does for pages: ``location ~ /$ { try_files ${uri}index.html … }``, so
  the request is the article's URL ``/zwdt/t…/``;
* **plain** — the same nginx serving a byte-identical copy of that file as a plain
  static file ``/plain.html`` (``location = /plain.html``, no try_files);
* **dynamic** — Django's ``runserver --noreload`` (threaded; gunicorn/waitress are not
  installed) with ``zhanqun.settings.production`` (DEBUG off; a throwaway secret key,
  ``collectstatic`` into the scratch dir for the manifest storage) serving the same URL
  with the site's Host header.

Each is measured with ``wrk -t2 -c32 -d10s`` (``--duration``), ``--runs`` runs each
(default 3) interleaved (published, plain, dynamic, published, …); medians of
requests/s and the ratios published/plain and dynamic/published.

    .venv/bin/python bench/serving.py
    .venv/bin/python bench/serving.py --items 10000 --duration 5
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name _;
        root {root};
        index index.html;
        charset utf-8;
        location = /plain.html {{
            root {plain};
        }}
        location ~ /$ {{
            try_files ${{uri}}index.html =404;
        }}
        location / {{
            try_files $uri $uri/index.html =404;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, host=None, timeout=60):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            req = urllib.request.Request(url, headers={"Host": host} if host else {})
            with urllib.request.urlopen(req, timeout=5) as r:  # noqa: S310 - loopback
                return r.status, r.read()
        except Exception as e:  # noqa: BLE001
            last = e
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer: {last}")


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_TRANSFER = re.compile(r"Transfer/sec:\s+([\d.]+\w+)")
WRK_LAT = re.compile(r"Latency\s+([\d.]+\w+)")
WRK_ERR = re.compile(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)")


def wrk(url, host, threads, connections, duration):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    if host:
        cmd += ["-H", f"Host: {host}"]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rate = float(WRK_RATE.search(out).group(1))
    errors = [m.group(0) for m in WRK_ERR.finditer(out)]
    return {
        "requests_per_second": rate,
        "latency_avg": WRK_LAT.search(out).group(1) if WRK_LAT.search(out) else None,
        "transfer_per_second": WRK_TRANSFER.search(out).group(1) if WRK_TRANSFER.search(out) else None,
        "errors": errors,
    }, " ".join(cmd)


PUBLISH_CODE = r"""
import json
from wagtail.models import Page, Site
from zhanqun.columns.models import ColumnPage
from zhanqun.content.models import ArticlePage
from zhanqun.publishing import services
from zhanqun.publishing.models import PublishedFile
from zhanqun.publishing.render import page_target
column = ColumnPage.objects.live().filter(slug="zwdt").order_by("-numchild").first()
article = ArticlePage.objects.live().public().child_of(column).order_by("-first_published_at", "-pk").first()
site = article.get_site()
stats = services.publish_targets(site, [page_target(article.pk)])
f = PublishedFile.objects.get(target=page_target(article.pk))
print("JSON" + json.dumps({"site_dir": str(services.site_dir(site)), "path": f.path, "size": f.size,
                           "host": site.hostname, "article_id": article.pk, "column_items": column.numchild,
                           "url": "/" + f.path[: -len("index.html")]}, ensure_ascii=False))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--source", default="worktree", help="code to measure: worktree (default) or a commit, e.g. HEAD")
    parser.add_argument("--output")
    options = parser.parse_args()
    C.use_source(options.source)
    import json

    load_before = os.getloadavg()
    var_dir, env, _seed = C.scratch_env(options.items, fresh=options.fresh, prefix="zhanqun-serving-")
    os.chmod(var_dir, 0o755)  # nginx workers run as another user
    sys.stderr.write(f"scratch var dir: {var_dir}\n")
    procs = []
    figures = {"benchmark": "serving", "items": options.items, "source": C.source_info()}
    try:
        _s, res = C.zhanqun(["shell", "-c", PUBLISH_CODE], env)
        art = json.loads([x for x in res.stdout.splitlines() if x.startswith("JSON")][-1][4:])
        figures["article"] = art
        published = Path(art["site_dir"]) / art["path"]
        plain_dir = var_dir / "plain"
        plain_dir.mkdir()
        shutil.copyfile(published, plain_dir / "plain.html")
        for d in [var_dir, *Path(art["site_dir"]).parents]:
            if str(d).startswith(str(var_dir)):
                os.chmod(d, 0o755)

        # nginx
        ndir = var_dir / "nginx"
        ndir.mkdir()
        nport = free_port()
        (ndir / "nginx.conf").write_text(
            NGINX_CONF.format(dir=ndir, port=nport, root=art["site_dir"], plain=plain_dir), encoding="utf-8"
        )
        procs.append(subprocess.Popen([NGINX, "-p", str(ndir), "-c", str(ndir / "nginx.conf")]))  # noqa: S603
        base = f"http://127.0.0.1:{nport}"
        st_pub, body_pub = wait_http(base + art["url"])
        st_plain, body_plain = wait_http(base + "/plain.html")
        assert body_pub == body_plain == published.read_bytes(), "nginx did not serve the published bytes"

        # Django, production settings
        denv = dict(env)
        denv.update(
            DJANGO_SETTINGS_MODULE="zhanqun.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
            DJANGO_ALLOWED_HOSTS=".localhost,127.0.0.1,localhost",
            ZHANQUN_CASES_KEY=secrets.token_hex(16),
            ZHANQUN_HTTPS="0",  # runserver speaks plain HTTP: no redirect to HTTPS
            ZHANQUN_AUDIT_KEY=secrets.token_hex(32),
        )
        C.zhanqun(["collectstatic", "--no-input", "-v0"], denv)
        dport = free_port()
        procs.append(
            subprocess.Popen(  # noqa: S603
                [str(C.ZHANQUN), "runserver", "--noreload", f"127.0.0.1:{dport}"],
                env=denv, cwd=C.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )
        dyn = f"http://127.0.0.1:{dport}"
        host = art["host"]
        st_dyn, body_dyn = wait_http(dyn + art["url"], host=host)
        if st_dyn != 200:
            raise SystemExit(f"dynamic answered {st_dyn}")
        figures["bytes"] = {"published": len(body_pub), "plain": len(body_plain), "dynamic": len(body_dyn)}
        figures["dynamic_same_bytes_as_published"] = body_dyn == body_pub

        cases = {
            "published": (base + art["url"], None),
            "plain": (base + "/plain.html", None),
            "dynamic": (dyn + art["url"], host),
        }
        runs = {k: [] for k in cases}
        commands = {}
        for i in range(options.runs):
            for name, (url, h) in cases.items():
                r, cmd = wrk(url, h, options.threads, options.connections, options.duration)
                runs[name].append(r)
                commands[name] = cmd
                sys.stderr.write(f"run {i + 1} {name}: {r['requests_per_second']:.0f} req/s\n")
        med = {k: statistics.median(r["requests_per_second"] for r in v) for k, v in runs.items()}
        figures["servers"] = {
            "static": f"{subprocess.run([NGINX, '-v'], capture_output=True, text=True).stderr.strip()}, 1 worker, access_log off, sendfile",
            "dynamic": "django runserver --noreload (threaded), zhanqun.settings.production (DEBUG=False), SQLite",
        }
        figures["commands"] = commands
        figures["runs"] = runs
        figures["median_requests_per_second"] = {k: round(v, 1) for k, v in med.items()}
        figures["ratios"] = {
            "published_over_plain": round(med["published"] / med["plain"], 3),
            "dynamic_over_published": round(med["dynamic"] / med["published"], 4),
            "published_over_dynamic": round(med["published"] / med["dynamic"], 1),
        }
        figures["target"] = "published within 10% of plain files"
        figures["meets_target"] = med["published"] >= 0.9 * med["plain"]
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        C.remove_scratch(var_dir, options.keep)
    figures["machine"] = C.machine(load_before)
    C.write_results("serving", figures, options.output)


if __name__ == "__main__":
    main()
