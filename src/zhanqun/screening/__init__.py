"""保密审查与内容检查 — screening text for things that must not be published (R-PUB-3, R-PUB-4).

Pure Python: text in, findings out. Only ``apps.py`` and the ``screen`` management
command import Django. See ``docs/screening.md``.
"""

from .engine import Screener
from .findings import Category, Finding, Severity

__all__ = ["Category", "Finding", "Screener", "Severity"]
