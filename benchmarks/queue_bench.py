"""Translation-queue benchmark, next to plain wagtail-localize doing the same work, in one run.

    .venv/bin/python benchmarks/queue_bench.py

On a fresh SQLite database seeded with `seed --no-translations` (the real queue), it reports:
- the queue page at 1,000 rows: queries and median render time (50 rows a page);
- creating the zh-hans translation of each seeded release: plain wagtail-localize (TranslationCreator,
  which also extracts the source) vs. claiming it in the queue (source already extracted at publish);
- syncing after the English changed: plain wagtail-localize (update_from_db + save_target) vs. the
  queue's sync action.
Every measured operation runs in a transaction that is rolled back, so each starts from the same state.
"""

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/queue_bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


class Rollback(Exception):
    pass


def measure(fn):
    """(queries, milliseconds) of fn, rolled back afterwards."""
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                fn()
                elapsed = (time.perf_counter() - start) * 1000
                # on_commit work (progress refresh, e-mail) belongs to the operation: run it inside.
                for _sids, callback, _robust in list(connection.run_on_commit):
                    callback()
                connection.run_on_commit.clear()
                elapsed = (time.perf_counter() - start) * 1000
            raise Rollback
    except Rollback:
        pass
    return len(queries), elapsed


def main():
    call_command("migrate", verbosity=0)
    call_command("seed", "--no-translations", "--skip-index", verbosity=0)

    from wagtail.models import Locale
    from wagtail_localize.models import TranslatableObject, TranslationSource
    from wagtail_localize.operations import TranslationCreator

    from cms.translation_queue import work
    from cms.translation_queue.models import TaskState, TranslationTask
    from news.models import NewsPage

    zh = Locale.objects.get(language_code="zh-hans")
    user_model = get_user_model()
    translator = user_model.objects.create_user("tian", "t@example.org", "pw")
    translator.groups.add(Group.objects.get(name="zh-hans translators"))
    reviewer = user_model.objects.create_user("rui", "r@example.org", "pw")
    reviewer.groups.add(Group.objects.get(name="zh-hans reviewers"))

    print("Creating and syncing one translation (queries, ms):")
    print(
        f"{'release':<28}{'segments':>9}  {'plain create':>16}{'queue claim':>16}  {'plain sync':>16}{'queue sync':>16}"
    )
    for release in NewsPage.objects.filter(locale__language_code="en").order_by("pk"):
        task = TranslationTask.objects.get(source__object_id=release.translation_key, target_locale=zh)

        def plain_create(release=release):
            TranslationSource.objects.filter(object_id=release.translation_key).delete()
            TranslationCreator(reviewer, [zh]).create_translations(release)

        def queue_claim(task=task):
            work.claim(TranslationTask.objects.get(pk=task.pk), translator)

        def changed_english(release=release):
            page = NewsPage.objects.get(pk=release.pk)
            page.body = [*page.body.raw_data, {"type": "paragraph", "value": "<p>One more paragraph.</p>"}]
            page.save_revision().publish()

        def plain_sync(release=release, task=task):
            work.claim(TranslationTask.objects.get(pk=task.pk), translator)
            changed_english()
            source = TranslationSource.objects.get(object_id=release.translation_key)
            with CaptureQueriesContext(connection) as q:
                start = time.perf_counter()
                source.update_from_db()
                for translation in source.translations.all():
                    translation.save_target(user=reviewer, publish=False)
                plain_sync.result = (len(q), (time.perf_counter() - start) * 1000)

        def queue_sync(release=release, task=task):
            work.claim(TranslationTask.objects.get(pk=task.pk), translator)
            changed_english()
            fresh = TranslationTask.objects.get(pk=task.pk)
            assert fresh.state == TaskState.OUT_OF_DATE
            with CaptureQueriesContext(connection) as q:
                start = time.perf_counter()
                work.sync_with_source(fresh, translator)
                queue_sync.result = (len(q), (time.perf_counter() - start) * 1000)

        create = measure(plain_create)
        claim = measure(queue_claim)
        measure(plain_sync)
        measure(queue_sync)
        cells = [create, claim, plain_sync.result, queue_sync.result]
        figures = "".join(f"{queries:>9} / {ms:>5.0f}" for queries, ms in cells)
        print(f"{release.title[:27]:<28}{task.segments_total:>9}  {figures}")
        per_segment = "".join(f"{queries / task.segments_total:>17.1f}" for queries, _ms in cells)
        print(f"{'':<28}{'per segment':>9}  {per_segment}")
        ratios = (claim[0] / create[0], claim[1] / create[1], queue_sync.result[0] / plain_sync.result[0])
        print(
            f"{'':<28}{'ratios':>9}  claim/create: {ratios[0]:.2f}x queries, {ratios[1]:.2f}x time; "
            f"sync queue/plain: {ratios[2]:.2f}x queries"
        )

    # The queue page at 1,000 rows.
    from django.contrib.contenttypes.models import ContentType

    from orgs.models import OrganizationPage

    content_type = ContentType.objects.get_for_model(OrganizationPage)
    existing = TranslationTask.objects.count()
    objects = TranslatableObject.objects.bulk_create(
        TranslatableObject(translation_key=uuid.uuid4(), content_type=content_type) for _ in range(1000 - existing)
    )
    now = timezone.now()
    sources = TranslationSource.objects.bulk_create(
        TranslationSource(
            object_id=o.translation_key,
            specific_content_type=content_type,
            locale_id=1,
            object_repr="Synthetic",
            content_json="{}",
            created_at=now,
            last_updated_at=now,
        )
        for o in objects
    )
    TranslationTask.objects.bulk_create(
        TranslationTask(
            source=s,
            target_locale=zh,
            source_title=f"Synthetic page {i}",
            content_kind="orgs.organizationpage",
            segments_total=20,
            words_remaining=300,
            source_changed_at=now,
        )
        for i, s in enumerate(sources)
    )
    client = Client()
    client.force_login(reviewer)
    rows = TranslationTask.objects.count()
    client.get("/admin/translation-queue/")
    samples, query_counts = [], set()
    for _ in range(20):
        with CaptureQueriesContext(connection) as q:
            start = time.perf_counter()
            response = client.get("/admin/translation-queue/")
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
        query_counts.add(len(q))
    print(
        f"\nQueue page with {rows} rows (50 a page): {sorted(query_counts)} queries, "
        f"median {statistics.median(samples):.1f} ms, p95 {sorted(samples)[18]:.1f} ms"
    )


if __name__ == "__main__":
    main()
