from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from cms.page_cache import store
from cms.page_cache.dependencies import Plan, page_urls
from cms.page_cache.purge import purge_frontend


class Command(BaseCommand):
    help = (
        "Empty the page cache for every page in every language, and the frontend cache (CDN) when one is "
        "configured: run once per release, once the new workers serve, so that no page rendered by the "
        "previous templates (or naming their static files) is served."
    )

    def handle(self, *args, **options):
        try:
            store.bump_everything()
        except Exception as error:  # Redis down or misconfigured: say so, and fail the deploy step
            raise CommandError(f"The page cache could not be emptied ({type(error).__name__}: {error}).") from error
        self.stdout.write("Page cache emptied: every page is rendered again on its next request.")
        if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            self.stdout.write("No frontend cache (CDN) is configured.")
            return
        # Every URL a live page answers (its sub-routes, feeds and the sitemap included), in every language.
        urls = page_urls(Page.objects.live().filter(depth__gt=1).specific(defer=True))
        purge_frontend(Plan(urls=urls))  # failures are logged by Wagtail's backends, as for every purge
        self.stdout.write(f"Frontend cache: purge requested for {len(urls)} URLs.")
