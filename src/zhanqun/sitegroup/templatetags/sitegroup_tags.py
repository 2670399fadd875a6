from django import template
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_root(context):
    """The root (home) page of the site being rendered."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.simple_tag
def nav_columns(root):
    """Top-level columns shown in the site's navigation bar."""
    if root is None:
        return Page.objects.none()
    return root.get_children().live().in_menu().specific()
