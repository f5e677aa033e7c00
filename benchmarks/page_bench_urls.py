"""The site's URLs, plus a bare Django view and Wagtail's stock page view for the tutorial blog."""

from django.http import HttpResponse
from django.urls import path, re_path
from wagtail import views as wagtail_views

from cms.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("<!DOCTYPE html><title>bare</title><p>A bare Django view.</p>")


urlpatterns = [
    path("bare/", bare, name="bare"),
    re_path(r"^stock/((?:[\w\-]+/)*)$", wagtail_views.serve, name="stock_serve"),
    *site_urlpatterns,
]
