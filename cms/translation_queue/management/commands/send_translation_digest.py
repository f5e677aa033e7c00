"""Send each person who chose the daily digest one mail with the queue's news since their last digest.

Run it once a day (cron, or the scheduler that runs publish_scheduled). Idempotent: a second run sends
nothing new; a mail that fails stays waiting for the next run."""

from django.core.management.base import BaseCommand

from cms.translation_queue.notifications import send_digests


class Command(BaseCommand):
    help = "Send the translation queue's daily digest e-mails."

    def handle(self, *args, **options):
        sent = send_digests()
        if options["verbosity"]:
            self.stdout.write(f"{sent} digest(s) sent.")
