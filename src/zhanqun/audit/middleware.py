"""``AuditMiddleware``: the back-office request as context for audit records (R-SEC-3).

For back-office requests only (``request.is_admin_host``, set by
``core.middleware.HostRoutingMiddleware``) it

* makes the request available to signal handlers (``services.current_request``), so a
  mirrored Wagtail log entry or a group change carries the user's source address;
* after the view, writes the failures queued during it (``record(success=False)``), and
  records a 403 (``access.denied``) or a 500 (``request.error``) — after the view's
  transactions have ended, so a rolled-back action still leaves its failure behind;
* records any download the back office answers under /admin/ (``Content-Disposition:
  attachment``) as an ``export``, unless the view recorded its own export. Every
  spreadsheet export of every app is audited without each remembering to call us.

Public hosts cost one attribute lookup. Must come after AuthenticationMiddleware.
"""

from django.urls import reverse

from . import services
from .enums import AuditAction


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def __call__(self, request):
        if not getattr(request, "is_admin_host", False):
            return self.get_response(request)
        request._audit_pending = []
        token = services._request.set(request)
        try:
            response = self.get_response(request)
            self.after(request, response)
            return response
        finally:
            services._request.reset(token)

    def after(self, request, response):
        services.flush_pending(request)
        status = response.status_code
        if status == 403:
            services.record(request, AuditAction.ACCESS_DENIED, success=False, status=status)
            services.flush_pending(request)
        elif status >= 500:
            services.record(request, AuditAction.REQUEST_ERROR, success=False, status=status)
            services.flush_pending(request)
        elif (
            status == 200
            and response.get("Content-Disposition", "").startswith("attachment")
            and not getattr(request, "_audit_export_recorded", False)
            and request.path.startswith(self.admin_prefix())
        ):
            services.record(
                request,
                AuditAction.EXPORT,
                filename=_filename(response["Content-Disposition"]),
                content_type=response.get("Content-Type", ""),
            )


def _filename(disposition):
    from urllib.parse import unquote

    for part in disposition.split(";"):
        name, _sep, value = part.strip().partition("=")
        if name == "filename*":
            return unquote(value.split("''", 1)[-1])
        if name == "filename":
            return value.strip('"')
    return ""
