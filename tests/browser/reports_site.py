"""Work for the reports' browser test, run in `manage.py shell` on its own served site: two English profiles
translated and approved through the queue (one by each translator), then one reworded in English (out of date)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.translation_queue import drafts, review, work
from cms.translation_queue.models import TranslationTask
from orgs.models import OrganizationPage

BODY = "The institute publishes annual field reports about marsupial populations."
CHINESE = {
    "Quokka Habitat Trust": "短尾袋鼠保护会",
    "An institute studying quokkas on Rottnest Island.": "研究罗特尼斯岛短尾袋鼠的机构。",
    BODY: "该所每年发布有袋动物种群的实地报告。",
    "Wombat Burrow Survey Office": "袋熊洞穴调查办公室",
    "An institute studying wombats on Rottnest Island today.": "如今研究罗特尼斯岛袋熊的机构。",
}


def _user(username, password, group=None, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _profile(title, slug, summary):
    index = Page.objects.get(locale__language_code="en", slug="organizations")
    page = OrganizationPage(title=title, slug=slug, summary=summary, body=[("paragraph", f"<p>{BODY}</p>")])
    index.add_child(instance=page)
    create_aliases_for_new_page(page)
    page.save_revision().publish()
    return page


def _translate_and_approve(page, translator, reviewer):
    task = TranslationTask.objects.get(source__object_id=page.translation_key, target_locale__language_code="zh-hans")
    work.claim(task, translator)
    translation = drafts.ensure_translation(task)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = CHINESE[entry.msgid]
    translation.import_po(po, user=translator)
    work.submit_for_review(task, translator)
    warnings = review.Summary.of(review.segment_rows(task)).warnings
    work.approve_and_publish(task, reviewer, acknowledged=str(warnings))


def setup(translator=("tian", "translate-me"), reviewer=("rui", "review-me"), admin=("ada", "admin-me")):
    tian = _user(*translator, group="zh-hans translators")
    tao = _user("tao", "translate-me-too", group="zh-hans translators")
    rui = _user(*reviewer, group="zh-hans reviewers")
    _user(*admin, is_superuser=True)
    trust = _profile("Quokka Habitat Trust", "quokka-trust", "An institute studying quokkas on Rottnest Island.")
    _translate_and_approve(trust, tian, rui)
    office = _profile(
        "Wombat Burrow Survey Office", "wombat-office", "An institute studying wombats on Rottnest Island today."
    )
    _translate_and_approve(office, tao, rui)
    trust = OrganizationPage.objects.get(pk=trust.pk)
    trust.summary = "An institute that studies quokkas on Rottnest Island."
    trust.save_revision().publish()
    assert Locale.objects.filter(language_code="zh-hans").exists()
