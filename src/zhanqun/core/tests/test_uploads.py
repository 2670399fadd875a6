"""core.uploads: a file must be what its extension says; names cannot climb out of
their folder (pure: no database)."""

import io
import zipfile

import pytest

from zhanqun.core import uploads
from zhanqun.core.uploads import OLE, UploadRejected, check_content, check_size, content_matches, safe_filename

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def ooxml(main_type, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0"?><Types><Override PartName="/main.xml" ContentType="{main_type}"/></Types>',
        )
        for name in extra:
            archive.writestr(name, "x")
    return buffer.getvalue()


def zipped(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
XLSX = ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
PPTX = ooxml("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")

GOOD = {
    "pdf": PDF,
    "PDF": b"\xef\xbb\xbf\r\n" + PDF,  # a byte-order mark and a blank line first
    "doc": OLE + b"\x00" * 64,
    "xls": OLE + b"\x00" * 64,
    "ppt": OLE + b"\x00" * 64,
    "wps": OLE + b"\x00" * 64,
    "et": OLE + b"\x00" * 64,
    "docx": DOCX,
    "xlsx": XLSX,
    "pptx": PPTX,
    "ofd": zipped("OFD.xml", "Doc_0/Document.xml"),
    "txt": "云泽市人民政府\r\n政府信息公开指南".encode("gb18030"),
    "csv": "序号,名称\n1,市发展改革委\n".encode(),
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif",
    "png": PNG,
    "gif": b"GIF89a\x01\x00\x01\x00",
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "zip": zipped("a.txt"),
    "rar": b"Rar!\x1a\x07\x01\x00" + b"\x00" * 8,
    "7z": b"7z\xbc\xaf\x27\x1c\x00\x04",
}


@pytest.mark.parametrize("extension", sorted(GOOD))
def test_a_file_whose_content_matches_its_extension_is_accepted(extension):
    file = io.BytesIO(GOOD[extension])
    check_content(f"附件.{extension}", file)
    assert file.tell() == 0  # left at the start for whoever saves it


@pytest.mark.parametrize("extension", sorted(set(GOOD) - {"txt", "csv", "PDF"}))
def test_an_html_page_renamed_to_any_binary_type_is_refused(extension):
    with pytest.raises(UploadRejected, match=f"文件内容与扩展名 .{extension} 不符"):
        check_content(f"通知.{extension}", io.BytesIO(HTML))


@pytest.mark.parametrize(
    "name, content",
    [
        ("报告.docx", XLSX),  # a workbook renamed .docx
        ("报表.xlsx", DOCX),
        ("演示.pptx", zipped("word/document.xml")),  # a zip without [Content_Types].xml
        ("公文.ofd", zipped("Doc_0/Document.xml")),  # no OFD.xml at the root
        ("说明.pdf", b"MZ\x90\x00" + PDF),  # an executable with a PDF glued on behind
        ("说明.pdf", b""),
        ("名单.txt", "Name list".encode("utf-16")),  # NUL bytes: binary (or UTF-16)
        ("名单.csv", b"a,b\n" * 100_000 + b"\x00"),  # a NUL byte far past the first block
        ("资料.zip", b"PK\x03\x04 not really a zip"),
        ("旧文档.doc", DOCX),  # an OOXML document with the old extension
        ("截图.png", b"\xff\xd8\xff\xe0"),  # a JPEG named .png
        ("截图.webp", b"RIFF\x24\x00\x00\x00WAVEfmt "),
    ],
)
def test_a_file_whose_content_is_another_type_is_refused(name, content):
    with pytest.raises(UploadRejected):
        check_content(name, io.BytesIO(content))


@pytest.mark.parametrize("name", ["病毒.exe", "页面.html", "图.svg", "脚本.js", "无扩展名", "点结尾."])
def test_an_extension_not_known_here_is_refused(name):
    with pytest.raises(UploadRejected, match="不支持上传"):
        check_content(name, io.BytesIO(PDF))


def test_a_zip_whose_content_types_is_huge_is_not_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (uploads.MAX_MEMBER_SIZE + 1))
    assert not content_matches("docx", io.BytesIO(buffer.getvalue()))


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/cron.d/evil.txt", "evil.txt"),
        ("..\\..\\windows\\system32\\a.doc", "a.doc"),
        ("C:\\Users\\张三\\桌面\\通知.docx", "通知.docx"),
        ("..", None),
        ("../", None),
        ("...pdf", "pdf"),
        (".htaccess", "htaccess"),
        ("报告\r\n.pdf", "报告.pdf"),
        ("a.pdf. . ", "a.pdf"),
        ("a.pdf\x00.png", None),
        ("", None),
    ],
)
def test_file_names_cannot_climb_out_of_their_folder(name, expected):
    if expected is None:
        with pytest.raises(UploadRejected):
            safe_filename(name)
    else:
        assert safe_filename(name) == expected


def test_a_long_name_is_cut_and_keeps_its_extension():
    name = safe_filename("很" * 300 + ".pdf", max_length=100)
    assert len(name) == 100 and name.endswith(".pdf")


def test_size_limit():
    check_size(10 * 1024 * 1024, 10 * 1024 * 1024)
    with pytest.raises(UploadRejected, match="文件不能超过 10 MB"):
        check_size(10 * 1024 * 1024 + 1, 10 * 1024 * 1024)
    check_size(10**12, None)
