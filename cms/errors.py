"""Error pages (400, 403, 404, 405, 413, 429, 500) in the visitor's language, with the site's header and footer.

The language comes from the URL prefix (/en/, /zh-hans/), else the language cookie and Accept-Language.
The 500 page does no database work: the database may be why it is shown.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from cms.chrome import ChromePages

logger = logging.getLogger(__name__)

TITLES = {
    400: _("Bad request"),
    403: _("Access denied"),
    404: _("Page not found"),
    405: _("Method not allowed"),
    413: _("Request too large"),
    429: _("Too many attempts"),
    500: _("Something went wrong"),
}
MESSAGES = {
    400: _("The request could not be understood."),
    403: _("You do not have permission to see this page."),
    404: _("There is no page at this address. It may have moved, or the link may be mistyped."),
    405: _("This address does not accept that kind of request."),
    413: _("The request is larger than this address accepts."),
    429: _("Too many attempts. Please wait and try again."),
    500: _("The server could not show this page. The problem has been logged; please try again in a moment."),
}


def error_language(request) -> str:
    """The URL's language prefix, else the visitor's cookie or Accept-Language, else English."""
    from_path = translation.get_language_from_path(request.path_info)
    return from_path or translation.get_language_from_request(request, check_path=False)


def render_error(request, status: int, message: str | None = None, *, database: bool = True) -> HttpResponse:
    """The site's error page for `status`; `database=False` renders without touching the database."""
    language = error_language(request)
    with translation.override(language):
        context = {
            "status": status,
            "error_title": TITLES.get(status, TITLES[400]),
            "error_message": message or MESSAGES.get(status, MESSAGES[400]),
            "home_url": f"/{language}/",
            "search_url": reverse("search"),
        }
        if not database:
            # The chrome asks for the user (session, permissions), the menu pages and the footer's
            # contacts: answer them here.
            request.user = AnonymousUser()
            request._chrome_pages = ChromePages(sections=[], translations=[])
            request._footer_contacts = []
        try:
            response = render(request, "errors/error.html", context, status=status)
        except Exception:
            logger.exception("error page %s could not be rendered with the site chrome", status)
            try:
                response = HttpResponse(render_to_string("errors/plain.html", context), status=status)
            except Exception:
                logger.exception("plain error page %s could not be rendered", status)
                response = HttpResponse(f"{context['error_title']}\n", status=status, content_type="text/plain")
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def bad_request(request, exception=None):
    return render_error(request, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    return render_error(request, 500, database=False)


def csrf_failure(request, reason=""):
    message = _("The form was sent without a valid security token. Reload the page and send it again.")
    return render_error(request, 403, message)


def locked_out(request, original_response=None, credentials=None):
    """django-axes lockout response (AXES_LOCKOUT_CALLABLE): a translated page with status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    with translation.override(error_language(request)):
        message = _(
            "Too many failed log-in attempts for this account from your address. Try again in %(minutes)d "
            "minutes, or ask an administrator to unlock it."
        ) % {"minutes": minutes}
    return render_error(request, 429, message)
