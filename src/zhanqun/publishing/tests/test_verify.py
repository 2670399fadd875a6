"""verify: the document root against the manifest; --repair restores from the database."""

import pytest
from django.core.management import call_command

from zhanqun.publishing import services, writer

from .helpers import PORTAL, portal, publish_everything


def test_verify_reports_changes_and_repairs_them(demo, capsys):
    publish_everything()
    call_command("publish", "verify")
    assert "与清单一致" in capsys.readouterr().out

    site_root = demo / PORTAL
    original = (site_root / "index.html").read_bytes()
    (site_root / "index.html").write_text("<html>被篡改</html>", encoding="utf-8")
    (site_root / "zwdt" / "index.html").unlink()
    (site_root / "hack.html").write_text("x")
    # A temporary file a killed publisher left is not an added file.
    (site_root / f".index.html{writer.TEMP_MARK}abc123").write_text("half")

    with pytest.raises(SystemExit) as exit_:
        call_command("publish", "verify", "--site", PORTAL)
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "被改动：index.html" in out
    assert "多出：hack.html" in out
    assert "缺失：zwdt/index.html" in out
    assert "zq-tmp" not in out

    with pytest.raises(SystemExit):
        call_command("publish", "verify", "--site", PORTAL, "--repair")
    assert "已修复" in capsys.readouterr().out
    assert (site_root / "index.html").read_bytes() == original
    assert (site_root / "zwdt" / "index.html").is_file()
    assert not (site_root / "hack.html").exists()
    assert not list(site_root.glob(f"*{writer.TEMP_MARK}*"))
    call_command("publish", "verify", "--site", PORTAL)
    assert services.verify(portal()).ok


def test_publish_all_cleans_temporary_files(demo):
    publish_everything()
    leftover = demo / PORTAL / "zwdt" / f".index.html{writer.TEMP_MARK}x1"
    leftover.write_text("half")
    assert services.verify(portal()).ok
    services.publish_site(portal())
    assert not leftover.exists()


def test_unknown_site_is_an_error(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("publish", "verify", "--site", "nosuch.gov.cn")


def test_manifest_export_lists_every_file_with_its_digest(demo, capsys):
    import csv
    import io

    publish_everything()
    capsys.readouterr()
    call_command("publish", "manifest", "--site", PORTAL)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    on_disk = sorted(writer.walk_files(demo / PORTAL))
    assert sorted(r["path"] for r in rows) == on_disk
    home = next(r for r in rows if r["path"] == "index.html")
    assert home["site"] == PORTAL and home["algorithm"] == writer.ALGORITHM
    assert home["digest"] == writer.file_digest(demo / PORTAL / "index.html")
    assert int(home["size"]) == (demo / PORTAL / "index.html").stat().st_size
    assert home["page_id"] == str(portal().root_page_id)
