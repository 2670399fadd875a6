"""`zhanqun screen PATH... [--json]` — screen files and directories, report findings.

Exit code: 1 when any finding is ``block``, 0 otherwise, 2 when a path can't be read.
With ``--json`` prints a JSON list of findings, each with ``file`` (and ``page`` for an
attachment page); otherwise one line per finding.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .context import ScreenContext
from .engine import Screener
from .extract import SUPPORTED_SUFFIXES
from .findings import Finding

SITE_BASE = "http://site.invalid"  # stands for the site's host when pages are screened under --site-root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or directories (txt, md, html, pdf, docx, xlsx)"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list of findings")
    parser.add_argument(
        "--dict-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="extra dictionary directory (sensitive*.txt, wording*.csv); repeatable",
    )
    parser.add_argument("--title", default=None, help="title of the document (single file only)")
    parser.add_argument(
        "--sibling-titles",
        default=None,
        metavar="FILE",
        help="file with the column's existing titles, one a line (duplicate-title check)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help="the page's own URL: relative links are resolved against it (single page)",
    )
    parser.add_argument(
        "--site-root",
        default=None,
        metavar="DIR",
        help="a directory of published files: internal links must name a file there (broken-link check)",
    )


def iter_files(paths: Sequence[str]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield p


def format_line(f: Finding) -> str:
    where = f.file or "-"
    if f.page:
        where += f"[{f.page}]"
    return f"{where}:{f.start}-{f.end}: {f.severity} {f.category} ({f.rule}) {f.message} «{f.excerpt}»"


def site_checker(root: Path) -> Callable[[str], bool]:
    """``link_exists`` for a directory of published files: a link is fine when its path names a
    file there, or a directory with an ``index.html``."""
    root = root.resolve()

    def link_exists(url: str) -> bool:
        path = unquote(urlsplit(url).path)
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return False
        return target.is_file() or (target / "index.html").is_file()

    return link_exists


def _context_for(path: Path, base: ScreenContext, options: dict) -> ScreenContext:
    """The page's own URL: ``--base-url``, or its place under ``--site-root``."""
    if options.get("base_url"):
        return replace(base, base_url=options["base_url"])
    root = options.get("site_root")
    if root:
        try:
            rel = path.resolve().relative_to(Path(root).resolve())
        except ValueError:
            return base
        return replace(base, base_url=f"{SITE_BASE}/{rel.as_posix()}")
    return base


def run(options: dict, write: Callable[[str], None], error: Callable[[str], None]) -> int:
    screener = Screener(dict_dirs=options.get("dict_dir") or ())
    siblings: frozenset[str] = frozenset()
    if options.get("sibling_titles"):
        siblings = frozenset(
            line.strip()
            for line in Path(options["sibling_titles"]).read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
    context = ScreenContext(
        sibling_titles=siblings,
        link_exists=site_checker(Path(options["site_root"])) if options.get("site_root") else None,
    )
    findings: list[Finding] = []
    failed = False
    for path in iter_files(options["paths"]):
        try:
            findings.extend(
                screener.screen_file(path, title=options.get("title"), context=_context_for(path, context, options))
            )
        except Exception as exc:  # noqa: BLE001 — any unreadable file is reported, the rest still screened
            error(f"{path}: 无法读取（{type(exc).__name__}: {exc}）")
            failed = True
    if options.get("json"):
        write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            write(format_line(f))
        blocks = sum(f.blocks for f in findings)
        write(f"共 {len(findings)} 条问题，其中 {blocks} 条须整改（block）。" if findings else "未发现问题。")
    if any(f.blocks for f in findings):
        return 1
    return 2 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhanqun screen", description="保密审查与内容检查")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(vars(args), lambda s: sys.stdout.write(s + "\n"), lambda s: sys.stderr.write(s + "\n"))


if __name__ == "__main__":
    sys.exit(main())
