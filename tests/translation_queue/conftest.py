import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import drafts
from cms.translation_queue.models import TranslationTask
from orgs.models import OrganizationPage


def make_user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", is_superuser=superuser)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture(autouse=True)
def english_messages():
    """Requests to /zh-hans/ leave Chinese active in the thread; the queue's messages are asserted in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def people(seeded):
    return {
        "editor": make_user("edith", "Moderators"),  # editors who publish English pages
        "translator": make_user("tian", "zh-hans translators"),
        "other_translator": make_user("tao", "zh-hans translators"),
        "reviewer": make_user("rui", "zh-hans reviewers"),
    }


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the code defers to transaction commit (e-mails, progress refresh) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def new_page(seeded, people, mailoutbox, commit):
    """An editor publishes a new English organization profile, as in the admin (aliases included)."""
    index = Page.objects.get(locale=seeded["en"], slug="organizations")
    page = OrganizationPage(
        title="Beijing Forestry University",
        slug="bfu",
        summary="A university in Beijing.",
        body=[
            ("paragraph", "<p>Youth are the driving force in developing ecological civilization.</p>"),
            ("paragraph", "<p>The university works with the China International Youth Exchange Center.</p>"),
        ],
    )
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    with commit():
        page.save_revision(user=people["editor"]).publish(user=people["editor"])
    return page


def task_for(page, locale):
    return TranslationTask.objects.get(source__object_id=page.translation_key, target_locale=locale)


def translate_first_segment(task, commit, text="北京林业大学"):
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    entry = next(e for e in po if e.msgctxt == "title")
    entry.msgstr = text
    with commit():
        translation.import_po(po)


def translate_everything(task, commit, user=None):
    """Every segment gets a Chinese text (the title stays 北京林业大学), as a translator's PO file would."""
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    for number, entry in enumerate(po):
        entry.msgstr = "北京林业大学" if entry.msgctxt == "title" else f"第{number}段译文"
    with commit():
        translation.import_po(po, user=user)
