from django import template

register = template.Library()


@register.simple_tag
def review_screening_for(task_state):
    """The screening of the revision a reviewer is deciding on, marked for display."""
    from ..services import latest_screening
    from ..views import screening_context

    if task_state is None:
        return {"screening": None}
    page = task_state.revision.content_object
    return screening_context(latest_screening(page, task_state.revision))
