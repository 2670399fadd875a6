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


class DeferredJoinPaginator(Paginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        rows = {obj.pk: obj for obj in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
