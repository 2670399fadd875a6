from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """审核: the approval chain of every item (R-PUB-2), automatic screening before
    it (R-PUB-3, R-PUB-4), the review record archived on publishing (R-PUB-10) and
    the moderation queue for what the public submits (R-INT-3). docs/review.md."""

    name = "zhanqun.review"
    label = "review"
    verbose_name = "审核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
