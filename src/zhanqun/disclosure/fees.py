"""信息处理费 (国办函〔2020〕109号《政府信息公开信息处理费管理办法》) — pure Python.

Free by default. When an office decides to charge it chooses one method per request,
never both (第三条), and both are progressive (超额累进):

* 按件计收 (第四条), by the applicant's requests in one calendar month: the first 10
  free; the 11th–30th 100 元 each; from the 31st, each further band of 10 costs
  100 元 more per request (31–40: 200, 41–50: 300 …).
* 按量计收 (第五条), by pages of one request: up to 30 free; 31–100 10 元 a page;
  101–200 20 元; from 201 40 元.

The applicant pays within 20 working days of the notice (第七条), else the request is
treated as abandoned; the time waiting does not count toward the answer's deadline.
"""

from __future__ import annotations

PAGE_BANDS = [(30, 0), (100, 10), (200, 20), (None, 40)]
PAYMENT_WORKDAYS = 20


def per_page_fee(pages: int) -> int:
    """The fee in 元 for a request of ``pages`` pages (按量计收)."""
    if pages < 0:
        raise ValueError("pages must be >= 0")
    total, lower = 0, 0
    for upper, price in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * price
        if upper is None or pages <= upper:
            break
        lower = upper
    return total


def per_request_price(nth: int) -> int:
    """The price of the applicant's ``nth`` request in a calendar month (按件计收)."""
    if nth < 1:
        raise ValueError("nth must be >= 1")
    if nth <= 10:
        return 0
    if nth <= 30:
        return 100
    return 100 + 100 * ((nth - 31) // 10 + 1)


def per_request_fee(nth: int) -> int:
    """The fee for one request that is the applicant's ``nth`` in the month."""
    return per_request_price(nth)
