"""django-csp's middleware with two policies: strict for the site, Wagtail-compatible for the admin.

A preview (Wagtail's editor panel, the review screen) is a public page rendered through the middleware
for a dummy request: it keeps the public policy, but may be framed by the admin that asked for it."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """CONTENT_SECURITY_POLICY everywhere except under CSP_ADMIN_PATH_PREFIXES, which get
    CSP_ADMIN_DIRECTIVES (see the settings for why the admin needs more)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
            parts.nonce = None
        elif getattr(request, "is_dummy", False):  # wagtail.models.preview.PreviewableMixin.make_preview_request
            parts.config = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": [SELF]}
        return parts
