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
        self.bounds = {}  # scope -> the newest order key it was bounded to (see bounded())
        self._pending = None  # scopes recorded inside bounded(), bound on its exit

    def merge(self, pages, scopes, bounds):
        self.pages |= pages
        for scope in scopes:
            if self._pending is not None and scope not in bounds:
                self._pending.append(scope)  # replayed inside bounded(): it takes the bound
            else:
                self._add_scope(scope, bounds.get(scope))

    def _add_scope(self, scope, upto):
        # A scope recorded once without a bound is unbounded: the widest wins.
        if scope in self.scopes:
            old = self.bounds.get(scope)
            if old is None or upto is None:
                self.bounds.pop(scope, None)
            else:
                self.bounds[scope] = max(old, upto)
            return
        self.scopes.add(scope)
        if upto is not None:
            self.bounds[scope] = upto

    def bounded_scopes(self):
        """The scopes as (path, depth, label, upto): ``upto`` is None when a change
        anywhere in the scope can change the file."""
        return {(p, d, label, self.bounds.get((p, d, label))) for p, d, label in self.scopes}

    def page(self, page):
        if page.pk is not None:
            self.pages.add(page.pk)

    def scope(self, parent, children_only, model):
        if parent is None or not getattr(parent, "path", None):
            return
        from wagtail.models import Page

        label = "" if model is None or model is Page else model._meta.label
        scope = (parent.path, parent.depth + 1 if children_only else None, label)
        if self._pending is not None:
            self._pending.append(scope)
        else:
            self._add_scope(scope, None)


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


class _Bound:
    upto = None


@contextmanager
def bounded():
    """Tree queries made inside this block list only pages up to an order key
    (``order_key``) the caller sets on the yielded handle once it knows it
    (``bound.upto = …``): a stable archive list page (``columns.listing``) shows its
    items and nothing that depends on newer ones, so a page newer than ``upto``
    appearing or going away cannot change the file and does not re-render it. Left
    unset, the scopes are unbounded."""
    bound = _Bound()
    rec = current()
    if rec is None:
        yield bound
        return
    outer = rec._pending
    rec._pending = []
    try:
        yield bound
    finally:
        pending, rec._pending = rec._pending, outer
        for scope in pending:
            rec._add_scope(scope, bound.upto)


def order_key(first_published_at, pk):
    """The sortable text form of a listed page's place in a column list (oldest first):
    its first publication time (UTC) and id. None for a page never published."""
    if first_published_at is None or pk is None:
        return None
    from datetime import UTC

    return f"{first_published_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}#{pk:012d}"


# --- memoising within one publishing batch ------------------------------------------------


@contextmanager
def batch():
    """Within this block, ``memoize`` keeps results (the site's navigation, a column's
    ancestors …) for the renders of one batch of targets, and replays the dependencies
    recorded when a result was first computed into every render that uses it. Outside a
    batch (a dynamic request) ``memoize`` just computes."""
    previous = getattr(_state, "memo", None)
    _state.memo = {}
    try:
        yield
    finally:
        _state.memo = previous


def memoize(key, compute):
    memo = getattr(_state, "memo", None)
    if memo is None:
        return compute()
    hit = memo.get(key)
    if hit is None:
        outer = current()
        with recording() as rec:
            value = compute()
        hit = memo[key] = (value, frozenset(rec.pages), frozenset(rec.scopes), dict(rec.bounds))
        if outer is not None:
            outer.merge(hit[1], hit[2], hit[3])
        return value
    rec = current()
    if rec is not None:
        rec.merge(hit[1], hit[2], hit[3])
    return hit[0]


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


def affected_scope_filter(path, depth, labels, key=None, membership=True):
    """A ``Q`` on ``FileScope`` matching the scopes a page at ``path``/``depth`` of the
    given model labels falls in.

    ``membership``: the page enters or leaves the lists (published for the first time,
    unpublished, deleted or moved), and every list whose bound (``upto``) is at or after
    its order ``key`` shifts. Otherwise (an edit of a live page in place) lists that show
    the page are found by their recorded dependency on it, and only the unbounded scopes
    (a list whose filter might now include or exclude it) are matched here."""
    from django.db.models import Q
    from wagtail.models import Page

    steplen = Page.steplen
    ancestors = [path[:i] for i in range(steplen, len(path), steplen)]
    q = Q(path__in=ancestors) & (Q(depth__isnull=True) | Q(depth=depth)) & Q(model__in=["", *labels])
    if not membership:
        q &= Q(upto__isnull=True)
    elif key is not None:
        q &= Q(upto__isnull=True) | Q(upto__gte=key)
    return q
