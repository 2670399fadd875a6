"""The duty app listens to the monitors and to publishing (imported in ``DutyConfig.ready``).

* ``monitoring.signals.findings_opened`` (after a monitor run commits): the new findings go
  to the current shift's queue, and tamper or unreachable findings become an incident
  (R-SEC-6).
* ``page_published``: an item of high importance goes to the queue to be re-read
  (R-SUP-2: recheck after important publishing).
"""

import logging

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from zhanqun.monitoring.models import MonitorRun
from zhanqun.monitoring.signals import findings_opened

from . import services

logger = logging.getLogger("zhanqun.duty")


@receiver(findings_opened, sender=MonitorRun)
def on_findings_opened(sender, run, findings, **kwargs):
    """Sent after the run committed: a failure here must not look like a failed monitor
    run, so it is logged (at ERROR, which alerting reads) instead of raised."""
    try:
        with transaction.atomic():
            services.enqueue_findings(findings)
            services.incidents_from_findings(run, findings)
    except Exception:  # noqa: BLE001 - the findings are stored; the queue must not break the monitors
        logger.exception("could not queue %d findings of monitor run %s", len(findings), run.pk)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    from zhanqun.content.models import ItemPage

    if isinstance(instance, ItemPage) and instance.importance in services.reread_importances():
        services.enqueue_reread(instance)
