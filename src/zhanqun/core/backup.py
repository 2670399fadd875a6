"""Backups: one archive holding everything an installation needs to come back (R-SEC-5,
issue 7; docs/backup.md).

An archive is a tar file (gzip-compressed unless its name ends in ``.tar``) with, in
this order::

    database/zhanqun.sqlite3 | database/zhanqun.pgdump   the database, one consistent snapshot
    media/…                                             MEDIA_ROOT (images, documents)
    private/…                                           STORAGES["private"] (evidence files)
    public/…                                            ZHANQUN_PUBLISH_ROOT (the document roots)
    MANIFEST.json                                       every member's path, size and SM3; the engine,
                                                        the migrations, the version, the time
    MANIFEST.sig                                        HMAC-SM3 of MANIFEST.json under ZHANQUN_BACKUP_KEY

**Order and consistency.** The database is snapshotted first, as one transaction-
consistent point: SQLite through its online backup API (a read transaction; writers go
on in WAL mode), PostgreSQL through ``pg_dump`` (one repeatable-read snapshot). The files
are copied after, while the site keeps running. That is safe because nothing in the
database points at a file that appears later: a media file is written before the row
that names it commits, so every file the snapshot names already exists when the files
are copied. A file newer than the snapshot (an upload, a page published meanwhile) is
carried along harmlessly: an orphan media file is ignored, and a published file the
snapshot's manifest (``PublishedFile``) does not describe is reported by ``zhanqun
publish verify`` and reconciled by ``--repair``, which renders the document roots again
from the restored database. The one gap: a media file *deleted* between the snapshot and
the copy is missing although its row is in the snapshot (Wagtail deletes an image's file
when the image is deleted); the manifest records what was there.

Each member is hashed (SM3) from the very bytes written into the archive, so the
manifest describes the archive, not a file that may have changed since. The manifest
goes last (it is complete only once every member is written) and is signed, so a member
changed, added or removed after the fact, or a manifest rewritten to match, is caught by
``verify``. The archive is written under a temporary name in the target folder and
renamed into place only when complete and flushed to disk: a failed or killed run never
leaves something that looks like a backup.

Not in the archive: the keys (``ZHANQUN_CASES_KEY``, ``ZHANQUN_AUDIT_KEY``,
``ZHANQUN_BACKUP_KEY``, ``DJANGO_SECRET_KEY``), which must be kept apart from the
backups; collected static files (``collectstatic`` makes them again).

This module reaches into ``publishing`` and ``audit`` (function-level imports) for the
checks after a restore; no app imports it.
"""

import hmac as std_hmac
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 — pg_dump / pg_restore / git, fixed argument lists, no shell
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

logger = logging.getLogger(__name__)

FORMAT = "zhanqun-backup-v1"
MANIFEST = "MANIFEST.json"
SIGNATURE = "MANIFEST.sig"
SECTIONS = ("database", "media", "private", "public")
SQLITE_MEMBER = "database/zhanqun.sqlite3"
PG_MEMBER = "database/zhanqun.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must read: the message says what and what to do."""


# --- hashing and keys ------------------------------------------------------------------------


def _sm3():
    return hashes.Hash(hashes.SM3())


def _hmac_sm3(key: bytes, data: bytes) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def key_id(key: bytes) -> str:
    """A short public name of a key, written into the manifest so that ``verify`` picks
    the right key after a rotation."""
    digest = _sm3()
    digest.update(b"zhanqun-backup-key-id\n" + key)
    return digest.finalize().hex()[:16]


def _parse_key(value, setting):
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ImproperlyConfigured(f"{setting} must be at least 32 hex digits (64 recommended), see docs/backup.md.")
    return key


def signing_key() -> tuple[str, bytes]:
    value = getattr(settings, "ZHANQUN_BACKUP_KEY", "")
    if not value:
        raise ImproperlyConfigured("ZHANQUN_BACKUP_KEY is not set (docs/backup.md).")
    key = _parse_key(value, "ZHANQUN_BACKUP_KEY")
    return key_id(key), key


def verification_keys() -> dict[str, bytes]:
    keys = {}
    for value in getattr(settings, "ZHANQUN_BACKUP_OLD_KEYS", []) or []:
        key = _parse_key(value, "ZHANQUN_BACKUP_OLD_KEYS")
        keys[key_id(key)] = key
    kid, key = signing_key()
    keys[kid] = key
    return keys


class _HashingReader:
    """Reads a file for ``tarfile`` and hashes exactly the bytes handed over."""

    def __init__(self, fileobj):
        self.fileobj, self.hash, self.size = fileobj, _sm3(), 0

    def read(self, n=-1):
        data = self.fileobj.read(n)
        self.hash.update(data)
        self.size += len(data)
        return data


class _HashingWriter:
    """Counts and hashes what goes to the archive file (the whole archive's SM3)."""

    def __init__(self, fileobj):
        self.fileobj, self.hash, self.size = fileobj, _sm3(), 0

    def write(self, data):
        self.hash.update(data)
        self.size += len(data)
        return self.fileobj.write(data)

    def flush(self):
        self.fileobj.flush()


def file_sm3(path) -> str:
    digest = _sm3()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.finalize().hex()


# --- what is backed up ---------------------------------------------------------------------------


def roots() -> dict[str, Path | None]:
    """The folders backed up, by archive section. ``private`` is None when no private
    storage folder is configured: its files then live in MEDIA_ROOT (the interaction
    app's fallback) and travel with the media."""
    from zhanqun.publishing.services import publish_root

    private = None
    config = (getattr(settings, "STORAGES", {}) or {}).get("private") or {}
    if config.get("BACKEND", "").endswith("FileSystemStorage"):
        location = (config.get("OPTIONS") or {}).get("location")
        if location:
            private = Path(location)
    return {"media": Path(settings.MEDIA_ROOT), "private": private, "public": Path(publish_root())}


def _restore_root(section, found):
    if section == "private" and found["private"] is None:
        return found["media"]
    return found[section]


def _skip(name):
    """Temporary files of the publisher (``.x.zq-tmp-…``) and of uploads in progress."""
    from zhanqun.publishing.writer import is_temp

    return is_temp(name)


def _walk(root: Path):
    """(relative POSIX path, absolute path) of every regular file under ``root``, sorted;
    symbolic links are not followed (reported by the caller)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if _skip(name):
                continue
            full = Path(dirpath, name)
            yield full.relative_to(root).as_posix(), full


def _safe_member(name) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and len(path.parts) >= 2
        and path.parts[0] in SECTIONS
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
        and str(path) == name
    )


# --- the database ------------------------------------------------------------------------------


def _engine(connection):
    return {"sqlite": "sqlite", "postgresql": "postgresql"}.get(connection.vendor, connection.vendor)


def _sqlite_is_memory(connection):
    name = str(connection.settings_dict["NAME"])
    return connection.is_in_memory_db() or name == ":memory:" or "mode=memory" in name


def _latest_migrations(rows):
    latest = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _snapshot_sqlite(connection, target: Path) -> dict:
    """SQLite's online backup API from a connection of its own: one read transaction,
    so the copy is the database as of one commit; writers are not blocked (WAL)."""
    if _sqlite_is_memory(connection):
        # The test suite's in-memory database: only this connection can see it.
        if connection.in_atomic_block:
            raise BackupError("不能在事务中备份内存数据库 / cannot snapshot an in-memory database inside a transaction")
        connection.ensure_connection()
        source, own = connection.connection, False
    else:
        source, own = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=60), True
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
        # One self-contained file: no -wal/-shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        status = copy.execute("PRAGMA quick_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"数据库快照未通过完整性检查 / the snapshot failed quick_check: {status}")
        rows = copy.execute("SELECT app, name FROM django_migrations").fetchall()
    finally:
        copy.close()
        if own:
            source.close()
    return {"engine": "sqlite", "member": SQLITE_MEMBER, "sqlite_version": sqlite3.sqlite_version}, rows


def _pg_tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"找不到 {name}：请安装与数据库服务器同一主版本的 PostgreSQL 客户端（Debian：postgresql-client-<版本>）。"
            f" / {name} not found: install the PostgreSQL client of the server's major version."
        )
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(r"(\d+)(?:\.(\d+))?", out)
    if not match:
        raise BackupError(f"无法识别 {name} 的版本：{out.strip()}")
    return path, int(match.group(1))


def _pg_env(connection):
    """The connection settings as libpq environment variables (PGPASSWORD never on a
    command line)."""
    params = connection.get_connection_params()
    sd = connection.settings_dict
    _args, env = connection.client.settings_to_cmd_args_env(sd, [])
    env = {**os.environ, **(env or {})}
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("dbname", "PGDATABASE")):
        value = params.get(key) or sd.get({"dbname": "NAME"}.get(key, key.upper()))
        if value:
            env[var] = str(value)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return env


def _snapshot_postgresql(connection, target: Path) -> dict:
    pg_dump, client_major = _pg_tool("pg_dump")
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if client_major < server_major:
        raise BackupError(
            f"pg_dump {client_major} 不能导出 PostgreSQL {server_major} 的数据库：请安装 postgresql-client-{server_major}。"
            f" / pg_dump {client_major} cannot dump a PostgreSQL {server_major} server."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        rows = cursor.fetchall()
    env = _pg_env(connection)
    command = [pg_dump, "--format=custom", "--no-password", f"--file={target}", env["PGDATABASE"]]
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise BackupError(f"pg_dump 失败（退出码 {done.returncode}）：{done.stderr.strip()}")
    return {
        "engine": "postgresql",
        "member": PG_MEMBER,
        "server_version": server_major,
        "pg_dump_version": client_major,
    }, rows


def snapshot_database(target_dir: Path, using="default") -> tuple[dict, Path]:
    connection = connections[using]
    engine = _engine(connection)
    if engine == "sqlite":
        info, rows = _snapshot_sqlite(connection, target_dir / "zhanqun.sqlite3")
        path = target_dir / "zhanqun.sqlite3"
    elif engine == "postgresql":
        info, rows = _snapshot_postgresql(connection, target_dir / "zhanqun.pgdump")
        path = target_dir / "zhanqun.pgdump"
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor} / unsupported database engine")
    info["migrations"] = _latest_migrations(rows)
    return info, path


# --- creating -------------------------------------------------------------------------------------


def _version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zhanqun")
    except PackageNotFoundError:
        return None


def _git_commit():
    checkout = Path(getattr(settings, "PROJECT_DIR", Path(__file__).resolve().parents[3]))
    git = shutil.which("git")
    if not git or not (checkout / ".git").exists():
        return None
    try:
        done = subprocess.run(  # noqa: S603
            [git, "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode:
        return None
    return done.stdout.strip() or None


def default_output() -> Path:
    directory = Path(getattr(settings, "ZHANQUN_BACKUP_DIR", Path(settings.VAR_DIR) / "backups"))
    return directory / f"zhanqun-{datetime.now(UTC).astimezone():%Y%m%d-%H%M%S}.tar.gz"


def _compression(path: Path):
    name = path.name.lower()
    if name.endswith(".tar"):
        return None
    if name.endswith((".tar.gz", ".tgz")):
        return "gz"
    raise BackupError("备份文件名须以 .tar.gz、.tgz 或 .tar 结尾 / the archive name must end in .tar.gz, .tgz or .tar")


@dataclass
class CreateResult:
    path: Path
    members: int = 0
    content_bytes: int = 0
    archive_bytes: int = 0
    archive_sm3: str = ""
    database_seconds: float = 0.0
    seconds: float = 0.0
    skipped: list = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def _tar_info(name, size, mtime, mode):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.type = size, int(mtime), mode & 0o777, tarfile.REGTYPE
    info.uname = info.gname = ""
    return info


def _add_file(tar, name, path) -> dict:
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        reader = _HashingReader(f)
        try:
            tar.addfile(_tar_info(name, st.st_size, st.st_mtime, st.st_mode), reader)
        except OSError as exc:
            raise BackupError(f"{name}：备份时文件被截短或无法读取（{exc}），请重新备份。") from exc
    return {"path": name, "size": reader.size, "sm3": reader.hash.finalize().hex()}


def _add_bytes(tar, name, data: bytes):
    import io

    tar.addfile(_tar_info(name, len(data), time.time(), 0o600), io.BytesIO(data))


def create(output=None, *, progress=None) -> CreateResult:
    """Write one archive; returns what was written. Raises ``BackupError``."""
    started = time.perf_counter()
    output = Path(output) if output else default_output()
    compression = _compression(output)
    kid, key = signing_key()
    output = output.absolute()
    if output.exists():
        raise BackupError(f"{output} 已存在，不覆盖 / refusing to overwrite an existing file")
    found = roots()
    for section, root in found.items():
        if root is not None and root.absolute() in (output.parent, *output.parents):
            raise BackupError(
                f"备份文件不能写在被备份的目录（{section}：{root}）之内 / the archive cannot go inside {root}"
            )
    output.parent.mkdir(parents=True, exist_ok=True)
    result = CreateResult(path=output)
    say = progress or (lambda message: None)

    fd, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial", dir=output.parent)
    temp = Path(temp_name)
    try:
        with (
            os.fdopen(fd, "wb") as raw,
            tempfile.TemporaryDirectory(prefix=".zhanqun-backup-", dir=output.parent) as work,
        ):
            say("数据库快照 / database snapshot …")
            db_started = time.perf_counter()
            snapshot_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            database, db_path = snapshot_database(Path(work))
            database["snapshot_at"] = snapshot_at
            result.database_seconds = time.perf_counter() - db_started
            counted = _HashingWriter(raw)
            if compression == "gz":
                import gzip

                stream = gzip.GzipFile(filename="", mode="wb", fileobj=counted, compresslevel=6, mtime=0)
            else:
                stream = counted
            members = []
            with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT, encoding="utf-8") as tar:
                members.append(_add_file(tar, database["member"], db_path))
                os.unlink(db_path)  # the space it took is needed for the files
                for section in ("media", "private", "public"):
                    root = found[section]
                    if root is None:
                        continue
                    say(f"{section}: {root} …")
                    for rel, full in _walk(root):
                        if full.is_symlink() or not full.is_file():
                            result.skipped.append(f"{section}/{rel}")
                            continue
                        members.append(_add_file(tar, f"{section}/{rel}", full))
                manifest = {
                    "format": FORMAT,
                    "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    "version": _version(),
                    "git_commit": _git_commit(),
                    "database": database,
                    "roots": {k: str(v) if v else None for k, v in found.items()},
                    "key_id": kid,
                    "algorithm": "SM3",
                    "members": members,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
                signature = {"algorithm": "HMAC-SM3", "key_id": kid, "signature": _hmac_sm3(key, body)}
                _add_bytes(tar, MANIFEST, body)
                _add_bytes(tar, SIGNATURE, json.dumps(signature).encode())
            if stream is not counted:
                stream.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, output)
        dir_fd = os.open(output.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    result.members = len(members)
    result.content_bytes = sum(m["size"] for m in members)
    result.archive_bytes = counted.size
    result.archive_sm3 = counted.hash.finalize().hex()
    result.manifest = manifest
    result.seconds = time.perf_counter() - started
    return result


# --- verifying ---------------------------------------------------------------------------------


@dataclass
class Verification:
    path: Path
    problems: list = field(default_factory=list)
    manifest: dict | None = None
    signed: bool = False
    members: int = 0
    content_bytes: int = 0

    @property
    def ok(self):
        return not self.problems


def _read_member(tar, member, limit=1024 * 1024 * 1024):
    if member.size > limit:
        raise BackupError(f"{member.name} 过大")
    return tar.extractfile(member).read()


def _hash_member(tar, member):
    digest, size = _sm3(), 0
    f = tar.extractfile(member)
    while chunk := f.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.finalize().hex()


def verify(path) -> Verification:
    """Read the whole archive once: every member's SM3, then the manifest and its
    signature. Lists every problem found (``problems``), naming the member."""
    path = Path(path)
    result = Verification(path=path)
    if not path.is_file():
        result.problems.append(f"{path}：文件不存在 / no such file")
        return result
    found, body, signature, current = {}, None, None, None
    try:
        with tarfile.open(path, mode="r|*", encoding="utf-8") as tar:
            for member in tar:
                current = member.name
                if member.name in (MANIFEST, SIGNATURE):
                    data = _read_member(tar, member)
                    if member.name == MANIFEST:
                        body = data
                    else:
                        signature = data
                    continue
                if not member.isreg():
                    result.problems.append(f"{member.name}：不是普通文件 / not a regular file")
                    continue
                if member.name in found:
                    result.problems.append(f"{member.name}：在归档中出现两次 / appears twice")
                found[member.name] = _hash_member(tar, member)
            current = None
    except (tarfile.TarError, OSError, EOFError, zlib.error, BackupError) as exc:
        where = f"读到 {current} 时" if current else "读取时"
        result.problems.append(f"归档损坏或不完整（{where}）：{exc} / damaged or truncated archive")
    if body is None:
        result.problems.append(f"缺少 {MANIFEST} / no manifest")
        return result
    try:
        manifest = json.loads(body)
    except ValueError:
        result.problems.append(f"{MANIFEST} 不是有效的 JSON / unreadable manifest")
        return result
    result.manifest = manifest
    if manifest.get("format") != FORMAT:
        result.problems.append(f"未知的备份格式：{manifest.get('format')!r} / unknown format")
    try:
        sig = json.loads(signature) if signature is not None else None
    except ValueError:
        sig = None
    keys = verification_keys()
    if sig is None:
        result.problems.append(f"缺少或无法读取 {SIGNATURE}：清单未签名 / manifest not signed")
    elif sig.get("key_id") not in keys:
        result.problems.append(
            f"清单的签名密钥（{sig.get('key_id')}）不是本机的 ZHANQUN_BACKUP_KEY 或 ZHANQUN_BACKUP_OLD_KEYS 之一 / unknown signing key"
        )
    elif not std_hmac.compare_digest(_hmac_sm3(keys[sig["key_id"]], body), str(sig.get("signature", ""))):
        result.problems.append("清单签名不符：MANIFEST.json 被改动过 / manifest signature mismatch")
    else:
        result.signed = True
    listed = {}
    for entry in manifest.get("members", []):
        name = entry.get("path", "")
        if not _safe_member(name):
            result.problems.append(f"{name!r}：不安全的成员路径 / unsafe member path")
            continue
        listed[name] = entry
        if name not in found:
            result.problems.append(f"{name}：清单中有，归档中缺失 / missing from the archive")
            continue
        size, digest = found[name]
        if size != entry.get("size"):
            result.problems.append(f"{name}：大小不符（清单 {entry.get('size')}，实际 {size}）/ size mismatch")
        elif digest != entry.get("sm3"):
            result.problems.append(f"{name}：SM3 校验值不符，内容被改动 / checksum mismatch")
    for name in sorted(set(found) - set(listed)):
        result.problems.append(f"{name}：归档中有，清单中没有 / not in the manifest")
    database = manifest.get("database") or {}
    if database.get("member") not in listed:
        result.problems.append("归档中没有数据库 / no database in the archive")
    result.members = len(listed)
    result.content_bytes = sum(e.get("size", 0) for e in listed.values())
    return result


# --- restoring ----------------------------------------------------------------------------------


def installation_problems(using="default") -> list[str]:
    """Why this installation is not empty (a restore refuses to overwrite anything):
    users, pages beyond the two Wagtail's migrations create, files in the folders."""
    problems = []
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if "auth_user" in tables:
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.using(using).count()
        if users:
            problems.append(f"数据库中已有 {users} 个用户 / the database has users")
    if "wagtailcore_page" in tables:
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Page

        generic = ContentType.objects.db_manager(using).get_for_model(Page)
        pages = Page.objects.using(using).exclude(content_type=generic).count()
        if pages or Page.objects.using(using).count() > 2:
            problems.append(f"数据库中已有页面（{Page.objects.using(using).count()} 个）/ the database has pages")
    found = roots()
    for section, root in found.items():
        if root is None:
            continue
        count = sum(1 for _ in _walk(root))
        if count:
            problems.append(f"{section} 目录 {root} 不为空（{count} 个文件）/ folder not empty")
    return problems


def _unapplied_migrations(using="default"):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def _check_migrations(manifest):
    """A backup from a newer release (migrations this code does not know) is refused:
    its tables would not match the models."""
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, name in (manifest["database"].get("migrations") or {}).items()
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "备份来自更新的版本，本程序不认识这些迁移："
            + "、".join(unknown[:10])
            + " / the backup was made by a newer release: upgrade first"
        )


def _restore_sqlite(connection, source: Path):
    """The backup API again, into the configured database: one write transaction, so the
    database is the old one or the restored one, never a mix; WAL and -shm files are
    handled by SQLite itself (copying a file over a database in WAL mode is not)."""
    source_db = sqlite3.connect(str(source))
    try:
        if _sqlite_is_memory(connection):
            if connection.in_atomic_block:
                raise BackupError("不能在事务中恢复内存数据库")
            connection.ensure_connection()
            source_db.backup(connection.connection)
        else:
            connections.close_all()
            target = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=60)
            try:
                source_db.backup(target)
            finally:
                target.close()
    finally:
        source_db.close()


def _drop_all_tables(connection):
    """The empty installation's tables (made by ``migrate``) go, so that the dump's
    schema is restored whole, whatever migrations this installation had run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
        )
        sequences = [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        if tables:
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(quote(t) for t in tables) + " CASCADE")
        if sequences:
            cursor.execute("DROP SEQUENCE IF EXISTS " + ", ".join(quote(s) for s in sequences) + " CASCADE")


def _restore_postgresql(connection, source: Path, database: dict):
    pg_restore, major = _pg_tool("pg_restore")
    if major < int(database.get("pg_dump_version") or 0):
        raise BackupError(
            f"pg_restore {major} 读不了 pg_dump {database['pg_dump_version']} 写的备份：请安装更新的 PostgreSQL 客户端。"
        )
    from django.db import transaction

    with transaction.atomic(using=connection.alias):
        _drop_all_tables(connection)
    env = _pg_env(connection)
    connections.close_all()
    command = [
        pg_restore,
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname={env['PGDATABASE']}",
        str(source),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise BackupError(
            f"pg_restore 失败（退出码 {done.returncode}），数据库已回滚为空库（无表），"
            f"可运行 zhanqun migrate 回到初始状态：{done.stderr.strip()[:2000]}"
        )


@dataclass
class RestoreResult:
    path: Path
    members: int = 0
    files: int = 0
    migrated: list = field(default_factory=list)
    publish_problems: list = field(default_factory=list)
    sites_checked: int = 0
    audit_ok: bool = False
    audit_count: int = 0
    audit_reason: str = ""
    seconds: float = 0.0
    verify_seconds: float = 0.0
    manifest: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.audit_ok and not self.publish_problems


def _extract(tar_path, manifest, found, work: Path, written: list):
    """Second pass: every member to its place, hashed again on the way (the archive
    cannot change between the verification and the extraction unnoticed)."""
    entries = {e["path"]: e for e in manifest["members"]}
    database_member = manifest["database"]["member"]
    database_file = None
    with tarfile.open(tar_path, mode="r|*", encoding="utf-8") as tar:
        for member in tar:
            entry = entries.get(member.name)
            if entry is None:
                continue
            section, _, rel = member.name.partition("/")
            if member.name == database_member:
                dest = work / Path(rel).name
                database_file = dest
            else:
                dest = _restore_root(section, found) / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
            digest = _sm3()
            source = tar.extractfile(member)
            with open(dest, "xb") as out:
                written.append(dest)
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.finalize().hex() != entry["sm3"]:
                raise BackupError(f"{member.name}：解包时校验值不符，归档在校验后被改动 / changed since verified")
            os.chmod(dest, member.mode & 0o777 or 0o644)
            os.utime(dest, (member.mtime, member.mtime))
    if database_file is None:
        raise BackupError("归档中没有数据库 / no database in the archive")
    return database_file


def post_restore_checks(result: RestoreResult):
    """What ``zhanqun publish verify`` and ``zhanqun audit verify`` would say."""
    from wagtail.models import Site

    from zhanqun.audit.services import verify_chain
    from zhanqun.publishing import services as publishing

    for site in Site.objects.order_by("pk"):
        check = publishing.verify(site)
        result.sites_checked += 1
        name = publishing.site_dirname(site)
        for label, paths in (("被改动", check.changed), ("多出", check.added), ("缺失", check.missing)):
            result.publish_problems.extend(f"{name}/{p}：{label}" for p in paths)
    chain = verify_chain()
    result.audit_ok, result.audit_count = chain.ok, chain.count
    if not chain.ok:
        result.audit_reason = f"第 {chain.seq} 条记录（id {chain.record_id}）：{chain.reason}"


def restore(path, *, progress=None, using="default") -> RestoreResult:
    """Verify, refuse unless the installation is empty, then put the files and the
    database in place and check the published files and the audit chain."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    path = Path(path)
    result = RestoreResult(path=path)
    say("校验备份 / verifying …")
    check = verify(path)
    result.verify_seconds = time.perf_counter() - started
    if not check.ok:
        raise BackupError("备份校验未通过，不予恢复 / verification failed:\n" + "\n".join(check.problems))
    manifest = result.manifest = check.manifest
    database = manifest["database"]
    connection = connections[using]
    engine = _engine(connection)
    if database.get("engine") != engine:
        raise BackupError(
            f"备份的数据库是 {database.get('engine')}，本安装用的是 {engine}：不支持跨数据库恢复。"
            " / cross-engine restore is not supported"
        )
    _check_migrations(manifest)
    if engine == "postgresql":
        _pg_tool("pg_restore")
    problems = installation_problems(using)
    if problems:
        raise BackupError(
            "只能恢复到空的安装（新建数据库并运行 zhanqun migrate，目录为空），本安装不为空：\n"
            + "\n".join(f"  - {p}" for p in problems)
            + "\n / restore only onto an empty installation"
        )
    found = roots()
    written = []
    database_restored = False
    try:
        with tempfile.TemporaryDirectory(prefix="zhanqun-restore-") as work:
            say("解包文件 / extracting …")
            database_file = _extract(path, manifest, found, Path(work), written)
            say("恢复数据库 / restoring the database …")
            if engine == "sqlite":
                _restore_sqlite(connection, database_file)
            else:
                _restore_postgresql(connection, database_file, database)
            database_restored = True
    except BaseException:
        if not database_restored:
            for dest in reversed(written):
                Path(dest).unlink(missing_ok=True)
        raise
    result.members = len(manifest["members"])
    result.files = sum(1 for m in manifest["members"] if not m["path"].startswith("database/"))
    from django.core.cache import cache

    cache.clear()
    plan = _unapplied_migrations(using)
    if plan:
        from django.core.management import call_command

        say(f"应用 {len(plan)} 个新迁移 / applying migrations …")
        call_command("migrate", interactive=False, verbosity=0)
        result.migrated = [f"{m.app_label}.{m.name}" for m, _backwards in plan]
    say("校验发布文件与审计链 / checking …")
    post_restore_checks(result)
    result.seconds = time.perf_counter() - started
    return result
