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
from pathlib import Path

from .context import ScreenContext
from .engine import Screener
from .extract import SUPPORTED_SUFFIXES
from .findings import Finding


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


def run(options: dict, write: Callable[[str], None], error: Callable[[str], None]) -> int:
    screener = Screener(dict_dirs=options.get("dict_dir") or ())
    siblings: frozenset[str] = frozenset()
    if options.get("sibling_titles"):
        siblings = frozenset(
            line.strip()
            for line in Path(options["sibling_titles"]).read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
    context = ScreenContext(sibling_titles=siblings)
    findings: list[Finding] = []
    failed = False
    for path in iter_files(options["paths"]):
        try:
            if options.get("title"):
                from . import extract

                parts = list(extract.extract_file(path))
                for part in parts:
                    for f in screener.screen_text(part.text, title=options["title"], context=context, links=part.links):
                        findings.append(_with_file(f, path, part.label))
            else:
                findings.extend(screener.screen_file(path, context=context))
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


def _with_file(f: Finding, path: Path, label: str | None) -> Finding:
    from dataclasses import replace

    return replace(f, file=str(path), page=label)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhanqun screen", description="保密审查与内容检查")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(vars(args), lambda s: sys.stdout.write(s + "\n"), lambda s: sys.stderr.write(s + "\n"))


if __name__ == "__main__":
    sys.exit(main())
