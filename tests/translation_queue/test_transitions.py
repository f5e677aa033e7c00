"""The workflow table is the one truth: what a row offers is what the server accepts, every move is
logged, messages follow the reader's language, and the queue names no app."""

from pathlib import Path

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from cms.translation_queue import work, workflow
from cms.translation_queue.models import TaskState
from cms.translation_queue.workflow import TRANSITIONS, available_actions

from .conftest import make_user, task_for, translate_everything, translate_first_segment

QUEUE = "/admin/translation-queue/"
ROOT = Path(__file__).resolve().parents[2]


def logged(task):
    return list(ModelLogEntry.objects.for_instance(task).order_by("timestamp", "pk").values_list("action", flat=True))


def test_every_transition_is_a_registered_log_action_with_a_label():
    from wagtail.log_actions import registry

    for transition in TRANSITIONS.values():
        assert registry.action_exists(transition.log_action), transition.action
        assert str(transition.label) and str(transition.history)


def test_a_new_task_is_queued_and_logged(seeded, new_page):
    task = task_for(new_page, seeded["zh"])
    assert task.state == TaskState.NOT_STARTED
    assert logged(task) == ["translation_queue.queued"]


def test_the_whole_path_is_in_the_history(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    translate_everything(task, commit, user=people["translator"])
    work.submit_for_review(task, people["translator"])
    work.send_back(task, people["reviewer"], "Use the agreed name.")
    work.submit_for_review(task, people["translator"])
    task.refresh_from_db()
    work.approve_and_publish(task, people["reviewer"])
    assert logged(task) == [
        "translation_queue.queued",
        "translation_queue.claimed",
        "translation_queue.submitted",
        "translation_queue.sent_back",
        "translation_queue.submitted",
        "translation_queue.approved",
    ]
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert task.approved_segments["title"] == ["Beijing Forestry University", "北京林业大学"]


def test_a_row_does_not_offer_submit_when_nothing_is_translated(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    task.refresh_from_db()
    offered = {t.action for t in available_actions(task, people["translator"])}
    assert "submit" not in offered and {"release", "prefill", "upload_po"} <= offered
    translate_first_segment(task, commit)
    task.refresh_from_db()
    assert "submit" in {t.action for t in available_actions(task, people["translator"])}


ROLES = ["translator", "other_translator", "reviewer", "editor"]
SIMPLE = ["claim", "release", "submit", "sync", "prefill"]


def put_in_state(task, state, people, commit):
    """Drive a task into `state` through the workflow, as people would."""
    if state == TaskState.NOT_STARTED:
        return
    work.claim(task, people["translator"])
    if state == TaskState.IN_PROGRESS:
        translate_first_segment(task, commit)
        return
    translate_everything(task, commit, user=people["translator"])
    work.submit_for_review(task, people["translator"])
    if state == TaskState.READY_FOR_REVIEW:
        return
    task.refresh_from_db()
    work.approve_and_publish(task, people["reviewer"])
    if state == TaskState.DONE:
        return
    page = task.source.get_source_instance()
    page.summary = "A university in Beijing, founded in 1952."
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])


@pytest.mark.parametrize("state", list(TaskState))
def test_what_a_row_offers_is_what_the_server_accepts(seeded, people, new_page, commit, client, state):
    """For every state and every role: an action is offered exactly when posting it succeeds."""
    task = task_for(new_page, seeded["zh"])
    put_in_state(task, state, people, commit)
    task.refresh_from_db()
    assert task.state == state
    for role in ROLES:
        user = people[role]
        offered = {t.action for t in available_actions(task, user)}
        for action in SIMPLE:
            refusal = workflow.refusal(TRANSITIONS[action], task, user)
            expected = refusal is None and not (action == "claim" and task.assignee_id == user.pk)
            assert (action in offered) == expected, (state, role, action, refusal)


def test_an_offered_action_succeeds_and_a_refused_one_says_why(seeded, people, new_page, commit, client):
    task = task_for(new_page, seeded["zh"])
    client.force_login(people["other_translator"])
    response = client.post(f"{QUEUE}{task.pk}/submit/", follow=True)
    assert "is not possible while the task is not started" in response.content.decode()
    client.force_login(people["translator"])
    response = client.post(f"{QUEUE}{task.pk}/claim/", follow=True)
    assert "Claimed." in response.content.decode()
    client.force_login(people["other_translator"])
    response = client.post(f"{QUEUE}{task.pk}/claim/", follow=True)
    assert "Someone else has claimed this already." in response.content.decode()
    # The site's own moves and unknown names are not found (Django's LocaleMiddleware answers an admin
    # 404 with a redirect to the language-prefixed path, which is not found either).
    for name in ("completed", "no-such-action"):
        assert client.post(f"{QUEUE}{task.pk}/{name}/", follow=True).status_code == 404
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS


def test_a_change_to_the_english_makes_the_changed_segments_the_remaining_work(seeded, people, new_page, commit):
    task = task_for(new_page, seeded["zh"])
    put_in_state(task, TaskState.OUT_OF_DATE, people, commit)
    task.refresh_from_db()
    assert task.changed_segments == 1
    assert task.segments_done == task.segments_total - 1 and task.progress_percent < 100
    assert task.words_remaining == 7  # A university in Beijing, founded in 1952
    assert logged(task)[-1] == "translation_queue.out_of_date"


def test_prefill_says_how_many_it_filled_of_how_many(seeded, people, new_page, client):
    task = task_for(new_page, seeded["zh"])
    work.claim(task, people["translator"])
    client.force_login(people["translator"])
    response = client.post(f"{QUEUE}{task.pk}/prefill/", follow=True)
    task.refresh_from_db()
    assert f"Prefilled 1 of {task.segments_total} untranslated segments" in response.content.decode()
    assert logged(task)[-1] == "translation_queue.prefilled"


def test_messages_and_buttons_follow_the_readers_admin_language(seeded, people, new_page, client):
    from wagtail.users.models import UserProfile

    translator = people["translator"]
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "zh-hans"
    profile.save()
    task = task_for(new_page, seeded["zh"])
    client.force_login(translator)
    html = client.post(f"{QUEUE}{task.pk}/claim/", follow=True).content.decode()
    with translation.override("zh-hans"):
        claimed, release = str(TRANSITIONS["claim"].done), str(TRANSITIONS["release"].label)
    assert claimed != "Claimed." and claimed in html
    assert release != "Release" and release in html


def test_the_menu_count_is_each_users_own(seeded, people, new_page, rf):
    from cms.translation_queue.wagtail_hooks import register_menu_item

    item = register_menu_item()
    label = item.label
    counts = {}
    for role in ("translator", "reviewer"):
        request = rf.get("/admin/")
        request.user = people[role]
        counts[role] = item.render_component(request).label
    assert item.label == label  # the shared item is never changed
    outsider = make_user("olga")
    request = rf.get("/admin/")
    request.user = outsider
    assert item.render_component(request).label == label


def test_the_queue_names_no_app():
    """Which models are translated is Wagtail's to say (get_translatable_models, registered snippets)."""
    for path in (ROOT / "cms" / "translation_queue").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "from news" not in text and '"news.' not in text, path
