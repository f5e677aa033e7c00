"""cms.urls plus a page that fails, for the 500 page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from cms.urls import *  # noqa: F403
from cms.urls import urlpatterns as site_patterns


def fail(request):
    raise RuntimeError("simulated failure")


urlpatterns = i18n_patterns(path("boom/", fail), prefix_default_language=True) + site_patterns
