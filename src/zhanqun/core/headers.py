"""The security headers of every response: one source for nginx (core/nginx.py writes
them into deploy/nginx/zhanqun.conf for published pages) and the app
(``SecurityHeadersMiddleware`` sets them on dynamic responses).

Public pages use only their site's own stylesheet, scripts and images: no inline
script or style, no third-party origin (templates/base.html, interaction.js). The
Wagtail admin is different: Wagtail renders inline scripts (``json_script`` data,
the editor's bootstrapping) and inline styles, so its policy allows those, but still
nothing from another origin, no plugins, no framing by others and no foreign form
targets (docs/security.md).
"""

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)

ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)

REFERRER_POLICY = "strict-origin-when-cross-origin"

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
