"""Fuzzy translation memory at scale: suggestion lookup per segment with 10,000 stored translations.

    .venv/bin/python benchmarks/memory_lookup.py [--strings 10000] [--postgres] [--profile]

Seeds a fresh database with its Chinese translations, times `memory.suggestions_for` for every segment of
every English news release's zh-hans task (one segment at a time, as a PO export or the review screen of a
one-segment change would, and the whole task at once), then adds N stored translations and times the same
lookups again, in the same process. The added English is made from the site's own English by small
random edits (a word replaced, dropped, added or moved, one to six times), so that many of them are near
the real segments: the worst case for scoring, not a set of unrelated strings that the length bands
would skip. Prints median and p95 ms per segment, per task, the queries a task costs and how many
suggestions were offered. Target: p95 under 20 ms per segment at 10,000 strings.
"""

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if "--postgres" in sys.argv:
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/bench_memory_lookup"
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/memory_lookup.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

VOCABULARY = [
    "youth",
    "exchange",
    "program",
    "centre",
    "education",
    "cultural",
    "vocational",
    "children",
    "cooperation",
    "training",
    "city",
    "international",
    "annual",
    "students",
    "teachers",
    "partners",
    "delegation",
    "visit",
    "forum",
    "friendship",
    "community",
    "schools",
]

CHINESE_ADDITIONS = ["（修订）", "（草稿）", "，特此说明。", "（另译）", "（旧版）"]


def option(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fresh_postgres_database():
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS bench_memory_lookup")
        admin.execute("CREATE DATABASE bench_memory_lookup")


def mutate(words, rng):
    words = list(words)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(4)
        at = rng.randrange(len(words))
        if kind == 0:
            words[at] = rng.choice(VOCABULARY)
        elif kind == 1 and len(words) > 3:
            del words[at]
        elif kind == 2:
            words.insert(at, rng.choice(VOCABULARY))
        else:
            other = rng.randrange(len(words))
            words[at], words[other] = words[other], words[at]
    return " ".join(words)


def add_stored_translations(count, zh, en, rng):
    """`count` English strings near the site's own, each with a Chinese translation in a context of its own."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail_localize.models import String, StringTranslation, TranslatableObject, TranslationContext

    from news.models import NewsPage

    bases = list(
        StringTranslation.objects.filter(locale=zh, translation_of__locale=en)
        .exclude(data="")
        .values_list("translation_of__data", "data")
    )
    bases = [(english.split(), chinese) for english, chinese in bases if len(english.split()) >= 4]
    owner = TranslatableObject.objects.create(
        translation_key=uuid.uuid4(), content_type=ContentType.objects.get_for_model(NewsPage)
    )
    strings, contexts, seen = [], [], set()
    while len(strings) < count:
        words, chinese = rng.choice(bases)
        english = mutate(words, rng)
        if english in seen:
            continue
        seen.add(english)
        strings.append(String(locale=en, data=english, data_hash=String._get_data_hash(english)))
        path = f"body.{len(strings)}"
        contexts.append(
            TranslationContext(
                object=owner, path=path, path_id=TranslationContext._get_path_id(path), field_path="body"
            )
        )
        # A translation of its own (not the segment's current one, which is never offered back).
        strings[-1].chinese = chinese + rng.choice(CHINESE_ADDITIONS)
    existing = set(String.objects.filter(locale=en).values_list("data_hash", flat=True))
    kept = [(s, c) for s, c in zip(strings, contexts, strict=True) if s.data_hash not in existing]
    created = String.objects.bulk_create([s for s, _c in kept], batch_size=500)
    made_contexts = TranslationContext.objects.bulk_create([c for _s, c in kept], batch_size=500)
    # bulk_create gives primary keys on SQLite ≥ 3.35 and PostgreSQL alike.
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of=string,
                locale=zh,
                context=context,
                data=source.chinese,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
            for string, context, (source, _c) in zip(created, made_contexts, kept, strict=True)
        ],
        batch_size=500,
    )
    return len(created)


def measure(tasks, segments_of, memory):
    per_segment, per_task, queries, offered = [], [], [], 0
    for task in tasks:
        segments = segments_of[task.pk]
        for segment in segments:
            began = time.perf_counter()
            result = memory.suggestions_for(task, [segment])
            per_segment.append((time.perf_counter() - began) * 1000)
            offered += sum(bool(aid.suggestions) for aid in result.values())
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            memory.suggestions_for(task)
            per_task.append((time.perf_counter() - began) * 1000)
        queries.append(len(captured))
    return {
        "segments": len(per_segment),
        "offered": offered,
        "segment median": statistics.median(per_segment),
        "segment p95": percentile(per_segment, 0.95),
        "task median": statistics.median(per_task),
        "task p95": percentile(per_task, 0.95),
        "queries": f"{min(queries)}–{max(queries)}",
        # A task's lookup divided by its segments: what each segment costs when the task is looked up whole
        # (the review screen, a PO export), as opposed to one segment alone.
        "amortized": statistics.median(t / len(segments_of[task.pk]) for t, task in zip(per_task, tasks, strict=True)),
    }


def main():
    count = option("--strings", 10_000)
    if "--postgres" in sys.argv:
        fresh_postgres_database()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    call_command("seed", "--skip-index", verbosity=0)
    print(f"{connection.vendor}: seeded in {time.perf_counter() - began:.0f} s.")

    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation

    from cms.translation_queue import memory
    from cms.translation_queue.models import TranslationTask
    from news.models import NewsPage

    zh, en = Locale.objects.get(language_code="zh-hans"), Locale.objects.get(language_code="en")
    keys = NewsPage.objects.filter(locale=en).values_list("translation_key", flat=True)
    tasks = list(TranslationTask.objects.filter(source__object_id__in=keys, target_locale=zh).select_related("source"))
    segments_of = {
        task.pk: list(
            StringSegment.objects.filter(source_id=task.source_id).select_related("string", "context").order_by("order")
        )
        for task in tasks
    }
    rows = []
    stored = StringTranslation.objects.filter(locale=zh).count()
    rows.append((f"seeded site ({stored:,} zh-hans translations)", measure(tasks, segments_of, memory)))
    added = add_stored_translations(count, zh, en, random.Random(14))
    stored = StringTranslation.objects.filter(locale=zh).count()
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    rows.append((f"+{added:,} near-copies ({stored:,} translations)", measure(tasks, segments_of, memory)))
    if "--profile" in sys.argv:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    print(f"{len(tasks)} release tasks; threshold {memory.min_score()} %.")
    header = (
        f"{'memory':<44}{'segs':>6}{'offered':>9}{'seg med':>9}{'seg p95':>9}"
        f"{'task med':>10}{'task p95':>10}{'÷ segs':>8}{'queries':>9}"
    )
    print(header)
    for label, r in rows:
        print(
            f"{label:<44}{r['segments']:>6}{r['offered']:>9}{r['segment median']:>9.1f}{r['segment p95']:>9.1f}"
            f"{r['task median']:>10.1f}{r['task p95']:>10.1f}{r['amortized']:>8.1f}{r['queries']:>9}"
        )
    base, big = rows[0][1], rows[1][1]
    print(
        f"Ratio at {added:,} more: segment median ×{big['segment median'] / base['segment median']:.1f}, "
        f"p95 ×{big['segment p95'] / base['segment p95']:.1f}. Target p95 < 20 ms: "
        f"{'met' if big['segment p95'] < 20 else 'NOT met'}."
    )


if __name__ == "__main__":
    main()
