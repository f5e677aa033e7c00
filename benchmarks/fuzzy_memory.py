"""Fuzzy translation memory on the seeded site: how many changed segments get a suggestion.

    .venv/bin/python benchmarks/fuzzy_memory.py [--show]

--show prints each changed segment's English and its suggestions.

On a fresh SQLite database seeded with its Chinese translations, for each English news release: an editor
edits the summary and a few body paragraphs slightly (one word changed, a word added, a clause dropped),
publishes, the zh-hans task goes out of date and is synced; then it reports how many of the changed
segments get a suggestion at or above TRANSLATION_QUEUE_FUZZY_MIN_SCORE (75), from the segment's own
previous translation and from translation memory alone (other pages), the top scores, and the queries and
time the lookup takes. Each release is measured in a transaction that is rolled back.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/fuzzy_memory.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# What an editor does to a sentence, in turn: change a word, add one, drop the last clause.
SUBSTITUTIONS = [(" will ", " would "), (" and ", " as well as "), (" the ", " this "), (" of ", " for ")]
INSERTIONS = [(" is ", " is also "), (" are ", " are also "), (" has ", " already has "), (" was ", " was then ")]


def edit(text: str, kind: int) -> str:
    """One small editorial change to the first sentence-bearing run of `text` (HTML or plain)."""
    if kind == 0:
        for old, new in SUBSTITUTIONS:
            if old in text:
                return text.replace(old, new, 1)
    if kind in (0, 1):
        for old, new in INSERTIONS:
            if old in text:
                return text.replace(old, new, 1)
        return re.sub(r"([.。])(</p>)?\s*$", r" this year\1\2", text, count=1)
    # kind 2: drop the last sentence's last clause (after its last comma), keeping the full stop.
    match = re.search(r", [^,<.!?]*([.!?])(</p>|$)", text)
    if match:
        return text[: match.start()] + match.group(1) + text[match.end(1) :]
    return edit(text, 0)


class Rollback(Exception):
    pass


def main():
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed", "--skip-index", verbosity=0)
    print(f"Seeded in {time.perf_counter() - start:.0f} s.")

    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation

    from cms.translation_queue import memory, work
    from cms.translation_queue.models import TaskState, TranslationTask
    from news.models import NewsPage

    threshold = settings.TRANSLATION_QUEUE_FUZZY_MIN_SCORE
    zh = Locale.objects.get(language_code="zh-hans")
    reviewer = get_user_model().objects.create_user("rui", "r@example.org", "pw")
    reviewer.groups.add(Group.objects.get(name="zh-hans reviewers"))
    print(
        f"Translation memory: {StringTranslation.objects.filter(locale=zh).count()} zh-hans translations; "
        f"offered at {threshold} % and above."
    )
    header = (
        f"{'release':<34}{'segs':>5}{'changed':>8}{'≥' + str(threshold):>6}{'prev':>6}{'memory':>8}"
        f"{'top':>5}{'top other page':>16}{'queries':>9}{'ms':>6}"
    )
    print(header)
    totals = {"changed": 0, "offered": 0, "previous": 0, "memory": 0}
    top_scores, memory_scores, timings, queries = [], [], [], []
    for release in NewsPage.objects.filter(locale__language_code="en").order_by("pk"):
        try:
            with transaction.atomic():
                page = NewsPage.objects.get(pk=release.pk)
                page.summary = edit(page.summary, 1)
                blocks, kinds = page.body.raw_data, iter(range(3))
                for block in blocks:
                    if block["type"] == "paragraph":
                        kind = next(kinds, None)
                        if kind is None:
                            break
                        block["value"] = edit(block["value"], kind)
                page.body = blocks
                page.save_revision().publish()
                task = TranslationTask.objects.get(source__object_id=page.translation_key, target_locale=zh)
                assert task.state == TaskState.OUT_OF_DATE, task.state
                work.sync_with_source(task, reviewer)
                segments = list(
                    StringSegment.objects.filter(source_id=task.source_id)
                    .select_related("string", "context")
                    .annotate_translation(zh)
                    .order_by("order")
                )
                changed = [s for s in segments if not s.translation]
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    offers = memory.suggestions_for(task)
                    timings.append((time.perf_counter() - began) * 1000)
                queries.append(len(captured))
                row = {"changed": len(changed), "offered": 0, "previous": 0, "memory": 0}
                best, best_other = 0, 0
                for segment in changed:
                    offered = [s for s in offers[segment.context.path].suggestions if s.score >= threshold]
                    others = [s for s in offered if not s.is_previous]
                    row["offered"] += bool(offered)
                    row["previous"] += any(s.is_previous for s in offered)
                    row["memory"] += bool(others)
                    if offered:
                        top = max(s.score for s in offered)
                        top_scores.append(top)
                        best = max(best, top)
                    if others:
                        memory_scores.append(max(s.score for s in others))
                        best_other = max(best_other, memory_scores[-1])
                if "--show" in sys.argv:
                    for segment in changed:
                        print(f"  {segment.context.path[:40]}: {segment.string.data[:100]!r}")
                        for s in offers[segment.context.path].suggestions:
                            print(f"    {s.score:>3} {s.origin:<18} {s.where[:30]:<30} {s.source[:70]!r}")
                for key in totals:
                    totals[key] += row[key]
                print(
                    f"{release.title[:33]:<34}{len(segments):>5}{row['changed']:>8}{row['offered']:>6}"
                    f"{row['previous']:>6}{row['memory']:>8}{best:>5}{best_other or '–':>16}"
                    f"{queries[-1]:>9}{timings[-1]:>6.0f}"
                )
                raise Rollback
        except Rollback:
            pass

    changed = totals["changed"] or 1
    print()
    print(
        f"Changed segments: {totals['changed']}; with a suggestion ≥ {threshold} %: {totals['offered']} "
        f"({100 * totals['offered'] / changed:.0f} %)"
    )
    print(
        f"  their own previous translation: {totals['previous']} ({100 * totals['previous'] / changed:.0f} %); "
        f"from other pages alone: {totals['memory']} ({100 * totals['memory'] / changed:.0f} %)"
    )
    if top_scores:
        print(
            f"Top score per changed segment: median {statistics.median(top_scores):.0f}, "
            f"min {min(top_scores)}, max {max(top_scores)}"
        )
    if memory_scores:
        print(f"Best other-page score: median {statistics.median(memory_scores):.0f}, max {max(memory_scores)}")
    print(
        f"Lookup: {min(queries)}–{max(queries)} queries a task, "
        f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms"
    )


if __name__ == "__main__":
    main()
