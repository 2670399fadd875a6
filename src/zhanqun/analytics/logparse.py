"""Reading nginx access logs: pure Python, no Django (plain tests in tests/test_logparse.py).

A line is nginx's ``combined`` format, optionally followed by the host in quotes — the
``zhanqun`` format that ``zhanqun deploy nginx`` configures (core/nginx.py)::

    $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
        "$http_referer" "$http_user_agent" "$host"

Fields after those are ignored. nginx writes a ``"`` or ``\\`` inside a field as
``\\x22`` / ``\\x5C`` (``escape=default``), so a quoted field never holds a quote.

``LineClassifier.classify`` says what one line is: a page view (its date, host, path and
the visitor's address and user agent) or why it is not one. ``LogReader`` reads a file
(plain or ``.gz``) from an offset, line by line, and names the file by its content so that
a renamed, rotated or compressed file is recognised (``fingerprint``).
"""

import gzip
import hashlib
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import unquote

# The one regular expression per line. Groups: address, time (10/Oct/2026:13:55:36 +0800),
# request, status, user agent, host (None in the plain combined format).
LINE_RE = re.compile(rb'([^ ]+) [^ ]+ [^ ]+ \[([^\]]*)\] "([^"]*)" (\d{3}) [^ ]+ "[^"]*" "([^"]*)"(?: "([^"]*)")?')

# Days are Beijing days (as the reports' periods are), whatever time zone the server
# writes its log in: a public server running in UTC logs 07:30 Beijing as 23:30 the day before.
BEIJING_OFFSET = 8 * 60

MONTHS = {m: n for n, m in enumerate(b"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), start=1)}

# Successful answers to a page: 200, and 304 — the published pages are sent with
# "expires -1", so a returning visitor's browser revalidates and gets 304 (a view).
COUNTED_STATUSES = frozenset({b"200", b"304"})
COUNTED_METHODS = frozenset({b"GET", b"HEAD"})

# Paths that are never pages although they have no file extension.
NOT_PAGE_PREFIXES = (
    "/static/",
    "/media/",
    "/documents/",
    "/admin/",
    "/api/",
    "/captcha/",
    "/healthz",
    "/.well-known/",
)
PAGE_EXTENSIONS = (".html", ".htm")
MAX_PATH = 500

# Why a line is not counted (keys of the ingest report).
MALFORMED = "malformed"
NOT_SUCCESSFUL = "not_successful"
NOT_PAGE = "not_page"
BOT = "bot"
UNKNOWN_SITE = "unknown_site"

REASON_LABELS = {
    MALFORMED: "格式不正确",
    NOT_SUCCESSFUL: "非成功的 GET/HEAD 请求",
    NOT_PAGE: "静态文件等非页面",
    BOT: "爬虫和自动程序",
    UNKNOWN_SITE: "无法确定站点",
}

BOTS_FILE = Path(__file__).resolve().parent / "data" / "bots.txt"


def load_bot_patterns(path=None):
    """The editable list of user-agent fragments (one a line, # comments)."""
    text = Path(path or BOTS_FILE).read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def page_path(target):
    """The page a request target names, normalised (``/zwdt/x/index.html`` → ``/zwdt/x/``,
    query string dropped, %-escapes decoded), or None for a static file, a feed, an
    attachment or a back-end path."""
    for sep in ("?", "#"):
        target = target.split(sep, 1)[0]
    if not target.startswith("/") or target.startswith("//"):
        return None
    path = unquote(target, errors="replace")
    if path.startswith(NOT_PAGE_PREFIXES) or len(path) > MAX_PATH:
        return None
    last = path.rsplit("/", 1)[1]
    if "." in last:
        if last == "index.html":
            return path[: -len("index.html")]
        if not last.endswith(PAGE_EXTENSIONS):
            return None
    return path


class LineClassifier:
    """Classifies log lines; caches per user agent, request target and day (logs repeat
    them a lot), so the cost per line is mostly the one regular expression."""

    CACHE_LIMIT = 200_000

    def __init__(self, bot_patterns):
        alternatives = b"|".join(re.escape(p.encode()) for p in bot_patterns if p)
        self._bot_re = re.compile(alternatives, re.IGNORECASE) if alternatives else None
        self._bots = {}
        self._paths = {}
        self._days = {}

    def is_bot(self, agent):
        hit = self._bots.get(agent)
        if hit is None:
            hit = agent in (b"", b"-") or bool(self._bot_re and self._bot_re.search(agent))
            if len(self._bots) > self.CACHE_LIMIT:
                self._bots.clear()
            self._bots[agent] = hit
        return hit

    def day(self, text):
        """``10/Oct/2026:13:55:36 +0800`` → the Beijing date of that moment; None if invalid.
        Cached per minute and offset (a day's log has at most 1,440 of them)."""
        key = text[:17] + text[-6:]
        try:
            return self._days[key]
        except KeyError:
            pass
        value = None
        date_text, _sep, rest = text.partition(b":")
        parts = date_text.split(b"/")
        if len(parts) == 3 and parts[1] in MONTHS:
            try:
                value = date(int(parts[2]), MONTHS[parts[1]], int(parts[0]))
            except ValueError:
                value = None
        if value is not None:
            value = _beijing_day(value, rest)
        if len(self._days) > self.CACHE_LIMIT:
            self._days.clear()
        self._days[key] = value
        return value

    def path(self, target):
        try:
            return self._paths[target]
        except KeyError:
            pass
        value = page_path(target.decode("utf-8", "replace"))
        if len(self._paths) > self.CACHE_LIMIT:
            self._paths.clear()
        self._paths[target] = value
        return value

    def classify(self, line):
        """``(reason, None)`` for a line that is not a page view, else
        ``(None, (day, host bytes or None, path, address bytes, agent bytes))``."""
        m = LINE_RE.match(line)
        if m is None:
            return MALFORMED, None
        address, stamp, request, status, agent, host = m.groups()
        day = self.day(stamp)
        if day is None:
            return MALFORMED, None
        if status not in COUNTED_STATUSES:
            return NOT_SUCCESSFUL, None
        parts = request.split(b" ")
        if len(parts) < 2 or parts[0] not in COUNTED_METHODS:
            return NOT_SUCCESSFUL, None
        path = self.path(parts[1])
        if path is None:
            return NOT_PAGE, None
        if self.is_bot(agent):
            return BOT, None
        return None, (day, host, path, address, agent)


def _beijing_day(day, rest):
    """The Beijing date of ``day`` at ``rest`` (``13:55:36 +0000``: the time and the
    offset nginx wrote). Without a readable hour or offset the day is kept as written."""
    hour, _sep, tail = rest.partition(b":")
    offset = tail.rpartition(b" ")[2]
    if len(offset) != 5 or offset[:1] not in (b"+", b"-") or not offset[1:].isdigit() or not hour.isdigit():
        return day
    minutes = int(offset[1:3]) * 60 + int(offset[3:5])
    if offset[:1] == b"-":
        minutes = -minutes
    if minutes == BEIJING_OFFSET:
        return day
    minute = int(tail[:2]) if tail[:2].isdigit() else 0
    moment = datetime.combine(day, time(min(int(hour), 23), min(minute, 59))) + timedelta(
        minutes=BEIJING_OFFSET - minutes
    )
    return moment.date()


def visitor_hash(salt, address, agent):
    """The day's pseudonym of a visitor: keyed BLAKE2b of address and user agent with the
    day's random salt, 64 bits in hex. Without the salt (discarded when the day is closed)
    it cannot be tied back to an address."""
    return hashlib.blake2b(address + b"\0" + agent, key=salt, digest_size=8).hexdigest()


# --- files -------------------------------------------------------------------------

FINGERPRINT_BYTES = 4096


def is_gzip(path):
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def open_log(path):
    """The file's content as a binary stream, decompressed if it is gzip."""
    return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")  # noqa: SIM115 - the caller closes it


def fingerprint(path):
    """SHA-256 of the file's first line (of its decompressed content), or None while the
    file holds no complete line. The first line — address, time to the second, request,
    agent — names the log's content whatever the file is called now: access.log renamed
    to access.log.1 and then compressed to access.log.2.gz keeps it; a truncated
    (copytruncate) file gets a new one with its next first line."""
    with open_log(path) as f:
        head = f.readline(FINGERPRINT_BYTES)
    if not head.endswith(b"\n"):
        return None
    return hashlib.sha256(head).hexdigest()


def read_lines(stream, offset):
    """Yields ``(line, end_offset)`` for every complete line after ``offset`` bytes of the
    stream's content; a last line without its newline (nginx still writing it) is left
    for the next run."""
    if offset:
        try:
            stream.seek(offset)
        except (OSError, ValueError):  # pragma: no cover - gzip streams seek by reading
            _skip(stream, offset)
    position = offset
    for line in stream:
        if not line.endswith(b"\n"):
            return
        position += len(line)
        yield line, position


def _skip(stream, n):  # pragma: no cover
    while n > 0:
        chunk = stream.read(min(n, 1 << 20))
        if not chunk:
            return
        n -= len(chunk)
