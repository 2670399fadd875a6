from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, minus its refusal of calls without a request: those
    (``client.login`` in tests, scripts) are not web sign-ins and cannot be counted per
    source; every sign-in page passes the request and is counted."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
