"""The finding format shared by every rule, the engine, the command and later checks."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Category(StrEnum):
    """The fixed vocabulary of categories; later checks rely on these values."""

    CLASSIFIED = "classified"
    PERSONAL_INFO = "personal_info"
    INTERNAL_DOCUMENT = "internal_document"
    OFFICIAL_MARKING = "official_marking"
    ADVERTISING = "advertising"
    SENSITIVE_WORD = "sensitive_word"
    WORDING_ERROR = "wording_error"
    FORMAT = "format"


class Severity(StrEnum):
    BLOCK = "block"  # must not be published as it stands
    WARN = "warn"  # a reviewer should look


EXCERPT_CONTEXT = 12


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one text.

    ``start``/``end`` are character offsets into the screened text (for an HTML body,
    into its extracted text; for an attachment, into the text of ``page``).
    """

    category: Category
    rule: str
    severity: Severity
    start: int
    end: int
    excerpt: str
    message: str
    file: str | None = None
    page: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["category"] = str(self.category)
        data["severity"] = str(self.severity)
        return data

    @property
    def blocks(self) -> bool:
        return self.severity == Severity.BLOCK


def excerpt(text: str, start: int, end: int, context: int = EXCERPT_CONTEXT) -> str:
    """The matched span with a little context either side, on one line."""
    s = text[max(0, start - context) : min(len(text), end + context)]
    return " ".join(s.split())


def make(
    text: str,
    start: int,
    end: int,
    *,
    category: Category,
    rule: str,
    severity: Severity,
    message: str,
) -> Finding:
    return Finding(
        category=category,
        rule=rule,
        severity=severity,
        start=start,
        end=end,
        excerpt=excerpt(text, start, end),
        message=message,
    )
