"""Loading the demo without indexing each page as it is saved.

Wagtail keeps two indexes up to date on every save: the search index (the admin's
page search; ``modelsearch``'s post_save handler) and the reference index (the 使用情况
tab; ``wagtail.signal_handlers``). With the in-process task backend each save runs
both at once, re-reading the object, and the demo saves each of its ~1,300 pages
several times (created, then given its column's unit, its revision …): that was most
of ``zhanqun seed``'s time. The demo loads with both handlers off and builds each
index once at the end, in bulk — the result is the same index.
"""

from contextlib import contextmanager

from django.core.management import call_command
from django.db.models.signals import post_delete, post_save
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_indexing():
    """Within the block, saving or deleting an indexed object leaves both indexes alone;
    ``rebuild_indexes()`` afterwards brings them up to date."""
    from modelsearch import index
    from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


def rebuild_indexes():
    """The search index and the reference index of everything, built in bulk."""
    call_command("update_index", verbosity=0)
    call_command("rebuild_references_index", verbosity=0)
