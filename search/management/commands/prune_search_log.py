"""Delete the search query log's days older than the retention period (run it daily, e.g. from cron)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search.models import SearchQueryDay


class Command(BaseCommand):
    help = (
        "Delete search query log rows (the 'Searches with no results' report's data) older than --days "
        "days (default: the SEARCH_LOG_RETENTION_DAYS setting)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days, today included.")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many rows would go.")

    def handle(self, *args, days, dry_run, **options):
        days = settings.SEARCH_LOG_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(f"--days must be at least 1 (got {days}): the log keeps today's searches.")
        cutoff = timezone.localdate() - datetime.timedelta(days=days - 1)
        old = SearchQueryDay.objects.filter(date__lt=cutoff)
        if dry_run:
            self.stdout.write(f"{old.count()} rows from before {cutoff.isoformat()} would be deleted.")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} rows from before {cutoff.isoformat()}; kept the last {days} days.")
