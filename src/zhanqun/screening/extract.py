"""Text out of HTML, PDF, DOCX and XLSX: each source yields (label, text) parts.

Labels: ``None`` for a plain or HTML file; the 1-based page number for a PDF
(``"3"``); ``"body"``, ``"header"``, ``"footer"`` for a DOCX; the sheet name for an XLSX.
Offsets of findings refer to the text of their part.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table tbody td th thead tr ul".split()
)
SKIP_TAGS = frozenset({"script", "style", "template", "noscript"})
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True)
class Image:
    """An ``<img>``: its source, alt and title, and where it stands in the text (the span of
    the ``[alt]`` put there for it, or an empty span)."""

    src: str
    alt: str
    title: str
    start: int
    end: int


@dataclass
class Markup:
    """What the HTML showed besides its text, in offsets of the extracted text.

    ``red``: spans of text shown in red (adjacent red pieces merged); ``red_rules``:
    offsets where a red horizontal rule is drawn (``<hr>`` in red, a red top or bottom
    border, an empty block with a red background); ``images``: every ``<img>``.
    """

    red: list[tuple[int, int]] = field(default_factory=list)
    red_rules: list[int] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


@dataclass
class Part:
    label: str | None
    text: str
    links: list[str] = field(default_factory=list)
    markup: Markup | None = None


# --- colours -------------------------------------------------------------------------------------------------------
_NAMED_COLOURS = {
    "red": (255, 0, 0),
    "crimson": (220, 20, 60),
    "firebrick": (178, 34, 34),
    "orangered": (255, 69, 0),
    "darkred": (139, 0, 0),
}
_COLOUR = re.compile(r"#[0-9a-f]{3,8}\b|rgba?\([^)]*\)|[a-z]+")


def _rgb(token: str) -> tuple[float, float, float] | None:
    if token.startswith("#"):
        h = token[1:]
        if len(h) in (3, 4):
            return tuple(int(c * 2, 16) for c in h[:3])
        if len(h) in (6, 8):
            return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))
        return None
    if token.startswith("rgb"):
        parts = [p for p in re.split(r"[\s,/]+", token[token.index("(") + 1 : -1]) if p][:3]
        try:
            values = [float(p[:-1]) * 2.55 if p.endswith("%") else float(p) for p in parts]
        except ValueError:
            return None
        return tuple(values) if len(values) == 3 else None
    return _NAMED_COLOURS.get(token)


def is_red(value: str) -> bool:
    """Whether a CSS value (``#ff0000``, ``rgb(255, 0, 0)``, ``solid 2pt red`` …) names a strong red."""
    for token in _COLOUR.findall(value.lower()):
        rgb = _rgb(token)
        if rgb and rgb[0] >= 0xB0 and rgb[1] <= 0x60 and rgb[2] <= 0x60:
            return True
    return False


def _style(attrs: dict[str, str]) -> dict[str, str]:
    style = {}
    for decl in attrs.get("style", "").split(";"):
        name, sep, value = decl.partition(":")
        if sep:
            style[name.strip().lower()] = value.strip()
    return style


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.length = 0  # characters in chunks so far
        self.links: list[str] = []
        self.skip = 0
        # open elements: (tag, red text? (None: not set here), chunks at start, red bottom, red background)
        self.stack: list[tuple[str, bool | None, int, bool, bool]] = []
        self.red: list[tuple[int, int]] = []
        self.red_rules: list[int] = []
        self.images: list[tuple[str, str, str, int, int]] = []

    def _append(self, s: str):
        self.chunks.append(s)
        self.length += len(s)

    def _newline(self):
        if self.chunks and not self.chunks[-1].endswith("\n"):
            self._append("\n")

    def _is_red_text(self) -> bool:
        for entry in reversed(self.stack):
            if entry[1] is not None:
                return entry[1]
        return False

    def handle_starttag(self, tag, attrs):
        a = {name: (value or "") for name, value in attrs}
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self._newline()
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in ("img", "iframe", "embed") and name == "src")):
                self.links.append(value.strip())
        style = _style(a)
        colour = style.get("color") or a.get("color")
        red_text = is_red(colour) if colour else None
        background = style.get("background-color") or style.get("background") or a.get("bgcolor") or ""
        red_background = bool(background) and is_red(background)
        top = bottom = False
        for name, value in style.items():
            if name.startswith("border") and "left" not in name and "right" not in name and is_red(value):
                top = top or "bottom" not in name
                bottom = bottom or "top" not in name
        if tag == "hr":
            if red_text or red_background or top or bottom:
                self.red_rules.append(self.length)
        elif tag == "img":
            start = self.length
            alt = a.get("alt", "").strip()
            if alt:
                self._append(f"[{alt}]")
            self.images.append((a.get("src", "").strip(), alt, a.get("title", "").strip(), start, self.length))
        elif tag not in VOID_TAGS:
            if top:
                self.red_rules.append(self.length)
            self.stack.append((tag, red_text, len(self.chunks), bottom, red_background))

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _tag, _red, first_chunk, bottom, background in reversed(self.stack[i:]):
                    if bottom or (background and not "".join(self.chunks[first_chunk:]).strip()):
                        self.red_rules.append(self.length)  # a red border, or a red bar with no text
                del self.stack[i:]
                break
        if tag in BLOCK_TAGS and tag not in SKIP_TAGS:
            self._newline()

    def handle_data(self, data):
        if self.skip:
            return
        s = re.sub(r"[ \t\r\n\f]+", " ", data)
        if not s:
            return
        start = self.length
        self._append(s)
        if self._is_red_text() and s.strip():
            self.red.append((start, self.length))


def _offset_map(raw: str, lines: list[str], stripped: list[str], lead: int, length: int):
    """raw offset → offset in the normalised text (each line stripped, outer newlines dropped)."""
    raw_starts, out_starts, lstrips = [], [], []
    r = o = 0
    for line, kept in zip(lines, stripped, strict=True):
        raw_starts.append(r)
        out_starts.append(o)
        lstrips.append(len(line) - len(line.lstrip()))
        r += len(line) + 1
        o += len(kept) + 1

    def to_text(pos: int) -> int:
        i = bisect_right(raw_starts, pos) - 1
        within = min(max(pos - raw_starts[i] - lstrips[i], 0), len(stripped[i]))
        return min(max(out_starts[i] + within - lead, 0), length)

    return to_text


def html_to_text(html: str) -> Part:
    """Text of an HTML fragment, one line per block element; the hrefs it links to; what
    it showed in red and the images it holds (:class:`Markup`)."""
    p = _HTMLText()
    p.feed(html)
    p.close()
    raw = "".join(p.chunks)
    lines = raw.split("\n")
    stripped = [line.strip() for line in lines]
    joined = "\n".join(stripped)
    text = joined.strip("\n")
    lead = len(joined) - len(joined.lstrip("\n"))
    to_text = _offset_map(raw, lines, stripped, lead, len(text))
    red: list[tuple[int, int]] = []
    for s, e in p.red:
        s, e = to_text(s), to_text(e)
        gap = text[red[-1][1] : s] if red else "\n"
        if not gap.strip() and "\n" not in gap:
            red[-1] = (red[-1][0], max(e, red[-1][1]))  # adjacent red pieces on a line make one span
        elif e > s:
            red.append((s, e))
    markup = Markup(
        red=red,
        red_rules=sorted(to_text(r) for r in p.red_rules),
        images=[Image(src, alt, title, to_text(s), to_text(e)) for src, alt, title, s, e in p.images],
    )
    return Part(None, text, p.links, markup)


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
        for hf, out in (
            (section.header, headers),
            (section.first_page_header, headers),
            (section.footer, footers),
            (section.first_page_footer, footers),
        ):
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
