"""Text out of HTML, PDF, DOCX and XLSX: each source yields (label, text) parts.

Labels: ``None`` for a plain or HTML file; the 1-based page number for a PDF
(``"3"``); ``"body"``, ``"header"``, ``"footer"`` for a DOCX; the sheet name for an XLSX.
Offsets of findings refer to the text of their part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table tbody td th thead tr ul".split()
)
SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass
class Part:
    label: str | None
    text: str
    links: list[str] = field(default_factory=list)


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[str] = []
        self.skip = 0

    def _newline(self):
        if self.chunks and not self.chunks[-1].endswith("\n"):
            self.chunks.append("\n")

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self._newline()
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in ("img", "iframe", "embed") and name == "src")):
                self.links.append(value.strip())
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.chunks.append(f"[{alt}]")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(html: str) -> Part:
    """Text of an HTML fragment, one line per block element; the hrefs it links to."""
    p = _HTMLText()
    p.feed(html)
    p.close()
    text = "".join(p.chunks)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return Part(None, text.strip("\n"), p.links)


def pdf_parts(path: Path) -> Iterator[Part]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    for i, page in enumerate(reader.pages, start=1):
        yield Part(str(i), page.extract_text() or "")


def docx_parts(path: Path) -> Iterator[Part]:
    import docx

    document = docx.Document(str(path))

    def block_text(container) -> str:
        lines = [p.text for p in container.paragraphs]
        for table in container.tables:
            for row in table.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(lines)

    headers, footers = [], []
    for section in document.sections:
        for hf, out in ((section.header, headers), (section.first_page_header, headers),
                        (section.footer, footers), (section.first_page_footer, footers)):
            if not hf.is_linked_to_previous:
                t = block_text(hf)
                if t.strip() and t not in out:
                    out.append(t)
    yield Part("body", block_text(document))
    if headers:
        yield Part("header", "\n".join(headers))
    if footers:
        yield Part("footer", "\n".join(footers))


def xlsx_parts(path: Path) -> Iterator[Part]:
    import openpyxl

    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            lines = []
            for row in ws.iter_rows(values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if any(cells):
                    lines.append("\t".join(cells).rstrip("\t"))
            yield Part(ws.title, "\n".join(lines))
    finally:
        wb.close()


def extract_file(path: Path) -> Iterator[Part]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        yield from pdf_parts(path)
    elif suffix == ".docx":
        yield from docx_parts(path)
    elif suffix in (".xlsx", ".xlsm"):
        yield from xlsx_parts(path)
    elif suffix in HTML_SUFFIXES:
        yield html_to_text(path.read_text(encoding="utf-8", errors="replace"))
    else:
        yield Part(None, path.read_text(encoding="utf-8", errors="replace"))


SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".xlsx", ".xlsm"}) | HTML_SUFFIXES | TEXT_SUFFIXES
