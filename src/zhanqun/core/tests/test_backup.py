"""Backups (issue 7, R-SEC-5): a backup restored onto a fresh installation has the same
content, the same published files and a valid audit chain; a tampered backup fails
``verify`` naming the member; a restore onto an installation in use is refused.

Each installation is real and separate: its own database (an SQLite file, or a scratch
PostgreSQL database this module creates and drops), its own media, private and publish
folders, driven through ``zhanqun`` in subprocesses exactly as an operator would. The
source gets the small demo (``load_demo(scale=0.05)``), a document file, an evidence
file, a full publication and a few audit records.
"""

import gzip
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

import pytest

from zhanqun.core import backup

SETTINGS = textwrap.dedent(
    '''
    """One installation of the backup tests: its paths come from the environment."""
    import os
    from pathlib import Path

    import dj_database_url

    from zhanqun.settings.test import *  # noqa: F403

    _ROOT = Path(os.environ["ZQ_BACKUP_ROOT"])
    DATABASES = {"default": dj_database_url.parse(os.environ["ZQ_BACKUP_DB"])}
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # As in production (settings.base): WAL, a busy timeout.
        DATABASES["default"]["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    MEDIA_ROOT = _ROOT / "media"
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(_ROOT / "private"), "base_url": None},
        },
    }
    ZHANQUN_PUBLISH_ROOT = _ROOT / "public"
    ZHANQUN_AUDIT_ARCHIVE_DIR = _ROOT / "audit-archives"
    ZHANQUN_BACKUP_DIR = _ROOT / "backups"
    '''
)

# Content for the source: the small demo, a document with its file, an evidence file in
# the private storage, every site published, three audit records of our own.
SEED = textwrap.dedent(
    """
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from wagtail.documents import get_document_model
    from wagtail.models import Site

    from zhanqun import audit
    from zhanqun.demo.loader import load_demo
    from zhanqun.publishing.services import publish_site

    load_demo(scale=0.05)
    get_document_model().objects.create(
        title="备份测试附件", file=ContentFile(b"%PDF-1.4 backup test attachment", name="backup-test.pdf")
    )
    storages["private"].save("interaction/screenshots/backup-test.png", ContentFile(b"\\x89PNG evidence"))
    for site in Site.objects.order_by("pk"):
        stats = publish_site(site)
        assert not stats.errors, stats.errors
    for n in range(3):
        audit.record(None, "backup.test", label="备份测试", n=n)
    """
)

# What a user would notice, as JSON: pages, users, published files, documents and their
# bytes, private files, the audit chain.
FINGERPRINT = textwrap.dedent(
    """
    import json
    from django.contrib.auth import get_user_model
    from django.core.files.storage import storages
    from wagtail.documents import get_document_model
    from wagtail.models import Page
    from zhanqun.audit.models import AuditRecord
    from zhanqun.core.backup import file_sm3
    from zhanqun.publishing.models import PublishedFile

    private = storages["private"]
    print(json.dumps({
        "pages": [list(r) for r in Page.objects.order_by("pk").values_list(
            "pk", "content_type__model", "title", "url_path", "live", "latest_revision_id")],
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "published": [list(r) for r in PublishedFile.objects.order_by("site_id", "path").values_list(
            "site_id", "path", "digest")],
        "documents": [[d.title, d.file.name, file_sm3(d.file.path)]
                      for d in get_document_model().objects.order_by("pk")],
        "private": [[name, file_sm3(private.path("interaction/screenshots/" + name))]
                    for name in sorted(private.listdir("interaction/screenshots")[1]
                                       if private.exists("interaction/screenshots") else [])],
        "audit": [list(r) for r in AuditRecord.objects.order_by("seq").values_list("seq", "hash", "action")],
    }, ensure_ascii=False))
    """
)


class Installation:
    """One installation: a database and its folders, driven through subprocesses."""

    def __init__(self, root: Path, db_url: str, settings_dir: Path):
        self.root, self.db_url, self.settings_dir = root, db_url, settings_dir
        root.mkdir(parents=True, exist_ok=True)

    def env(self):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="zq_backup_settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(self.settings_dir), env.get("PYTHONPATH")])),
            ZQ_BACKUP_ROOT=str(self.root),
            ZQ_BACKUP_DB=self.db_url,
        )
        return env

    def zhanqun(self, *args, check=True):
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "zhanqun.cli", *args], env=self.env(), capture_output=True, text=True, timeout=600
        )
        if check and done.returncode:
            raise AssertionError(f"zhanqun {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def python(self, code):
        script = "import django\ndjango.setup()\n" + code
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script], env=self.env(), capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def fingerprint(self):
        return json.loads(self.python(FINGERPRINT).strip().splitlines()[-1])


def _settings_dir(base: Path) -> Path:
    folder = base / "settings"
    folder.mkdir(exist_ok=True)
    (folder / "zq_backup_settings.py").write_text(SETTINGS)
    return folder


def _build(base: Path, src_url: str, fresh_database):
    """Migrate the source, keep a copy of the migrated, empty database for the fresh
    installations (``fresh_database(n)`` returns a URL), seed, fingerprint, back up."""
    settings_dir = _settings_dir(base)
    src = Installation(base / "src", src_url, settings_dir)
    src.zhanqun("migrate", "--no-input", "-v0")
    make_fresh = fresh_database()
    src.python(SEED)
    before = src.fingerprint()
    archive = base / "backups" / "zhanqun.tar.gz"
    created = src.zhanqun("backup", "create", "--output", str(archive))
    counter = iter(range(1, 100))

    def fresh_installation():
        n = next(counter)
        return Installation(base / f"dst{n}", make_fresh(n), settings_dir)

    return SimpleNamespace(src=src, before=before, archive=archive, created=created, fresh=fresh_installation)


@pytest.fixture(scope="module")
def sqlite_group(tmp_path_factory):
    base = tmp_path_factory.mktemp("backup-sqlite")
    src_db = base / "src" / "db.sqlite3"
    src_db.parent.mkdir(parents=True)

    def fresh_database():
        template = base / "migrated.sqlite3"
        # Through SQLite, not a file copy: a -wal file may still hold the last commits.
        with sqlite3.connect(src_db) as source, sqlite3.connect(template) as copy:
            source.backup(copy)

        def make(n):
            target = base / f"dst{n}" / "db.sqlite3"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, target)
            return f"sqlite:///{target}"

        return make

    return _build(base, f"sqlite:///{src_db}", fresh_database)


def _postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("PostgreSQL variant: runs when DATABASE_URL names a PostgreSQL server")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore not installed")
    return url


@pytest.fixture(scope="module")
def postgres_group(tmp_path_factory):
    """Scratch databases of our own (``zhanqun_backup_*_<pid>``), never the test database;
    dropped afterwards. Fresh installations are copies of the migrated source
    (``CREATE DATABASE … TEMPLATE``), i.e. exactly what ``zhanqun migrate`` leaves."""
    import psycopg

    url = _postgres_url()
    parts = urlsplit(url)

    def db_url(name):
        return urlunsplit(parts._replace(path="/" + name))

    suffix = os.getpid()
    src_name = f"zhanqun_backup_src_{suffix}"
    created = [src_name]
    admin = psycopg.connect(db_url("postgres"), autocommit=True)

    def drop(name):
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop(src_name)
    admin.execute(f'CREATE DATABASE "{src_name}"')
    base = tmp_path_factory.mktemp("backup-pg")

    def fresh_database():
        template = f"zhanqun_backup_migrated_{suffix}"
        drop(template)
        admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{src_name}"')
        created.append(template)

        def make(n):
            name = f"zhanqun_backup_dst{n}_{suffix}"
            drop(name)
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            created.append(name)
            return db_url(name)

        return make

    try:
        yield _build(base, db_url(src_name), fresh_database)
    finally:
        for name in reversed(created):
            drop(name)
        admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def group(request):
    return request.getfixturevalue(f"{request.param}_group")


def _files(root: Path):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_backup_restored_onto_a_fresh_installation_has_the_same_content_files_and_audit_chain(group):
    target = group.fresh()
    assert "已写出备份" in group.created.stdout
    assert target.zhanqun("backup", "verify", str(group.archive)).returncode == 0

    restored = target.zhanqun("backup", "restore", str(group.archive), "--yes")

    assert "发布文件校验通过" in restored.stdout and "审计链完整" in restored.stdout, restored.stdout
    after = target.fingerprint()
    for key in ("pages", "users", "published", "documents", "private"):
        assert after[key] == group.before[key], key
    assert len(group.before["pages"]) > 50 and group.before["documents"] and group.before["private"]
    # Every record of the source, hash for hash; then the restore's own record.
    assert after["audit"][: len(group.before["audit"])] == group.before["audit"]
    assert [r[2] for r in after["audit"][len(group.before["audit"]) :]] == ["backup.restore"]
    # The published document roots are byte for byte the source's, and the commands agree.
    assert _files(target.root / "public") == _files(group.src.root / "public")
    assert target.zhanqun("publish", "verify").returncode == 0
    assert target.zhanqun("audit", "verify").returncode == 0


def test_restore__is_refused_on_an_installation_in_use(group):
    before = group.src.fingerprint()

    refused = group.src.zhanqun("backup", "restore", str(group.archive), "--yes", check=False)

    assert refused.returncode == 1
    assert "只能恢复到空的安装" in refused.stderr and "用户" in refused.stderr, refused.stderr
    assert group.src.fingerprint()["pages"] == before["pages"]


def _rewrite(archive: Path, out: Path, change):
    """Copy a .tar.gz member by member; ``change(name, data)`` returns new bytes or None."""
    with tarfile.open(archive, "r:gz") as src, gzip.open(out, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w|", format=tarfile.PAX_FORMAT) as dst:
            for member in src:
                data = src.extractfile(member).read()
                new = change(member.name, data)
                data = data if new is None else new
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))


def _a_published_page(archive: Path):
    with tarfile.open(archive, "r:gz") as tar:
        return next(n for n in tar.getnames() if n.startswith("public/") and n.endswith("/index.html"))


def _flip_one_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


def test_verify__names_the_member_in_which_one_byte_was_changed(sqlite_group, tmp_path):
    victim = _a_published_page(sqlite_group.archive)
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(sqlite_group.archive, tampered, lambda name, data: _flip_one_byte(data) if name == victim else None)

    result = sqlite_group.src.zhanqun("backup", "verify", str(tampered), check=False)

    assert result.returncode == 1
    assert f"{victim}：SM3 校验值不符" in result.stderr, result.stderr
    assert "1 处" in result.stderr  # nothing else is blamed


def test_verify__catches_a_byte_changed_inside_an_uncompressed_archive(sqlite_group, tmp_path):
    """The same, on the bytes of the file itself (a .tar, no gzip CRC to help)."""
    plain = tmp_path / "plain.tar"
    with gzip.open(sqlite_group.archive) as src, open(plain, "wb") as out:
        shutil.copyfileobj(src, out)
    with tarfile.open(plain) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("database/"))
    with open(plain, "r+b") as f:
        f.seek(member.offset_data + member.size // 2)
        byte = f.read(1)
        f.seek(-1, io.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))

    result = sqlite_group.src.zhanqun("backup", "verify", str(plain), check=False)

    assert result.returncode == 1
    assert f"{member.name}：SM3 校验值不符" in result.stderr, result.stderr


def test_verify__a_manifest_rewritten_to_match_fails_its_signature(sqlite_group, tmp_path):
    victim = _a_published_page(sqlite_group.archive)
    forged = tmp_path / "forged.tar.gz"
    new_bytes = b"<html>defaced</html>"

    def change(name, data):
        if name == victim:
            return new_bytes
        if name == backup.MANIFEST:
            manifest = json.loads(data)
            for entry in manifest["members"]:
                if entry["path"] == victim:
                    digest = backup._sm3()
                    digest.update(new_bytes)
                    entry.update(size=len(new_bytes), sm3=digest.finalize().hex())
            return json.dumps(manifest).encode()
        return None

    _rewrite(sqlite_group.archive, forged, change)

    result = sqlite_group.src.zhanqun("backup", "verify", str(forged), check=False)

    assert result.returncode == 1
    assert "清单签名不符" in result.stderr, result.stderr


def test_verify__a_truncated_archive_is_reported_damaged(sqlite_group, tmp_path):
    cut = tmp_path / "cut.tar.gz"
    data = sqlite_group.archive.read_bytes()
    cut.write_bytes(data[: len(data) // 2])

    result = sqlite_group.src.zhanqun("backup", "verify", str(cut), check=False)

    assert result.returncode == 1
    assert "归档损坏或不完整" in result.stderr and "缺少 MANIFEST.json" in result.stderr, result.stderr


def test_restore__of_a_tampered_backup_is_refused_and_changes_nothing(sqlite_group, tmp_path):
    victim = _a_published_page(sqlite_group.archive)
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(sqlite_group.archive, tampered, lambda name, data: _flip_one_byte(data) if name == victim else None)
    target = sqlite_group.fresh()

    refused = target.zhanqun("backup", "restore", str(tampered), "--yes", check=False)

    assert refused.returncode == 1
    assert "备份校验未通过" in refused.stderr and victim in refused.stderr, refused.stderr
    assert target.fingerprint()["users"] == []
    assert not (target.root / "public").exists() or not _files(target.root / "public")


def test_create__leaves_no_file_behind_when_it_fails(tmp_path, monkeypatch, settings):
    """An error half-way (here: a file that vanishes while being read) leaves neither
    the archive nor its temporary file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ZHANQUN_PUBLISH_ROOT = tmp_path / "public"
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.jpg").write_bytes(b"x" * 10)

    def fake_snapshot(directory):
        path = directory / "zhanqun.sqlite3"
        path.write_bytes(b"SQLite format 3\x00")
        return {"engine": "sqlite", "member": backup.SQLITE_MEMBER, "migrations": {}}, path

    def broken(tar, name, path):
        if name.startswith("media/"):
            raise backup.BackupError(f"{name}：备份时文件被截短")
        return original(tar, name, path)

    original = backup._add_file
    monkeypatch.setattr(backup, "snapshot_database", fake_snapshot)
    monkeypatch.setattr(backup, "_add_file", broken)
    out = tmp_path / "out"

    with pytest.raises(backup.BackupError, match="media/a.jpg"):
        backup.create(out / "b.tar.gz")

    assert list(out.iterdir()) == []


def test_create__refuses_to_write_inside_a_folder_it_backs_up(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(backup.BackupError, match="不能写在被备份的目录"):
        backup.create(tmp_path / "media" / "backups" / "b.tar.gz")
    assert not (tmp_path / "media").exists()


def _production(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ZHANQUN_", "DATABASE_URL"))}
    base.update(
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="admin.example.gov.cn",
        ZHANQUN_CASES_KEY="00" * 16,
        ZHANQUN_AUDIT_KEY="ab" * 32,
        **env,
    )
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", "import zhanqun.settings.production"], env=base, capture_output=True, text=True
    )


def test_production__a_malformed_backup_key_stops_the_start():
    refused = _production(ZHANQUN_BACKUP_KEY="abc")
    assert refused.returncode != 0
    assert "ZHANQUN_BACKUP_KEY must be at least 32 hex digits" in refused.stderr
    assert _production(ZHANQUN_BACKUP_KEY="cd" * 32).returncode == 0


def test_without_a_backup_key__the_commands_refuse_and_write_nothing(tmp_path, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ZHANQUN_BACKUP_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="ZHANQUN_BACKUP_KEY is not set"):
        backup.create(tmp_path / "b.tar.gz")
    assert list(tmp_path.iterdir()) == []
