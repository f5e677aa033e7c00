"""Login throttling with django-axes: failures are counted per username and client address.

Unlock: `manage.py axes_reset_username USERNAME`, `manage.py axes_reset_ip ADDRESS` or
`manage.py axes_reset` (everyone); a lockout also ends by itself after AXES_COOLOFF_TIME.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check for logins over HTTP; authentication without a request (shell, test client) has no
    address to count against, so it is left to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str:
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost one saw.

    Each proxy appends the address it received from to X-Forwarded-For, so only the last
    TRUSTED_PROXY_COUNT entries are trustworthy; anything to their left the client could have written.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
