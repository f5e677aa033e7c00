from django.core.management.base import BaseCommand, CommandError

from cms.page_cache import store


class Command(BaseCommand):
    help = (
        "Empty the page cache for every page in every language: run once per release, after collectstatic, "
        "so that no page rendered by the previous templates (or naming its static files) is served."
    )

    def handle(self, *args, **options):
        try:
            store.bump_everything()
        except Exception as error:  # Redis down or misconfigured: say so, and fail the deploy step
            raise CommandError(f"The page cache could not be emptied ({type(error).__name__}: {error}).") from error
        self.stdout.write(
            "Page cache emptied: every page is rendered again on its next request. "
            "A CDN keeps its copies for up to PAGE_CACHE_SHARED_SECONDS unless purged there."
        )
