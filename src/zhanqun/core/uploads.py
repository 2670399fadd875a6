"""What an uploaded file is allowed to be: its name, its size, and content that matches
its extension (pure Python, no Django, no libmagic).

A file's extension decides how browsers and office software open it, so a file must
*be* what its extension says: a ``.pdf`` starts with ``%PDF-``, a ``.docx`` is a zip
holding a Word document's ``[Content_Types].xml``, a ``.txt`` has no NUL byte. An HTML
page or a script renamed ``.doc`` is refused. The checks read the first bytes (and, for
zip-based formats, the zip's directory and one small member), never the whole file into
memory.

* ``safe_filename(name)`` — the last path segment only, without control characters,
  leading dots or trailing dots and spaces; refuses NUL bytes and names left empty.
* ``check_size(size, limit)`` — refuses a file larger than ``limit`` bytes.
* ``check_content(name, file)`` — refuses a file whose content does not match its
  extension (``SNIFFERS`` lists the extensions known here).

Each refusal raises ``UploadRejected`` with a message in Chinese for the person
uploading.
"""

import re
import zipfile

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Microsoft compound file: .doc, .xls, .ppt, WPS
ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members / an empty zip
HEAD_SIZE = 2048
# Larger than this, a zip's [Content_Types].xml or OFD.xml is not read (a zip bomb).
MAX_MEMBER_SIZE = 1024 * 1024
CHUNK = 64 * 1024

# The main part of each Office Open XML document type, in [Content_Types].xml.
OOXML_MAIN_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadRejected(ValueError):
    """An upload that is refused; ``str()`` is the message for the person uploading."""


def extension_of(name):
    """The lower-case extension of ``name`` without the dot ('' when there is none)."""
    name = str(name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def safe_filename(name, max_length=100):
    """``name`` reduced to a plain file name: no directories (``../../etc/passwd`` →
    ``passwd``, ``C:\\x\\a.pdf`` → ``a.pdf``), no control characters, no leading dots
    (hidden files, ``..``), no trailing dots or spaces; at most ``max_length``
    characters, the extension kept. NUL bytes (which cut a name short in C code) and
    names with nothing left are refused."""
    name = str(name or "")
    if "\x00" in name:
        raise UploadRejected("文件名含有非法字符。")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name).strip().lstrip(".").rstrip(". ")
    if not name:
        raise UploadRejected("文件名无效，请重命名后再上传。")
    if len(name) > max_length:
        extension = extension_of(name)
        keep = max_length - (len(extension) + 1 if extension else 0)
        name = name[:keep].rstrip(". ") + (f".{extension}" if extension else "")
    return name


def check_size(size, limit):
    """Refuse a file of more than ``limit`` bytes (``limit`` None or 0: no limit)."""
    if limit and size is not None and size > limit:
        raise UploadRejected(f"文件不能超过 {_human(limit)}。")


def _human(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    if size >= 1024:
        return f"{size / 1024:g} KB"
    return f"{size} 字节"


# --- content -------------------------------------------------------------------------


def _head(file, size=HEAD_SIZE):
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data or b""


def _starts(*signatures):
    def sniff(file):
        return _head(file).startswith(signatures)

    return sniff


def _pdf(file):
    # Readers accept junk before the header; we accept only a byte-order mark or
    # whitespace (some generators write them), not an executable with a PDF behind.
    return _head(file, 1024).lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-")


def _webp(file):
    head = _head(file, 12)
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _zip_member(file, member):
    """The bytes of ``member`` of the zip ``file``, or None when ``file`` is not a zip,
    has no such member or the member is too large to read."""
    if not _head(file, 4).startswith(ZIP):
        return None
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            info = next((i for i in archive.infolist() if i.filename.lower() == member.lower()), None)
            if info is None or info.file_size > MAX_MEMBER_SIZE:
                return None
            return archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        return None
    finally:
        file.seek(0)


def _ooxml(extension):
    def sniff(file):
        content_types = _zip_member(file, "[Content_Types].xml")
        return content_types is not None and OOXML_MAIN_TYPES[extension] in content_types

    return sniff


def _ofd(file):
    # GB/T 33190: a zip whose entry file OFD.xml lies at the root.
    return _zip_member(file, "OFD.xml") is not None


def _zip(file):
    if not _head(file, 4).startswith(ZIP):
        return False
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            archive.infolist()
        return True
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return False
    finally:
        file.seek(0)


def _text(file):
    """Plain text: no NUL byte anywhere (every binary format has some; UTF-8 and GB18030
    text never does). UTF-16 text has them and is refused: save as UTF-8."""
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            if b"\x00" in chunk:
                return False
        return True
    finally:
        file.seek(0)


def _ole_or_zip(file):
    # WPS Office's own formats (.wps, .et, .dps): compound files, zip-based in newer versions.
    return _head(file, 8).startswith(OLE) or _zip(file)


SNIFFERS = {
    "pdf": _pdf,
    "doc": _starts(OLE),
    "xls": _starts(OLE),
    "ppt": _starts(OLE),
    "docx": _ooxml("docx"),
    "xlsx": _ooxml("xlsx"),
    "pptx": _ooxml("pptx"),
    "wps": _ole_or_zip,
    "et": _ole_or_zip,
    "dps": _ole_or_zip,
    "ofd": _ofd,
    "txt": _text,
    "csv": _text,
    "jpg": _starts(b"\xff\xd8\xff"),
    "jpeg": _starts(b"\xff\xd8\xff"),
    "png": _starts(b"\x89PNG\r\n\x1a\n"),
    "gif": _starts(b"GIF87a", b"GIF89a"),
    "webp": _webp,
    "zip": _zip,
    "rar": _starts(b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00"),
    "7z": _starts(b"7z\xbc\xaf\x27\x1c"),
}


def content_matches(extension, file):
    """Whether the content of the seekable binary ``file`` is of the type ``extension``
    names; False for an extension not known here. ``file`` is left at its start."""
    sniff = SNIFFERS.get(extension.lower().lstrip("."))
    return bool(sniff and sniff(file))


def check_content(name, file):
    """Refuse ``file`` unless its content is what the extension of ``name`` says."""
    extension = extension_of(name)
    if extension not in SNIFFERS:
        raise UploadRejected(f"不支持上传 .{extension or '（无扩展名）'} 文件。")
    if not content_matches(extension, file):
        raise UploadRejected(f"文件内容与扩展名 .{extension} 不符，请确认文件没有被改名或损坏。")
