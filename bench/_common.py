"""Shared helpers of the publishing benchmarks (not a benchmark itself: starts with `_`).

* ``scratch_env(items)`` — a scratch ZHANQUN_VAR_DIR under /tmp with a SQLite database
  migrated and seeded with ``zhanqun seed --items N``. Seeding 100,000 items takes a
  minute or two, so the seeded database is cached per item count in
  ``$ZHANQUN_BENCH_CACHE`` (default /tmp/zhanqun-bench-cache) and *copied* into each
  benchmark's own scratch directory; ``--fresh`` re-seeds.
* ``machine()`` — CPU count, Python, platform, load averages.
* ``TreeMemory`` — samples the summed RSS of a process and all its descendants
  (the publisher forks workers) from /proc, for the peak memory of a process tree.
* ``write_results(name, figures)`` — print the JSON and write bench/results/<name>.json.
"""

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZHANQUN = ROOT / ".venv" / "bin" / "zhanqun"
PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = ROOT / "bench" / "results"
CACHE = Path(os.environ.get("ZHANQUN_BENCH_CACHE", "/tmp/zhanqun-bench-cache"))

# Which code is measured: the working tree (default) or a snapshot of a commit exported
# with `git archive` to /tmp (``--source HEAD``), so that others' half-done edits in the
# working tree cannot break or skew a run. Set with use_source().
SOURCE = {"spec": "worktree", "path": None, "commit": None}


def use_source(spec):
    """Measure the working tree (``worktree``) or a commit (``HEAD``, a sha …)."""
    if spec in (None, "worktree"):
        SOURCE.update(spec="worktree", path=None, commit=None)
        return None
    commit = subprocess.run(
        ["git", "rev-parse", spec], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    dest = Path(tempfile.gettempdir()) / f"zhanqun-bench-src-{commit[:12]}"
    if not (dest / "src" / "zhanqun" / "__init__.py").is_file():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit, "src"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    SOURCE.update(spec=spec, path=str(dest / "src"), commit=commit)
    sys.path.insert(0, SOURCE["path"])
    return dest / "src"


def source_info():
    if SOURCE["path"]:
        return {"code": f"git archive {SOURCE['commit'][:12]} ({SOURCE['spec']})", "path": SOURCE["path"]}
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    except OSError:
        head, dirty = None, None
    return {"code": "working tree", "head": head, "src_modified": dirty}


def base_env(var_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        ZHANQUN_VAR_DIR=str(var_dir),
        ZHANQUN_PUBLISH_ROOT=str(Path(var_dir) / "public"),
        DJANGO_SETTINGS_MODULE="zhanqun.settings.dev",
        PYTHONUNBUFFERED="1",
    )
    if SOURCE["path"]:
        env["PYTHONPATH"] = SOURCE["path"] + os.pathsep + env.get("PYTHONPATH", "")
    return env


def zhanqun(args, env, check=True, capture=True):
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own console command
        [str(ZHANQUN), *args], env=env, cwd=ROOT, capture_output=capture, text=True, check=False
    )
    elapsed = time.monotonic() - started
    if check and result.returncode:
        sys.stderr.write((result.stdout or "") + (result.stderr or ""))
        raise SystemExit(f"zhanqun {' '.join(args)} failed with exit code {result.returncode}")
    return elapsed, result


def _copy_db(src_dir, dst_dir):
    dst_dir.mkdir(parents=True, exist_ok=True)
    for p in Path(src_dir).iterdir():
        if p.name.startswith("zhanqun.sqlite3") or p.name == "secret_key":
            shutil.copy2(p, dst_dir / p.name)


def seeded_cache(items, fresh=False, log=sys.stderr):
    """A directory holding a migrated SQLite database seeded with ``items`` bulk items."""
    cache = CACHE / f"seed-{items}"
    if (cache / "done").is_file() and not fresh:
        return cache, None
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    env = base_env(cache)
    log.write(f"seeding {items} items into {cache} …\n")
    zhanqun(["migrate", "--no-input", "-v0"], env)
    seconds, _ = zhanqun(["seed", "--items", str(items)], env)
    # Checkpoint the WAL so the copy is one self-contained file.
    zhanqun(["shell", "-c", "from django.db import connection\nconnection.cursor().execute('PRAGMA wal_checkpoint(TRUNCATE)')"], env)
    (cache / "done").write_text(f"{seconds:.1f}\n")
    return cache, seconds


def scratch_env(items, fresh=False, prefix="zhanqun-bench-"):
    """(var_dir, env, seed_seconds): a fresh scratch var dir with a copy of the seeded DB."""
    cache, seed_seconds = seeded_cache(items, fresh=fresh)
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    _copy_db(cache, var_dir)
    env = base_env(var_dir)
    zhanqun(["migrate", "--no-input", "-v0"], env)  # the code measured may be newer than the cache
    return var_dir, env, seed_seconds


def remove_scratch(var_dir, keep=False):
    """Remove a benchmark's scratch directory, or say where it was kept."""
    if keep:
        sys.stderr.write(f"kept {var_dir}\n")
    else:
        shutil.rmtree(var_dir, ignore_errors=True)


def machine(load_before=None):
    info = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_before": [round(x, 2) for x in (load_before or os.getloadavg())],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["mem_total_mib"] = round(int(mem) / 1024)
    except OSError:
        pass
    return info


def summary(values, digits=4):
    values = sorted(values)
    if not values:
        return {}
    p95 = values[min(len(values) - 1, max(0, round(0.95 * len(values) + 0.5) - 1))]
    return {
        "n": len(values),
        "median": round(statistics.median(values), digits),
        "p95": round(p95, digits),
        "min": round(values[0], digits),
        "max": round(values[-1], digits),
        "mean": round(statistics.fmean(values), digits),
    }


def write_results(name, figures, output=None):
    figures.setdefault("measured_at", datetime.now(UTC).isoformat(timespec="seconds"))
    text = json.dumps(figures, ensure_ascii=False, indent=2)
    print(text)
    output = Path(output) if output else RESULTS / f"{name}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")


# --- memory of a process tree ------------------------------------------------------------


def _children(pid):
    kids = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text().split()
            kids += [int(x) for x in text]
    except OSError:
        pass
    return kids


def _rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid):
    total, seen, stack = 0, set(), [pid]
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kib(p)
        stack += _children(p)
    return total, len(seen)


class TreeMemory:
    """Sample the summed RSS of ``pid`` and its descendants every ``interval`` seconds.

    RSS sums count pages shared between forked workers (copy-on-write) once per process,
    so the sum is an upper bound of the tree's real memory use."""

    def __init__(self, pid, interval=0.2):
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            kib, n = tree_rss_kib(self.pid)
            if kib > self.peak_kib:
                self.peak_kib, self.peak_processes = kib, n
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def parse_time_v(text):
    """Figures from GNU time -v's report."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Maximum resident set size (kbytes):"):
            out["max_rss_kib"] = int(line.rsplit(":", 1)[1])
        elif line.startswith("User time (seconds):"):
            out["user_seconds"] = float(line.rsplit(":", 1)[1])
        elif line.startswith("System time (seconds):"):
            out["system_seconds"] = float(line.rsplit(":", 1)[1])
        elif line.startswith("Percent of CPU this job got:"):
            out["cpu_percent"] = line.rsplit(":", 1)[1].strip()
    return out


# --- a command under GNU time, with the peak memory of its process tree ------------------


TIME = "/usr/bin/time"


def timed(cmd, env=None, cwd=None, sample_tree=True):
    """Run ``cmd`` under GNU time -v (if present); wall seconds, time -v figures, tree peak."""
    use_time = os.path.exists(TIME)
    full = [TIME, "-v", *cmd] if use_time else cmd
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as err, tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(full, env=env, cwd=cwd, stdout=out, stderr=err, text=True)  # noqa: S603
        with TreeMemory(proc.pid) as mem:
            rc = proc.wait()
        elapsed = time.monotonic() - started
        err.seek(0)
        out.seek(0)
        err_text, out_text = err.read(), out.read()
    if rc:
        sys.stderr.write(out_text[-3000:] + err_text[-5000:])
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {rc}")
    figures = {"wall_seconds": round(elapsed, 2), "tree_peak_rss_mib": round(mem.peak_kib / 1024, 1),
               "tree_peak_processes": mem.peak_processes}
    if use_time:
        tv = parse_time_v(err_text)
        if "max_rss_kib" in tv:
            figures["largest_process_max_rss_mib"] = round(tv.pop("max_rss_kib") / 1024, 1)
        figures.update(tv)
    return figures, out_text, err_text
