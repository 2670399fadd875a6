"""Device binding (R-SEC-1), instead of the MAC address a browser never sends.

A sign-in is allowed when the source address lies in one of the user's networks
(``NetworkAllowance``) **or** the browser presents the signed device cookie of one of
the user's approved devices (``Device``). Otherwise it is refused, recorded in the audit
log, and — the password having been right — a device request is filed for the
安全管理员 to approve (账号安全 → 设备申请); the browser keeps the cookie of the
request, so once approved the same browser signs in.

The cookie holds the device's random token, signed with SECRET_KEY
(``signing.get_cookie_signer``, salt below): it cannot be forged or moved to another
account, and it counts only while its ``Device`` row is approved.
"""

import uuid
from dataclasses import dataclass

from django.utils import timezone

from . import policy
from .models import Device, DeviceStatus
from .network import address_in, client_ip

COOKIE_SALT = "zhanqun.accounts.device"


MAX_TOKENS = 10  # a shared office computer may hold the devices of several people


def read_device_tokens(request):
    value = request.get_signed_cookie(policy.device_cookie_name(), salt=COOKIE_SALT, default="") or ""
    tokens = []
    for part in value.split(","):
        try:
            tokens.append(str(uuid.UUID(part)))
        except ValueError:
            continue
    return tokens


def set_device_cookie(response, device, request=None):
    tokens = read_device_tokens(request) if request is not None else []
    token = str(device.token)
    tokens = [token] + [t for t in tokens if t != token]
    response.set_signed_cookie(
        policy.device_cookie_name(),
        ",".join(tokens[:MAX_TOKENS]),
        salt=COOKIE_SALT,
        max_age=policy.device_cookie_max_age(),
        httponly=True,
        secure=bool(request is not None and request.is_secure()),
        samesite="Lax",
    )


def device_from_cookie(request, user):
    tokens = read_device_tokens(request)
    if not tokens:
        return None
    devices = list(Device.objects.filter(user=user, token__in=tokens))
    approved = [d for d in devices if d.status == DeviceStatus.APPROVED]
    return (approved or devices or [None])[0]


@dataclass
class BindingDecision:
    allowed: bool
    reason: str = ""
    device: Device | None = None  # the approved device used, or the pending request


def check_binding(request, user):
    """Whether ``user`` may sign in from this request (address or device)."""
    if not policy.device_binding():
        return BindingDecision(True, "binding off")
    networks = list(user.allowed_networks.values_list("network", flat=True))
    address = client_ip(request)
    if address_in(address, networks):
        return BindingDecision(True, "network")
    device = device_from_cookie(request, user)
    if device is not None and device.status == DeviceStatus.APPROVED:
        Device.objects.filter(pk=device.pk).update(last_used_at=timezone.now())
        return BindingDecision(True, "device", device)
    if not networks and policy.open_when_empty() and not user.registered_devices.filter(
        status=DeviceStatus.APPROVED
    ).exists():
        return BindingDecision(True, "not restricted")
    return BindingDecision(False, "pending" if device is not None else "unknown", device)


def request_device(request, user):
    """File (or find) this browser's device request; returns the ``Device``."""
    device = device_from_cookie(request, user)
    if device is not None:
        return device
    return Device.objects.create(
        user=user,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        requested_from=client_ip(request),
    )


def approve(device, by):
    device.status = DeviceStatus.APPROVED
    device.decided_by = by
    device.decided_at = timezone.now()
    device.save(update_fields=["status", "decided_by", "decided_at"])


def reject(device, by, status=DeviceStatus.REJECTED):
    device.status = status
    device.decided_by = by
    device.decided_at = timezone.now()
    device.save(update_fields=["status", "decided_by", "decided_at"])
