"""Atomic writes: a reader sees the old file or the new one, never a part."""

import os
import signal

import pytest

from zhanqun.publishing import writer


def test_atomic_write_replaces_the_file(tmp_path):
    target = tmp_path / "a" / "index.html"
    writer.atomic_write(target, b"old")
    writer.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(target.parent) == ["index.html"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_an_error_before_the_rename_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "index.html"
    writer.atomic_write(target, b"old")

    def boom(tmp):
        assert open(tmp, "rb").read() == b"new" * 1000
        raise OSError("disk gone")

    with pytest.raises(OSError):
        writer.atomic_write(target, b"new" * 1000, _before_replace=boom)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["index.html"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_9_between_write_and_rename_leaves_the_old_file(tmp_path):
    target = tmp_path / "index.html"
    writer.atomic_write(target, b"old")
    pid = os.fork()
    if pid == 0:  # the publisher, killed with SIGKILL after writing the temporary file
        try:
            writer.atomic_write(target, b"new", _before_replace=lambda tmp: os.kill(os.getpid(), signal.SIGKILL))
        finally:
            os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert target.read_bytes() == b"old"
    leftovers = [n for n in os.listdir(tmp_path) if writer.is_temp(n)]
    assert len(leftovers) == 1
    assert writer.walk_files(tmp_path) == ["index.html"]
    assert writer.clean_temp_files(tmp_path) == 1
    assert os.listdir(tmp_path) == ["index.html"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_kill_9_in_the_middle_of_a_batch_leaves_each_file_old_or_new(tmp_path):
    paths = [tmp_path / f"p{i}" / "index.html" for i in range(6)]
    writer.atomic_write_many([(p, b"old") for p in paths])
    renamed = {"n": 0}

    def die_at_the_fourth(tmp):
        renamed["n"] += 1
        if renamed["n"] == 4:
            os.kill(os.getpid(), signal.SIGKILL)

    pid = os.fork()
    if pid == 0:
        try:
            writer.atomic_write_many([(p, b"new" * 100) for p in paths], _before_replace=die_at_the_fourth)
        finally:
            os._exit(0)
    _pid, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    contents = [p.read_bytes() for p in paths]
    assert contents == [b"new" * 100] * 3 + [b"old"] * 3
    assert sorted(writer.walk_files(tmp_path)) == sorted(p.relative_to(tmp_path).as_posix() for p in paths)
    assert writer.clean_temp_files(tmp_path) == 3


def test_remove_file_prunes_empty_folders(tmp_path):
    writer.atomic_write(tmp_path / "zwdt" / "t1" / "index.html", b"x")
    writer.atomic_write(tmp_path / "zwdt" / "index.html", b"y")
    writer.remove_file(tmp_path / "zwdt" / "t1" / "index.html", tmp_path)
    assert not (tmp_path / "zwdt" / "t1").exists()
    assert (tmp_path / "zwdt" / "index.html").exists()


def test_digest_is_sm3_when_available():
    assert writer.digest(b"abc", "sm3") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert writer.digest(b"abc", "sha256").startswith("ba7816bf")
