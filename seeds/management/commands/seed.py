from contextlib import nullcontext
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from seeds.builder import SiteBuilder
from seeds.deferred_cache_purge import page_cache_purged_afterwards, purge_whole_site
from seeds.deferred_indexing import indexes_rebuilt_afterwards
from seeds.parsers import SeedSourceError
from seeds.removals import RemovalRefused


class Command(BaseCommand):
    help = (
        "Build the bilingual site from the source texts in seeds/ (or --source DIR): organization "
        "profiles, programs and news releases in English, with their Chinese translations imported "
        "through wagtail-localize. Idempotent and atomic; a run that would remove pages, sections or "
        "paragraphs from the site stops unless --allow-removals is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, help="Folder holding the source texts (default: seeds/)")
        parser.add_argument(
            "--no-translations",
            action="store_true",
            help="Import only the source texts: leave the project's Chinese translations out, so "
            "translators get a queue (the Guangzhou release keeps its own Chinese version).",
        )
        parser.add_argument("--skip-index", action="store_true", help="Don't rebuild the search index")
        parser.add_argument(
            "--allow-removals",
            action="store_true",
            help="Apply the run even if it removes pages, body sections or paragraphs from the site "
            "(in either language); without it such a run stops and lists what would go.",
        )

    def handle(self, *args, source=None, no_translations=False, skip_index=False, allow_removals=False, **options):
        builder = SiteBuilder(source, translations=not no_translations, allow_removals=allow_removals)
        # The indexes are rebuilt and the page cache purged below after a change, so the build need not
        # do either save by save.
        try:
            with nullcontext() if skip_index else indexes_rebuilt_afterwards(), page_cache_purged_afterwards():
                report = builder.build()
        except SeedSourceError as exc:
            raise CommandError(f"Seed stopped, nothing was changed. {exc}") from exc
        except RemovalRefused as exc:
            listing = "\n".join(f"  - {line}" for line in exc.removals)
            raise CommandError(
                f"Seed stopped, nothing was changed: it would remove from the site\n{listing}\n"
                "If that is intended, run it again with --allow-removals."
            ) from exc

        if options.get("verbosity", 1) >= 1:
            for path in report.created:
                self.stdout.write(f"created  {path}")
            for path in report.updated:
                self.stdout.write(f"updated  {path}")
            for name in report.translated:
                self.stdout.write(f"translated  {name}")
        for line in report.removed:
            self.stderr.write(f"removed  {line}")
        for name, segments in report.untranslated_segments.items():
            if not no_translations:
                self.stderr.write(f"warning: {len(segments)} segment(s) of {name} have no Chinese translation")
        if not report.changed:
            self.stdout.write("Nothing to do: the site already matches the source texts.")
        else:
            purge_whole_site()
            if not skip_index:
                call_command("update_index", verbosity=0)
                call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Seed complete."))
