"""``DeferredJoinPaginator``: pages of a long, ordered queryset without reading the rows
that are skipped.

Django's ``Paginator`` slices the queryset, so page 2,000 of the dashboard makes the
database build 100,000 full rows (with their joins) only to throw them away. This one
finds the page's primary keys first — with the queryset's filters and ordering, but only
the key, which a matching index answers without touching the rows — and then loads those
few rows with the queryset's ``select_related``/``prefetch_related``, in the same order.
Same pages, same count, same orphans handling as ``Paginator`` (bench/cases_pages.py).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class DeferredJoinPaginator(Paginator):
    """``keys``: the primary keys of ``object_list`` in its order, as a flat
    ``values_list`` — by default the object list's own; a caller may give a cheaper
    queryset over another table that yields the same keys (the answered letters' keys
    come from the letters' index). Counting and paging use ``keys``."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, *, keys=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.keys = keys if keys is not None else object_list.prefetch_related(None).values_list("pk", flat=True)

    @cached_property
    def count(self):
        return self.keys.count()

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.keys[bottom:top])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
