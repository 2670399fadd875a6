"""Sign-in lockouts on top of django-axes (docs/accounts.md § Lockout).

* **The account** — ``AXES_FAILURE_LIMIT`` failures (wrong passwords and wrong
  second-factor codes), from any address, lock it for ``AXES_COOLOFF_TIME``; the
  account+address pair is locked with it.
* **The address** — only a password-spraying pattern throttles an address for every
  username: ``ZHANQUN_LOCKOUT_ADDRESS_FAILURES`` failures over at least
  ``ZHANQUN_LOCKOUT_ADDRESS_USERNAMES`` different usernames within the cool-off. One
  person's typos behind an office's NAT address lock only their own account.

axes compares a single failure limit with the largest failure count among its lockout
parameters. ``lockout_parameters`` (``AXES_LOCKOUT_PARAMETERS``) therefore adds
``ip_address`` only once the address shows the pattern — its count is then at least the
address limit, which is at least the failure limit, so axes refuses it.

A successful sign-in clears the account's failures only once it is complete (second
factor included), not at the password (``AXES_RESET_ON_SUCCESS = False``): otherwise
signing in again with a known password would restart the count of guessed codes.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone

ACCOUNT = "account"
ADDRESS = "address"


def enabled():
    return bool(getattr(settings, "AXES_ENABLED", False))


def failure_limit():
    return int(getattr(settings, "AXES_FAILURE_LIMIT", 5))


def address_failure_limit():
    """Failures from one address (all usernames together) that throttle it; never below
    the account limit."""
    return max(failure_limit(), int(getattr(settings, "ZHANQUN_LOCKOUT_ADDRESS_FAILURES", 50)))


def address_min_usernames():
    """Different usernames those failures must span (one person retrying their own
    locked account is not spraying)."""
    return max(2, int(getattr(settings, "ZHANQUN_LOCKOUT_ADDRESS_USERNAMES", 5)))


def cool_off():
    from axes.helpers import get_cool_off

    return get_cool_off(None) or timedelta(minutes=30)


def _now(request_or_attempt=None):
    return getattr(request_or_attempt, "axes_attempt_time", None) or timezone.now()


def _attempts(since, **filters):
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(attempt_time__gte=since, **filters)


def address_throttled(ip_address, now=None):
    """Whether ``ip_address`` shows the spraying pattern within the cool-off."""
    if not ip_address:
        return False
    since = (now or timezone.now()) - cool_off()
    failures, usernames = 0, set()
    for username, count in _attempts(since, ip_address=ip_address).values_list("username", "failures_since_start"):
        failures += count
        if username:
            usernames.add(username)
    return failures >= address_failure_limit() and len(usernames) >= address_min_usernames()


def lockout_parameters(request_or_attempt, credentials=None):
    """``AXES_LOCKOUT_PARAMETERS``: the account, the account+address pair, and the
    address alone only while it shows the spraying pattern."""
    parameters = ["username", ["username", "ip_address"]]
    ip_address = getattr(request_or_attempt, "axes_ip_address", None) or getattr(request_or_attempt, "ip_address", None)
    if address_throttled(ip_address, _now(request_or_attempt)):
        parameters.append("ip_address")
    return parameters


@dataclass
class Lock:
    """A current lock: an account (``key`` is the username; ``others`` the addresses its
    failures came from) or an address (``key`` the address; ``others`` the usernames tried)."""

    kind: str
    key: str
    failures: int = 0
    others: list = field(default_factory=list)
    last_attempt: datetime | None = None
    until: datetime | None = None

    @property
    def is_account(self):
        return self.kind == ACCOUNT


def _until(rows, satisfied, cool):
    """When the lock ends if nothing more fails: rows newest first; the lock holds while
    the rows still inside the cool-off satisfy the condition."""
    acc = []
    for row in rows:
        acc.append(row)
        if satisfied(acc):
            return row["attempt_time"] + cool
    return None


def current_locks(now=None):
    """Accounts and addresses axes refuses now, newest first: ``(accounts, addresses)``."""
    now = now or timezone.now()
    cool = cool_off()
    rows = list(
        _attempts(now - cool)
        .order_by("-attempt_time")
        .values("username", "ip_address", "failures_since_start", "attempt_time")
    )
    by_account, by_address = {}, {}
    for row in rows:
        if row["username"]:
            by_account.setdefault(row["username"], []).append(row)
        if row["ip_address"]:
            by_address.setdefault(row["ip_address"], []).append(row)

    limit = failure_limit()

    def account_over(acc):
        return sum(r["failures_since_start"] for r in acc) >= limit

    def address_over(acc):
        return (
            sum(r["failures_since_start"] for r in acc) >= address_failure_limit()
            and len({r["username"] for r in acc if r["username"]}) >= address_min_usernames()
        )

    def locks(kind, groups, over, other_key):
        return [
            Lock(
                kind,
                key,
                failures=sum(r["failures_since_start"] for r in group),
                others=sorted({r[other_key] for r in group if r[other_key]}),
                last_attempt=group[0]["attempt_time"],
                until=_until(group, over, cool),
            )
            for key, group in groups.items()
            if over(group)
        ]

    accounts = locks(ACCOUNT, by_account, account_over, "ip_address")
    addresses = locks(ADDRESS, by_address, address_over, "username")
    return accounts, addresses


def account_locked(username, now=None):
    if not username:
        return False
    since = (now or timezone.now()) - cool_off()
    return sum(_attempts(since, username=username).values_list("failures_since_start", flat=True)) >= failure_limit()


def unlock_account(username):
    """Forget the account's failures (from every address); returns the rows removed."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_attempts(username=username)


def unlock_address(ip_address):
    """Forget every failure from the address. Accounts whose failures all came from it
    are unlocked with it; returns ``(rows removed, those usernames)``."""
    from axes.handlers.proxy import AxesProxyHandler

    before = {lock.key for lock in current_locks()[0]}
    removed = AxesProxyHandler.reset_attempts(ip_address=ip_address)
    after = {lock.key for lock in current_locks()[0]}
    return removed, sorted(before - after)


# The sign-in steps -------------------------------------------------------------------


def _credentials(user):
    return {"username": user.get_username()}


def is_allowed(request, user):
    """Whether axes lets ``user`` continue from this request's address."""
    if not enabled():
        return True
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_allowed(request, _credentials(user))


def second_factor_failed(request, user):
    """Count a wrong second-factor code as a failed sign-in of the account (axes' own
    handler, not Django's ``user_login_failed`` signal: the audit log records the wrong
    code itself). Returns whether the account is now locked."""
    if not enabled():
        return False
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.user_login_failed(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def signed_in(request, user):
    """The sign-in is complete: clear the account's failures."""
    if enabled():
        unlock_account(user.get_username())


def refuse(request, user):
    """End the half-finished sign-in and show the lockout page."""
    from .views import lockout_response

    credentials = _credentials(user)
    logout(request)
    request.axes_locked_out = False  # the page below is the answer; the middleware need not redo it
    return lockout_response(request, None, credentials)
