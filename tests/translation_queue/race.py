"""Run by test_concurrency.py in its own process against a real database (a SQLite file or a PostgreSQL
server): people act at the same moment from threads, each thread with its own connection, through the
queue's HTTP views. Prints one JSON object of what they saw."""

import json
import re
import threading
from collections import Counter

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Locale, Page, PageLogEntry  # noqa: E402
from wagtail_localize.synctree import create_aliases_for_new_page  # noqa: E402

from cms.translation_queue import drafts, review, work  # noqa: E402
from cms.translation_queue.models import TranslationTask  # noqa: E402
from orgs.models import OrganizationPage  # noqa: E402
from seeds.po_import import TRANSLATIONS_DIR, load_memory, normalize  # noqa: E402

QUEUE = "/admin/translation-queue/"
MESSAGES = {
    "Claimed.": "claimed",
    "Someone else has claimed this already.": "refused",
    "Approved and published.": "approved",
    "“Approve and publish” is not possible while the task is done.": "refused",
    "Released.": "released",
}


def person(name, group):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def at_once(actions):
    """Run each action in its own thread, all released together; returns their results in order."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as exc:  # reported, not swallowed: the test fails on any
            results[index] = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return results


def post(user, url, **data):
    client = Client()
    client.force_login(user)
    response = client.post(url, data, follow=True)
    if response.status_code != 200:
        return f"status {response.status_code}"
    text = response.content.decode()
    found = next((outcome for message, outcome in MESSAGES.items() if message in text), None)
    if found:
        return found
    shown = re.findall(r'<li class="[^"]*(?:success|error)[^"]*">(.*?)</li>', text, re.S)
    return "no known message: " + " | ".join(" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in shown)


def main():
    zh = Locale.objects.get(language_code="zh-hans")
    tian, tao = person("tian", "zh-hans translators"), person("tao", "zh-hans translators")
    rui, ren = person("rui", "zh-hans reviewers"), person("ren", "zh-hans reviewers")
    tasks = list(TranslationTask.objects.filter(target_locale=zh, state="not_started").order_by("pk"))
    pages = [t for t in tasks if t.content_kind.startswith(("orgs.", "news.newspage"))]
    report = {}

    # Two translators claim the same task.
    task = pages[0]
    report["claims"] = at_once(
        [lambda: post(tian, f"{QUEUE}{task.pk}/claim/"), lambda: post(tao, f"{QUEUE}{task.pk}/claim/")]
    )
    task.refresh_from_db()
    report["claim_assignee"] = task.assignee.username if task.assignee else None

    # Two reviewers approve the same finished, submitted task.
    ready = pages[1]
    work.claim(ready, tian)
    translation = drafts.ensure_translation(ready)
    po = translation.export_po()
    # The project's own reviewed Chinese (the full seed's), so the quality checks raise no error.
    memory = {}
    for path in sorted((TRANSLATIONS_DIR / "zh_Hans").glob("*.po")):
        memory.update(load_memory(path))
    for entry in po:
        chinese = memory[normalize(entry.msgid)]
        entry.msgstr = "<br/>".join(chinese.splitlines()) if "<br" in entry.msgid else chinese  # as the seed does
    translation.import_po(po)
    work.submit_for_review(ready, tian)
    # Both reviewers confirm the warnings they were shown.
    seen = str(review.Summary.of(review.segment_rows(ready)).warnings)
    report["approvals"] = at_once(
        [
            lambda: post(rui, f"{QUEUE}{ready.pk}/approve/", acknowledged=seen),
            lambda: post(ren, f"{QUEUE}{ready.pk}/approve/", acknowledged=seen),
        ]
    )
    target = Page.objects.get(translation_key=ready.source.object_id, locale=zh)
    report["publishes"] = PageLogEntry.objects.filter(page=target, action="wagtail.publish").count()

    # Many claims and releases on different tasks at once (SQLite used to answer "database is locked").
    spread = [t for t in tasks if t.pk not in (task.pk, ready.pk)][:6]
    people = [tian, tao] * 3

    def claim_and_release(user, other):
        return post(user, f"{QUEUE}{other.pk}/claim/") + "+" + post(user, f"{QUEUE}{other.pk}/release/")

    report["spread"] = dict(
        Counter(at_once([lambda u=u, t=t: claim_and_release(u, t) for u, t in zip(people, spread, strict=True)]))
    )

    # Two editors publish the same new English draft at once: one task per language, no error.
    index = Page.objects.get(locale=Locale.get_default(), slug="organizations")
    page = OrganizationPage(title="Peking University", slug="pku", summary="A university in Beijing.", live=False)
    index.add_child(instance=page)
    create_aliases_for_new_page(page)

    def publish():
        fresh = OrganizationPage.objects.get(pk=page.pk)
        fresh.save_revision().publish()
        return "published"

    report["publishes_of_new_page"] = at_once([publish, publish])
    report["tasks_for_new_page"] = TranslationTask.objects.filter(source__object_id=page.translation_key).count()
    print(json.dumps(report))


main()
