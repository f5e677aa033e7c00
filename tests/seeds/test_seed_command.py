"""`manage.py seed`: idempotent, atomic, --source, --no-translations, clear errors naming the file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import GroupApprovalTask, Page, Revision, Workflow, WorkflowPage
from wagtail_localize.models import StringTranslation, Translation

from news.models import NewsPage, Topic
from orgs.models import OrganizationPage
from seeds import builder as builder_module
from seeds.catalog import SOURCE_FILES
from seeds.parsers import SeedSourceError


def snapshot():
    """What a second run or a failed run must leave exactly as it was."""
    return {
        "pages": sorted(Page.objects.values_list("id", "title", "live", "alias_of_id", "latest_revision_id")),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "strings": sorted(StringTranslation.objects.values_list("id", "data")),
        "topics": sorted(Topic.objects.values_list("id", "name", "locale_id")),
        "workflows": sorted(WorkflowPage.objects.values_list("page_id", "workflow_id", "workflow__name")),
        "tasks": sorted(GroupApprovalTask.objects.values_list("id", "name", "groups__name")),
    }


def run_seed(*args, stderr=None):
    out = StringIO()
    call_command("seed", *args, stdout=out, stderr=stderr or StringIO())
    return out.getvalue()


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    output = run_seed()
    assert "Nothing to do" in output
    assert snapshot() == before


def test_the_news_review_workflow_is_made_once_and_put_back(seeded):
    """The seed assigns "News review" to both news indexes; a removed assignment comes back, nothing doubles."""
    indexes = Page.objects.filter(slug="news", depth=3)
    assert set(WorkflowPage.objects.filter(page__in=indexes).values_list("workflow__name", flat=True)) == {
        "News review"
    }
    WorkflowPage.objects.filter(page__in=indexes, page__locale__language_code="zh-hans").delete()
    assert "News review on" in run_seed("--skip-index")
    assert WorkflowPage.objects.filter(page__in=indexes, workflow__name="News review").count() == 2
    assert Workflow.objects.filter(name="News review").count() == 1
    assert GroupApprovalTask.objects.filter(name="Moderator approval").count() == 1
    assert "Nothing to do" in run_seed("--skip-index")


def test_source_dir_option_reads_another_folder(seeded, source_copy):
    before = snapshot()
    assert "Nothing to do" in run_seed("--source", str(source_copy))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda p: p.unlink(), "file not found"),
        (lambda p: p.write_bytes(b""), "file is empty"),
        (lambda p: p.write_bytes(p.read_bytes()[:200] + b"\xff\xfe\xfa" + p.read_bytes()[200:]), "not valid UTF-8"),
    ],
    ids=["missing", "empty", "undecodable"],
)
def test_bad_source_file_stops_with_its_name_and_changes_nothing(seeded, source_copy, damage, problem):
    # Change one English text too, so that a partial run would show.
    profile = source_copy / SOURCE_FILES["iecc"]
    profile.write_text(profile.read_text(encoding="utf-8").replace("March 2002", "April 2002"), encoding="utf-8")
    broken = source_copy / SOURCE_FILES["uniccc"]
    damage(broken)
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        run_seed("--source", str(source_copy))
    assert SOURCE_FILES["uniccc"] in str(exc.value)
    assert problem in str(exc.value)
    assert "nothing was changed" in str(exc.value)
    assert snapshot() == before


def test_chinese_version_out_of_step_with_english_is_refused(seeded, source_copy):
    release = source_copy / SOURCE_FILES["guangzhou"]
    text = release.read_text(encoding="utf-8")
    release.write_text(text.replace("取得了积极成效。\n", "取得了积极成效。\n多出来的一段。\n"), encoding="utf-8")
    with pytest.raises(CommandError, match="6 paragraphs but the Chinese version has 7"):
        run_seed("--source", str(source_copy))


def test_failure_half_way_rolls_everything_back(seeded, source_copy, monkeypatch):
    """An error after pages were updated (here: while translating) leaves the database as it was."""
    profile = source_copy / SOURCE_FILES["iecc"]
    profile.write_text(profile.read_text(encoding="utf-8").replace("March 2002", "April 2002"), encoding="utf-8")
    before = snapshot()

    def fail(*args, **kwargs):
        raise SeedSourceError("translations", "simulated failure after the English pages were written")

    monkeypatch.setattr(builder_module, "translate_instance", fail)
    with pytest.raises(CommandError, match="simulated failure"):
        run_seed("--source", str(source_copy))
    assert snapshot() == before
    iecc = OrganizationPage.objects.get(slug="iecc", locale__language_code="en")
    assert "April 2002" not in str(iecc.body.raw_data)


def test_changed_source_text_updates_page_and_its_translation_source(seeded, source_copy):
    profile = source_copy / SOURCE_FILES["iecc"]
    profile.write_text(profile.read_text(encoding="utf-8").replace("March 2002", "April 2002"), encoding="utf-8")
    errors = StringIO()
    output = run_seed("--source", str(source_copy), stderr=errors)
    assert "updated  /home/organizations/iecc/" in output
    iecc = OrganizationPage.objects.get(slug="iecc", locale__language_code="en")
    assert "April 2002" in str(iecc.body.raw_data)
    # The project's Chinese no longer matches the changed paragraph: reported, not invented.
    assert "1 segment(s) of International Exchange and Cooperation Center" in errors.getvalue()


def test_no_translations_leaves_a_queue_but_keeps_the_guangzhou_chinese(seeded):
    """On an empty site, --no-translations seeds only the source texts."""
    Page.objects.filter(depth__gt=1).delete()
    Translation.objects.all().delete()
    Topic.objects.all().delete()
    run_seed("--no-translations")
    zh_pages = Page.objects.live().filter(locale__language_code="zh-hans", depth__gt=1)
    translated = [p for p in zh_pages if p.alias_of_id is None]
    assert [p.title for p in translated] == ["全国首个中外人文交流教育创新区在广州成立"]
    assert zh_pages.count() == 18
    assert NewsPage.objects.get(locale__language_code="zh-hans", slug="ciyec-kicec-memorandum").alias_of_id
