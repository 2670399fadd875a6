from django import template

register = template.Library()


@register.inclusion_tag("columns/includes/column_tree.html", takes_context=True)
def column_tree(context, parent, depth=1, max_depth=3):
    """The live columns under ``parent``, nested to ``max_depth`` (the site map)."""
    from zhanqun.columns.models import ColumnPage, SpecialTopicPage

    children = parent.get_children().live().type(ColumnPage, SpecialTopicPage).specific()
    return {"children": children, "depth": depth, "max_depth": max_depth, "request": context.get("request")}
