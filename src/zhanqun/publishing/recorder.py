"""Which pages a rendered file depends on, recorded while it is rendered.

Two kinds of dependency, both collected by hooks that do nothing unless a recorder is
active in the current thread:

* **shown pages** — every ``Page`` instance created during the render (``post_init``):
  the page itself, its ancestors in the breadcrumb, the columns in the navigation, the
  items a list shows. If one of them changes, moves or goes away, the file is stale.
* **listed scopes** — every tree query made during the render: ``descendant_of``,
  ``child_of``, ``sibling_of`` and ``get_children`` (``get_descendants`` and
  ``get_siblings`` go through the first ones), with the model the query was made on.
  A page that newly appears in such a part of the tree (a new article in a column) may
  change the file even though the file never showed it.

Nothing here knows page types or templates; a new template or block that lists pages
with the ordinary Wagtail/treebeard queries is tracked without any change here.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_init

_state = threading.local()


class Recorder:
    def __init__(self):
        self.pages = set()
        self.scopes = set()  # (path, depth or None, model label or "")

    def page(self, page):
        if page.pk is not None:
            self.pages.add(page.pk)

    def scope(self, parent, children_only, model):
        if parent is None or not getattr(parent, "path", None):
            return
        from wagtail.models import Page

        label = "" if model is None or model is Page else model._meta.label
        self.scopes.add((parent.path, parent.depth + 1 if children_only else None, label))


class _Node:
    def __init__(self, path, depth):
        self.path, self.depth = path, depth


def current():
    return getattr(_state, "recorder", None)


@contextmanager
def recording():
    previous = current()
    rec = Recorder()
    _state.recorder = rec
    try:
        yield rec
    finally:
        _state.recorder = previous


def _on_post_init(sender, instance, **kwargs):
    rec = current()
    if rec is not None:
        from wagtail.models import Page

        if isinstance(instance, Page):
            rec.page(instance)


_installed = False


def install():
    """Connect the hooks (idempotent). Called from the app's ``ready`` and by the renderer."""
    global _installed
    if _installed:
        return
    from wagtail.models import Page
    from wagtail.query import PageQuerySet

    post_init.connect(_on_post_init, dispatch_uid="zhanqun.publishing.recorder")

    original_descendant_of = PageQuerySet.descendant_of
    original_child_of = PageQuerySet.child_of
    original_get_children = Page.get_children
    original_sibling_of = PageQuerySet.sibling_of

    def descendant_of(self, other, inclusive=False):
        rec = current()
        if rec is not None:
            rec.scope(other, False, self.model)
        return original_descendant_of(self, other, inclusive)

    def child_of(self, other):
        rec = current()
        if rec is not None:
            rec.scope(other, True, self.model)
        return original_child_of(self, other)

    def get_children(self):
        rec = current()
        if rec is not None:
            rec.scope(self, True, None)
        return original_get_children(self)

    def sibling_of(self, other, inclusive=True):
        rec = current()
        if rec is not None and other.depth > 1:
            rec.scope(_Node(other.path[: -Page.steplen], other.depth - 1), True, self.model)
        return original_sibling_of(self, other, inclusive)

    PageQuerySet.descendant_of = descendant_of
    PageQuerySet.child_of = child_of
    Page.get_children = get_children
    PageQuerySet.sibling_of = sibling_of
    _installed = True


def affected_scope_filter(path, depth, labels):
    """A ``Q`` on ``FileScope`` matching the scopes a page at ``path``/``depth`` of the
    given model labels falls in."""
    from django.db.models import Q
    from wagtail.models import Page

    steplen = Page.steplen
    ancestors = [path[:i] for i in range(steplen, len(path), steplen)]
    return Q(path__in=ancestors) & (Q(depth__isnull=True) | Q(depth=depth)) & Q(model__in=["", *labels])
