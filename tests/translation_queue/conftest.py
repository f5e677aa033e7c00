import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import drafts, review
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


# How a translator renders new_page's English: clean work that passes the quality checks.
CHINESE = {
    "Beijing Forestry University": "北京林业大学",
    "Forestry": "林业",
    "A university in Beijing.": "北京的一所大学。",
    "Youth are the driving force in developing ecological civilization.": "青年是建设生态文明的生力军。",
    "The university works with the China International Youth Exchange Center.": "该校与中国国际青年交流中心合作。",
}


def translate_everything(task, commit, user=None):
    """Every segment gets its Chinese (CHINESE, or a sentence of its own), as a translator's PO file would."""
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = CHINESE.get(entry.msgid, "这是一段译文。")
    with commit():
        translation.import_po(po, user=user)


def warnings_shown(task) -> str:
    """How many quality-check warnings the review screen shows: approving confirms having read them."""
    return str(review.Summary.of(review.segment_rows(task)).warnings)
