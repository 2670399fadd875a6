"""Plain text from what the public types (pure Python apart from nh3; no Django).

* ``plain_text``: markup stripped (nh3 with no tag allowed, entities decoded), control
  characters removed, line ends normalised, blank runs collapsed. What is stored is
  text; templates escape it on output.
* ``mask_in_text``: phone numbers, ID numbers and e-mail addresses a citizen typed into
  the body of a letter are masked before the body is shown publicly (R-SEC-8).
"""

import html
import re

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u3000]+\n")

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?\d{4}(\d{3,4})(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def plain_text(value: str, *, single_line: bool = False) -> str:
    """``value`` as plain text: no markup, no control characters, tidy whitespace."""
    if not value:
        return ""
    text = nh3.clean(str(value), tags=set(), attributes={}, strip_comments=True)
    text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if single_line:
        return " ".join(text.split())
    text = _SPACES.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def mask_in_text(text: str) -> str:
    """Phone numbers, ID numbers and e-mail addresses inside free text, masked."""
    if not text:
        return ""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 10 + m.group(2), text)
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
    text = _LANDLINE.sub(lambda m: m.group(1) + "-****" + m.group(2)[-3:], text)
    text = _EMAIL.sub(lambda m: m.group(1) + "***" + m.group(2), text)
    return text
