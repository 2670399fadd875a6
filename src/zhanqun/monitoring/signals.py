"""Signals other apps listen to (the monitoring app imports none of them).

``findings_opened(sender=MonitorRun, run, findings)``: after a monitor's run is committed,
with the findings it opened for the first time (``Finding`` objects). The duty app puts
them in the current shift's queue and records tamper incidents.
"""

from django.dispatch import Signal

findings_opened = Signal()
