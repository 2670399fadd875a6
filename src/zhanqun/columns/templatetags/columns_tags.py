from django import template
from wagtail.templatetags.wagtailcore_tags import pageurl

register = template.Library()


@register.inclusion_tag("columns/includes/column_tree.html", takes_context=True)
def column_tree(context, parent, depth=1, max_depth=3):
    """The live columns under ``parent``, nested to ``max_depth`` (the site map)."""
    from zhanqun.columns.models import child_columns

    children = child_columns(parent)
    return {"children": children, "depth": depth, "max_depth": max_depth, "request": context.get("request")}


def list_page_url(base, n):
    """Archive page ``n`` of a column list whose index page is at ``base``:
    ``<base>page/N/``, or ``base`` itself for ``n`` 0 or None (the index page; see
    ``columns.listing``). The static publisher writes exactly these paths."""
    if not base.endswith("/"):
        base += "/"
    return f"{base}page/{int(n)}/" if n else base


@register.simple_tag(takes_context=True)
def page_url(context, column, n):
    """``{% page_url column n %}``: the path of archive page ``n`` of ``column`` (``0``:
    its index page)."""
    return list_page_url(pageurl(context, column), n)


@register.simple_tag(takes_context=True)
def feed_url(context, page=None, kind="rss"):
    """``{% feed_url %}`` (the site's RSS feed), ``{% feed_url column %}`` (a column's),
    ``{% feed_url column "atom" %}``."""
    name = "atom.xml" if kind == "atom" else "feed.xml"
    if page is None:
        return "/" + name
    base = pageurl(context, page)
    return (base if base.endswith("/") else base + "/") + name
