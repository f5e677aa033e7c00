"""django-csp's middleware with two policies: strict for the site, Wagtail-compatible for the admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """CONTENT_SECURITY_POLICY everywhere except under CSP_ADMIN_PATH_PREFIXES, which get
    CSP_ADMIN_DIRECTIVES (see the settings for why the admin needs more)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
            parts.nonce = None
        return parts
