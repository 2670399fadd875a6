"""The tamper-evident audit log (审计日志): docs/audit.md.

Other apps record an action with::

    from zhanqun import audit
    audit.record(request, "export", obj=None, rows=120)
"""


def record(request, action, obj=None, success=True, **kwargs):
    """See ``zhanqun.audit.services.record`` (imported lazily: this package is imported
    before the app registry is ready)."""
    from .services import record as _record

    return _record(request, action, obj=obj, success=success, **kwargs)
