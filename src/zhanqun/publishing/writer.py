"""Files on disk: atomic writes, removal, digests.

A file is written to a temporary name in its own directory, flushed to disk and
renamed over the old one (``os.replace`` is atomic on POSIX), so a reader — nginx, or a
publisher killed with SIGKILL halfway — only ever sees the old file or the new one. A
temporary file left by a killed run carries ``TEMP_MARK`` in its name; the next full
publish removes it and ``verify`` never counts it.
"""

import hashlib
import os
import tempfile
from pathlib import Path

TEMP_MARK = ".zq-tmp-"


def _sm3_available():
    try:
        from cryptography.hazmat.primitives import hashes

        h = hashes.Hash(hashes.SM3())
        h.update(b"abc")
        return h.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    except Exception:  # noqa: BLE001  (no cryptography, or an OpenSSL without SM3)
        return False


ALGORITHM = "sm3" if _sm3_available() else "sha256"


def digest(data, algorithm=None):
    """Hex digest of ``data``: SM3 where the OpenSSL build has it, else SHA-256."""
    algorithm = algorithm or ALGORITHM
    if algorithm == "sm3":
        from cryptography.hazmat.primitives import hashes

        h = hashes.Hash(hashes.SM3())
        h.update(data)
        return h.finalize().hex()
    return hashlib.new(algorithm, data).hexdigest()


def file_digest(path, algorithm=None):
    return digest(Path(path).read_bytes(), algorithm)


def _fsync_dir(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path, data, _before_replace=None):
    """Write ``data`` to ``path`` so that readers see the old file or the new, never a part.

    ``_before_replace`` is a test hook called between writing the temporary file and
    renaming it into place (to simulate a crash there)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        if _before_replace is not None:
            _before_replace(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(path.parent)


def _load_syncfs():
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_syncfs_call = _load_syncfs()


def _syncfs(directory):
    """Flush the filesystem holding ``directory`` (Linux ``syncfs(2)``); False if that
    is not available here."""
    if _syncfs_call is None:
        return False
    fd = os.open(directory, os.O_RDONLY)
    try:
        return _syncfs_call(fd) == 0
    finally:
        os.close(fd)


def atomic_write_many(files, _before_replace=None):
    """``atomic_write`` for many ``(path, data)`` at once, with the same guarantee for
    each file and two flushes in all instead of two per file: every temporary file is
    written, the filesystem is flushed once (``syncfs``), then each is renamed into
    place, then the renames are flushed. Where ``syncfs`` is missing, one by one.
    ``_before_replace`` is the test hook of ``atomic_write``, called before each rename."""
    files = [(Path(path), data) for path, data in files]
    if not files:
        return
    top = files[0][0].parent
    top.mkdir(parents=True, exist_ok=True)
    if _syncfs_call is None or not _syncfs(top):
        for path, data in files:
            atomic_write(path, data, _before_replace)
        return
    temps, folders, pid = [], set(), os.getpid()
    try:
        for path, data in files:
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            # One process writes a path at a time: its pid makes the name unique.
            tmp = str(path.parent / f".{path.name}{TEMP_MARK}{pid}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            temps.append((tmp, path))
            try:
                os.fchmod(fd, 0o644)  # whatever the umask: nginx reads it
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        _syncfs(top)
        while temps:
            tmp, path = temps[0]
            if _before_replace is not None:
                _before_replace(tmp)
            os.replace(tmp, path)
            temps.pop(0)
    finally:
        for tmp, _path in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
    _syncfs(top)


def remove_file(path, stop_at):
    """Remove ``path`` and the directories it leaves empty, up to ``stop_at``."""
    path = Path(path)
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    parent, stop_at = path.parent, Path(stop_at)
    while parent != stop_at and stop_at in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent


def is_temp(name):
    return TEMP_MARK in name


def walk_files(root):
    """Relative POSIX paths of the published files under ``root`` (temporary files left out)."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            if not is_temp(name):
                found.append(Path(dirpath, name).relative_to(root).as_posix())
    return found


def clean_temp_files(root):
    """Remove temporary files a killed run left under ``root``; returns how many."""
    removed = 0
    root = Path(root)
    if not root.is_dir():
        return 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for name in filenames:
            if is_temp(name):
                try:
                    os.unlink(os.path.join(dirpath, name))
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed
