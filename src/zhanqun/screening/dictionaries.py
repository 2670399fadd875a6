"""Editable dictionaries: sensitive words and wording corrections (data, not code).

Two formats, UTF-8:

* ``sensitive*.txt`` — one entry a line: ``WORD[<TAB>SEVERITY[<TAB>NOTE]]``,
  SEVERITY ``block`` or ``warn`` (default ``warn``), ``#`` starts a comment line.
* ``wording*.csv`` — header ``wrong,correct,note``; each row a known wrong form and
  the correct form.

The package ships a small sample in ``screening/data/``. Extra files are read from
directories given as arguments or in ``ZHANQUN_SCREENING_DICT_DIR`` (several separated
by ``os.pathsep``); later entries override earlier ones.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Severity

DATA_DIR = Path(__file__).resolve().parent / "data"
ENV_VAR = "ZHANQUN_SCREENING_DICT_DIR"


@dataclass(frozen=True)
class SensitiveEntry:
    word: str
    severity: Severity = Severity.WARN
    note: str = ""


@dataclass(frozen=True)
class WordingEntry:
    wrong: str
    correct: str
    note: str = ""


@dataclass
class Dictionaries:
    sensitive: dict[str, SensitiveEntry] = field(default_factory=dict)
    wording: dict[str, WordingEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, dirs: Iterable[str | os.PathLike] = (), *, builtin: bool = True, env: bool = True) -> Dictionaries:
        """The shipped sample, then files in ``$ZHANQUN_SCREENING_DICT_DIR``, then ``dirs``."""
        d = cls()
        paths: list[Path] = [DATA_DIR] if builtin else []
        if env and os.environ.get(ENV_VAR):
            paths += [Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p]
        paths += [Path(p) for p in dirs]
        for directory in paths:
            d.load_dir(directory)
        return d

    def load_dir(self, directory: Path) -> None:
        if not directory.is_dir():
            raise FileNotFoundError(f"词典目录不存在：{directory}")
        for path in sorted(directory.glob("sensitive*.txt")):
            self.load_sensitive(path.read_text(encoding="utf-8-sig").splitlines())
        for path in sorted(directory.glob("wording*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as fh:
                self.load_wording(csv.reader(fh))

    def load_sensitive(self, lines: Iterable[str]) -> None:
        for raw in lines:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("\t")]
            severity = Severity.BLOCK if len(parts) > 1 and parts[1].lower() == "block" else Severity.WARN
            self.add_sensitive(parts[0], severity, parts[2] if len(parts) > 2 else "")

    def load_wording(self, rows: Iterable[list[str]]) -> None:
        for row in rows:
            if len(row) < 2 or not row[0].strip() or row[0].strip().startswith("#"):
                continue
            wrong, correct = row[0].strip(), row[1].strip()
            if (wrong, correct) == ("wrong", "correct"):
                continue
            self.wording[wrong] = WordingEntry(wrong, correct, row[2].strip() if len(row) > 2 else "")

    def add_sensitive(self, word: str, severity: Severity = Severity.WARN, note: str = "") -> None:
        if word:
            self.sensitive[word] = SensitiveEntry(word, Severity(severity), note)
